"""Everything that reads cases, starting with the one answer to "which cases may this user
see". Every view and API endpoint fetches cases through these functions."""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import (
    Aggregate,
    BooleanField,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Cast, Coalesce, NullIf
from django.http import Http404
from django.utils import translation

from accounts.models import STAFF_ROLES, Dienst, Organisation, Role, User
from belangenbehartiger.http import ExplainedNotFound, get_or_404

from .models import (
    Attachment,
    Case,
    CaseCount,
    CaseEvent,
    CaseStatus,
    Feedback,
    Message,
    StatusLink,
    Theme,
)
from .status import OPEN_STATUSES

SUBMITTED_STATUSES = tuple(s for s in CaseStatus.values if s != CaseStatus.DRAFT)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases ``user`` may see at all; anything outside this set is a 404 for them.

    - helpers: their own organisation's cases, drafts included;
    - casemanagers and leads: every submitted case (never other people's drafts);
    - liaisons: none here. A liaison sees a case only through a sent request to its Dienst,
      which the ladder decides (escalation.selectors.cases_with_requests_to);
    - analysts and admins: no individual cases (they work with aggregates and configuration).
    """
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.role == Role.HELPER and user.organisation_id:
        return Case.objects.filter(organisation_id=user.organisation_id)
    if user.role in (Role.CASEMANAGER, Role.LEAD):
        return Case.objects.exclude(status=CaseStatus.DRAFT)
    return Case.objects.none()


def case_for_user_or_404(user: User, reference: str) -> Case:
    """A submitted case by reference, or Http404 when the user may not see it.

    The whole case (case page, case API) is for the helper's organisation and the team; a
    liaison sees only the request page with the data needed to answer.
    """
    return get_or_404(
        cases_visible_to(user)
        .exclude(status=CaseStatus.DRAFT)
        .select_related("organisation", "created_by", "assignee")
        .prefetch_related("diensten", "themes"),
        reference=reference,
    )


def draft_for_user_or_404(user: User, draft_uuid: UUID) -> Case:
    """A draft of the user's organisation, or a 404 that explains a draft URL that no
    longer works: the draft was submitted (then the case it became, if the user may see
    it) or deleted. Another organisation's draft reads the same as a deleted one."""
    try:
        return get_or_404(
            cases_visible_to(user)
            .filter(status=CaseStatus.DRAFT, organisation_id=user.organisation_id)
            .prefetch_related("diensten", "themes", "attachments"),
            uuid=draft_uuid,
        )
    except Http404:
        try:
            submitted = (
                cases_visible_to(user)
                .exclude(status=CaseStatus.DRAFT)
                .filter(uuid=draft_uuid)
                .only("reference")
                .first()
            )
        except (ValueError, ValidationError):
            submitted = None
        raise ExplainedNotFound("cases/draft_gone.html", {"submitted": submitted}) from None


def case_attachments(*, case: Case) -> QuerySet[Attachment]:
    """The documents of a case, oldest first, with who added them."""
    return case.attachments.select_related("uploaded_by")


def attachment_for_case_or_404(case: Case, attachment_id: int) -> Attachment:
    """An attachment of a case the caller already fetched through its door."""
    return get_or_404(Attachment.objects.filter(case=case), pk=attachment_id)


def case_status_links(*, case: Case) -> QuerySet[StatusLink]:
    """The status links of a case, newest first, with who made and revoked them."""
    return case.status_links.select_related("created_by", "revoked_by")


def can_see_personal_data(user: User, case: Case) -> bool:
    """Helpers of the submitting organisation and the team see names and (masked) numbers.

    Liaisons see the name and masked number on the request page, not the case page."""
    return user.role in (Role.CASEMANAGER, Role.LEAD) or (
        user.role == Role.HELPER and user.organisation_id == case.organisation_id
    )


def can_reassign(user: User, case: Case) -> bool:
    """Who may hand an open case over to another casemanager: a lead, or its assignee."""
    if not case.is_open or case.is_draft or not user.is_active:
        return False
    return user.role == Role.LEAD or (user.is_team and case.assignee_id == user.pk)


def team_members() -> QuerySet[User]:
    """The active casemanagers and leads, by name: who a case can be assigned to."""
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def _with_list_relations(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("organisation", "assignee").prefetch_related("diensten", "themes")


def helper_case_list(*, user: User) -> QuerySet[Case]:
    """The helper's overview of its organisation's cases, most recently changed first."""
    return _with_list_relations(cases_visible_to(user)).order_by("-updated_at", "-pk")


def helper_submitted_cases(*, user: User) -> QuerySet[Case]:
    """The organisation's submitted cases, most recently changed first."""
    return helper_case_list(user=user).exclude(status=CaseStatus.DRAFT)


def helper_drafts(*, user: User) -> QuerySet[Case]:
    """The organisation's drafts, last saved first, with who started each."""
    return helper_case_list(user=user).filter(status=CaseStatus.DRAFT).select_related("created_by")


@dataclass(frozen=True)
class TeamCaseFilters:
    status: str = ""
    dienst: str = ""
    theme: str = ""
    organisation: int | None = None
    reference: str = ""


def team_case_list(*, user: User, filters: TeamCaseFilters) -> QuerySet[Case]:
    """All cases the team may see, filtered, newest first; a constant number of queries per
    page."""
    qs = cases_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.dienst:
        qs = filter_with_dienst(qs, code=filters.dienst)
    if filters.theme:
        qs = filter_with_theme(qs, code=filters.theme)
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.reference:
        qs = qs.filter(reference__icontains=filters.reference.strip())
    return _with_list_relations(qs).order_by("-submitted_at", "-pk")


# --- totals that do not count cases ---------------------------------------------------------

# Above this a filtered list says "more than 10,000" instead of counting every match.
COUNT_BOUND = 10_000


def case_count_cells(
    *, statuses: tuple[str, ...], dienst: str = "", theme: str = ""
) -> dict[tuple[str, int], int]:
    """{(status, triage_rank): number of cases} from the counter rows, in all or for the
    Dienst and/or theme with these codes: one query whose cost does not grow with the
    number of cases (only submitted cases are counted)."""
    cells = CaseCount.objects.filter(status__in=statuses)
    cells = cells.filter(
        dienst=Subquery(Dienst.objects.filter(code=dienst).values("pk")[:1]) if dienst else 0,
        theme=Subquery(Theme.objects.filter(code=theme).values("pk")[:1]) if theme else 0,
    )
    rows = cells.values("status", "triage_rank").annotate(total=Sum("n")).order_by()
    return {(row["status"], row["triage_rank"]): row["total"] for row in rows}


@dataclass(frozen=True)
class Total:
    """A list's total: exact, or a lower bound ("more than ``COUNT_BOUND``")."""

    n: int
    more: bool = False

    @classmethod
    def bounded(cls, counted: int) -> "Total":
        """From ``bounded_count``: above the bound only "more than" is known."""
        if counted > COUNT_BOUND:
            return cls(COUNT_BOUND, more=True)
        return cls(counted)


def bounded_count(qs: QuerySet, *, bound: int | None = None) -> int:
    """How many rows ``qs`` has, counting at most ``bound + 1`` (default COUNT_BOUND): a
    number above ``bound`` means "more than ``bound``". The database stops reading there."""
    bound = COUNT_BOUND if bound is None else bound
    return qs.order_by().values("pk")[: bound + 1].count()


def team_case_total(
    *,
    user: User,
    cases: QuerySet[Case],
    status: str = "",
    rank: int | None = None,
    dienst: str = "",
    theme: str = "",
    narrowed: bool = False,
) -> Total:
    """How many cases a team list holds: from the counter rows when it is filtered by
    status, triage rank, Dienst and/or theme only (the team sees every submitted case,
    which is what they count), else a count bounded at COUNT_BOUND of ``cases``."""
    if not user.is_team or narrowed:
        return Total.bounded(bounded_count(cases))
    statuses = (status,) if status else SUBMITTED_STATUSES
    cells = case_count_cells(statuses=statuses, dienst=dienst, theme=theme)
    return Total(sum(n for (_status, r), n in cells.items() if rank is None or r == rank))


# The many-to-many filters use EXISTS, not a join: a case with two Diensten stays one row,
# with no DISTINCT over the whole list.


def filter_with_dienst(qs: QuerySet[Case], *, code: str) -> QuerySet[Case]:
    """Only cases for the Dienst with this code."""
    links = Case.diensten.through.objects.filter(case_id=OuterRef("pk"), dienst__code=code)
    return qs.filter(Exists(links))


def filter_with_theme(qs: QuerySet[Case], *, code: str) -> QuerySet[Case]:
    """Only cases with the theme with this code."""
    links = Case.themes.through.objects.filter(case_id=OuterRef("pk"), theme__code=code)
    return qs.filter(Exists(links))


def case_events_for(*, user: User, case: Case) -> QuerySet[CaseEvent]:
    """The timeline of a case; helpers see only the events meant for them."""
    events = case.events.select_related("actor")
    if user.role == Role.HELPER:
        events = events.filter(visible_to_helper=True)
    return events


def case_event_rows(*, user: User, case: Case) -> list[dict]:
    """The case's events as a timeline shows them to ``user``.

    The team reads every reason. The helper reads the reasons of status changes (decisions
    are explained to the helper) but for other events only the plain text meant for it, such
    as the name of the new step on the ladder: never the team's internal reasons.
    """
    rows = []
    for event in case_events_for(user=user, case=case):
        status_change = event.kind == CaseEvent.Kind.STATUS_CHANGED
        title = event.get_to_status_display() if status_change else event.get_kind_display()
        if not user.is_team and event.helper_text:
            title = event.helper_text
        rows.append(
            {
                "at": event.created_at,
                "kind": "event",
                "title": title,
                "status_change": status_change,
                "who": event.actor,
                "text": event.reason if user.is_team or status_change else "",
            }
        )
    return rows


def case_messages_for(*, user: User, case: Case) -> QuerySet[Message]:
    """The conversation of a case; internal notes only for the team."""
    messages = case.messages.select_related("author")
    if not user.is_team:
        messages = messages.filter(internal=False)
    return messages


def case_possible_duplicates(*, case: Case) -> QuerySet[Case]:
    """Other open cases for the same BSN or KvK number, matched on the keyed hash."""
    match = Q()
    if case.bsn_hash:
        match |= Q(bsn_hash=case.bsn_hash)
    if case.kvk_hash:
        match |= Q(kvk_hash=case.kvk_hash)
    if not match:
        return Case.objects.none()
    return Case.objects.filter(match, status__in=OPEN_STATUSES).exclude(pk=case.pk)


def _other_open_case(field: str) -> CaseWhen:
    """CASE WHEN <field> = '' THEN false ELSE EXISTS(another open case with it) END: the
    empty hash (a burger has no KvK number) is most of the table, and a subquery asked
    for it would read every row of it."""
    others = Case.objects.filter(status__in=OPEN_STATUSES).exclude(pk=OuterRef("pk"))
    return CaseWhen(
        When(**{field: ""}, then=Value(False)),
        # "<> ''" inside as well: the planner then reads the hash's index, however common
        # the empty hash is in its statistics.
        default=Exists(others.filter(**{field: OuterRef(field)}).exclude(**{field: ""})),
        output_field=BooleanField(),
    )


def possible_duplicate() -> CaseWhen:
    """Another open case for the same BSN or KvK number (keyed hash), asked row by row:
    what ``duplicate_marks_refresh`` stores in ``Case.possible_duplicate``."""
    return CaseWhen(
        When(_other_open_case("bsn_hash"), then=Value(True)),
        default=_other_open_case("kvk_hash"),
        output_field=BooleanField(),
    )


def filter_possible_duplicates(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Only cases with another open case for the same BSN or KvK number: the stored mark
    (cases/services/duplicates.py), which the queue's partial index case_queue_duplicate_idx
    holds in queue order."""
    return qs.filter(possible_duplicate=True)


@dataclass(frozen=True)
class FilterChoices:
    """What a case list's Dienst, theme and organisation filters offer: (value, label)."""

    diensten: list[tuple[str, str]]
    themes: list[tuple[str, str]]
    organisations: list[tuple[int, str]]


def filter_choices() -> FilterChoices:
    """Every Dienst, theme and first-line organisation, by name, in one query (a UNION of
    the three small tables)."""
    text = CharField()
    rows = (
        Dienst.objects.order_by()
        .values_list(Value("d", output_field=text), "code", "name", "name")
        .union(
            Theme.objects.order_by().values_list(
                Value("t", output_field=text), "code", "name_nl", "name_en"
            ),
            Organisation.objects.order_by()
            .exclude(kind=Organisation.Kind.BELANGENBEHARTIGER)
            .values_list(Value("o", output_field=text), Cast("pk", text), "name", "name"),
            all=True,
        )
    )
    english = translation.get_language() == "en"
    found: dict[str, list] = {"d": [], "t": [], "o": []}
    for kind, value, name, name_en in rows:
        found[kind].append(
            (int(value) if kind == "o" else value, name_en if english and name_en else name)
        )
    return FilterChoices(
        *(sorted(found[kind], key=lambda choice: choice[1].casefold()) for kind in ("d", "t", "o"))
    )


@dataclass(frozen=True)
class ActiveCatalogue:
    """The active Diensten and themes among some codes, by code (loaded with their codes and
    names; any other field is read from the database when asked for)."""

    diensten: dict[str, Dienst]
    themes: dict[str, Theme]


def active_catalogue(*, dienst_codes: list[str], theme_codes: list[str]) -> ActiveCatalogue:
    """The active Diensten and themes with these codes, in one query (a UNION)."""
    text = CharField()
    rows = (
        Dienst.objects.filter(code__in=dienst_codes, active=True)
        .order_by()
        .values_list(Value("d", output_field=text), "pk", "code", "name", "name")
        .union(
            Theme.objects.filter(code__in=theme_codes, active=True)
            .order_by()
            .values_list(Value("t", output_field=text), "pk", "code", "name_nl", "name_en"),
            all=True,
        )
    )
    diensten, themes = {}, {}
    for kind, pk, code, name, name_en in rows:
        if kind == "d":
            diensten[code] = Dienst.from_db(rows.db, ["id", "code", "name"], [pk, code, name])
        else:
            themes[code] = Theme.from_db(
                rows.db, ["id", "code", "name_nl", "name_en"], [pk, code, name, name_en]
            )
    return ActiveCatalogue(diensten=diensten, themes=themes)


# Joins the names of one case's Diensten or themes in SQL: a character no name contains.
NAME_SEPARATOR = "\x1f"


class JoinedNames(Aggregate):
    """The group's names joined by NAME_SEPARATOR: string_agg on PostgreSQL, group_concat
    on SQLite."""

    function = "STRING_AGG"
    template = f"%(function)s(%(expressions)s, '{NAME_SEPARATOR}')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def with_names(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate ``dienst_names`` and ``theme_names`` (joined, see ``names``) for a page read
    in index order: two small subqueries per row of the page, no prefetch queries and no
    model per link."""
    theme_name = (
        Coalesce(NullIf("theme__name_en", Value("")), "theme__name_nl")
        if translation.get_language() == "en"
        else F("theme__name_nl")
    )

    def joined(through, name) -> Subquery:
        return Subquery(
            through.objects.filter(case_id=OuterRef("pk"))
            .values("case_id")
            .annotate(names=JoinedNames(name))
            .values("names")
        )

    return qs.annotate(
        dienst_names=joined(Case.diensten.through, F("dienst__name")),
        theme_names=joined(Case.themes.through, theme_name),
    )


def names(joined: str | None) -> list[str]:
    """The names of a ``with_names`` annotation, in alphabetical order."""
    return sorted(joined.split(NAME_SEPARATOR), key=str.casefold) if joined else []


def feedback_given(*, case: Case, respondent: str) -> Feedback | None:
    """The feedback of ``respondent`` (helper or person) on ``case``, if given."""
    return Feedback.objects.filter(case=case, respondent=respondent).first()


def feedback_open(*, case: Case, respondent: str) -> bool:
    """Whether ``respondent`` may still give feedback: the case is closed, none given yet."""
    return (
        case.status == CaseStatus.CLOSED
        and feedback_given(case=case, respondent=respondent) is None
    )
