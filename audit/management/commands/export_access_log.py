import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from audit import selectors
from audit.serializers import AccessRecordSerializer


class Command(BaseCommand):
    help = (
        "Write the access log (Logboek Dataverwerkingen) as JSON lines, one record per line, "
        "oldest first, from --since (YYYY-MM-DD) onwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--until", help="Last day (inclusive), YYYY-MM-DD.")
        parser.add_argument("--case", default="", help="Only this case reference.")

    def handle(self, *args, since: str, until: str | None, case: str, **options):
        filters = selectors.AccessLogFilters(
            case=case, since=_day(since, "--since"), until=_day(until, "--until")
        )
        records = selectors.access_records(filters=filters).order_by("start_time", "pk")
        for record in records.iterator(chunk_size=2000):
            line = json.dumps(AccessRecordSerializer(record).data, ensure_ascii=False)
            self.stdout.write(line)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, got {value!r}") from None
