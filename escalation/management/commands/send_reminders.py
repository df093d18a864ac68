from django.core.management.base import BaseCommand

from escalation import reminders


class Command(BaseCommand):
    help = "Run one reminder sweep now and print what it sent."

    def handle(self, *args, **options):
        result = reminders.reminder_sweep()
        self.stdout.write(
            f"Checked {result.candidates} due deadlines; "
            f"{result.notifications} new notifications; {result.emails} e-mails sent."
        )
        stuck = reminders.stuck_emails().count()
        if stuck:
            self.stdout.write(
                self.style.WARNING(
                    f"{stuck} e-mails were claimed but never recorded as sent; check them."
                )
            )
