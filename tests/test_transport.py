"""Transport and request limits: the request-size cap (belangenbehartiger/middleware.py),
the HSTS and SSL-redirect settings, and check --deploy with the documented production env."""

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from accounts.two_factor import recovery_codes_create

BIG = 30 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of an oversized request was read")

    readline = read


def test_an_oversized_api_upload_is_refused_before_its_body_is_read(client, helper):
    client.force_login(helper)

    response = client.post(
        "/api/v1/cases/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(BIG),
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]


def test_an_oversized_form_gets_a_dutch_page_before_the_csrf_check_reads_it(client, helper):
    client.force_login(helper)

    response = client.post(
        "/casussen/nieuw/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(BIG),
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert "Dit is te groot om te versturen" in page
    assert "Er is niets opgeslagen" in page


def test_a_request_at_the_limit_passes_the_cap(client, settings, helper):
    settings.REQUEST_MAX_BYTES = 100
    body = b"x" * 100

    response = client.post("/inloggen/", data=body, content_type="text/plain")

    assert response.status_code != 413


def test_the_cap_leaves_room_for_one_attachment_and_its_form():
    assert settings.REQUEST_MAX_BYTES > settings.ATTACHMENT_MAX_BYTES


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_https_is_enforced_when_configured_but_the_health_check_stays_on_http(client, db):
    redirected = client.get("/inloggen/")
    assert redirected.status_code == 301
    assert redirected["Location"].startswith("https://")

    assert client.get("/healthz").status_code == 200
    secure = client.get("/inloggen/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_check_deploy_is_clean_with_the_documented_production_settings():
    """The same script .ci/run runs; a warning from `check --deploy` fails it."""
    result = subprocess.run(
        [sys.executable, "scripts/check_deploy.py"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SECURE_HSTS_SECONDS" in result.stdout


@pytest.mark.parametrize("url", ["/beveiliging/app-koppelen/", "/beveiliging/bevestigen/"])
def test_the_second_factor_pages_keep_the_strict_csp(client, casemanager, url):
    client.force_login(casemanager)
    if url.endswith("bevestigen/"):
        recovery_codes_create(user=casemanager)
    response = client.get(url)

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp


def test_security_txt_says_where_to_report(client, settings):
    settings.SECURITY_CONTACT = "mailto:cvd@example.org"

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Contact: mailto:cvd@example.org" in body
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body, re.M)
