"""factory-boy factories, all in one place. Cases are made through the real services."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Dienst, Organisation, Role, User
from cases.models import Case, Theme
from casework import steps

PASSWORD = "een-lang-testwachtwoord"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.SOCIAL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = Role.HELPER
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


DIENST_NAMES = {"belastingdienst": "Belastingdienst", "toeslagen": "Dienst Toeslagen"}


def dienst(code: str = "belastingdienst") -> Dienst:
    """The Diensten come from a data migration; transactional tests flush them, so recreate."""
    return Dienst.objects.get_or_create(code=code, defaults={"name": DIENST_NAMES[code]})[0]


def dienst_organisation(code: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        name=f"Organisatie {code}",
        defaults={"kind": Organisation.Kind.DIENST, "dienst": dienst(code)},
    )
    return org


def helper(**kwargs) -> User:
    return UserFactory(role=Role.HELPER, **kwargs)


def team_member(role: str = Role.CASEMANAGER, **kwargs) -> User:
    org, _ = Organisation.objects.get_or_create(
        name="Belangenbehartiger", defaults={"kind": Organisation.Kind.BELANGENBEHARTIGER}
    )
    return UserFactory(role=role, organisation=org, **kwargs)


def liaison(code: str = "belastingdienst", **kwargs) -> User:
    return UserFactory(role=Role.LIAISON, organisation=dienst_organisation(code), **kwargs)


def valid_case_data(**overrides) -> dict:
    data = {
        "subject_type": "burger",
        "subject_name": "J. Jansen",
        "bsn": "111222333",
        "postcode_area": "3511",
        "consent": True,
        "consent_method": "written",
        "consent_date": timezone.localdate() - timedelta(days=1),
        "summary": "Dwangbevel ondanks betalingsregeling",
        "description": "De Belastingdienst legt beslag terwijl er een regeling loopt.",
        "triage_answers": {"in_mandate": True, "first_line_tried": True},
    }
    data.update(overrides)
    return data


def submitted_case(*, by: User, diensten=("belastingdienst",), themes=(), **overrides) -> Case:
    case, _ = steps.case_create_and_submit(
        user=by,
        data=valid_case_data(**overrides),
        diensten=[dienst(code) for code in diensten],
        themes=list(Theme.objects.filter(code__in=themes)),
    )
    return case
