"""Benchmark: the pages of issue 8's helpers' side with full lists: queries and time.

Seeds (once, marked "[bench8a]") one organisation with 25 drafts and 25 submitted cases, a
case with 20 documents of which 10 are shared with a Dienst request and downloaded, then
loads through Django's test client, 20 times each, and reports the queries per request and
the median time:
- the helper's overview (drafts told apart, with what each still misses);
- the team's case page with its documents, shares and downloads;
- the liaison's request page with its shared documents;
- the status-link page right after making a link (with the QR code).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench8a .venv/bin/python bench/helper_pages.py

Results are written up in docs/benchmarks.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belangenbehartiger.settings")
os.environ.setdefault("LOCAL_SECRETS", "true")

import django

django.setup()

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from accounts.models import Dienst, Organisation, Role, User
from cases import services
from cases.models import Case
from casework import steps
from escalation import services as ladder
from escalation import sharing
from triage.decisions import case_decide

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RUNS = 20


def user(username: str, role: str, organisation: Organisation) -> User:
    found, _ = User.objects.get_or_create(
        username=username, defaults={"role": role, "organisation": organisation}
    )
    return found


def seed():
    org, _ = Organisation.objects.get_or_create(name="[bench8a] Sociaal raadslieden")
    team_org, _ = Organisation.objects.get_or_create(
        name="[bench8a] Belangenbehartiger", defaults={"kind": Organisation.Kind.BELANGENBEHARTIGER}
    )
    dienst = Dienst.objects.get(code="belastingdienst")
    dienst_org, _ = Organisation.objects.get_or_create(
        name="[bench8a] Belastingdienst",
        defaults={"kind": Organisation.Kind.DIENST, "dienst": dienst},
    )
    helper = user("bench8a-helper", Role.HELPER, org)
    casemanager = user("bench8a-casemanager", Role.CASEMANAGER, team_org)
    liaison = user("bench8a-liaison", Role.LIAISON, dienst_org)
    if not Case.objects.filter(organisation=org).exists():
        data = {
            "subject_type": "burger",
            "subject_name": "J. Jansen",
            "bsn": "111222333",
            "postcode_area": "3511",
            "consent": True,
            "consent_method": "written",
            "summary": "[bench8a] Beslag ondanks regeling",
            "description": "Beslag terwijl de regeling loopt.",
        }
        for n in range(25):
            services.case_draft_create(
                user=helper, data={"subject_name": f"Persoon {n}", "summary": "[bench8a] Concept"}
            )
        for _ in range(25):
            steps.case_create_and_submit(user=helper, data=dict(data), diensten=[dienst], themes=[])
        case = Case.objects.filter(organisation=org).exclude(status="draft").first()
        case_decide(case=case, actor=casemanager, decision="accept")
        request = ladder.request_create(
            case=case, actor=casemanager, kind="proposal", dienst=dienst, text="Voorstel"
        )
        for n in range(20):
            attachment = services.attachment_add(
                case=case, user=helper, uploaded=SimpleUploadedFile(f"stuk-{n}.pdf", PDF)
            )
            if n % 2 == 0:
                share = sharing.attachment_share(
                    request=request, attachment=attachment, actor=casemanager
                )
                sharing.attachment_download_record(share=share, user=liaison)
    case = Case.objects.filter(organisation=org, dienst_requests__isnull=False).first()
    return helper, casemanager, liaison, case, case.dienst_requests.first()


def measure(client: Client, url: str, method: str = "get", data=None) -> tuple[int, float]:
    timings, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = getattr(client, method)(url, data or {})
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return queries, statistics.median(timings)


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    helper, casemanager, liaison, case, request = seed()
    rows = []
    client = Client()
    client.force_login(helper)
    rows.append(("helper overview, 25 drafts + 25 cases", *measure(client, "/casussen/")))
    rows.append(
        (
            "status link made (QR code)",
            *measure(client, f"/casussen/{case.reference}/statuslink/", "post", {"consent": "on"}),
        )
    )
    client.force_login(casemanager)
    rows.append(
        (
            "case page, 20 documents, 10 shared and downloaded",
            *measure(client, f"/casussen/{case.reference}/"),
        )
    )
    client.force_login(liaison)
    rows.append(
        (
            "liaison request page, 10 shared documents",
            *measure(client, f"/dienst/verzoeken/{request.pk}/"),
        )
    )
    print(f"{'page':<52} {'queries':>7} {'median ms':>10}")
    for name, queries, ms in rows:
        print(f"{name:<52} {queries:>7} {ms:>10.1f}")


if __name__ == "__main__":
    main()
