"""Factories and builders for the tests, all in one place. Cases, decisions and requests are
made through the real services, never by writing rows behind their back."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Dienst, Organisation, Role, User
from cases.models import Case, Theme
from casework import steps
from escalation import services as ladder
from escalation.models import DienstRequest
from triage.decisions import case_decide

AMS = ZoneInfo("Europe/Amsterdam")

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


_dienst = dienst  # for builders whose ``dienst`` parameter hides the function


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


def accepted_case(
    *, helper: User, casemanager: User, diensten=("belastingdienst",), **overrides
) -> Case:
    """A submitted case that ``casemanager`` accepted (and so is assigned)."""
    case = submitted_case(by=helper, diensten=diensten, **overrides)
    case_decide(case=case, actor=casemanager, decision="accept")
    return case


def proposal(
    case: Case, actor: User, dienst: str = "belastingdienst", text: str = "Stel de invordering uit."
) -> DienstRequest:
    """A proposal to ``dienst``, sent at once (the mediation rung needs no approval)."""
    return ladder.request_create(
        case=case, actor=actor, kind="proposal", dienst=_dienst(dienst), text=text
    )


def freeze(
    case: Case, actor: User, until: date | None = None, dienst: str = "belastingdienst"
) -> DienstRequest:
    """A freeze request; it waits for a lead's approval."""
    return ladder.request_create(
        case=case,
        actor=actor,
        kind="freeze",
        dienst=_dienst(dienst),
        text="Bevries de invordering tot de bezwaarprocedure klaar is.",
        freeze_until=until or timezone.localdate() + timedelta(days=30),
    )


def informal_contact(case: Case, actor: User, dienst: str = "belastingdienst", **overrides):
    """A phone call with ``dienst`` an hour ago, logged on ``case`` through the service."""
    data = {
        "kind": "phone",
        "at": timezone.now() - timedelta(hours=1),
        "contact_name": "J. Bakker, invordering",
        "agreed": "De Dienst zet de invordering twee weken stil en belt terug.",
    }
    data.update(overrides)
    return ladder.informal_contact_log(case=case, actor=actor, dienst=_dienst(dienst), **data)


def api(user: User) -> APIClient:
    """An API client that authenticates as ``user`` with a DRF token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def send_proposal(case: Case, user: User):
    """POST a plain proposal to the Belastingdienst for ``case`` as ``user``, by the API."""
    return api(user).post(
        f"/api/v1/cases/{case.reference}/requests/",
        {"kind": "proposal", "dienst": "belastingdienst", "text": "Voorstel"},
        format="json",
    )


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Amsterdam time."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def end_of(day: date) -> datetime:
    """Where a deadline on ``day`` runs to."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=AMS)
