"""Demo data of the signals app: a medewerker of the Belastingdienst who helps burgers
(``helper_bd``) and sample signals in several statuses, made through the real services.

Idempotent: the organisation and user are updated, a signal is made only when no signal
with its title exists.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Dienst, Organisation, Role, User
from cases.models import Case, Theme
from signals import services
from signals.models import Signal

DIENST_STAFF_ORGANISATION = "Belastingdienst — medewerkers die burgers helpen"
DIENST_STAFF_USER = ("helper_bd", "Bram", "Kok")

S = Signal.Status

# title, description, regulation, submitter, diensten, themes, status, case summaries to link
_SIGNALS = [
    (
        "Beslag onder de beslagvrije voet bij loonbeslag",
        "Bij loonbeslag wordt de beslagvrije voet te laag berekend of niet aangepast na een "
        "wijziging in het gezin. Mensen houden minder over dan het bestaansminimum.",
        "Wet vereenvoudiging beslagvrije voet; Invorderingswet 1990",
        "helper_bd",
        ["belastingdienst"],
        ["invordering"],
        S.NEW,
        [],
    ),
    (
        "Dwangbevel terwijl een betalingsregeling loopt",
        "Burgers die volgens een afgesproken betalingsregeling betalen krijgen toch een "
        "dwangbevel met kosten, omdat de regeling niet in het systeem staat.",
        "Leidraad Invordering 2008 art. 25",
        "helper",
        ["belastingdienst"],
        ["betalingsregeling", "invordering"],
        S.ON_AGENDA,
        ["Dwangbevel ondanks lopende betalingsregeling"],
    ),
    (
        "Teruggaaf verrekend met een betwiste schuld",
        "De teruggaaf inkomstenbelasting wordt verrekend met een schuld waartegen nog "
        "bezwaar loopt, zonder vooraankondiging.",
        "Invorderingswet 1990 art. 24",
        "casemanager",
        ["belastingdienst", "toeslagen"],
        ["verrekening"],
        S.ANALYSING,
        ["Teruggave verrekend met betwiste schuld"],
    ),
    (
        "Zorgtoeslag stopgezet zonder bericht aan de burger",
        "Eén melding van een hulpverlener; het team vond geen patroon in andere casussen.",
        "",
        "helper2",
        ["toeslagen"],
        ["zorgtoeslag"],
        S.CLOSED,
        [],
    ),
]


def _dienst_staff(password: str) -> User:
    organisation, _ = Organisation.objects.update_or_create(
        name=DIENST_STAFF_ORGANISATION,
        defaults={
            "kind": Organisation.Kind.DIENST_STAFF,
            "dienst": Dienst.objects.get(code="belastingdienst"),
        },
    )
    username, first, last = DIENST_STAFF_USER
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "role": Role.HELPER,
            "organisation": organisation,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def seed_signals(*, users: dict[str, User], password: str) -> list[str]:
    """The demo's signals; returns the login lines to print for the extra user."""
    users = {**users, "helper_bd": _dienst_staff(password)}
    team = users["casemanager"]
    for title, description, regulation, who, diensten, themes, status, summaries in _SIGNALS:
        if Signal.objects.filter(title=title).exists():
            continue
        submitter = users[who]
        signal = services.signal_submit(
            user=submitter,
            title=title,
            description=description,
            regulation=regulation,
            diensten=list(Dienst.objects.filter(code__in=diensten)),
            themes=list(Theme.objects.filter(code__in=themes)),
            source=Signal.Source.OWN_RESEARCH if submitter.is_team else None,
        )
        if status == S.CLOSED:
            services.signal_transition(
                signal=signal,
                to_status=S.CLOSED,
                actor=team,
                reason="Het team vond dit patroon niet terug in andere casussen; wij volgen het.",
            )
            continue
        if status in (S.ANALYSING, S.ON_AGENDA):
            services.signal_transition(signal=signal, to_status=S.ANALYSING, actor=team)
        for case in Case.objects.filter(summary__in=summaries).exclude(reference__isnull=True):
            services.signal_case_link(
                signal=signal, case=case, actor=team, reason="Zelfde patroon als in het signaal."
            )
        if status == S.ON_AGENDA:
            services.signal_transition(
                signal=signal,
                to_status=S.ON_AGENDA,
                actor=team,
                reason="Besproken in het periodiek overleg met de Belastingdienst.",
            )
            services.commitment_create(
                signal=signal,
                actor=team,
                dienst=Dienst.objects.get(code="belastingdienst"),
                description="Regelingen die telefonisch zijn afgesproken binnen twee "
                "werkdagen vastleggen, zodat er geen dwangbevel meer volgt.",
                due_date=timezone.localdate() + timedelta(days=21),
            )
    username = DIENST_STAFF_USER[0]
    return [f"  {username:<18} {Role.HELPER.label} — {DIENST_STAFF_ORGANISATION}"]
