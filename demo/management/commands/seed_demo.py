"""Demo data for `make run`: organisations, the demo users and sample cases.

Idempotent: running it again updates the users' passwords and adds nothing twice.
"""

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Dienst, Organisation, Role, User
from demo import cases as case_demo
from demo import documents as document_demo
from demo import frontdoor as front_door_demo
from demo import monitor as monitor_demo
from demo import signals as signal_demo
from demo import team as team_demo

ORGANISATIONS = [
    ("Sociaal Raadslieden Utrecht", Organisation.Kind.SOCIAL, None),
    ("Schuldhulpmaatje Rotterdam", Organisation.Kind.SOCIAL, None),
    ("Belastingwinkel Noord (advieskantoor)", Organisation.Kind.COMMERCIAL, None),
    ("Belangenbehartiger", Organisation.Kind.BELANGENBEHARTIGER, None),
    ("Belastingdienst", Organisation.Kind.DIENST, "belastingdienst"),
    ("Dienst Toeslagen", Organisation.Kind.DIENST, "toeslagen"),
]

# username, first name, last name, role, organisation name
USERS = [
    ("helper", "Hanna", "de Vries", Role.HELPER, "Sociaal Raadslieden Utrecht"),
    ("helper2", "Hamid", "Bakker", Role.HELPER, "Schuldhulpmaatje Rotterdam"),
    ("casemanager", "Carla", "Jansen", Role.CASEMANAGER, "Belangenbehartiger"),
    ("lead", "Lars", "Visser", Role.LEAD, "Belangenbehartiger"),
    ("liaison_bd", "Lotte", "Smit", Role.LIAISON, "Belastingdienst"),
    ("liaison_toeslagen", "Levi", "Mulder", Role.LIAISON, "Dienst Toeslagen"),
    ("analyst", "Anouk", "de Boer", Role.ANALYST, "Belangenbehartiger"),
    ("admin", "Ahmed", "Yilmaz", Role.ADMIN, "Belangenbehartiger"),
]


def demo_password() -> str:
    """DEMO_PASSWORD, or a random one kept in var/ so that repeated runs print the same."""
    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"]
    path = settings.VAR_DIR / "demo_password"
    if not path.exists():
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


class Command(BaseCommand):
    help = "Create (or update) the demo organisations, users and sample cases."

    def handle(self, *args, **options):
        password = demo_password()
        with transaction.atomic():
            self._seed_reference_data()
            users = self._seed_users(password)
        created = case_demo.seed_sample_cases(users=users)
        created += front_door_demo.seed_front_door(users=users)
        document_demo.seed_documents(users=users)
        team_demo.seed_team_work(users=users)
        created += monitor_demo.seed_monitor_history(users=users)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} sample cases added)."))
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for username, _first, _last, role, org in USERS:
            self.stdout.write(f"  {username:<18} {Role(role).label} — {org}")
        for line in signal_demo.seed_signals(users=users, password=password):
            self.stdout.write(line)

    def _seed_reference_data(self) -> None:
        # Diensten and themes come from data migrations; organisations are demo data.
        for name, kind, dienst_code in ORGANISATIONS:
            dienst = Dienst.objects.get(code=dienst_code) if dienst_code else None
            Organisation.objects.update_or_create(
                name=name, defaults={"kind": kind, "dienst": dienst}
            )

    def _seed_users(self, password: str) -> dict[str, User]:
        users = {}
        for username, first, last, role, org_name in USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    "role": role,
                    "organisation": Organisation.objects.get(name=org_name),
                    "is_staff": role == Role.ADMIN,
                    "is_superuser": role == Role.ADMIN,
                },
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            users[username] = user
        return users
