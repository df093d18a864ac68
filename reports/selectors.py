"""What the monitor and the transparency page read, per role.

The team (casemanagers, leads) sees exact figures inside the application; analysts, every
export for them and the public see them through ``reports.suppression.suppress_figures``.
"""

from datetime import date, timedelta

from django.core.cache import cache
from django.utils import timezone

from accounts.models import Role, User
from belangenbehartiger.routers import replica_reads
from signals.models import Signal
from signals.status import ON_AGENDA_STATUSES

from .figures import monitor_figures_with_previous
from .suppression import suppress_figures

MONITOR_ROLES = (Role.CASEMANAGER, Role.LEAD, Role.ANALYST)


def sees_exact_figures(user: User) -> bool:
    return user.is_team


def monitor_for_user(*, user: User, start: date, end: date, filters: dict) -> dict:
    """This period and the previous one, exact for the team and suppressed for the rest."""
    now, before = monitor_figures_with_previous(start, end, **filters)
    exact = sees_exact_figures(user)
    if not exact:
        now, before = suppress_figures(now), suppress_figures(before)
    return {"now": now, "before": before, "exact": exact}


# --- the public transparency page ----------------------------------------------------------

# The page's figures are cached for an hour: they describe whole months and nothing on it
# depends on who asks. Beat refreshes them every 50 minutes (reports.tasks), so the entry
# never runs out while beat runs; the key names the period, so a new month starts a new
# entry; ``transparency_forget`` drops the current one (after a correction, say).
TRANSPARENCY_SECONDS = 60 * 60


def transparency_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve complete months."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    start = end.replace(year=end.year - 1, day=1)
    start = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, end


def _transparency_key(start: date, end: date) -> str:
    return f"transparency:v1:{start.isoformat()}:{end.isoformat()}"


def transparency() -> dict:
    """The public figures (suppressed) of the period, the previous period, and the signals
    on the agenda (title and status only), from the cache when it has them."""
    start, end = transparency_period()
    cached = cache.get(_transparency_key(start, end))
    if cached is not None:
        return cached
    return transparency_refresh()


def transparency_refresh() -> dict:
    """Compute the transparency page's figures and put them in the cache. Beat runs it
    more often than the cache keeps them, so a visitor never waits for the counting."""
    start, end = transparency_period()
    now, before = monitor_figures_with_previous(start, end)
    with replica_reads():
        signals = list(
            Signal.objects.filter(status__in=ON_AGENDA_STATUSES)
            .order_by("-status_changed_at", "-pk")
            .values("title", "status")
        )
    value = {
        "start": start,
        "end": end,
        "now": suppress_figures(now),
        "before": suppress_figures(before),
        "signals": signals,
        "made_at": timezone.now(),
    }
    cache.set(_transparency_key(start, end), value, TRANSPARENCY_SECONDS)
    return value


def transparency_forget() -> None:
    cache.delete(_transparency_key(*transparency_period()))
