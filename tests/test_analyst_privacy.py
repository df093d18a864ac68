"""Analysts never see personal data (DESIGN.md §7): walk every page the analyst can reach
from its home, and every API endpoint it may call, over the demo data, and look for the
name, BSN, KvK number, reference and small postcode areas of every demo case."""

import re
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from signals.models import Signal

from . import factories

# Public pages about the first-line directory list organisations with their own postcodes
# and service areas: those are no personal data, so only the other checks apply there.
PUBLIC_DIRECTORY = ("/hulp-in-de-buurt/", "/api/v1/directory/")
SKIP = ("/uitloggen/", "/i18n/", "/beheer/", "/static/", "/api/docs/", "/api/schema/")
MAX_PAGES = 120


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(urldefrag(href)[0])


def _secrets() -> tuple[set[str], set[str]]:
    """What must never show: the people's names, numbers and references; and the postcode
    areas with fewer than five cases (so a small group could be pointed at)."""
    strings = set()
    for case in Case.objects.exclude(status="draft"):
        strings |= {case.reference, case.subject_name, case.bsn, case.kvk_number}
    strings.discard("")
    areas = Counter(Case.objects.exclude(postcode_area="").values_list("postcode_area", flat=True))
    return strings, {area for area, n in areas.items() if n < 5}


def _check(path: str, body: str, strings: set[str], areas: set[str]) -> None:
    for secret in strings:
        assert secret not in body, f"{secret!r} on {path}"
    if not path.startswith(PUBLIC_DIRECTORY):
        for area in areas:
            assert not re.search(rf"(?<![\d.,]){area}(?![\d.,])", body), f"area {area} on {path}"


@pytest.mark.django_db
def test_no_page_or_endpoint_an_analyst_reaches_shows_personal_data(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", factories.PASSWORD)
    call_command("seed_demo")
    analyst = User.objects.get(username="analyst")
    strings, areas = _secrets()
    assert strings and areas  # the demo has cases to look for
    client.force_login(analyst)

    today = timezone.localdate()
    period = f"from={(today - timedelta(days=179)).isoformat()}&to={today.isoformat()}"
    queue = ["/", f"/monitor/?{period}", f"/monitor/?{period}&region=UT", f"/monitor/csv/?{period}"]
    seen: set[str] = set()
    reached: set[str] = set()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP):
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        if response.status_code != 200:
            continue
        reached.add(response.request["PATH_INFO"])
        body = response.content.decode()
        _check(path, body, strings, areas)
        if response.get("Content-Type", "").startswith("text/html"):
            parser = _Links()
            parser.feed(body)
            queue += [link for link in parser.links if link not in seen]
    assert {"/analyse/", "/monitor/", "/signalen/dashboard/", "/transparantie/"} <= reached
    assert len(reached) > 10

    api = factories.api(analyst)
    endpoints = [
        f"/api/v1/monitor/?{period}",
        f"/api/v1/monitor/?{period}&format=csv",
        f"/api/v1/monitor/?{period}&dienst=toeslagen&region=ZH",
        "/api/v1/cases/",
        "/api/v1/signals/",
        "/api/v1/notifications/",
        "/api/v1/solutions/",
        "/api/v1/dienst-requests/",
        *(f"/api/v1/signals/{pk}/" for pk in Signal.objects.values_list("pk", flat=True)),
        *(f"/api/v1/cases/{ref}/" for ref in Case.objects.values_list("reference", flat=True)[:5]),
    ]
    for path in endpoints:
        response = api.get(path)
        _check(path, response.content.decode(), strings, areas)
    assert api.get(f"/api/v1/monitor/?{period}").json()["exact"] is False
