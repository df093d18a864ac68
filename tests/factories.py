"""Factories and builders for the tests, all in one place. Cases, decisions and requests are
made through the real services, never by writing rows behind their back."""

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Dienst, Organisation, Role, User
from cases.models import Case, Theme
from casework import steps
from directory.models import AUDIENCE_FIELDS, HelpOrganisation, ServiceArea
from escalation import services as ladder
from escalation.models import DienstRequest
from frontdoor import services as library
from signals import services as signal_services
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


def dienst_staff_helper(code: str = "belastingdienst", **kwargs) -> User:
    """A medewerker of a Dienst who helps burgers: a helper in a dienst_staff organisation."""
    org, _ = Organisation.objects.get_or_create(
        name=f"Medewerkers {code}",
        defaults={"kind": Organisation.Kind.DIENST_STAFF, "dienst": dienst(code)},
    )
    return UserFactory(role=Role.HELPER, organisation=org, **kwargs)


def signal(*, by: User, diensten=("belastingdienst",), themes=(), **overrides):
    """A signal submitted through the service (the team's source defaults to own research)."""
    data = {
        "title": "Beslag onder de beslagvrije voet",
        "description": "Bij loonbeslag wordt de beslagvrije voet te laag berekend.",
        "diensten": [dienst(code) for code in diensten],
        "themes": list(Theme.objects.filter(code__in=themes)),
        **overrides,
    }
    if by.is_team:
        data.setdefault("source", "own_research")
    return signal_services.signal_submit(user=by, **data)


def signal_on_agenda(*, by: User, team: User, **overrides):
    """A signal screened by ``team`` and put on the agenda."""
    made = signal(by=by, **overrides)
    signal_services.signal_transition(signal=made, to_status="analysing", actor=team)
    return signal_services.signal_transition(signal=made, to_status="on_agenda", actor=team)


# --- the front door: directory and solution library ------------------------------------------

_organisation_codes = itertools.count(1)


def help_organisation(
    *,
    code: str | None = None,
    ranges=((3500, 3585),),
    nationwide: bool = False,
    audiences=("burgers",),
    active: bool = True,
    **fields,
):
    """An organisation of the first-line help directory with its service area."""
    code = code or f"org-{next(_organisation_codes)}"
    organisation = HelpOrganisation.objects.create(
        code=code,
        name=fields.pop("name", f"Hulp {code}"),
        kind=fields.pop("kind", HelpOrganisation.Kind.SOCIAL_COUNSEL),
        nationwide=nationwide,
        active=active,
        **{field: audience in audiences for audience, field in AUDIENCE_FIELDS.items()},
        **fields,
    )
    ServiceArea.objects.bulk_create(
        ServiceArea(organisation=organisation, postcode_from=low, postcode_to=high)
        for low, high in ([] if nationwide else ranges)
    )
    return organisation


def resolved_case(*, helper: User, casemanager: User, themes=("invordering",), **overrides) -> Case:
    """An accepted case whose proposal the Dienst accepted, resolved by ``casemanager``."""
    case = submitted_case(by=helper, themes=themes, **overrides)
    case_decide(case=case, actor=casemanager, decision="accept")
    steps.case_resolve(case=case, user=casemanager, reason="De Dienst accepteerde het voorstel.")
    return case


SOLUTION_TEXTS = {
    "title": "Betalingsregeling alsnog geaccepteerd na dwangbevel",
    "problem": (
        "Een alleenstaande ouder kreeg een dwangbevel terwijl het verzoek om een "
        "betalingsregeling nog niet was beoordeeld."
    ),
    "tried": "Gebeld met de BelastingTelefoon en schriftelijk een regeling gevraagd.",
    "accepted_solution": (
        "De Belastingdienst schortte de invordering op en sprak een betalingsregeling van 24 "
        "maanden af, naar de werkelijke betalingscapaciteit."
    ),
}


def solution(*, case: Case, author: User, approve_by: User | None = None, **texts):
    """A summary of ``case`` by ``author``; published when ``approve_by`` (a lead) is given."""
    created = library.solution_submit(
        case=case,
        actor=author,
        theme=case.themes.first() or Theme.objects.get(code="invordering"),
        dienst=case.diensten.first(),
        **{**SOLUTION_TEXTS, **texts},
    )
    if approve_by is not None:
        library.solution_approve(solution=created, actor=approve_by)
    return created
