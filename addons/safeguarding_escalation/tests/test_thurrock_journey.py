from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import EscalationCase

PRO = "safeguarding_escalation.mail_act_escalation_professional"
FLM = "safeguarding_escalation.mail_act_escalation_first_line"
SENIOR = "safeguarding_escalation.mail_act_escalation_senior"
PARTNERSHIP = "safeguarding_escalation.mail_act_escalation_partnership"


@tagged("post_install", "-at_install")
class TestThurrockJourney(EscalationCase):
    def test_full_four_stage_journey(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        stages = self.policy_thurrock.stage_ids.sorted()
        self.assertEqual(escalation.policy_id, self.policy_thurrock)
        self.assertRegex(escalation.name, r"^ESC/\d{4}/\d+$")
        self.assertEqual(escalation.raised_by_id, self.practitioner)
        self.assertEqual(escalation.state, "open")

        # stage 1: professional to professional, due in 5 working days
        self.assertEqual(escalation.current_stage_id, stages[0])
        self.assertEqual(escalation.participant_ids, self.practitioner | self.mash_user)
        self.assertTrue(escalation.stage_deadline > escalation.stage_started_on)
        activities = self.stage_activities(escalation, PRO)
        self.assertEqual(activities.user_id, self.practitioner | self.mash_user)
        self.assertEqual(set(activities.mapped("date_deadline")), {escalation.stage_deadline})
        self.assertNotIn("Amelia", activities[0].summary)

        self.record_discussion(self.practitioner, escalation)
        escalation.with_user(self.practitioner).action_escalate()

        # stage 2: first-line manager to first-line manager
        self.assertEqual(escalation.current_stage_id, stages[1])
        self.assertFalse(self.stage_activities(escalation, PRO), "stage 1 activities are done")
        self.assertEqual(
            self.stage_activities(escalation, FLM).user_id, self.school_flm | self.mash_flm
        )
        self.record_discussion(
            self.school_flm,
            escalation,
            attendee_ids=[Command.set((self.school_flm | self.mash_flm).ids)],
        )
        escalation.with_user(self.mash_flm).action_escalate()

        # stage 3: senior manager to senior manager
        self.assertEqual(escalation.current_stage_id, stages[2])
        self.assertEqual(
            self.stage_activities(escalation, SENIOR).user_id, self.school_senior | self.mash_senior
        )
        self.record_discussion(self.school_senior, escalation)
        escalation.with_user(self.school_senior).action_escalate()

        # stage 4: the Multi-agency Safeguarding Partnership decides
        self.assertEqual(escalation.current_stage_id, stages[3])
        self.assertTrue(escalation.stage_is_final)
        self.assertIn(self.partnership_user, self.stage_activities(escalation, PARTNERSHIP).user_id)
        with self.assertRaisesRegex(UserError, "final stage"):
            escalation.with_user(self.partnership_user).action_escalate()
        with self.assertRaisesRegex(UserError, "partnership's decision"):
            self.finish(
                self.partnership_user,
                escalation,
                "close",
                resolution="changed",
                partnership_decision=" ",
            )
        self.record_discussion(self.partnership_user, escalation)
        self.finish(
            self.partnership_user,
            escalation,
            "close",
            partnership_decision="Tier 3: convene a multi-agency early help assessment.",
            resolution="changed",
        )
        self.assertEqual(escalation.state, "closed")
        self.assertEqual(escalation.resolution, "changed")
        self.assertTrue(escalation.closed_on)
        self.assertEqual(escalation.closed_by_id, self.partnership_user)
        self.assertFalse(self.stage_activities(escalation))
        self.assertEqual(
            escalation.participant_ids,
            self.practitioner
            | self.mash_user
            | self.school_flm
            | self.mash_flm
            | self.school_senior
            | self.mash_senior
            | self.partnership_user,
        )
        self.assertEqual(len(escalation.discussion_ids), 4)
        self.assertEqual(escalation.discussion_ids.stage_id, stages)
        with self.assertRaisesRegex(UserError, "no longer open"):
            escalation.with_user(self.practitioner).write({"disputed": "Changed my mind"})

    def test_escalating_without_discussion_record_is_refused(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        first = escalation.current_stage_id
        with self.assertRaisesRegex(UserError, "Record the discussion of Stage 1"):
            escalation.with_user(self.practitioner).action_escalate()
        self.assertEqual(escalation.current_stage_id, first)
        self.assertEqual(len(self.stage_activities(escalation, FLM)), 0)

    def test_resolve_needs_agreed_outcome(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        with self.assertRaisesRegex(UserError, "agreed outcome"):
            self.finish(self.mash_user, escalation, "resolve", resolution="upheld", outcome="\n ")
        self.assertEqual(escalation.state, "open")
        self.finish(
            self.mash_user,
            escalation,
            "resolve",
            resolution="upheld",
            outcome="The school accepts tier 2 support.",
        )
        self.assertEqual(escalation.state, "resolved")
        self.assertEqual(escalation.outcome, "The school accepts tier 2 support.")
        self.assertEqual(escalation.closed_by_id, self.mash_user)
        self.assertEqual(escalation.stage_number, 1)
        self.assertFalse(self.stage_activities(escalation))
        self.assertEqual(escalation.working_days_to_close, 0)

    def test_withdraw_only_by_raiser_with_reason(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        reason = "New information came in."
        with self.assertRaisesRegex(UserError, "can withdraw it"):
            self.finish(self.mash_user, escalation, "withdraw", withdrawal_reason=reason)
        with self.assertRaisesRegex(UserError, "Say why"):
            self.finish(self.practitioner, escalation, "withdraw", withdrawal_reason="  ")
        self.finish(self.practitioner, escalation, "withdraw", withdrawal_reason=reason)
        self.assertEqual(escalation.state, "withdrawn")
        self.assertEqual(escalation.withdrawal_reason, reason)

    def test_close_with_partnership_decision_only_at_final_stage(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        with self.assertRaisesRegex(UserError, "not at the final stage"):
            escalation.with_user(self.sg_admin).action_close_partnership()
        with self.assertRaisesRegex(UserError, "partnership contacts"):
            escalation.with_user(self.practitioner).action_close_partnership()

    def test_stage_and_state_only_change_through_buttons(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        stages = self.policy_thurrock.stage_ids.sorted()
        with self.assertRaises(UserError):
            escalation.with_user(self.practitioner).write({"current_stage_id": stages[3].id})
        with self.assertRaises(UserError):
            escalation.with_user(self.practitioner).write({"state": "resolved"})
        with self.assertRaises(UserError):
            self.raise_escalation(self.practitioner, self.referral_p, state="closed")

    def test_earlier_stage_discussions_are_frozen(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        discussion = self.record_discussion(self.practitioner, escalation)
        escalation.with_user(self.practitioner).action_escalate()
        with self.assertRaisesRegex(UserError, "earlier stages cannot change"):
            discussion.with_user(self.practitioner).write({"outcome": "Rewritten"})

    def test_stage_changes_are_tracked(self):
        self.env = self.env(context=dict(self.env.context, tracking_disable=False))
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        # raising and escalating happen in separate transactions in real use
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.record_discussion(self.practitioner, escalation)
        escalation.with_user(self.practitioner).action_escalate()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "safeguarding.escalation"),
                ("mail_message_id.res_id", "=", escalation.id),
                ("field_id.name", "=", "current_stage_id"),
            ]
        )
        self.assertTrue(tracked)
        self.assertIn("Stage 2", tracked[0].new_value_char)

    def test_missing_manager_is_explained(self):
        self.school_flm.safeguarding_manager_id = False
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        self.record_discussion(self.practitioner, escalation)
        escalation.with_user(self.practitioner).action_escalate()
        self.record_discussion(self.school_flm, escalation)
        with self.assertRaisesRegex(UserError, "senior manager of"):
            escalation.with_user(self.school_flm).action_escalate()
        self.assertEqual(escalation.stage_number, 2)

    def test_other_party_required_and_not_yourself(self):
        with self.assertRaisesRegex(Exception, "Say who you disagree with"):
            self.raise_escalation(
                self.practitioner, self.referral_p, other_user_id=False, other_contact_name=""
            )
        with self.assertRaisesRegex(Exception, "with yourself"):
            self.raise_escalation(self.practitioner, self.referral_p, other_user=self.practitioner)
        with self.assertRaisesRegex(Exception, "in the future"):
            self.raise_escalation(self.practitioner, self.referral_p, raised_on="2999-01-01")
        external = self.raise_escalation(
            self.practitioner,
            self.referral_p,
            other_user_id=False,
            other_contact_name="Ms Jo Patel, paediatrician",
        )
        self.assertEqual(external.participant_ids, self.practitioner)
