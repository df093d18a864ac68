"""`manage.py check --deploy` with exactly the production settings of docs/operations.md.

Reads the `.env` block under "For production, put at least these in it", fills each
`<placeholder>` with a random value (a Fernet key for `<Fernet key>`), and runs the check in a clean environment (nothing
inherited but PATH) with `--fail-level WARNING`: any warning fails. Used by .ci/run.
"""

import base64
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "operations.md"
INTRO = "For production, put"


def placeholder_value(placeholder: str) -> str:
    """A random value of the kind the placeholder names: a Fernet key where it says so."""
    if "fernet" in placeholder.lower():
        return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return secrets.token_urlsafe(50)


def production_env() -> dict[str, str]:
    text = DOC.read_text()
    start = text.index(INTRO)
    block = re.search(r"```sh\n(.*?)```", text[start:], re.S)
    if block is None:
        raise SystemExit(f"no ```sh block after {INTRO!r} in {DOC}")
    env = {}
    for line in block.group(1).splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        if value.startswith("<") and value.endswith(">"):
            value = placeholder_value(value)
        env[name] = value
    return env


def main() -> int:
    with tempfile.TemporaryDirectory() as var_dir:
        env = {"PATH": os.environ.get("PATH", ""), "VAR_DIR": var_dir, **production_env()}
        print("check --deploy with:", " ".join(sorted(env.keys() - {"PATH", "VAR_DIR"})))
        return subprocess.call(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
        )


if __name__ == "__main__":
    sys.exit(main())
