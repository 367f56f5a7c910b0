"""Every escalation screen opens for every role, with escalations at several stages."""

from odoo.tests import tagged

from odoo.addons.safeguarding_threshold.tests.screens import ScreensOpenMixin

from .common import EscalationCase


@tagged("post_install", "-at_install")
class TestEscalationScreensOpen(EscalationCase, ScreensOpenMixin):
    def test_every_escalation_screen_opens_for_every_role(self):
        first_stage = self.raise_escalation(self.practitioner, self.referral_p)
        second_stage = self.raise_escalation(self.other_practitioner, self.referral_b)
        self.record_discussion(self.other_practitioner, second_stage)
        second_stage.with_user(self.other_practitioner).action_escalate()
        actions = self.window_actions("safeguarding.escalation")
        self.assertGreaterEqual(len(actions), 3, "escalations, policies and the report")
        users = (
            self.practitioner,
            self.other_practitioner,
            self.school_flm,
            self.other_flm,
            self.hub_user,
            self.mash_user,
            self.mash_flm,
            self.manager,
            self.sg_admin,
            self.partnership_user,
        )
        listed = self.open_every_action(actions, users)
        escalations = first_stage | second_stage
        self.assertEqual(listed["safeguarding.escalation", "sg_practitioner"], first_stage)
        self.assertEqual(listed["safeguarding.escalation", "esc_other_flm"], second_stage)
        self.assertEqual(listed["safeguarding.escalation", "sg_mash"] & escalations, escalations)
