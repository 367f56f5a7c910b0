"""Benchmark the main screens and jobs on a generated database (see docs/benchmarks.md).

Usage (through ``bin/bench``)::

    python3 -m benchmarks.bench --db sg_bench_s [--size S] [--repeat 7]

Each case runs once to warm the caches, then ``--repeat`` times with the record
cache emptied before each run, as for a new request. It reports the median wall
time, the number of SQL queries of one run, and the ratio to a hand-written SQL
query returning the same rows, run in the same way (the floor). Jobs that write
run inside a savepoint that is rolled back, so the database is left unchanged.
"""

import statistics
import sys
import time
from contextlib import contextmanager, nullcontext
from functools import partial
from unittest.mock import patch

from odoo import fields
from odoo.fields import Command

from benchmarks.common import database_parser, environment, open_registry_of

CONTEXT = {"lang": "en_US", "tz": "Europe/London"}
LIST_LIMIT = 80
KANBAN_LIMIT = 40
# the relational columns of the MASH queue, read last in its layered measure
LAYERED = ("agency_id", "child_ids")


def view_spec(model, view_xmlid, view_type):
    """The spec the web client sends for the view (shared with the query-count tests)."""
    # imported here: odoo.addons only knows the addons path once the registry is open
    from odoo.addons.safeguarding_threshold.tools import view_spec as shared

    return shared.view_spec(model, view_xmlid, view_type)


# ------------------------------------------------------------------ measuring


class Case:
    def __init__(self, name, run, floor, target_ms=None, rate_of=None, prepare=None, **targets):
        self.name = name
        self.run = run
        self.floor = floor
        self.target_ms = target_ms
        self.rate_of = rate_of
        self.prepare = prepare
        self.max_ratio = targets.get("max_ratio")  # times the SQL floor
        self.min_rate = targets.get("min_rate")  # rows of rate_of a second


def _timed(env, func, repeat, prepare=None):
    """Median wall time, query count and median time inside the database of ``func``;
    ``prepare`` runs untimed before each run, and then the run is rolled back (for jobs
    that write)."""
    cr = env.cr
    times, queries, in_sql = [], [], []
    for index in range(repeat + 1):  # the first run warms the caches
        with rolled_back(env) if prepare else nullcontext():
            if prepare:
                prepare()
            env.invalidate_all()
            before = cr.sql_log_count
            with sql_timer() as sql_time:
                start = time.perf_counter()
                func()
                elapsed = time.perf_counter() - start
            count = cr.sql_log_count - before
        if index:
            times.append(elapsed)
            queries.append(count)
            in_sql.append(sql_time[0])
    return statistics.median(times), max(queries), statistics.median(in_sql)


@contextmanager
def sql_timer():
    """Add up the time spent in ``Cursor.execute`` (query sent, run and its rows received)
    within the block: the rest of a run's time is Odoo's own Python work."""
    from odoo.sql_db import Cursor

    execute = Cursor.execute
    total = [0.0]

    def timed_execute(cursor, *args, **kwargs):
        start = time.perf_counter()
        try:
            return execute(cursor, *args, **kwargs)
        finally:
            total[0] += time.perf_counter() - start

    with patch.object(Cursor, "execute", timed_execute):
        yield total


@contextmanager
def rolled_back(env):
    """Run the block in a savepoint that is always rolled back; crons do not commit."""
    cr = env.cr
    savepoint = cr.savepoint()
    with patch.object(type(env["ir.cron"]), "_commit_progress", lambda self, *a, **k: 1e9):
        try:
            yield
        finally:
            env.invalidate_all(flush=False)
            savepoint.close(rollback=True)
            env.invalidate_all(flush=False)


class Bench:
    def __init__(self, env, repeat):
        self.env = env
        self.cr = env.cr
        self.repeat = repeat
        self.results = []
        self.notes = []
        self.floors = {}

    def user_env(self, login_prefix, pick=None):
        users = self.env["res.users"].search([("login", "=like", f"bench.{login_prefix}%")])
        user = pick(users) if pick else users[:1]
        return self.env(user=user.id, context=CONTEXT, su=False), user

    def measure(self, case, env):
        median, queries, in_sql = _timed(env, case.run, self.repeat, case.prepare)
        # cases sharing a floor (the queue's layers) are compared with one measure of it
        if case.floor not in self.floors:
            self.floors[case.floor] = _timed(env, case.floor, self.repeat)[0]
        floor_median = self.floors[case.floor]
        rows = case.rate_of() if case.rate_of else None
        self.results.append((case, median, queries, in_sql, floor_median, rows))
        print(
            f"  {case.name:<52} {median * 1000:9.1f} ms  {queries:5d} q  "
            f"{in_sql * 1000:9.1f} ms in SQL",
            flush=True,
        )

    def sql(self, query, params=None):
        def run():
            self.cr.execute(query, params or {})
            return self.cr.fetchall()

        return run

    # ---------------------------------------------------------------- cases

    def mash_queue(self):
        env, user = self.user_env("mash")
        Referral = env["safeguarding.referral"]
        spec = view_spec(
            Referral, "safeguarding_threshold.safeguarding_referral_view_list_mash_queue", "list"
        )
        domain = [("state", "in", ["submitted", "screening"])]

        def page(spec):
            def run():
                Referral.web_search_read(
                    domain, spec, limit=LIST_LIMIT, order="decision_deadline ASC, id ASC",
                    count_limit=10001,
                )  # fmt: skip

            return run

        floor = self.sql(
            """
            SELECT r.id, r.decision_deadline, r.decided_on, r.name, r.urgency, r.received_on,
                   r.suggested_tier, r.state, a.id, a.name,
                   ARRAY(SELECT c.name FROM safeguarding_child_referral_rel rel
                           JOIN safeguarding_child c ON c.id = rel.child_id
                          WHERE rel.referral_id = r.id AND c.active
                          ORDER BY c.last_name, c.first_name, c.id)
              FROM safeguarding_referral r
              LEFT JOIN safeguarding_agency a ON a.id = r.agency_id
             WHERE r.state IN ('submitted', 'screening') AND r.active
               AND r.company_id = ANY(%(companies)s)
             ORDER BY r.decision_deadline, r.id
             LIMIT %(limit)s
            """,
            {"companies": env.companies.ids, "limit": LIST_LIMIT},
        )
        self.measure(Case("MASH queue, first page (80)", page(spec), floor, 150, max_ratio=3), env)
        # the same page read in layers, to show where its time goes (no targets)
        scalars = {name: value for name, value in spec.items() if name not in LAYERED}
        layers = [
            ("ids and count only", {}),
            ("+ scalar columns", scalars),
            ("+ agency name", {**scalars, "agency_id": spec["agency_id"]}),
        ]
        for label, layer_spec in layers:
            self.measure(Case(f"  queue layer: {label}", page(layer_spec), floor), env)

    def mash_find_child(self):
        """The MASH checks whether a child is known: a search over every child of the
        council, by name or by one of the three identifiers, as typed in a many2one."""
        env, _user = self.user_env("mash")
        self.cr.execute(
            "SELECT last_name FROM safeguarding_child WHERE last_name IS NOT NULL "
            "ORDER BY id LIMIT 1"
        )
        typed = self.cr.fetchone()[0][:4]
        Child = env["safeguarding.child"]

        def run():
            Child.name_search(typed, limit=8)

        floor = self.sql(
            """SELECT c.id, c.name FROM safeguarding_child c
                WHERE c.active AND c.company_id = ANY(%(companies)s)
                  AND (c.name ILIKE %(pattern)s OR c.local_reference ILIKE %(pattern)s
                       OR c.nhs_number ILIKE %(pattern)s OR c.upn ILIKE %(pattern)s)
                ORDER BY c.last_name, c.first_name, c.id LIMIT 8""",
            {"companies": env.companies.ids, "pattern": f"%{typed}%"},
        )
        self.measure(Case(f"MASH finds a child by name ('{typed}')", run, floor, 150), env)

    def _form(self, label, login, model_name, view_xmlid, record_id, floor_sql):
        env, _user = self.user_env(login)
        model = env[model_name]
        spec = view_spec(model, view_xmlid, "form")

        def run():
            model.browse(record_id).web_read(spec)

        self.measure(Case(label, run, self.sql(floor_sql, {"id": record_id}), 150), env)

    def forms(self):
        cr = self.cr
        # a decided referral with several indicators and children: a typical heavy form
        cr.execute(
            """SELECT r.id FROM safeguarding_referral r
                WHERE r.state = 'decided' AND r.framework_id = (
                      SELECT id FROM safeguarding_framework WHERE code = 'thurrock')
                ORDER BY (SELECT count(*) FROM safeguarding_referral_indicator l
                           WHERE l.referral_id = r.id) DESC, r.id DESC LIMIT 1"""
        )
        referral_id = cr.fetchone()[0]
        self._form(
            "Open a referral form",
            "mash",
            "safeguarding.referral",
            "safeguarding_threshold.safeguarding_referral_view_form",
            referral_id,
            """SELECT r.*, (SELECT json_agg(l ORDER BY l.tier DESC, l.id)
                              FROM (SELECT l.id, l.tier, l.evidence, i.code, i.name, d.name AS dom
                                      FROM safeguarding_referral_indicator l
                                      JOIN safeguarding_indicator i ON i.id = l.indicator_id
                                      JOIN safeguarding_indicator_domain d ON d.id = l.domain_id
                                     WHERE l.referral_id = r.id) l),
                      (SELECT array_agg(c.name) FROM safeguarding_child_referral_rel rel
                         JOIN safeguarding_child c ON c.id = rel.child_id
                        WHERE rel.referral_id = r.id),
                      a.name, f.name
                 FROM safeguarding_referral r
                 LEFT JOIN safeguarding_agency a ON a.id = r.agency_id
                 LEFT JOIN safeguarding_family f ON f.id = r.family_id
                WHERE r.id = %(id)s""",
        )
        # the child with the most referrals at the 99th percentile
        cr.execute(
            """SELECT child_id FROM safeguarding_child_referral_rel GROUP BY child_id
                ORDER BY count(*) DESC, child_id
               OFFSET (SELECT count(DISTINCT child_id) / 100 FROM safeguarding_child_referral_rel)
                LIMIT 1"""
        )
        child_id = cr.fetchone()[0]
        self._form(
            "Open a child form",
            "hub",
            "safeguarding.child",
            "safeguarding_threshold.safeguarding_child_view_form",
            child_id,
            """SELECT c.*,
                      (SELECT json_agg(m) FROM (SELECT m.*, f.name AS fam
                              FROM safeguarding_family_member m
                              JOIN safeguarding_family f ON f.id = m.family_id
                             WHERE m.child_id = c.id) m),
                      (SELECT json_agg(r) FROM (SELECT r.id, r.name, r.state, r.received_on
                              FROM safeguarding_child_referral_rel rel
                              JOIN safeguarding_referral r ON r.id = rel.referral_id
                             WHERE rel.child_id = c.id) r),
                      (SELECT json_agg(t) FROM (SELECT t.id, t.name, t.state
                              FROM safeguarding_child_taf_rel rel
                              JOIN safeguarding_taf t ON t.id = rel.taf_id
                             WHERE rel.child_id = c.id) t),
                      (SELECT json_agg(h) FROM safeguarding_child_tier h WHERE h.child_id = c.id)
                 FROM safeguarding_child c WHERE c.id = %(id)s""",
        )
        cr.execute(
            """SELECT t.id FROM safeguarding_taf t WHERE t.state = 'open'
                ORDER BY (SELECT count(*) FROM safeguarding_taf_action a WHERE a.taf_id = t.id)
                         DESC, t.id LIMIT 1"""
        )
        taf_id = cr.fetchone()[0]
        self._form(
            "Open a TAF case form",
            "hub",
            "safeguarding.taf",
            "safeguarding_threshold.safeguarding_taf_view_form",
            taf_id,
            """SELECT t.*, f.name, u.login,
                      (SELECT json_agg(a) FROM safeguarding_taf_action a WHERE a.taf_id = t.id),
                      (SELECT json_agg(r) FROM safeguarding_taf_review r WHERE r.taf_id = t.id),
                      (SELECT json_agg(m) FROM safeguarding_taf_member m WHERE m.taf_id = t.id),
                      (SELECT json_agg(l) FROM safeguarding_taf_lead l WHERE l.taf_id = t.id),
                      (SELECT array_agg(c.name) FROM safeguarding_child_taf_rel rel
                         JOIN safeguarding_child c ON c.id = rel.child_id
                        WHERE rel.taf_id = t.id)
                 FROM safeguarding_taf t
                 JOIN safeguarding_family f ON f.id = t.family_id
                 LEFT JOIN res_users u ON u.id = t.lead_professional_id
                WHERE t.id = %(id)s""",
        )

    def taf_kanban(self):
        cr = self.cr
        cr.execute(
            """SELECT lead_professional_id FROM safeguarding_taf WHERE state = 'open'
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
        )
        lead_id = cr.fetchone()[0]
        env = self.env(user=lead_id, context=CONTEXT, su=False)
        Taf = env["safeguarding.taf"]
        spec = view_spec(Taf, "safeguarding_threshold.safeguarding_taf_view_kanban", "kanban")
        domain = [("state", "=", "open")]

        def run():
            Taf.web_read_group(
                domain, ["state"], ["__count"], auto_unfold=True,
                unfold_read_specification=spec, unfold_read_default_limit=KANBAN_LIMIT,
            )  # fmt: skip

        floor = self.sql(
            """
            SELECT t.id, t.name, t.tier, t.state, t.next_review_date, f.name,
                   ARRAY(SELECT c.name FROM safeguarding_child_taf_rel rel
                           JOIN safeguarding_child c ON c.id = rel.child_id
                          WHERE rel.taf_id = t.id),
                   (SELECT count(*) FROM safeguarding_taf_action a
                     WHERE a.taf_id = t.id AND a.state = 'todo' AND a.due_date < CURRENT_DATE)
              FROM safeguarding_taf t JOIN safeguarding_family f ON f.id = t.family_id
             WHERE t.state = 'open' AND t.active
               AND (t.lead_professional_id = %(uid)s OR EXISTS (
                    SELECT 1 FROM safeguarding_taf_member m
                     WHERE m.taf_id = t.id AND m.user_id = %(uid)s))
             ORDER BY t.state, t.start_date DESC, t.id DESC LIMIT %(limit)s
            """,
            {"uid": lead_id, "limit": KANBAN_LIMIT},
        )
        cr.execute(
            "SELECT count(*) FROM safeguarding_taf WHERE state = 'open' "
            "AND lead_professional_id = %s",
            [lead_id],
        )
        self.measure(
            Case(f"Lead professional's TAF kanban ({cr.fetchone()[0]} open cases)", run, floor,
                 150),
            env,
        )  # fmt: skip

    def _busiest_practitioner(self):
        """The practitioner who made the most referrals: the longest lists of their own."""
        self.cr.execute(
            """SELECT r.referrer_user_id FROM safeguarding_referral r
                 JOIN res_users u ON u.id = r.referrer_user_id
                WHERE u.login LIKE 'bench.practitioner%%'
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
        )
        user_id = self.cr.fetchone()[0]
        return self.env(user=user_id, context=CONTEXT, su=False), user_id

    def practitioner_lists(self):
        """A practitioner's own children, households and adults: lists under their record
        rules, and finding a child by name."""
        env, user_id = self._busiest_practitioner()
        # what the practitioner works with: the record rules' four ways, as one union
        known_children = """
            SELECT rel.child_id FROM safeguarding_child_referral_rel rel
              JOIN safeguarding_referral r ON r.id = rel.referral_id
             WHERE r.referrer_user_id = %(uid)s
            UNION SELECT rel.child_id FROM safeguarding_child_taf_rel rel
              JOIN safeguarding_taf t ON t.id = rel.taf_id
             WHERE t.lead_professional_id = %(uid)s
            UNION SELECT rel.child_id FROM safeguarding_child_taf_rel rel
              JOIN safeguarding_taf_member m ON m.taf_id = rel.taf_id
             WHERE m.user_id = %(uid)s
            UNION SELECT id FROM safeguarding_child WHERE create_uid = %(uid)s"""
        worked_families = """
            SELECT family_id FROM safeguarding_referral WHERE referrer_user_id = %(uid)s
            UNION SELECT family_id FROM safeguarding_taf WHERE lead_professional_id = %(uid)s
            UNION SELECT t.family_id FROM safeguarding_taf t
              JOIN safeguarding_taf_member m ON m.taf_id = t.id WHERE m.user_id = %(uid)s"""
        known_families = f"""{worked_families}
            UNION SELECT id FROM safeguarding_family WHERE create_uid = %(uid)s"""
        known_adults = f"""
            SELECT adult_id FROM safeguarding_family_member
             WHERE adult_id IS NOT NULL AND family_id IN ({worked_families})
            UNION SELECT id FROM safeguarding_adult WHERE create_uid = %(uid)s"""
        params = {"uid": user_id, "companies": env.companies.ids, "limit": LIST_LIMIT}
        lists = [
            (
                "children",
                "safeguarding.child",
                "safeguarding_threshold.safeguarding_child_view_list",
                f"""SELECT c.id, c.name, c.known_as, c.birthdate, c.expected_birthdate, c.sex,
                           c.current_tier, c.postcode, c.nhs_number, c.upn
                      FROM safeguarding_child c
                     WHERE c.active AND c.company_id = ANY(%(companies)s)
                       AND c.id IN ({known_children})
                     ORDER BY c.last_name, c.first_name, c.id LIMIT %(limit)s""",
            ),
            (
                "households",
                "safeguarding.family",
                "safeguarding_threshold.safeguarding_family_view_list",
                f"""SELECT f.id, f.reference, f.name, f.postcode, f.city,
                           (SELECT count(*) FROM safeguarding_family_member m
                             WHERE m.family_id = f.id AND m.child_id IS NOT NULL
                               AND m.date_from <= CURRENT_DATE
                               AND (m.date_to IS NULL OR m.date_to >= CURRENT_DATE))
                      FROM safeguarding_family f
                     WHERE f.active AND f.company_id = ANY(%(companies)s)
                       AND f.id IN ({known_families})
                     ORDER BY f.name, f.id LIMIT %(limit)s""",
            ),
            (
                "adults",
                "safeguarding.adult",
                "safeguarding_threshold.safeguarding_adult_view_list",
                f"""SELECT a.id, a.name, a.birthdate, a.phone, a.postcode
                      FROM safeguarding_adult a
                     WHERE a.active AND a.company_id = ANY(%(companies)s)
                       AND a.id IN ({known_adults})
                     ORDER BY a.name, a.id LIMIT %(limit)s""",
            ),
        ]
        for what, model_name, view_xmlid, floor_sql in lists:
            model = env[model_name]
            spec = view_spec(model, view_xmlid, "list")
            count = model.search_count([])

            def run(model=model, spec=spec):
                model.web_search_read([], spec, limit=LIST_LIMIT, count_limit=10001)

            label = f"Practitioner's list of {what} ({count:,} theirs)"
            floor = self.sql(floor_sql, params)
            self.measure(Case(label, run, floor, 150), env)

        # the first three letters of the surname of one of their children, as typed
        self.cr.execute(
            f"SELECT left(last_name, 3) FROM safeguarding_child WHERE id IN ({known_children}) "
            "ORDER BY id LIMIT 1",
            params,
        )
        typed = self.cr.fetchone()[0]
        Child = env["safeguarding.child"]

        def find_child():
            Child.name_search(typed, limit=8)

        floor = self.sql(
            f"""SELECT c.id, c.name FROM safeguarding_child c
                 WHERE c.active AND c.company_id = ANY(%(companies)s)
                   AND c.name ILIKE %(pattern)s AND c.id IN ({known_children})
                 ORDER BY c.last_name, c.first_name, c.id LIMIT 8""",
            {**params, "pattern": f"%{typed}%"},
        )
        label = f"Practitioner finds a child by name ('{typed}')"
        self.measure(Case(label, find_child, floor, 150), env)

    def pivot(self):
        env, _user = self.user_env("manager")
        Referral = env["safeguarding.referral"]
        grouping_sets = [
            [],
            ["decided_tier"],
            ["received_on:month"],
            ["decided_tier", "received_on:month"],
        ]

        def run():
            Referral.formatted_read_grouping_sets([], grouping_sets, ["__count"])

        floor = self.sql(
            """
            SELECT decided_tier, date_trunc('month', received_on AT TIME ZONE 'UTC'
                                                     AT TIME ZONE 'Europe/London'), count(*)
              FROM safeguarding_referral WHERE active
             GROUP BY GROUPING SETS ((), (1), (2), (1, 2))
            """
        )
        self.measure(Case("Manager pivot: referrals by tier x month, all", run, floor, 1000), env)

        # Safeguarding > Referral figures: the same grouping sets on the pre-aggregated
        # figures (totals plus the changes not yet folded), as the pivot asks for them
        Figure = env["safeguarding.referral.figure"]
        figure_sets = [[], ["decided_tier"], ["received_month:month"]]
        figure_sets.append(["decided_tier", "received_month:month"])
        last_12_months = [("received_month", ">=", "today =1d -11m")]
        self.cr.execute(
            "SELECT (date_trunc('month', now() AT TIME ZONE 'Europe/London') "
            "- interval '11 months')::date"
        )
        since = self.cr.fetchone()[0]
        for label, domain, floor_since in (
            ("last 12 months", last_12_months, since),
            ("all history", [], None),
        ):

            def run_figures(domain=domain):
                Figure.formatted_read_grouping_sets(domain, figure_sets, ["referral_count:sum"])

            floor = self.sql(
                """
                SELECT decided_tier, received_month, sum(referral_count)
                  FROM (SELECT decided_tier, received_month, referral_count, company_id
                          FROM safeguarding_referral_figure_total
                        UNION ALL
                        SELECT decided_tier, received_month, referral_count, company_id
                          FROM safeguarding_referral_figure_delta) figure
                 WHERE company_id = ANY(%(companies)s)
                   AND (%(since)s::date IS NULL OR received_month >= %(since)s::date)
                 GROUP BY GROUPING SETS ((), (1), (2), (1, 2))
                """,
                {"companies": env.companies.ids, "since": floor_since},
            )
            self.measure(
                Case(
                    f"Manager figures: referrals by tier x month, {label}", run_figures, floor, 30
                ),
                env,
            )

    def indicator_search(self):
        """Each catalogue's slowest query of the search-quality set, as a practitioner,
        and the set's score (hits among the first results)."""
        from odoo.addons.safeguarding_threshold.tools import search_quality

        env, _user = self.user_env("practitioner")
        Indicator = env["safeguarding.indicator"]
        rows = search_quality.load_queries()
        for framework in env["safeguarding.framework"].search([("indicator_ids", "!=", False)]):
            queries = [query for code, query, _expected in rows if code == framework.code]
            if not queries:
                continue

            def search(query, framework_id=framework.id):
                return Indicator.search_ranked_ids(
                    framework_id, query, search_quality.FIRST_RESULTS
                )

            slowest = max(queries, key=lambda query: _timed(env, partial(search, query), 3)[0])
            floor = self.sql(
                "SELECT id FROM safeguarding_indicator WHERE framework_id = %(f)s "
                "AND search_vector @@ plainto_tsquery('english', %(q)s) LIMIT 8",
                {"f": framework.id, "q": slowest},
            )
            count = len(framework.indicator_ids)
            self.measure(
                Case(
                    f"Indicator search, {framework.name} ({count}): slowest '{slowest}'",
                    lambda query=slowest: search(query),
                    floor,
                    50,
                ),
                env,
            )
        figures = search_quality.summary(search_quality.evaluate(env))
        self.notes.append(
            f"Search quality: {figures['hits']}/{figures['total']} queries find all their "
            f"expected indicators among the first {search_quality.FIRST_RESULTS}; "
            f"{figures['non_literal_hits']}/{figures['non_literal']} of those whose words "
            "are not in the indicators' text."
        )
        holdout = search_quality.summary(
            search_quality.evaluate(env, search_quality.load_queries(search_quality.HOLDOUT))
        )
        self.notes.append(
            "Search quality, hold-out (written blind, not used for tuning): "
            f"{holdout['hits']}/{holdout['total']} queries; "
            f"{holdout['non_literal_hits']}/{holdout['non_literal']} of those whose words "
            "are not in the indicators' text."
        )

    def review_cron(self):
        env = self.env(context=CONTEXT)
        Review = env["safeguarding.taf.review"]
        cr = self.cr
        state = {}
        cr.execute("SELECT count(*) FROM safeguarding_taf WHERE state IN ('open', 'stepped_down')")
        cases = cr.fetchone()[0]
        cr.execute("SELECT CURRENT_DATE + 1")
        tomorrow = cr.fetchone()[0]

        def run_tomorrow():
            # the next daily run: the reviews that fall due tomorrow, among all cases
            with patch.object(fields.Date, "context_today", lambda *args, **kwargs: tomorrow):
                Review._cron_review_reminders()
                env.flush_all()

        def count_tomorrow():
            cr.execute(
                "SELECT count(*) FROM safeguarding_taf_review WHERE state = 'planned' AND "
                "((activity_scheduled IS NOT TRUE AND remind_on <= %(day)s) OR "
                "(overdue_flagged IS NOT TRUE AND date < %(day)s))",
                {"day": tomorrow},
            )
            state["tomorrow"] = cr.fetchone()[0]

        floor_day = self.sql(
            """
            SELECT r.id, r.date, r.remind_on, t.id, t.lead_professional_id
              FROM safeguarding_taf_review r JOIN safeguarding_taf t ON t.id = r.taf_id
             WHERE r.state = 'planned'
               AND ((r.activity_scheduled IS NOT TRUE AND r.remind_on <= %(day)s)
                    OR (r.overdue_flagged IS NOT TRUE AND r.date < %(day)s))
            """,
            {"day": tomorrow},
        )
        count_tomorrow()
        self.measure(
            Case(
                f"Review cron, next day: {cases:,} running cases, {state['tomorrow']:,} due",
                run_tomorrow,
                floor_day,
                rate_of=lambda: cases,
                prepare=lambda: None,
                min_rate=2000,
            ),
            env,
        )
        # the same run again, the same day: every case examined, nothing left to act on
        self.measure(
            Case(
                f"Review cron, next day run again: {cases:,} cases examined, 0 due",
                run_tomorrow,
                floor_day,
                rate_of=lambda: cases,
                prepare=run_tomorrow,
                min_rate=2000,
            ),
            env,
        )

        def prepare():
            # every planned review is due again: the cron acts on all of them
            # and has none of its activities yet, so that the run gives every one of them
            cr.execute("DELETE FROM mail_activity WHERE res_model = 'safeguarding.taf.review'")
            cr.execute(
                "UPDATE safeguarding_taf_review SET activity_scheduled = false, "
                "overdue_flagged = false WHERE state = 'planned' "
                "RETURNING (remind_on <= CURRENT_DATE)::int + (date < CURRENT_DATE)::int"
            )
            state["due"] = sum(row[0] for row in cr.fetchall())
            env.invalidate_all()

        def run():
            Review._cron_review_reminders()
            env.flush_all()

        floor = self.sql(
            """
            SELECT r.id, r.date, r.remind_on, t.id, t.lead_professional_id
              FROM safeguarding_taf_review r JOIN safeguarding_taf t ON t.id = r.taf_id
             WHERE r.state = 'planned' AND (r.remind_on <= CURRENT_DATE OR r.date < CURRENT_DATE)
            """
        )
        with rolled_back(env):
            prepare()
        self.measure(
            Case(
                f"Review cron, all due: {state['due']:,} activities to give",
                run,
                floor,
                rate_of=lambda: state["due"],
                prepare=prepare,
            ),
            env,
        )

    def escalation_cron(self):
        env = self.env(context=CONTEXT)
        Escalation = env["safeguarding.escalation"]
        cr = self.cr
        state = {}

        def prepare():
            cr.execute(
                "UPDATE safeguarding_escalation SET is_overdue = false WHERE state = 'open' "
                "RETURNING (stage_deadline < CURRENT_DATE)::int"
            )
            state["due"] = sum(row[0] for row in cr.fetchall())
            env.invalidate_all()

        def run():
            Escalation._cron_flag_overdue_stages()
            env.flush_all()

        floor = self.sql(
            """SELECT e.id, e.stage_deadline, e.raised_by_id, u.safeguarding_manager_id
                 FROM safeguarding_escalation e JOIN res_users u ON u.id = e.raised_by_id
                WHERE e.state = 'open' AND e.stage_deadline < CURRENT_DATE"""
        )
        with rolled_back(env):
            prepare()
        self.measure(
            Case(
                f"Escalation deadline cron: {state['due']:,} overdue stages",
                run,
                floor,
                rate_of=lambda: state["due"],
                prepare=prepare,
            ),
            env,
        )

    def recompute_suggestions(self, count=10000):
        env = self.env(context=CONTEXT)
        cr = self.cr
        framework = env.ref("safeguarding_threshold.framework_thurrock")
        state = {}

        def prepare():
            # make 10,000 referrals undecided, so that a rule change recomputes them
            cr.execute(
                """UPDATE safeguarding_referral SET state = 'screening'
                    WHERE id IN (SELECT id FROM safeguarding_referral
                                  WHERE framework_id = %s ORDER BY id DESC LIMIT %s)""",
                [framework.id, count],
            )
            cr.execute(
                "SELECT count(*) FROM safeguarding_referral WHERE framework_id = %s "
                "AND state IN ('draft', 'submitted', 'screening')",
                [framework.id],
            )
            state["due"] = cr.fetchone()[0]
            env.invalidate_all()

        def run():
            env["safeguarding.framework.rule"].create(
                {
                    "framework_id": framework.id,
                    "name": "Benchmark: several tier 2 needs",
                    "source_tier": "2",
                    "min_indicators": 3,
                    "min_domains": 2,
                    "suggested_tier": "3",
                }
            )
            env.flush_all()

        floor = self.sql(
            """SELECT r.id, l.indicator_id, i.tier, i.domain_id, i.is_protective, i.code
                 FROM safeguarding_referral r
                 JOIN safeguarding_referral_indicator l ON l.referral_id = r.id
                 JOIN safeguarding_indicator i ON i.id = l.indicator_id
                WHERE r.id IN (SELECT id FROM safeguarding_referral WHERE framework_id = %s
                                ORDER BY id DESC LIMIT %s)""",
            [framework.id, count],
        )
        with rolled_back(env):
            prepare()
        self.measure(
            Case(
                f"Rule change: recompute {state['due']:,} suggested tiers",
                run,
                floor,
                rate_of=lambda: state["due"],
                prepare=prepare,
            ),
            env,
        )

    def practitioner_saves_a_referral(self):
        """A practitioner saves a new referral about two children they know, with three
        indicators: the integrity guard checks every reference the client sent."""
        env, user_id = self._busiest_practitioner()
        self.cr.execute(
            """SELECT rel.child_id, r.family_id FROM safeguarding_child_referral_rel rel
                 JOIN safeguarding_referral r ON r.id = rel.referral_id
                WHERE r.referrer_user_id = %s AND r.family_id IS NOT NULL
                ORDER BY r.id DESC LIMIT 2""",
            [user_id],
        )
        rows = self.cr.fetchall()
        framework = env.ref("safeguarding_threshold.framework_thurrock")
        indicators = env["safeguarding.indicator"].search(
            [("framework_id", "=", framework.id), ("tier", "=", "2")], limit=3
        )
        values = {
            "referrer_name": "Benchmark practitioner",
            "framework_id": framework.id,
            "family_id": rows[0][1],
            "child_ids": [Command.set([row[0] for row in rows])],
            "concerns": "<p>Arrives hungry most days.</p>",
            "indicator_line_ids": [
                Command.create({"indicator_id": indicator.id}) for indicator in indicators
            ],
        }

        def create_as(Referral):
            def run():
                Referral.create(values)
                Referral.env.flush_all()

            return run

        floor = self.sql(
            "SELECT id FROM safeguarding_child WHERE id = ANY(%(ids)s)",
            {"ids": [row[0] for row in rows]},
        )
        for label, Referral in (
            ("Practitioner saves a referral (2 children, 3 needs)",
             env["safeguarding.referral"]),
            ("  the same as superuser (no guard, no rules)",
             env["safeguarding.referral"].sudo()),
        ):  # fmt: skip
            self.measure(Case(label, create_as(Referral), floor, 150, prepare=lambda: None), env)

    def child_chronology(self):
        """A hub worker opens the chronology of the child with the most referrals: one
        dated list of the child's referrals, tier changes, households, cases, reviews,
        assessments, disagreements and events recorded by hand."""
        env, _user = self.user_env("hub")
        self.cr.execute(
            """SELECT child_id, count(*) FROM safeguarding_child_referral_rel
                GROUP BY child_id ORDER BY count(*) DESC, child_id LIMIT 1"""
        )
        child_id, referrals = self.cr.fetchone()
        Chronology = env["safeguarding.child.chronology"]
        spec = view_spec(
            Chronology, "safeguarding_threshold.safeguarding_child_chronology_view_list", "list"
        )

        def run():
            Chronology.web_search_read(
                [("child_id", "=", child_id)], spec, limit=LIST_LIMIT, count_limit=10001
            )

        floor = self.sql(
            """
            SELECT * FROM (
                SELECT r.received_on::date AS day, r.name AS what
                  FROM safeguarding_child_referral_rel rel
                  JOIN safeguarding_referral r ON r.id = rel.referral_id
                 WHERE rel.child_id = %(child)s AND r.active AND r.state != 'draft'
                UNION ALL
                SELECT r.decided_on::date, r.name FROM safeguarding_child_referral_rel rel
                  JOIN safeguarding_referral r ON r.id = rel.referral_id
                 WHERE rel.child_id = %(child)s AND r.active AND r.decided_on IS NOT NULL
                UNION ALL
                SELECT h.date_from::date, h.reason FROM safeguarding_child_tier h
                 WHERE h.child_id = %(child)s
                UNION ALL
                SELECT m.date_from, f.name FROM safeguarding_family_member m
                  JOIN safeguarding_family f ON f.id = m.family_id
                 WHERE m.child_id = %(child)s
                UNION ALL
                SELECT t.start_date, t.name FROM safeguarding_child_taf_rel rel
                  JOIN safeguarding_taf t ON t.id = rel.taf_id
                 WHERE rel.child_id = %(child)s AND t.active
                UNION ALL
                SELECT v.date, t.name FROM safeguarding_child_taf_rel rel
                  JOIN safeguarding_taf_review v ON v.taf_id = rel.taf_id
                  JOIN safeguarding_taf t ON t.id = v.taf_id
                 WHERE rel.child_id = %(child)s AND v.state = 'held'
                UNION ALL
                SELECT e.date, e.name FROM safeguarding_child_event e
                 WHERE e.child_id = %(child)s
            ) events ORDER BY day LIMIT %(limit)s
            """,
            {"child": child_id, "limit": LIST_LIMIT},
        )
        self.measure(
            Case(f"Child's chronology ({referrals} referrals), first page", run, floor, 150), env
        )

    def run(self, only=None):
        steps = [
            ("mash_queue", self.mash_queue),
            ("mash_find_child", self.mash_find_child),
            ("forms", self.forms),
            ("taf_kanban", self.taf_kanban),
            ("practitioner_lists", self.practitioner_lists),
            ("practitioner_saves", self.practitioner_saves_a_referral),
            ("pivot", self.pivot),
            ("review_cron", self.review_cron),
            ("escalation_cron", self.escalation_cron),
            ("recompute", self.recompute_suggestions),
            ("indicator_search", self.indicator_search),
            ("chronology", self.child_chronology),
        ]
        for name, step in steps:
            if not only or name in only:
                step()
        return self.results


def format_table(results, size, repeat):
    lines = [
        f"| Case (size {size}, median of {repeat}) | Median | SQL queries | In SQL | SQL floor | "
        "Ratio | Throughput | Target | Met |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for case, median, queries, in_sql, floor, rows in results:
        ratio = median / floor if floor else float("inf")
        throughput = f"{rows / median:,.0f}/s" if rows else ""
        targets, met = [], []
        if case.target_ms:
            targets.append(f"<= {case.target_ms} ms")
            met.append(median * 1000 <= case.target_ms)
        if case.max_ratio:
            targets.append(f"<= {case.max_ratio}x floor")
            met.append(ratio <= case.max_ratio)
        if case.min_rate:
            targets.append(f">= {case.min_rate:,} cases/s")
            met.append(bool(rows) and rows / median >= case.min_rate)
        target = ", ".join(targets)
        met = ("yes" if all(met) else "**no**") if met else ""
        lines.append(
            f"| {case.name} | {median * 1000:,.1f} ms | {queries} | {in_sql * 1000:,.2f} ms | "
            f"{floor * 1000:,.2f} ms | "
            f"{ratio:,.1f}x | {throughput} | {target} | {met} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = database_parser(__doc__.split("\n")[0], default_size="?")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="run only these cases")
    args = parser.parse_args(argv)
    registry = open_registry_of(args)
    print(f"==> benchmark of {args.db} (size {args.size}, {args.repeat} runs per case)")
    with environment(registry, context=CONTEXT) as env:
        bench = Bench(env, args.repeat)
        results = bench.run(args.only)
        env.cr.rollback()
    print()
    print(format_table(results, args.size, args.repeat))
    for note in bench.notes:
        print()
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
