"""Bulk seeding for `make bench`: N submitted cases with everything the measured pages read.

Rows are made by `INSERT … SELECT … FROM generate_series` in PostgreSQL, in batches,
instead of through the services one case at a time (a million cases in minutes, not the
40 minutes of a per-row seed). What the services would compute is computed the same way:
the triage answers, score, band and contributions come from a pool of answer sets scored
by `triage.scoring` in Python; the counter rows and the duplicate marks are recomputed at
the end (`cases.services.case_counts_rebuild`, `duplicate_marks_rebuild`), then
`VACUUM (ANALYZE)`.

Per case (numbers are shares of the cases):
- status: 5/11 submitted, 3/11 in triage, 1/11 waiting for information, 1/11 accepted,
  1/11 closed (82 % in the queue, far more than real life, to load the queue);
- one Dienst (half each), one of the themes, one assessment, one event;
- queued cases: the triage clock (1,000 of them overdue, owned by the bench casemanager;
  the rest due 10 to 70 days ahead); waiting ones: a paused triage clock and a running
  helper's clock;
- accepted cases: a place on the mediation rung and a proposal to their Dienst, a quarter
  of them still open (sent, with the Dienst's answer clock), the rest answered.

Bench cases are recognised by their summary, `[bench] casus <n>`; a rerun adds only the
missing ones. Every row lives in the database named by DATABASE_URL and stays there.
"""

import json
import random
import time

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Dienst, Organisation, Role, User
from cases.models import Case, Theme
from cases.services import case_counts_rebuild, duplicate_marks_rebuild
from escalation.models import DienstRequest, Rung
from triage import scoring, selectors
from triage.models import BAND_RANK

BATCH = 100_000
POOL = 512
ORGANISATIONS = 20
OVERDUE = 1_000
SUMMARY_PREFIX = "[bench] casus "
PASSWORD = "bench-wachtwoord-123"


def users() -> dict[str, User]:
    """The bench's own accounts, one per role that the measured pages need."""
    team, _ = Organisation.objects.get_or_create(
        name="Belangenbehartiger", defaults={"kind": Organisation.Kind.BELANGENBEHARTIGER}
    )
    orgs = organisations()
    toeslagen = Dienst.objects.get(code="toeslagen")
    dienst_org, _ = Organisation.objects.get_or_create(
        name="Bench Dienst Toeslagen",
        defaults={"kind": Organisation.Kind.DIENST, "dienst": toeslagen},
    )
    wanted = {
        "bench_helper": (Role.HELPER, orgs[0]),
        "bench_casemanager": (Role.CASEMANAGER, team),
        "bench_lead": (Role.LEAD, team),
        "bench_liaison": (Role.LIAISON, dienst_org),
    }
    made = {}
    for username, (role, org) in wanted.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "organisation": org, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        made[username] = user
    return made


def organisations() -> list[Organisation]:
    return [
        Organisation.objects.get_or_create(
            name=f"Bench organisatie {i}", defaults={"kind": Organisation.Kind.SOCIAL}
        )[0]
        for i in range(ORGANISATIONS)
    ]


def existing() -> int:
    return Case.objects.filter(summary__startswith=SUMMARY_PREFIX).count()


def _answer_pool(cursor) -> None:
    """POOL answer sets scored with the active criteria set, as a temporary table."""
    active = selectors.active_criteria_set()
    specs = selectors.specs(active)
    rng = random.Random(42)
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS bench_pool (idx int PRIMARY KEY, answers jsonb, "
        "score smallint, band varchar(10), rank smallint, suggestion varchar(10), "
        "contributions jsonb, flags jsonb)"
    )
    cursor.execute("TRUNCATE bench_pool")
    rows = []
    for idx in range(POOL):
        answers = {c.key: rng.random() < 0.3 for c in specs}
        answers["in_mandate"] = rng.random() < 0.9
        result = scoring.score(answers, specs)
        rows.append(
            (
                idx,
                _json(answers),
                result.score,
                result.band,
                BAND_RANK[result.band],
                result.suggestion,
                _json(result.contributions),
                _json(result.flags),
            )
        )
    cursor.executemany("INSERT INTO bench_pool VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
    return active.pk


def _json(value) -> str:
    return json.dumps(value)


def _case_columns(known: dict[str, str]) -> tuple[list[str], list[str]]:
    """Every column of cases_case with its SQL expression: ours where we know the field,
    a neutral value (NULL, '', false, 0, '{}') for fields added by others later."""
    columns, expressions = [], []
    for field in Case._meta.concrete_fields:
        if field.primary_key or field.generated:  # the database computes generated columns
            continue
        column = field.column
        if column in known:
            expression = known[column]
        elif field.null:
            expression = "NULL"
        elif isinstance(field, models.BooleanField):
            expression = "false"
        elif isinstance(field, models.JSONField):
            expression = "'{}'::jsonb"
        elif isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
            expression = "0"
        else:
            expression = "''"
        columns.append(connection.ops.quote_name(column))
        expressions.append(expression)
    return columns, expressions


STATUS_SQL = (
    "(CASE (g * 7919) %% 11 WHEN 0 THEN 'submitted' WHEN 1 THEN 'submitted' "
    "WHEN 2 THEN 'submitted' WHEN 3 THEN 'submitted' WHEN 4 THEN 'submitted' "
    "WHEN 5 THEN 'in_triage' WHEN 6 THEN 'in_triage' WHEN 7 THEN 'in_triage' "
    "WHEN 8 THEN 'info_requested' WHEN 9 THEN 'accepted' ELSE 'closed' END)"
)


def seed(n: int, *, log=print) -> dict:
    """Make sure N bench cases exist; returns what it did and how long it took."""
    if connection.vendor != "postgresql":
        raise SystemExit("make bench needs PostgreSQL: set DATABASE_URL")
    accounts = users()
    have = existing()
    if have >= n:
        log(f"{have} bench cases present; not seeding")
        return {"cases": have, "seeded": 0, "seconds": 0.0}
    started = time.perf_counter()
    orgs = [o.pk for o in organisations()]
    helper, manager = accounts["bench_helper"], accounts["bench_casemanager"]
    diensten = list(Dienst.objects.order_by("code").values_list("pk", flat=True))
    themes = list(Theme.objects.order_by("code").values_list("pk", flat=True))
    mediation = Rung.objects.get(code="mediation")
    case_type = ContentType.objects.get_for_model(Case).pk
    request_type = ContentType.objects.get_for_model(DienstRequest).pk
    year = timezone.localdate().year
    with connection.cursor() as cursor:
        criteria_set_id = _answer_pool(cursor)
        columns, expressions = _case_columns(
            {
                "uuid": "gen_random_uuid()",
                # Six digits a year: a million cases span two earlier years.
                "reference": f"'BB-' || ({year - 1} - (g - 1) / 999999) || '-' || "
                "lpad((((g - 1) %% 999999) + 1)::text, 6, '0')",
                "status": STATUS_SQL,
                "organisation_id": f"(ARRAY{orgs})[1 + g %% {len(orgs)}]",
                "created_by_id": str(helper.pk),
                "assignee_id": f"(CASE WHEN (g * 7919) %% 11 >= 9 THEN {manager.pk} END)",
                "subject_type": "'burger'",
                "subject_name": "'Bench'",
                # One in twenty numbers comes back: possible duplicates, as in real life.
                "bsn_hash": "md5((g %% 950000)::text) || md5((g %% 950000)::text)",
                "postcode_area": "(1000 + g %% 9000)::text",
                "consent": "true",
                "consent_method": "'written'",
                "consent_date": "(now() - g * interval '1 minute')::date",
                "summary": f"'{SUMMARY_PREFIX}' || g",
                "description": "'Bench: een casus voor de meting.'",
                "triage_answers": "p.answers",
                "triage_band": "p.band",
                "triage_rank": "p.rank",
                "triage_score": "p.score",
                "created_at": "now() - g * interval '1 minute'",
                "updated_at": "now() - g * interval '1 minute'",
                "submitted_at": "now() - g * interval '1 minute'",
                "status_changed_at": "now() - g * interval '1 minute'",
                "confirmation_sent_at": "now() - g * interval '1 minute'",
                "outcome": "(CASE WHEN (g * 7919) %% 11 = 10 THEN 'fully_solved' ELSE '' END)",
                "closed_at": "(CASE WHEN (g * 7919) %% 11 = 10 THEN now() END)",
            }
        )
        start = have + 1
        while start <= n:
            end = min(start + BATCH - 1, n)
            with transaction.atomic():
                cursor.execute("SELECT coalesce(max(id), 0) FROM cases_case")
                (after,) = cursor.fetchone()
                cursor.execute(
                    f"INSERT INTO cases_case ({', '.join(columns)}) "
                    f"SELECT {', '.join(expressions)} FROM generate_series(%s::bigint, %s::bigint) g "
                    f"JOIN bench_pool p ON p.idx = (g * 48271) %% {POOL}",
                    [start, end],
                )
                _related(
                    cursor,
                    after=after,
                    diensten=diensten,
                    themes=themes,
                    criteria_set_id=criteria_set_id,
                    helper=helper.pk,
                    manager=manager.pk,
                    rung=mediation.pk,
                    case_type=case_type,
                    request_type=request_type,
                    overdue=OVERDUE if start == 1 else 0,
                )
            log(f"  seeded {end:,}/{n:,} ({time.perf_counter() - started:.0f} s)")
            start = end + 1
    counted = case_counts_rebuild()
    marked = duplicate_marks_rebuild()
    with connection.cursor() as cursor:
        # As autovacuum leaves a table that has been in use: statistics for the planner and
        # the visibility map, without which an index-only scan visits every row's page.
        cursor.execute("VACUUM (ANALYZE)")
    seconds = time.perf_counter() - started
    log(
        f"seeding took {seconds:.0f} s; {counted:,} submitted cases counted, "
        f"{marked:,} marked as possible duplicates"
    )
    return {"cases": n, "seeded": n - have, "seconds": round(seconds, 1)}


def _related(
    cursor,
    *,
    after,
    diensten,
    themes,
    criteria_set_id,
    helper,
    manager,
    rung,
    case_type,
    request_type,
    overdue,
) -> None:
    """The rows around the cases of one batch: ``id > after``."""
    batch = "FROM cases_case c WHERE c.id > %s"
    dienst = f"(ARRAY{diensten})[1 + c.id %% {len(diensten)}]"
    cursor.execute(
        f"INSERT INTO cases_case_diensten (case_id, dienst_id) SELECT c.id, {dienst} {batch}",
        [after],
    )
    cursor.execute(
        "INSERT INTO cases_case_themes (case_id, theme_id) "
        f"SELECT c.id, (ARRAY{themes})[1 + (c.id / 2) %% {len(themes)}] {batch}",
        [after],
    )
    cursor.execute(
        "INSERT INTO triage_assessment (case_id, criteria_set_id, answers, score, band, "
        "suggestion, contributions, flags, created_by_id, reason, created_at) "
        f"SELECT c.id, {criteria_set_id}, p.answers, p.score, p.band, p.suggestion, "
        f"p.contributions, p.flags, {helper}, '', c.submitted_at "
        f"{batch.replace('WHERE', 'JOIN bench_pool p ON p.answers = c.triage_answers WHERE')}",
        [after],
    )
    cursor.execute(
        "INSERT INTO cases_caseevent (case_id, kind, actor_id, from_status, to_status, reason, "
        "helper_text, visible_to_helper, created_at) "
        f"SELECT c.id, 'status_changed', {helper}, 'draft', 'submitted', '', '', true, "
        f"c.submitted_at {batch}",
        [after],
    )
    deadline_columns = (
        "subject_type_id, subject_id, kind, status, due_at, paused_at, revision, owner_id, "
        "dienst_id, label, url, dienst_url, created_at, closed_at"
    )
    # The triage clock of every queued case (paused while waiting for information), due 10
    # to 70 days ahead; then `overdue` running ones are made due since yesterday.
    cursor.execute(
        f"INSERT INTO deadlines_deadline ({deadline_columns}) "
        f"SELECT {case_type}, c.id, 'triage_decision', 'open', "
        "date_trunc('day', now()) + (10 + c.id %% 60) * interval '1 day', "
        "CASE WHEN c.status = 'info_requested' THEN c.submitted_at END, 0, NULL, NULL, "
        "c.reference, '/casussen/' || c.reference || '/', '', c.submitted_at, NULL "
        f"{batch} AND c.status IN ('submitted', 'in_triage', 'info_requested')",
        [after],
    )
    if overdue:
        cursor.execute(
            "UPDATE deadlines_deadline SET due_at = date_trunc('day', now()) - interval "
            f"'1 second', owner_id = {manager} WHERE id IN (SELECT id FROM deadlines_deadline "
            "WHERE kind = 'triage_decision' AND paused_at IS NULL AND subject_type_id = %s "
            "AND subject_id > %s ORDER BY id LIMIT %s)",
            [case_type, after, overdue],
        )
    cursor.execute(
        f"INSERT INTO deadlines_deadline ({deadline_columns}) "
        f"SELECT {case_type}, c.id, 'helper_answer', 'open', "
        "date_trunc('day', now()) + (20 + c.id %% 30) * interval '1 day', NULL, 0, "
        f"{helper}, NULL, c.reference, '/casussen/' || c.reference || '/', '', "
        f"c.submitted_at, NULL {batch} AND c.status = 'info_requested'",
        [after],
    )
    cursor.execute(
        "INSERT INTO escalation_ladderposition (case_id, rung_id, moved_at) "
        f"SELECT c.id, {rung}, c.submitted_at {batch} AND c.status = 'accepted'",
        [after],
    )
    # One proposal per accepted case; a quarter still open, the rest answered.
    cursor.execute(
        "INSERT INTO escalation_dienstrequest (kind, status, text, urgent, freeze_scope, "
        "created_at, sent_at, acknowledged_at, outcome, motivation, responded_at, "
        "author_id, case_id, dienst_id, rung_id) "
        "SELECT 'proposal', CASE WHEN c.id %% 4 = 0 THEN 'sent' ELSE 'answered' END, "
        "'Bench: stel de invordering uit.', false, '', c.submitted_at, c.submitted_at, NULL, "
        "CASE WHEN c.id %% 4 = 0 THEN '' ELSE 'accepted' END, '', "
        "CASE WHEN c.id %% 4 = 0 THEN NULL ELSE now() END, "
        f"{manager}, c.id, d.dienst_id, {rung} "
        f"{batch.replace('WHERE', 'JOIN cases_case_diensten d ON d.case_id = c.id WHERE')} "
        "AND c.status = 'accepted'",
        [after],
    )
    cursor.execute(
        f"INSERT INTO deadlines_deadline ({deadline_columns}) "
        f"SELECT {request_type}, r.id, 'dienst_answer', 'open', "
        "date_trunc('day', now()) + (5 + r.id %% 20) * interval '1 day', NULL, 0, "
        f"{manager}, r.dienst_id, c.reference, '/casussen/' || c.reference || '/ladder/', "
        "'/dienst/' || r.id || '/', r.sent_at, NULL "
        "FROM escalation_dienstrequest r JOIN cases_case c ON c.id = r.case_id "
        "WHERE c.id > %s AND r.status = 'sent'",
        [after],
    )
