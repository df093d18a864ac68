from django.core.management.base import BaseCommand

from deadlines import reminders


class Command(BaseCommand):
    help = "Run one reminder sweep now and print what it sent."

    def handle(self, *args, **options):
        result = reminders.reminder_sweep()
        self.stdout.write(
            f"Checked {result.candidates} due deadlines; "
            f"{result.notifications} new notifications; {result.emails} e-mails sent."
        )
        failed = reminders.failed_emails().count()
        if failed:
            self.stdout.write(
                self.style.WARNING(
                    f"{failed} e-mails could not be sent after {reminders.MAX_EMAIL_ATTEMPTS} "
                    "attempts; check the mail server."
                )
            )
