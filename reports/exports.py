"""The CSV of the monitor: every table of the page, one after the other, in one file."""

import csv
import io

from django.http import HttpResponse

from .tables import Table, monitor_tables


def tables_csv(tables: list[Table], *, period: dict, previous: dict, exact: bool) -> str:
    """One row per table row: the table's key and title, the row's label and its values
    under the table's column headings. Suppressed values stay "<5" or "x"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["periode", period["from"], period["to"]])
    writer.writerow(["vorige_periode", previous["from"], previous["to"]])
    writer.writerow(["cijfers", "exact" if exact else "onderdrukt (<5 en x)"])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.key, table.title])
        writer.writerow([str(column.label) for column in table.columns])
        for row in table.rows:
            writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def csv_response(result: dict) -> HttpResponse:
    tables = monitor_tables(result["now"], result["before"])
    body = tables_csv(
        tables,
        period=result["now"]["period"],
        previous=result["before"]["period"],
        exact=result["exact"],
    )
    period = result["now"]["period"]
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="monitor-{period["from"]}-{period["to"]}.csv"'
    )
    return response
