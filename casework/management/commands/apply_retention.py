from django.core.management.base import BaseCommand

from casework import retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules now: delete stale drafts, put closed cases past "
        "RETENTION_CLOSED_DAYS on a destruction list for a lead, and anonymise the cases of "
        "approved lists."
    )

    def handle(self, *args, **options):
        report = retention.retention_apply()
        self.stdout.write(
            f"{report.drafts_deleted} stale draft(s) deleted, {report.proposed} closed case(s) "
            f"put on a destruction list, {report.anonymised} case(s) anonymised."
        )
