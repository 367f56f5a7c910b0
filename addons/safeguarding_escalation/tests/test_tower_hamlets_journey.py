from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import EscalationCase


@tagged("post_install", "-at_install")
class TestTowerHamletsJourney(EscalationCase):
    def test_appendix_d_journey(self):
        escalation = self.raise_escalation(self.other_practitioner, self.referral_b)
        stages = self.policy_tower_hamlets.stage_ids.sorted()
        self.assertEqual(escalation.framework_id, self.tower_hamlets)
        self.assertEqual(escalation.policy_id, self.policy_tower_hamlets)

        # STAGE 1: discuss with line manager/DSL, then resolve with the individual
        self.assertEqual(escalation.current_stage_id, stages[0])
        self.assertEqual(
            escalation.participant_ids,
            self.other_practitioner | self.mash_user | self.other_flm | self.mash_flm,
        )
        self.assertEqual(
            self.stage_activities(escalation).user_id,
            self.other_practitioner | self.mash_user | self.other_flm | self.mash_flm,
        )
        self.record_discussion(self.other_practitioner, escalation)
        escalation.with_user(self.other_flm).action_escalate()

        # STAGE 2: senior manager to senior manager contact
        self.assertEqual(escalation.current_stage_id, stages[1])
        self.assertEqual(
            self.stage_activities(escalation).user_id, self.other_senior | self.mash_senior
        )
        with self.assertRaisesRegex(UserError, "Record the discussion"):
            escalation.with_user(self.other_senior).action_escalate()
        self.record_discussion(self.other_senior, escalation)
        escalation.with_user(self.other_senior).action_escalate()

        # STAGE 3: the LSCB Independent Chair, final
        self.assertEqual(escalation.current_stage_id, stages[2])
        self.assertTrue(escalation.stage_is_final)
        self.assertIn("LSCB Independent Chair", escalation.stage_who_speaks_to_whom)
        self.assertIn(self.partnership_user, escalation.participant_ids)
        with self.assertRaisesRegex(UserError, "final stage"):
            escalation.with_user(self.other_senior).action_escalate()
        self.finish(
            self.partnership_user,
            escalation,
            "close",
            partnership_decision="The MASH decision stands.",
            resolution="upheld",
        )
        self.assertEqual(escalation.state, "closed")
        self.assertEqual(escalation.stage_number, 3)

    def test_resolved_at_stage_two(self):
        escalation = self.raise_escalation(self.other_practitioner, self.referral_b)
        self.record_discussion(self.other_practitioner, escalation)
        escalation.with_user(self.other_practitioner).action_escalate()
        self.finish(
            self.mash_senior,
            escalation,
            "resolve",
            resolution="changed",
            outcome="The MASH will re-screen with the new evidence.",
        )
        self.assertEqual(escalation.state, "resolved")
        self.assertEqual(escalation.stage_number, 2)
