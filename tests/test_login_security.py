"""Signing in and staying signed in: the per-account lockout, the password-reset throttles,
the idle timeout, signing out everywhere on a new password, API tokens in the admin."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token

from . import factories

WRONG = "niet-het-wachtwoord"


def attempt(client, user, password):
    return client.post("/inloggen/", {"username": user.username, "password": password})


def test_eleven_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, helper):
    for _ in range(11):
        attempt(client, helper, WRONG)

    response = attempt(client, helper, factories.PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "tijdelijk geblokkeerd" in page
    assert "ook met het goede wachtwoord" in page
    assert "_auth_user_id" not in client.session


def test_nine_wrong_passwords_do_not_lock(client, helper):
    for _ in range(9):
        attempt(client, helper, WRONG)

    assert attempt(client, helper, factories.PASSWORD).status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client, helper):
    for _ in range(10):
        attempt(client, helper, WRONG)
    assert attempt(client, helper, factories.PASSWORD).status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, helper, factories.PASSWORD).status_code == 302


def test_failures_older_than_fifteen_minutes_no_longer_count(client, helper):
    for _ in range(9):
        attempt(client, helper, WRONG)

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        attempt(client, helper, WRONG)
        attempt(client, helper, WRONG)
        assert attempt(client, helper, factories.PASSWORD).status_code == 302


def test_the_lock_is_per_account(client, helper, other_helper):
    for _ in range(10):
        attempt(client, helper, WRONG)

    assert attempt(client, other_helper, factories.PASSWORD).status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(client, helper):
    for _ in range(10):
        attempt(client, helper, WRONG)
    admin_user = factories.team_member(role="admin", is_staff=True, is_superuser=True)
    admin_client = type(client)()
    admin_client.force_login(admin_user)

    response = admin_client.post(
        "/beheer/accounts/user/",
        {"action": "unlock", "_selected_action": [helper.pk]},
        follow=True,
    )

    assert "1 account ontgrendeld" in response.content.decode()
    assert attempt(client, helper, factories.PASSWORD).status_code == 302


def reset_request(client, email, **extra):
    return client.post("/wachtwoord-vergeten/", {"email": email}, **extra)


def test_password_reset_answers_the_same_for_an_unknown_address(
    client, helper, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = reset_request(client, helper.email)
        unknown = reset_request(client, "niemand@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert [m.to for m in mail.outbox] == [[helper.email]]


def test_password_reset_is_throttled_per_account(
    client, settings, helper, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_PER_ACCOUNT_HOUR = 3
    with django_capture_on_commit_callbacks(execute=True):
        answers = [reset_request(client, helper.email)["Location"] for _ in range(5)]

    assert len(mail.outbox) == 3
    assert set(answers) == {"/wachtwoord-vergeten/verstuurd/"}  # the same answer throughout


def test_password_reset_is_throttled_per_address(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_PER_IP_HOUR = 2
    users = [factories.helper() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for user in users:
            reset_request(client, user.email, REMOTE_ADDR="203.0.113.9")
        reset_request(client, users[3].email, REMOTE_ADDR="203.0.113.10")

    assert [m.to[0] for m in mail.outbox] == [users[0].email, users[1].email, users[3].email]


def test_the_reset_link_is_made_in_the_worker_not_queued(helper):
    """The task gets the user's id only; the mail holds a link that works."""
    from accounts.tasks import send_password_reset

    send_password_reset.delay(helper.pk)

    link = re.search(r"https?://\S+/wachtwoord-herstellen/\S+/", mail.outbox[0].body).group(0)
    assert "/wachtwoord-herstellen/" in link


def test_a_new_password_signs_out_every_other_session(client, helper):
    other_device = type(client)()
    attempt(other_device, helper, factories.PASSWORD)
    assert other_device.get("/casussen/").status_code == 200

    from accounts.tasks import send_password_reset

    send_password_reset.delay(helper.pk)
    link = re.search(r"/wachtwoord-herstellen/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(link)["Location"]  # Django moves the token into the session
    client.post(
        form_url,
        {"new_password1": "nog-een-lang-wachtwoord", "new_password2": "nog-een-lang-wachtwoord"},
    )

    assert other_device.get("/casussen/").status_code == 302


def test_a_new_password_is_told_by_email(client, helper, django_capture_on_commit_callbacks):
    from accounts.tasks import send_password_reset

    send_password_reset.delay(helper.pk)
    link = re.search(r"/wachtwoord-herstellen/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(link)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            form_url,
            {
                "new_password1": "nog-een-lang-wachtwoord",
                "new_password2": "nog-een-lang-wachtwoord",
            },
        )

    assert mail.outbox[-1].subject == "Uw inlog bij de Belangenbehartiger is gewijzigd"
    assert "Uw wachtwoord is gewijzigd." in mail.outbox[-1].body


def test_staff_are_signed_out_after_thirty_idle_minutes(client, casemanager):
    attempt(client, casemanager, factories.PASSWORD)
    assert client.get("/triage/").status_code == 200

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.get("/triage/")

    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session(client, casemanager):
    attempt(client, casemanager, factories.PASSWORD)
    start = timezone.now()
    for minutes in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/triage/").status_code == 200


def test_helpers_have_their_own_idle_limit(client, helper):
    attempt(client, helper, factories.PASSWORD)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=45)):
        assert client.get("/casussen/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=45 + 61)):
        assert client.get("/casussen/").status_code == 302


def test_the_admin_shows_a_token_prefix_never_the_key(client, helper):
    token = Token.objects.create(user=helper)
    admin_user = factories.team_member(role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    user_page = client.get(f"/beheer/accounts/user/{helper.pk}/change/").content.decode()

    assert f"begint met {token.key[:6]}…" in user_page
    assert token.key not in user_page
    assert client.get("/beheer/authtoken/tokenproxy/").status_code == 404
    assert token.key not in client.get("/beheer/").content.decode()


def test_an_administrator_revokes_a_token(client, helper):
    token = Token.objects.create(user=helper)
    admin_user = factories.team_member(role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    client.post(
        "/beheer/accounts/user/", {"action": "revoke_api_token", "_selected_action": [helper.pk]}
    )

    api = type(client)()
    assert api.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401


def test_drf_create_token_prints_the_key_once(helper):
    out = StringIO()
    call_command("drf_create_token", helper.username, stdout=out)
    key = Token.objects.get(user=helper).key
    assert key in out.getvalue()

    with pytest.raises(CommandError, match="not shown again"):
        call_command("drf_create_token", helper.username, stdout=StringIO())

    replaced = StringIO()
    call_command("drf_create_token", helper.username, "-r", stdout=replaced)
    new_key = Token.objects.get(user=helper).key
    assert new_key != key
    assert new_key in replaced.getvalue()
