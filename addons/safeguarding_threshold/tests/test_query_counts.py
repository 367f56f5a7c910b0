"""Query counts of the main screens and of the review cron.

Each count is the number of SQL queries of one request of the web client (or one
cron run), measured with warm caches. A count that grows with the page size or
with the number of records means a query per record: the test fails.
"""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import users, warmup

from ..tools.view_spec import view_spec
from .common import PARENT_CONSENT, SafeguardingCase

MASH_QUEUE_VIEW = "safeguarding_threshold.safeguarding_referral_view_list_mash_queue"
MASH_QUEUE_DOMAIN = [("state", "in", ["submitted", "screening"])]
KANBAN_QUERIES = 19
HOUSEHOLDS_QUERIES = 9
CHILDREN_QUERIES = 5


@tagged("post_install", "-at_install")
class TestQueryCounts(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        framework = cls.env.ref("safeguarding_threshold.framework_thurrock")
        cls.env.company.write(
            {
                "safeguarding_hub_manager_id": cls.manager.id,
                "safeguarding_framework_id": framework.id,
            }
        )
        indicators = framework.indicator_ids.filtered(lambda i: not i.is_protective)[:4]
        agencies = cls.env["safeguarding.agency"].create(
            [{"name": f"Query count school {n}", "referral_source": "2A"} for n in range(3)]
        )
        children = cls.env["safeguarding.child"].create(
            [{"first_name": f"Child{n}", "last_name": "Queue"} for n in range(12)]
        )
        cls.queue = cls.env["safeguarding.referral"].create(
            [
                {
                    "referrer_user_id": cls.practitioner.id,
                    "referrer_name": "Practitioner",
                    "framework_id": framework.id,
                    "state": "submitted" if n % 3 else "screening",
                    "received_on": f"2026-02-{1 + n % 27:02d} 09:{n:02d}:00",
                    "agency_id": agencies[n % 3].id,
                    "child_ids": [Command.set(children[n % 12 : n % 12 + 2].ids)],
                    "concerns": "<p>Arrives hungry.</p>",
                    "indicator_line_ids": [
                        Command.create({"indicator_id": indicator.id})
                        for indicator in indicators[: 1 + n % 4]
                    ],
                    **PARENT_CONSENT,
                }
                for n in range(30)
            ]
        )
        cls.referral_p.write(
            {
                "framework_id": framework.id,
                "agency_id": agencies[0].id,
                "indicator_line_ids": [
                    Command.create({"indicator_id": indicator.id}) for indicator in indicators
                ],
            }
        )
        cls.case_a.write(
            {
                "action_ids": [
                    Command.create(
                        {
                            "name": f"Action {n}",
                            "due_date": "2026-04-01",
                            "owner_user_id": cls.practitioner.id,
                        }
                    )
                    for n in range(4)
                ],
                "review_ids": [Command.create({"date": "2026-04-15"})],
            }
        )

    def _mash_queue(self, limit):
        Referral = self.env["safeguarding.referral"]
        spec = view_spec(Referral, MASH_QUEUE_VIEW, "list")
        self.env.invalidate_all()
        return Referral.web_search_read(
            MASH_QUEUE_DOMAIN, spec, limit=limit, order="decision_deadline ASC, id ASC",
            count_limit=10001,
        )  # fmt: skip

    @users("sg_mash")
    @warmup
    def test_mash_queue_page_does_not_grow_with_its_size(self):
        with self.assertQueryCount(sg_mash=6):
            small = self._mash_queue(limit=5)
        with self.assertQueryCount(sg_mash=6):
            large = self._mash_queue(limit=25)
        self.assertEqual((len(small["records"]), len(large["records"])), (5, 25))
        self.assertEqual(small["length"], large["length"])
        self.assertGreaterEqual(small["length"], len(self.queue))

    @users("sg_mash")
    @warmup
    def test_open_referral_form(self):
        Referral = self.env["safeguarding.referral"]
        spec = view_spec(Referral, "safeguarding_threshold.safeguarding_referral_view_form", "form")
        self.env.invalidate_all()
        with self.assertQueryCount(sg_mash=19):
            Referral.browse(self.referral_p.id).web_read(spec)

    @users("sg_hub")
    @warmup
    def test_open_child_form(self):
        Child = self.env["safeguarding.child"]
        spec = view_spec(Child, "safeguarding_threshold.safeguarding_child_view_form", "form")
        self.env.invalidate_all()
        with self.assertQueryCount(sg_hub=17):
            Child.browse(self.child_a1.id).web_read(spec)

    @users("sg_hub")
    @warmup
    def test_open_taf_form(self):
        Taf = self.env["safeguarding.taf"]
        spec = view_spec(Taf, "safeguarding_threshold.safeguarding_taf_view_form", "form")
        self.env.invalidate_all()
        with self.assertQueryCount(sg_hub=20):
            Taf.browse(self.case_a.id).web_read(spec)

    def _cases_with_review(self, count, review_date):
        env = self.env(su=True)
        cases = env["safeguarding.taf"].create(
            [
                {
                    "family_id": self.family_a.id,
                    "child_ids": [Command.set(self.child_a1.ids)],
                    "lead_professional_id": self.practitioner.id,
                }
                for _ in range(count)
            ]
        )
        env["safeguarding.taf.review"].create(
            [{"taf_id": case.id, "date": review_date} for case in cases]
        )
        env.flush_all()
        self.env.invalidate_all()

    def _run_review_cron(self):
        Review = self.env["safeguarding.taf.review"]
        with (
            freeze_time("2026-03-01"),
            patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1.0),
        ):
            Review._cron_review_reminders()

    @users("sg_hub")
    @warmup
    def test_review_cron_examines_cases_without_a_query_each(self):
        """Nothing due: the cost does not depend on how many cases there are."""
        self._cases_with_review(2, "2026-05-10")
        with self.assertQueryCount(sg_hub=4):
            self._run_review_cron()
        self._cases_with_review(10, "2026-05-10")
        with self.assertQueryCount(sg_hub=4):
            self._run_review_cron()

    @users("sg_hub")
    @warmup
    def test_review_cron_cost_per_due_review(self):
        """The due reviews' activities are given in one batch, quietly (no e-mail each):
        2 due reviews or 6 cost nearly the same (it was 12 queries a review)."""
        self._cases_with_review(2, "2026-03-10")
        with self.assertQueryCount(sg_hub=21):
            self._run_review_cron()
        self._cases_with_review(6, "2026-03-10")
        with self.assertQueryCount(sg_hub=22):
            self._run_review_cron()

    def _open_cases_led_by(self, user, count):
        env = self.env(su=True)
        children = env["safeguarding.child"].create(
            [{"first_name": f"Kanban{n}", "last_name": "Card"} for n in range(count)]
        )
        cases = env["safeguarding.taf"].create(
            [
                {
                    "family_id": self.family_a.id,
                    "child_ids": [Command.set(child.ids)],
                    "lead_professional_id": user.id,
                    "action_ids": [
                        Command.create(
                            {"name": "Overdue", "due_date": "2026-01-10", "owner_user_id": user.id}
                        )
                    ],
                    "review_ids": [Command.create({"date": "2026-04-15"})],
                }
                for child in children
            ]
        )
        env.flush_all()
        self.env.invalidate_all()
        return cases

    def _taf_kanban(self):
        Taf = self.env["safeguarding.taf"]
        spec = view_spec(Taf, "safeguarding_threshold.safeguarding_taf_view_kanban", "kanban")
        self.env.invalidate_all()
        with freeze_time("2026-03-01"):
            return Taf.web_read_group(
                [("state", "=", "open")], ["state"], ["__count"], auto_unfold=True,
                unfold_read_specification=spec, unfold_read_default_limit=40,
            )  # fmt: skip

    @users("sg_practitioner")
    @warmup
    def test_lead_professional_kanban_does_not_grow_with_cases(self):
        """The lead professional's kanban costs the same for 3 cards as for 9."""
        self._open_cases_led_by(self.practitioner, 2)
        with self.assertQueryCount(sg_practitioner=KANBAN_QUERIES):
            few = self._taf_kanban()
        self._open_cases_led_by(self.practitioner, 6)
        with self.assertQueryCount(sg_practitioner=KANBAN_QUERIES):
            many = self._taf_kanban()
        cards = [len(group["__records"]) for group in many["groups"]]
        self.assertEqual([len(group["__records"]) for group in few["groups"]], [3])
        self.assertEqual(cards, [9])
        overdue = [record["overdue_action_count"] for record in many["groups"][0]["__records"]]
        self.assertEqual(overdue.count(1), 8, "each new case has one overdue action")

    @users("sg_manager")
    @warmup
    def test_manager_pivot_is_one_query(self):
        """The manager's pivot of all referrals by tier and month is one grouped query."""
        # the context the web client sends: language, time zone and companies
        Referral = self.env["safeguarding.referral"].with_context(
            lang="en_US", tz="Europe/London", allowed_company_ids=self.env.company.ids
        )
        grouping_sets = [[], ["decided_tier"], ["received_on:month"]]
        grouping_sets.append(["decided_tier", "received_on:month"])
        self.env.invalidate_all()
        with self.assertQueryCount(sg_manager=1):
            groups = Referral.formatted_read_grouping_sets([], grouping_sets, ["__count"])
        total = groups[0][0]["__count"]
        self.assertEqual(total, Referral.search_count([]))
        self.assertGreaterEqual(total, len(self.queue))

    def _households_of(self, user, count):
        env = self.env(user=user)
        for n in range(count):
            children = env["safeguarding.child"].create(
                [{"first_name": f"Sibling{k}", "last_name": f"House{n}"} for k in range(2)]
            )
            env["safeguarding.family"].create(
                {
                    "name": f"House{n} household",
                    "member_ids": [
                        Command.create({"role": "child", "child_id": child.id})
                        for child in children
                    ],
                }
            )
        env.flush_all()
        self.env.invalidate_all()

    def _households_list(self):
        Family = self.env["safeguarding.family"]
        spec = view_spec(Family, "safeguarding_threshold.safeguarding_family_view_list", "list")
        self.env.invalidate_all()
        return Family.web_search_read([], spec, limit=80)

    @users("sg_practitioner")
    @warmup
    def test_practitioner_households_list_does_not_grow_with_households(self):
        """Each household's children are counted without a query per household."""
        self._households_of(self.practitioner, 2)
        with self.assertQueryCount(sg_practitioner=HOUSEHOLDS_QUERIES):
            few = self._households_list()
        self._households_of(self.practitioner, 4)
        with self.assertQueryCount(sg_practitioner=HOUSEHOLDS_QUERIES):
            many = self._households_list()
        self.assertEqual(few["length"] + 4, many["length"])
        counts = {record["name"]: record["child_count"] for record in many["records"]}
        self.assertEqual(counts["House3 household"], 2)
        self.assertEqual(counts[self.family_a.name], 2)

    def _children_list(self):
        Child = self.env["safeguarding.child"]
        spec = view_spec(Child, "safeguarding_threshold.safeguarding_child_view_list", "list")
        self.env.invalidate_all()
        return Child.web_search_read([], spec, limit=80)

    @users("sg_practitioner")
    @warmup
    def test_practitioner_children_list_does_not_grow_with_children(self):
        """The record rule is checked once for the page, not once a child."""
        self._households_of(self.practitioner, 1)
        with self.assertQueryCount(sg_practitioner=CHILDREN_QUERIES):
            few = self._children_list()
        self._households_of(self.practitioner, 4)
        with self.assertQueryCount(sg_practitioner=CHILDREN_QUERIES):
            many = self._children_list()
        self.assertEqual(few["length"] + 8, many["length"])
