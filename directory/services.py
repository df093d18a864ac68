"""Writes of the directory: the CSV import (the admin keeps single organisations).

An import checks every row on its own. Good rows are saved (or, in a dry run, only
counted); a refused row changes nothing and is reported with its line number and every
reason, so the sender can fix the file and import again. Rows are matched on ``code``: a
known code updates that organisation and replaces its service area. Organisations that are
not in the file are left alone.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from belangenbehartiger.errors import InvalidInput

from .forms import ImportRowForm
from .models import AUDIENCE_FIELDS, DirectoryImport, HelpOrganisation, ServiceArea

REQUIRED_COLUMNS = ("code", "name", "kind", "audiences")
COLUMNS = tuple(ImportRowForm.base_fields)


@dataclass
class RefusedRow:
    line: int
    code: str
    errors: list[str]


@dataclass
class ImportReport:
    dry_run: bool
    created: int = 0
    updated: int = 0
    refused: list[RefusedRow] = field(default_factory=list)
    record: DirectoryImport | None = None

    @property
    def accepted(self) -> int:
        return self.created + self.updated


def _read_rows(file: IO[bytes] | IO[str]) -> tuple[list[str], list[tuple[int, dict]]]:
    raw = file.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(
                _("Het bestand is geen UTF-8-tekst. Sla het op als ‘CSV UTF-8’."), field="file"
            ) from None
    raw = raw.lstrip("\ufeff")
    if not raw.strip():
        raise InvalidInput(_("Het bestand is leeg."), field="file")
    first_line = raw.splitlines()[0]
    # Dutch spreadsheets write semicolons; others write commas.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("kolommen ontbreken: %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(_("onbekende kolommen: %(names)s") % {"names": ", ".join(unknown)})
        raise InvalidInput(
            _("De kopregel klopt niet (%(problems)s). Toegestaan zijn: %(allowed)s.")
            % {"problems": "; ".join(problems), "allowed": ", ".join(COLUMNS)},
            field="file",
        )
    rows = []
    limit = settings.DIRECTORY_IMPORT_MAX_ROWS
    for row in reader:
        if len(rows) >= limit:
            raise InvalidInput(
                _("Het bestand heeft meer dan %(n)d rijen. Splits het op.") % {"n": limit},
                field="file",
            )
        rows.append((reader.line_num, row))
    return header, rows


def _row_errors(form: ImportRowForm, row: dict) -> list[str]:
    errors = []
    if row.get(None):  # csv.DictReader puts cells beyond the header under None
        errors.append(_("de rij heeft meer cellen dan de kopregel"))
    for name, messages in form.errors.items():
        label = name if name != "__all__" else _("rij")
        errors.extend(f"{label}: {message}" for message in messages)
    return errors


def _fields(data: dict) -> dict:
    values = {
        name: data[name]
        for name in (
            "name",
            "kind",
            "description",
            "nationwide",
            "active",
            "income_limit",
            "income_limit_note",
            "languages",
            "phone",
            "email",
            "website",
            "address",
            "postcode",
            "city",
            "opening_hours",
        )
    }
    for audience, column in AUDIENCE_FIELDS.items():
        values[column] = audience in data["audiences"]
    return values


def directory_import_csv(
    *, file: IO[bytes] | IO[str], actor: User | None, dry_run: bool = False, filename: str = ""
) -> ImportReport:
    """Import organisations from a CSV file, row by row; see the module docstring.

    A malformed file as a whole (not UTF-8, a wrong header, too many rows) is InvalidInput
    and changes nothing.
    """
    _header, rows = _read_rows(file)
    report = ImportReport(dry_run=dry_run)
    seen: dict[str, int] = {}
    good: list[tuple[str, dict]] = []
    for line, row in rows:
        cells = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if not any(cells.values()):
            continue  # an empty line at the end of a spreadsheet export
        form = ImportRowForm(cells)
        valid = form.is_valid()
        errors = _row_errors(form, row)
        code = form.cleaned_data.get("code") or cells.get("code", "")
        if code in seen:
            errors.append(_("code: komt al voor in regel %(line)d") % {"line": seen[code]})
        if not valid or errors:
            report.refused.append(RefusedRow(line=line, code=code, errors=errors))
            continue
        seen[code] = line
        good.append((code, form.cleaned_data))

    with transaction.atomic():
        existing = set(
            HelpOrganisation.objects.filter(code__in=[code for code, _data in good]).values_list(
                "code", flat=True
            )
        )
        report.updated = sum(1 for code, _data in good if code in existing)
        report.created = len(good) - report.updated
        if not dry_run:
            for code, data in good:
                organisation, _created = HelpOrganisation.objects.update_or_create(
                    code=code, defaults=_fields(data)
                )
                organisation.service_areas.all().delete()
                ServiceArea.objects.bulk_create(
                    ServiceArea(organisation=organisation, postcode_from=low, postcode_to=high)
                    for low, high in data["ranges"]
                )
        report.record = DirectoryImport.objects.create(
            filename=filename[:255],
            imported_by=actor,
            dry_run=dry_run,
            created=report.created,
            updated=report.updated,
            refused=len(report.refused),
            report=[
                {"line": r.line, "code": r.code, "errors": [str(e) for e in r.errors]}
                for r in report.refused
            ],
        )
    return report
