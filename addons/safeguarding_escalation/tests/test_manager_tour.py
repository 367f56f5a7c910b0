from odoo import fields
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.safeguarding_threshold.tests.common import PARENT_CONSENT
from odoo.addons.safeguarding_threshold.tests.tour_case import SafeguardingTourCase


@tagged("post_install", "-at_install")
class TestManagerTour(SafeguardingTourCase):
    """The safeguarding manager in the browser: a disagreement about a decided referral,
    from raising it to resolving it at stage 2, then the workload, the pivots and the
    partnership report."""

    def setUp(self):
        super().setUp()
        env = self.env
        env["res.lang"]._activate_lang("en_GB")
        self.framework = env.ref("safeguarding_threshold.framework_thurrock")
        env.company.safeguarding_framework_id = self.framework
        self.senior = self._uk_user("sg_tour_esc_senior", "manager", "Selina Seniorworth")
        self.manager = self._uk_user("sg_tour_esc_manager", "manager", "Marion Manningtree")
        self.mash_flm = self._uk_user("sg_tour_esc_mash_flm", "manager", "Fergus Firstline")
        self.mash = self._uk_user("sg_tour_esc_mash", "mash", "Morwenna Mashbury")
        referrer = self._uk_user("sg_tour_esc_referrer", "practitioner", "Rhona Referwell")
        self.manager.safeguarding_manager_id = self.senior
        self.mash.safeguarding_manager_id = self.mash_flm
        child = env["safeguarding.child"].create(
            {"first_name": "Wren", "last_name": "Ashcombe", "birthdate": "2016-03-11"}
        )
        family = env["safeguarding.family"].create(
            {
                "name": "Ashcombe household",
                "member_ids": [Command.create({"role": "child", "child_id": child.id})],
            }
        )
        referral = env["safeguarding.referral"].create(
            {
                "referrer_user_id": referrer.id,
                "referrer_name": referrer.name,
                "child_ids": [Command.set(child.ids)],
                "family_id": family.id,
                "framework_id": self.framework.id,
                "concerns": "<p>Wren has come to school hungry most days this term.</p>",
                **PARENT_CONSENT,
            }
        )
        referral.with_user(referrer).action_submit()
        as_mash = referral.with_user(self.mash)
        as_mash.action_start_screening()
        as_mash.write(
            {
                "decided_tier": "1",
                "decision_outcome": "universal",
                "decision_rationale": "The school can meet these needs with universal support.",
            }
        )
        as_mash.action_decide()
        self.assertEqual(referral.state, "decided")
        self.referral = referral

    def test_manager_escalation_and_reports_tour(self):
        self._start_tour("safeguarding_manager_escalation_tour", self.manager.login, timeout=180)

        escalation = self.env["safeguarding.escalation"].search(
            [("referral_id", "=", self.referral.id)]
        )
        self.assertEqual(len(escalation), 1)
        today = fields.Date.context_today(escalation.with_user(self.manager))
        self.assertEqual(escalation.raised_by_id, self.manager)
        self.assertEqual(escalation.create_uid, self.manager)
        self.assertEqual(escalation.other_user_id, self.mash)
        self.assertEqual(escalation.category, "referral_decision")
        self.assertEqual(escalation.framework_id, self.framework)
        self.assertIn("tier 2 needs", escalation.disputed)
        self.assertIn("early help assessment", escalation.desired_outcome)
        self.assertEqual(escalation.raised_on, today)
        # one discussion, recorded at stage 1 by the manager, then escalated to stage 2
        discussion = escalation.discussion_ids
        self.assertEqual(len(discussion), 1)
        self.assertEqual(
            discussion.stage_id, self.env.ref("safeguarding_escalation.stage_thurrock_1")
        )
        self.assertEqual(discussion.date, today)
        self.assertEqual(discussion.attendee_ids, self.manager | self.mash)
        self.assertEqual(discussion.other_attendees, "Mrs Kaur, designated safeguarding lead")
        self.assertIn("attendance and the breakfast club", discussion.summary)
        self.assertIn("Not resolved", discussion.outcome)
        self.assertEqual(discussion.create_uid, self.manager)
        self.assertEqual(
            escalation.current_stage_id, self.env.ref("safeguarding_escalation.stage_thurrock_2")
        )
        self.assertEqual(escalation.stage_number, 2)
        self.assertLessEqual(self.senior | self.mash_flm, escalation.participant_ids)
        # resolved at stage 2, by the manager, with the agreed outcome
        self.assertEqual(escalation.state, "resolved")
        self.assertEqual(escalation.resolution, "changed")
        self.assertIn("early help assessment", escalation.outcome)
        self.assertEqual(escalation.closed_by_id, self.manager)
        self.assertEqual(escalation.closed_on, today)
        # the stage activities are closed with the disagreement
        self.assertFalse(escalation.activity_ids)
        # and the partnership report was computed by the manager, counting it
        report = self.env["safeguarding.escalation.partnership.report"].search(
            [("create_uid", "=", self.manager.id)]
        )
        self.assertEqual(len(report), 1)
        self.assertEqual(report.framework_id, self.framework)
        self.assertGreaterEqual(sum(report.line_ids.mapped("resolved_stage_2")), 1)
