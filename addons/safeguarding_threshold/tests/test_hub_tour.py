from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.fields import Command
from odoo.tests import Form, HttpCase, TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import PARENT_CONSENT

GROUP_PREFIX = "safeguarding_threshold.group_safeguarding_"


def uk_user(env, login, role, name):
    return mail_new_test_user(
        env,
        login=login,
        name=name,
        groups=GROUP_PREFIX + role,
        tz="Europe/London",
        lang="en_GB",
    )


@tagged("post_install", "-at_install")
class TestHubCaseTour(HttpCase):
    """The early help hub worker, in the browser, from an early help decision to closure."""

    def setUp(self):
        super().setUp()
        env = self.env
        self.framework = env.ref("safeguarding_threshold.framework_thurrock")
        env.company.safeguarding_framework_id = self.framework
        # the cadences the tour expects, whatever the demo data say
        self.framework.write(
            {
                "review_interval_weeks": 6,
                "step_down_min_weeks": 12,
                "step_down_review_min_months": 3,
                "step_down_review_max_months": 6,
            }
        )
        self.hub = uk_user(env, "sg_tour_hub_worker", "hub", "Harriet Hubworth")
        self.lead = uk_user(env, "sg_tour_lead", "practitioner", "Priya Lakeside")
        mash = uk_user(env, "sg_tour_mash_worker", "mash", "Morgan Mashford")
        child = env["safeguarding.child"].create(
            {"first_name": "Ivy", "last_name": "Thornbury", "birthdate": "2017-05-09"}
        )
        self.family = env["safeguarding.family"].create(
            {
                "name": "Thornbury household",
                "member_ids": [Command.create({"role": "child", "child_id": child.id})],
            }
        )
        self.child = child
        referral = env["safeguarding.referral"].create(
            {
                "referrer_user_id": self.lead.id,
                "referrer_name": self.lead.name,
                "child_ids": [Command.set(child.ids)],
                "family_id": self.family.id,
                "framework_id": self.framework.id,
                "concerns": "<p>Ivy has missed school most Mondays this term.</p>",
                **PARENT_CONSENT,
            }
        )
        referral.with_user(self.lead).action_submit()
        as_mash = referral.with_user(mash)
        as_mash.action_start_screening()
        as_mash.write({"decided_tier": "2", "decision_outcome": "early_help"})
        as_mash.action_decide()
        self.referral = referral

    def _age_case(self, case, weeks):
        """Make the case ``weeks`` old (its start and its early help)."""
        since = self.today - timedelta(weeks=weeks)
        case.write({"start_date": since, "early_help_start": since})

    def test_hub_worker_case_journey_tour(self):
        self.today = fields.Date.context_today(self.env["safeguarding.taf"].with_user(self.hub))
        self.start_tour(
            f"/odoo/action-safeguarding_threshold.safeguarding_referral_action/{self.referral.id}",
            "safeguarding_hub_case_tour",
            login=self.hub.login,
            timeout=90,
        )
        case = self.referral.taf_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.family_id, self.family)
        self.assertEqual(case.child_ids, self.child)
        self.assertEqual(case.tier, "2")
        self.assertEqual(case.create_uid, self.hub)
        self.assertEqual(case.lead_professional_id, self.lead)
        self.assertEqual(case.lead_history_ids.user_id, self.lead)
        self.assertEqual(case.member_ids.mapped("name"), ["Dr Ada Reed"])
        self.assertEqual(case.member_ids.role, "GP")
        actions = case.action_ids.sorted("due_date")
        self.assertEqual(
            [(a.need, a.name, a.owner_user_id, a.due_date, a.state) for a in actions],
            [
                (
                    "School attendance",
                    "Home visit",
                    self.lead,
                    self.today + timedelta(days=14),
                    "todo",
                ),
                (
                    "Parenting support",
                    "Parenting course",
                    self.lead,
                    self.today + timedelta(days=28),
                    "todo",
                ),
            ],
        )
        held = case.review_ids.filtered(lambda review: review.state == "held")
        self.assertEqual((held.date, held.decision, held.scaling), (self.today, "continue", 6))
        self.assertEqual(case.next_review_date, self.today + timedelta(weeks=6))

        # 11 weeks of early help: one short of the framework's minimum
        self._age_case(case, 11)
        self.start_tour(
            f"/odoo/action-safeguarding_threshold.safeguarding_taf_action/{case.id}",
            "safeguarding_hub_case_early_step_down_tour",
            login=self.hub.login,
        )
        self.assertEqual(case.state, "open")
        self.assertFalse(case.step_down_date)
        self.assertEqual(case.next_review_date, self.today + timedelta(weeks=6))

        # 12 weeks: the step-down is allowed, then the case is closed
        self._age_case(case, 12)
        self.start_tour(
            f"/odoo/action-safeguarding_threshold.safeguarding_taf_action/{case.id}",
            "safeguarding_hub_case_step_down_and_close_tour",
            login=self.hub.login,
            timeout=90,
        )
        self.assertEqual(case.step_down_to, "universal")
        self.assertEqual(case.step_down_date, self.today)
        self.assertFalse(case.step_down_override_reason)
        self.assertEqual(case.tier, "1")
        step_down_review = case.review_ids.filtered(lambda review: review.kind == "step_down")
        self.assertEqual(len(step_down_review), 1)
        self.assertTrue(
            self.today + relativedelta(months=3)
            <= step_down_review.date
            <= self.today + relativedelta(months=6)
        )
        # closing cancels the reviews still planned
        self.assertEqual(step_down_review.state, "cancelled")
        closing = case.review_ids.filtered(lambda review: review.kind == "closing")
        self.assertEqual(
            (closing.state, closing.decision, closing.date), ("held", "close", self.today)
        )
        done, not_done = case.action_ids.sorted("due_date")
        self.assertEqual(done.state, "done")
        self.assertEqual(not_done.state, "not_done")
        self.assertIn("declined", not_done.outcome_note)
        self.assertEqual(case.family_informed_on, self.today)
        self.assertEqual(case.referrer_informed_on, self.today)
        self.assertEqual(case.state, "closed")
        self.assertEqual(case.close_date, self.today)


@tagged("post_install", "-at_install")
class TestReviewDialog(TransactionCase):
    def test_review_planned_from_a_case_is_dated_and_can_be_held_at_once(self):
        """Regression: the review dialog opened without a date, and "Record as held" was
        hidden until the review was saved."""
        review_form = Form(
            self.env["safeguarding.taf.review"].with_context(default_kind="regular"),
            view="safeguarding_threshold.safeguarding_taf_review_view_form",
        )
        self.assertEqual(review_form.date, fields.Date.context_today(self.env.user))
        arch = self.env.ref("safeguarding_threshold.safeguarding_taf_review_view_form").arch
        (hold,) = etree.fromstring(arch).xpath("//button[@name='action_hold']")
        self.assertEqual(hold.get("invisible"), "state != 'planned'")
