"""The manager's referral figures (safeguarding.referral.figure, issue 19) give the
same numbers as counting the referrals themselves, under the same record rules, after
any change of a referral by the ORM or by SQL, before and after the changes are folded
into the totals; only managers read them, each their own companies'."""

from datetime import datetime

from psycopg2.extensions import ISOLATION_LEVEL_REPEATABLE_READ

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import AccessError
from odoo.fields import Command, Domain
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .. import uninstall_hook
from ..models.safeguarding_referral_figure import COUNTED_DOMAIN, DELTA_TABLE, TOTAL_TABLE
from .common import GROUP_PREFIX, PARENT_CONSENT, SafeguardingCase

FIGURES = "safeguarding.referral.figure"
# what the manager's pivot asks for, and the other dimensions one by one
GROUPING_SETS = (
    (),
    ("decided_tier",),
    ("received_month:month",),
    ("decided_tier", "received_month:month"),
    ("decision_outcome",),
    ("referral_source",),
    ("framework_id",),
    ("company_id",),
    ("decision_outcome", "referral_source", "received_month:year"),
)


@tagged("post_install", "-at_install")
class TestReferralFigures(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Neighbouring council"})
        cls.manager_b = mail_new_test_user(
            cls.env,
            login="sg_figures_manager_b",
            groups=GROUP_PREFIX + "manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.police = cls.env["safeguarding.agency"].create(
            {"name": "Figures police team", "referral_source": "6"}
        )
        cls.school = cls.env["safeguarding.agency"].create(
            {"name": "Figures primary school", "referral_source": "2A"}
        )
        # referrals of the neighbouring council, which company A's manager must not count
        Referral = cls.env["safeguarding.referral"].with_company(cls.company_b)
        cls.referrals_b = Referral.create(
            [
                {
                    "referrer_name": "Neighbouring school",
                    "company_id": cls.company_b.id,
                    "received_on": datetime(2025, month, 10, 9),
                    "state": "submitted",
                }
                for month in (1, 2, 2, 7)
            ]
        )

    # ------------------------------------------------------------ helpers

    def _figures(self, user, domain=(), grouping_sets=GROUPING_SETS):
        """{grouping set: {group values: referrals}} of the figures, as ``user``."""
        Figure = self.env[FIGURES].with_user(user)
        self.env.invalidate_all()
        result = Figure.formatted_read_grouping_sets(
            list(domain), [list(spec) for spec in grouping_sets], ["referral_count:sum"]
        )
        return self._by_group(grouping_sets, result, "referral_count:sum")

    def _live(self, user, domain=(), grouping_sets=GROUPING_SETS):
        """The same, counted from the referrals (what the figures replace)."""
        Referral = self.env["safeguarding.referral"].with_user(user)
        self.env.invalidate_all()
        result = Referral.formatted_read_grouping_sets(
            list(COUNTED_DOMAIN & Domain(list(domain))),
            [list(spec) for spec in grouping_sets],
            ["__count"],
        )
        return self._by_group(grouping_sets, result, "__count")

    def _by_group(self, grouping_sets, result, aggregate):
        figures = {}
        for grouping_set, groups in zip(grouping_sets, result, strict=True):
            figures[tuple(grouping_set)] = {
                tuple(
                    str(group[spec][0] if isinstance(group[spec], tuple) else group[spec])
                    for spec in grouping_set
                ): group[aggregate]
                for group in groups
                if group[aggregate]
            }
        return figures

    def assertSameFigures(self, user=None, domain=()):
        user = user or self.manager
        live = self._live(user, domain)
        self.assertTrue(live[()], "the comparison counts some referrals")
        self.assertEqual(self._figures(user, domain), live)

    def _deltas(self):
        self.env.flush_all()
        self.env.cr.execute(f"SELECT count(*) FROM {DELTA_TABLE}")  # noqa: S608
        return self.env.cr.fetchone()[0]

    def _fold(self):
        return self.env[FIGURES]._fold_deltas()

    def _decide(self, referral, tier, outcome, **values):
        """Submit, screen and decide ``referral`` as the MASH does."""
        referral.with_user(referral.referrer_user_id).action_submit()
        as_mash = referral.with_user(self.mash_user)
        as_mash.action_start_screening()
        as_mash._decide(
            {
                "decided_tier": tier,
                "decision_outcome": outcome,
                "decision_rationale": "Discussed with the referrer.",
                **values,
            }
        )
        return as_mash

    def _new_referral(self, **values):
        return self.env["safeguarding.referral"].create(
            {
                "referrer_user_id": self.practitioner.id,
                "referrer_name": "Practitioner",
                "child_ids": [Command.set(self.child_a1.ids)],
                "family_id": self.family_a.id,
                "concerns": "<p>Amelia has arrived hungry every day this week.</p>",
                **PARENT_CONSENT,
                **values,
            }
        )

    # ------------------------------------------------------------ the same numbers

    def test_figures_are_the_live_counts_whatever_changes_the_referrals(self):
        self.assertSameFigures()
        self.env[FIGURES]._rebuild_totals()
        self.assertEqual(self._deltas(), 0)
        self.assertSameFigures()

        # created: a draft is not counted until it is submitted; the month is London's
        new = self.env["safeguarding.referral"]
        for received, agency in (
            # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London (summer time)
            (datetime(2025, 3, 31, 23, 30), self.police),
            # 23:30 UTC on 31 October 2025 is 23:30 in London (winter time)
            (datetime(2025, 10, 31, 23, 30), self.school),
            (datetime(2025, 11, 3, 10), self.school),
            (datetime(2024, 6, 3, 9), False),
        ):
            new |= self._new_referral(received_on=received, agency_id=agency and agency.id)
        self.assertEqual(
            [str(month) for month in new.mapped("received_month")],
            ["2025-04-01", "2025-10-01", "2025-11-01", "2024-06-01"],
        )
        self.assertSameFigures()
        new[0].with_user(self.practitioner).action_submit()
        new[1].with_user(self.practitioner).action_submit()
        self.assertSameFigures()
        self.assertGreater(self._deltas(), 0, "the changes wait in the deltas")

        # decided, by the MASH's own steps
        self._decide(new[2], "2", "early_help")
        self._decide(new[3], "4", "s47", primary_need_code="N1")
        self.assertSameFigures()
        self.assertGreater(self._fold(), 0)
        self.assertEqual(self._deltas(), 0)
        self.assertSameFigures()

        # changed: a tier, the month received and the source, by the ORM
        new[3].write({"decided_tier": "3", "decision_outcome": "s17"})
        new[1].write({"received_on": datetime(2025, 9, 30, 23, 30), "referral_source": "1A"})
        self.assertEqual(str(new[1].received_month), "2025-10-01")
        self.assertSameFigures()

        # archived and restored, as the hub does
        new[2].with_user(self.hub_user).action_archive()
        self.assertSameFigures()
        self._fold()
        self.assertSameFigures()
        new[2].with_user(self.hub_user).action_unarchive()
        new[0].with_user(self.hub_user).action_archive()
        self.assertSameFigures()

        # deleted by the safeguarding administrator
        new[1].with_user(self.sg_admin).unlink()
        self.assertSameFigures()
        self._fold()
        self.assertSameFigures()

    def test_figures_follow_changes_made_in_sql(self):
        referral = self._new_referral(received_on=datetime(2025, 5, 6, 9))
        self._decide(referral, "2", "early_help")
        self._fold()
        self.env.flush_all()
        cr = self.env.cr
        # a copy inserted by SQL, a tier changed, a referral deleted and one archived
        cr.execute(
            """SELECT string_agg(quote_ident(column_name), ', ')
                 FROM information_schema.columns
                WHERE table_name = 'safeguarding_referral' AND column_name <> 'id'"""
        )
        columns = cr.fetchone()[0]
        cr.execute(
            f"INSERT INTO safeguarding_referral ({columns}) "  # noqa: S608
            f"SELECT {columns} FROM safeguarding_referral WHERE id = %s RETURNING id",
            [referral.id],
        )
        copy_id = cr.fetchone()[0]
        cr.execute(
            "UPDATE safeguarding_referral SET decided_tier = '3', decision_outcome = 's17' "
            "WHERE id = %s",
            [copy_id],
        )
        cr.execute("UPDATE safeguarding_referral SET active = false WHERE id = %s", [referral.id])
        self.env.invalidate_all()
        self.assertSameFigures()
        cr.execute("DELETE FROM safeguarding_referral WHERE id = %s", [copy_id])
        self.assertSameFigures()
        # a change that moves no figure adds no delta
        self._fold()
        cr.execute(
            "UPDATE safeguarding_referral SET referrer_role = 'Teacher', state = 'closed' "
            "WHERE state = 'decided'"
        )
        self.assertEqual(self._deltas(), 0)

    def test_writers_and_the_fold_never_wait_for_each_other(self):
        """Two transactions adding a referral of the same figure at once, and a fold
        meanwhile, under REPEATABLE READ: none waits for another (each adds its own
        delta; the fold moves only committed ones). Nothing is committed."""
        framework = self.env.ref("safeguarding_threshold.framework_thurrock")
        insert = """
            INSERT INTO safeguarding_referral (name, state, referrer_name, received_on,
                   urgency, channel, framework_id, company_id, active, referral_source,
                   received_month)
            VALUES (%s, 'submitted', 'At the same time', '2025-05-06 09:00', 'standard',
                    'online', %s, %s, true, '2A', '2025-05-01')
        """
        connection = sql_db.db_connect(self.env.cr.dbname)
        cursors = [connection.cursor() for _index in range(3)]
        try:
            for cr in cursors:
                self.assertEqual(cr._cnx.isolation_level, ISOLATION_LEVEL_REPEATABLE_READ)
                # waiting for another transaction's lock fails the test
                cr.execute("SET LOCAL lock_timeout = '2s'")
            for number, cr in enumerate(cursors[:2]):
                cr.execute(insert, [f"REF/SAME/{number}", framework.id, self.company_a.id])
            fold_env = api.Environment(cursors[2], SUPERUSER_ID, {})
            fold_env[FIGURES]._fold_deltas()
            for number, cr in enumerate(cursors[:2]):
                cr.execute(
                    "UPDATE safeguarding_referral SET decided_tier = '2' WHERE name = %s",
                    [f"REF/SAME/{number}"],
                )
                self.assertEqual(cr.rowcount, 1)
        finally:
            for cr in cursors:
                cr.rollback()
                cr.close()

    def test_a_second_fold_at_once_waits_for_nothing_and_moves_nothing(self):
        """Two folds at once (the cron and a manual run): the second returns at once,
        having moved nothing, instead of failing to serialise once the first commits."""
        framework = self.env.ref("safeguarding_threshold.framework_thurrock")
        connection = sql_db.db_connect(self.env.cr.dbname)
        cursors = [connection.cursor() for _index in range(3)]
        try:
            writer, first, second = cursors
            writer.execute(
                "INSERT INTO safeguarding_referral (name, state, referrer_name, received_on, "
                "urgency, channel, framework_id, company_id, active, referral_source, "
                "received_month) VALUES ('REF/FOLD/1', 'submitted', 'Folded', "
                "'2025-05-06 09:00', 'standard', 'online', %s, %s, true, '2A', '2025-05-01')",
                [framework.id, self.company_a.id],
            )
            writer.commit()
            second.execute("SET LOCAL lock_timeout = '2s'")
            self.assertGreater(api.Environment(first, SUPERUSER_ID, {})[FIGURES]._fold_deltas(), 0)
            self.assertEqual(api.Environment(second, SUPERUSER_ID, {})[FIGURES]._fold_deltas(), 0)
        finally:
            for cr in cursors:
                cr.rollback()
            # what the writer committed (its delta and the delete's cancel out)
            cursors[0].execute("DELETE FROM safeguarding_referral WHERE name = 'REF/FOLD/1'")
            cursors[0].commit()
            for cr in cursors:
                cr.close()
        self.env[FIGURES]._rebuild_totals()
        self.assertSameFigures()

    def test_uninstalling_drops_the_figures_tables_and_functions(self):
        """The module's uninstall hook (rolled back with the test)."""
        cr = self.env.cr
        uninstall_hook(self.env)
        cr.execute(
            "SELECT count(*) FROM pg_class WHERE relname IN %s",
            [(TOTAL_TABLE, DELTA_TABLE, "safeguarding_referral_figure")],
        )
        self.assertEqual(cr.fetchone()[0], 0)
        cr.execute(
            "SELECT count(*) FROM pg_proc WHERE proname LIKE 'safeguarding_referral_figure%%'"
        )
        self.assertEqual(cr.fetchone()[0], 0)
        cr.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'safeguarding_referral_figure%%'"
        )
        self.assertEqual(cr.fetchone()[0], 0)

    def test_figures_are_exact_before_the_changes_are_folded(self):
        self.env[FIGURES]._rebuild_totals()
        before = self._figures(self.manager)[()][()]
        referral = self._new_referral(received_on=datetime(2025, 8, 4, 9))
        referral.with_user(self.practitioner).action_submit()
        self.assertEqual(self._figures(self.manager)[()][()], before + 1)
        self.env.cr.execute(f"SELECT count(*) FROM {TOTAL_TABLE}")  # noqa: S608
        self.assertGreater(self.env.cr.fetchone()[0], 0)
        self._fold()
        self.assertEqual(self._figures(self.manager)[()][()], before + 1)
        self.assertEqual(self._fold(), 0, "nothing left to fold")
        # a fold that empties a combination drops its total
        referral.with_user(self.hub_user).action_archive()
        self._fold()
        self.env.cr.execute(f"SELECT count(*) FROM {TOTAL_TABLE} WHERE referral_count = 0")  # noqa: S608
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_the_cron_folds_the_changes(self):
        referral = self._new_referral(received_on=datetime(2025, 8, 4, 9))
        referral.with_user(self.practitioner).action_submit()
        self.assertGreater(self._deltas(), 0)
        cron = self.env.ref("safeguarding_threshold.ir_cron_referral_figure_fold")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(self._deltas(), 0)
        self.assertSameFigures()

    def test_the_last_12_months_are_the_figures_of_the_last_12_months(self):
        today = datetime.now()
        recent = self._new_referral(received_on=today.replace(day=1, hour=9))
        recent.with_user(self.practitioner).action_submit()
        last_12_months = [("received_month", ">=", "today =1d -11m")]
        self.assertSameFigures(domain=last_12_months)
        figures = self._figures(self.manager, last_12_months)
        self.assertLessEqual(len(figures[("received_month:month",)]), 12)

    def test_the_month_is_the_month_received_in_london(self):
        """received_month and the ORM's month of received_on in London agree."""
        self._new_referral(received_on=datetime(2025, 3, 31, 23, 30)).action_submit()
        self._new_referral(received_on=datetime(2025, 10, 31, 23, 30)).action_submit()
        Referral = self.env["safeguarding.referral"].with_context(tz="Europe/London")
        by_month = Referral._read_group(COUNTED_DOMAIN, ["received_on:month"], ["__count"])
        by_stored_month = Referral._read_group(
            COUNTED_DOMAIN, ["received_month:month"], ["__count"]
        )
        self.assertEqual(
            [(month.date(), count) for month, count in by_month], list(by_stored_month)
        )

    # ------------------------------------------------------------ who reads them

    def test_a_manager_sees_only_their_companies_figures(self):
        Figure = self.env[FIGURES]
        self.assertTrue(Figure.search([("company_id", "=", self.company_b.id)]))
        as_manager_a = Figure.with_user(self.manager)
        self.assertFalse(as_manager_a.search([("company_id", "=", self.company_b.id)]))
        figures_a = self._figures(self.manager)
        self.assertEqual(set(figures_a[("company_id",)]), {(str(self.company_a.id),)})
        self.assertSameFigures(self.manager)
        # the neighbouring council's manager counts their four referrals, and only them
        figures_b = self._figures(self.manager_b)
        self.assertEqual(figures_b[()], {(): 4})
        self.assertEqual(
            figures_b[("received_month:month",)],
            {("2025-01-01",): 1, ("2025-02-01",): 2, ("2025-07-01",): 1},
        )
        self.assertSameFigures(self.manager_b)
        with self.assertRaises(AccessError):
            as_manager_a.browse(Figure.search([("company_id", "=", self.company_b.id)]).ids).read(
                ["referral_count"]
            )

    def test_only_managers_read_the_figures(self):
        for user in (
            self.practitioner,
            self.hub_user,
            self.mash_user,
            self.internal_user,
            self.portal_user,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env[FIGURES].with_user(user).formatted_read_group(
                    [], ["decided_tier"], ["referral_count:sum"]
                )
        for user in (self.manager, self.sg_admin):
            with self.subTest(user=user.login):
                self.assertTrue(self.env[FIGURES].with_user(user).search_count([]))
        for operation in ("write", "create", "unlink"):
            with self.subTest(operation=operation):
                self.assertFalse(self.env[FIGURES].with_user(self.manager).has_access(operation))
        menu = self.env.ref("safeguarding_threshold.menu_safeguarding_referral_figure")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.hub_user)._visible_menu_ids())

    # ------------------------------------------------------------ drill-down

    def test_a_figure_opens_its_referrals(self):
        self._decide(self._new_referral(received_on=datetime(2025, 6, 2, 9)), "2", "early_help")
        Figure = self.env[FIGURES].with_user(self.manager)
        domain = [("received_month", ">=", "2024-01-01")]
        [groups] = Figure.formatted_read_grouping_sets(
            domain, [["decided_tier", "received_month:month"]], ["referral_count:sum"]
        )
        self.assertTrue(groups)
        Referral = self.env["safeguarding.referral"].with_user(self.manager)
        for group in groups:
            cell = Domain(domain) & Domain(group["__extra_domain"])
            action = Figure.action_open_referrals(list(cell))
            self.assertEqual(action["res_model"], "safeguarding.referral")
            with self.subTest(group=group["__extra_domain"]):
                self.assertEqual(
                    Referral.search_count(action["domain"]), group["referral_count:sum"]
                )
        with self.assertRaises(AccessError):
            Figure.with_user(self.hub_user).action_open_referrals(domain)
