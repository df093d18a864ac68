"""The layers of DESIGN.md §6 as tests: import-linter checks which app imports which (in
`make check` and .ci/run); this checks that nobody dodges it with an import inside a
function, and that the contract would catch an upward import."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = (
    "accounts",
    "audit",
    "directory",
    "deadlines",
    "cases",
    "triage",
    "escalation",
    "casework",
    "signals",
    "frontdoor",
    "reports",
    "demo",
)
PROJECT = (*APPS, "belangenbehartiger")


def _function_local_project_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = ["." if node.level else (node.module or "")]
            else:
                continue
            if any(n == "." or n.split(".")[0] in PROJECT for n in names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_function_local_import_of_project_code():
    offenders = []
    for package in PROJECT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                offenders += _function_local_project_imports(path)
    assert offenders == [], (
        "imports inside functions (move the code to the right layer):\n" + "\n".join(offenders)
    )


@pytest.mark.parametrize(
    ("module", "upward"),
    [("cases/selectors.py", "escalation.models"), ("deadlines/services.py", "cases.models")],
)
def test_the_layers_contract_refuses_an_upward_import(tmp_path, module, upward):
    """Copy the project, add one upward import, and lint-imports must fail on it."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in PROJECT:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / module
    target.write_text(f"import {upward}  # noqa\n" + target.read_text())
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=copy, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
