"""Schemathesis against the OpenAPI document: every operation, with generated input, as a
helper, a casemanager and a liaison. No answer may be a server error, and every answer
must match the schema. Bounded (few examples per operation, derandomised) so CI stays fast
and a failure reproduces."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests import factories

EXAMPLES = 5

# The document GET /api/schema/ serves, generated the same way, without a request.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture
def wsgi_in_test_transaction(db):
    """Requests run inside the test's transaction: keep the WSGI handler from closing the
    connection at the end of each one, as Django's own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(wsgi_in_test_transaction):
    """One user per role, and a case with a request to the liaison's Dienst, so that lists
    and filters have something to return."""
    helper = factories.helper()
    casemanager = factories.team_member()
    liaison = factories.liaison()
    case = factories.accepted_case(helper=helper, casemanager=casemanager)
    factories.proposal(case, casemanager)
    return [Token.objects.get_or_create(user=u)[0].key for u in (helper, casemanager, liaison)]


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_answers_match_the_schema(case, tokens):
    for key in tokens:
        case.call_and_validate(
            headers={"Authorization": f"Token {key}"},
            checks=[not_a_server_error, response_schema_conformance],
        )
