"""Import first-line help organisations from a CSV file (see directory.services)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from belangenbehartiger.errors import DomainError
from directory import services


class Command(BaseCommand):
    help = (
        "Import first-line help organisations from a CSV file. Each row is checked on its own; "
        "refused rows are listed with the reason and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file (UTF-8, comma- or semicolon-separated)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )

    def handle(self, *args, path, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with file.open("rb") as handle:
                report = services.directory_import_csv(
                    file=handle, actor=None, dry_run=dry_run, filename=file.name
                )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            f"{verb} {report.created}, {'would update' if dry_run else 'updated'} "
            f"{report.updated}, refused {len(report.refused)}"
        )
        for row in report.refused:
            reasons = "; ".join(str(e) for e in row.errors)
            self.stderr.write(f"line {row.line} ({row.code or 'no code'}): {reasons}")
        if report.refused:
            self.stderr.write(self.style.WARNING(f"{len(report.refused)} row(s) refused."))
