from django.core.management.base import BaseCommand

from cases.services import case_counts_rebuild


class Command(BaseCommand):
    help = (
        "Recount the case counters (cases.CaseCount) from the cases: after loading cases "
        "in bulk outside the services, or to repair them. Scans the cases once."
    )

    def handle(self, *args, **options):
        counted = case_counts_rebuild()
        self.stdout.write(f"Counted {counted} submitted cases into the counter rows.")
