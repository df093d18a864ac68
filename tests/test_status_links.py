"""Handing over a status link: shown once with a QR code and its expiry; revoking asks for a
confirmation first, and the team may revoke too."""

from datetime import timedelta

from django.utils import timezone

from belangenbehartiger.qr import qr_data_uri
from cases import services
from cases.models import StatusLink

from . import factories


def make_link(client, case):
    return client.post(f"/casussen/{case.reference}/statuslink/", {"consent": "on"})


def test_a_new_link_is_shown_once_with_a_qr_code_and_until_when_it_works(client, helper):
    case = factories.submitted_case(by=helper)
    client.force_login(helper)

    page = make_link(client, case).content.decode()

    link = StatusLink.objects.get(case=case)
    start = page.index('id="status-url"')
    url = page[page.index('value="', start) + 7 : page.index('"', page.index('value="', start) + 7)]
    assert url.startswith("http://testserver/status/")
    assert f'src="{qr_data_uri(url)}"' in page
    until = timezone.localtime(link.expires_at)
    assert f"Hij werkt tot en met {until.day} " in page
    # Shown once: the list page afterwards never carries the token again.
    assert (
        url.rsplit("/", 2)[-2]
        not in client.get(f"/casussen/{case.reference}/statuslink/").content.decode()
    )


def test_the_qr_code_is_an_svg_data_uri_the_csp_allows():
    uri = qr_data_uri("http://testserver/status/abc/")
    assert uri.startswith("data:image/svg+xml")


def test_revoking_asks_for_confirmation_first(client, helper):
    case = factories.submitted_case(by=helper)
    link, _token = services.status_link_create(case=case, user=helper)
    client.force_login(helper)
    url = f"/casussen/{case.reference}/statuslink/{link.pk}/intrekken/"

    confirm = client.get(url)

    assert confirm.status_code == 200
    assert "Dit kan niet ongedaan worden gemaakt" in confirm.content.decode()
    link.refresh_from_db()
    assert link.revoked_at is None

    done = client.post(url)

    assert done.status_code == 302
    assert done.url == f"/casussen/{case.reference}/statuslink/"
    link.refresh_from_db()
    assert link.revoked_by == helper


def test_the_team_may_revoke_a_link_and_returns_to_the_case(client, helper, casemanager):
    case = factories.submitted_case(by=helper)
    link, token = services.status_link_create(case=case, user=helper)
    client.force_login(casemanager)

    response = client.post(f"/casussen/{case.reference}/statuslink/{link.pk}/intrekken/")

    assert response.url == f"/casussen/{case.reference}/"
    assert services.status_link_case(token) is None


def test_others_cannot_revoke(client, helper, other_helper, liaison):
    case = factories.submitted_case(by=helper)
    link, token = services.status_link_create(case=case, user=helper)
    url = f"/casussen/{case.reference}/statuslink/{link.pk}/intrekken/"
    client.force_login(other_helper)
    assert client.post(url).status_code == 404
    client.force_login(liaison)
    assert client.post(url).status_code == 403
    assert services.status_link_case(token) is not None


def test_the_list_shows_which_links_work_and_offers_to_revoke_only_those(client, helper):
    case = factories.submitted_case(by=helper)
    working, _ = services.status_link_create(case=case, user=helper)
    expired, _ = services.status_link_create(case=case, user=helper)
    StatusLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(helper)

    page = client.get(f"/casussen/{case.reference}/statuslink/").content.decode()

    assert f"/statuslink/{working.pk}/intrekken/" in page
    assert f"/statuslink/{expired.pk}/intrekken/" not in page
    assert "werkt" in page and "verlopen" in page
