"""BSN, KvK and RSIN are encrypted at rest; keys rotate without losing a number."""

import importlib

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from belangenbehartiger import crypto
from cases.models import Case
from tests import factories

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _stored(case: Case) -> tuple[str, str, str]:
    """The columns as the database holds them, without the model field's decryption."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, kvk_number, rsin FROM cases_case WHERE id = %s", [case.pk])
        return cursor.fetchone()


def test_the_database_holds_a_token_and_the_model_reads_the_number(helper):
    case = factories.submitted_case(by=helper, bsn="111222333")
    bsn, kvk, rsin = _stored(case)
    assert "111222333" not in bsn
    assert crypto.decrypt(bsn) == "111222333"
    assert (kvk, rsin) == ("", "")  # nothing to hide stays empty, so blank checks still work
    assert Case.objects.get(pk=case.pk).bsn == "111222333"
    assert Case.objects.get(pk=case.pk).masked_bsn == "******333"


def test_equal_numbers_give_different_tokens_and_match_by_keyed_hash(helper):
    first = factories.submitted_case(by=helper, bsn="111222333")
    second = factories.submitted_case(by=helper, bsn="111222333")
    assert _stored(first)[0] != _stored(second)[0]
    assert first.bsn_hash == second.bsn_hash


def test_ondernemer_kvk_is_encrypted_too(helper):
    case = factories.submitted_case(
        by=helper, subject_type="ondernemer", bsn="", kvk_number="12345678"
    )
    assert "12345678" not in _stored(case)[1]
    assert Case.objects.get(pk=case.pk).kvk_number == "12345678"


def test_a_token_no_configured_key_opens_is_an_error_not_plain_text(helper, settings):
    case = factories.submitted_case(by=helper)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(InvalidToken):
        Case.objects.get(pk=case.pk)


def test_rotation_with_two_keys_reencrypts_every_case_under_the_newest(helper, settings, capsys):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    burger = factories.submitted_case(by=helper, bsn="111222333")
    ondernemer = factories.submitted_case(
        by=helper, subject_type="ondernemer", bsn="", kvk_number="12345678"
    )
    old_tokens = _stored(burger)

    # Step 1: the new key first, the old one still there: old rows are read, new rows use it.
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert Case.objects.get(pk=burger.pk).bsn == "111222333"
    assert not crypto.uses_primary_key(old_tokens[0])
    call_command("rotate_field_encryption")
    assert "2 case(s) re-encrypted" in capsys.readouterr().out
    assert _stored(burger)[0] != old_tokens[0]

    # Step 2: the old key removed: everything still reads.
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert Case.objects.get(pk=burger.pk).bsn == "111222333"
    assert Case.objects.get(pk=ondernemer.pk).kvk_number == "12345678"
    call_command("rotate_field_encryption")
    assert "0 case(s) re-encrypted" in capsys.readouterr().out


def test_data_migration_encrypts_plain_rows_and_its_reverse_restores_them(helper):
    migration = importlib.import_module("cases.migrations.0017_encrypt_existing_identifiers")
    case = factories.submitted_case(by=helper, bsn="111222333")
    with connection.cursor() as cursor:  # a row as it was before the migration
        cursor.execute("UPDATE cases_case SET bsn = '111222333' WHERE id = %s", [case.pk])
    schema_editor = type("SchemaEditor", (), {"connection": connection})()

    migration.encrypt(None, schema_editor)
    token = _stored(case)[0]
    assert crypto.decrypt(token) == "111222333"
    migration.encrypt(None, schema_editor)  # a second run leaves tokens alone
    assert _stored(case)[0] == token

    migration.decrypt(None, schema_editor)
    assert _stored(case)[0] == "111222333"


def test_no_admin_page_shows_an_identifying_number(db):
    request = RequestFactory().get("/beheer/")
    request.user = factories.team_member(role="admin", is_superuser=True, is_staff=True)
    for model, model_admin in admin.site._registry.items():
        names = {field.name for field in model._meta.get_fields()}
        shown = set(model_admin.get_fields(request)) | set(model_admin.list_display)
        assert not ({"bsn", "kvk_number", "rsin"} & names & shown), model


def test_a_malformed_key_is_a_clear_configuration_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet key"):
        crypto.encrypt("111222333")
