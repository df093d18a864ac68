"""Model serializers build their fields once per class (belangenbehartiger.serializers.
ModelFieldsOnceMixin); each instance still gets fields of its own."""

from django.utils import translation

from casework.serializers import CaseDetailSerializer, CaseListSerializer

from . import factories
from .factories import api


def test_each_instance_gets_its_own_copy_of_the_fields_built_once():
    first, second = CaseDetailSerializer().fields, CaseDetailSerializer().fields
    assert list(first) == list(second)
    assert first["summary"] is not second["summary"]
    assert first["summary"].parent is not second["summary"].parent
    assert "_fields_built_once" in CaseDetailSerializer.__dict__
    # The list serializer it inherits from keeps fields of its own, not the detail's.
    assert "rung" not in CaseListSerializer().fields


def test_dropping_the_staff_only_fields_for_a_helper_leaves_them_for_the_team(helper, casemanager):
    case = factories.submitted_case(by=helper)
    own = api(helper).get(f"/api/v1/cases/{case.reference}/").json()
    staff = api(casemanager).get(f"/api/v1/cases/{case.reference}/").json()
    again = api(helper).get(f"/api/v1/cases/{case.reference}/").json()
    assert "triage" not in own and "possible_duplicate" not in own
    assert "triage" in staff and "possible_duplicate" in staff
    assert own.keys() == again.keys()


def test_labels_built_once_still_follow_the_language_of_each_request():
    with translation.override("nl"):
        dutch = str(CaseDetailSerializer().fields["summary"].label)
    with translation.override("en"):
        english = str(CaseDetailSerializer().fields["summary"].label)
    assert dutch != english
