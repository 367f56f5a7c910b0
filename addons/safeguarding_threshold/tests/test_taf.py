from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestTaf(SafeguardingCase):
    def test_reference_and_lead_is_a_follower(self):
        self.assertTrue(self.case_a.name.startswith("TAF/"))
        self.assertIn(self.practitioner.partner_id, self.case_a.message_partner_ids)

    def test_case_needs_a_child(self):
        with self.assertRaisesRegex(ValidationError, "at least one child"), self.undone():
            self.env["safeguarding.taf"].with_user(self.hub_user).create(
                {"family_id": self.family_a.id}
            )

    def test_lead_professional_must_be_a_practitioner(self):
        with (
            self.assertRaisesRegex(ValidationError, "cannot be the lead professional"),
            self.undone(),
        ):
            self.case_a.with_user(self.hub_user)._hand_over(
                self.internal_user, "Moved teams", fields.Date.today()
            )
        self.case_a.with_user(self.hub_user)._hand_over(
            self.other_practitioner, "Moved teams", fields.Date.today()
        )
        self.assertIn(self.other_practitioner.partner_id, self.case_a.message_partner_ids)
        # the outgoing lead no longer follows the case's new messages
        self.assertNotIn(self.practitioner.partner_id, self.case_a.message_partner_ids)

    def test_lead_professional_changes_only_by_handover(self):
        for user in (self.hub_user, self.practitioner):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "recorded by its actions"),
                self.undone(),
            ):
                self.case_a.with_user(user).lead_professional_id = self.other_practitioner
        self.assertEqual(self.case_a.lead_professional_id, self.practitioner)

    def test_state_changes(self):
        case = self.case_a.with_user(self.hub_user)
        case.action_step_up()
        self.assertEqual(case.state, "stepped_up")
        with self.assertRaisesRegex(UserError, "cannot be stepped up"), self.undone():
            case.action_step_up()
        with self.assertRaisesRegex(UserError, "Hold a closing review"), self.undone():
            case.action_close()
        self.ready_to_close(case)
        case.action_close()
        self.assertEqual(case.state, "closed")
        self.assertTrue(case.close_date)
        case.action_reopen()
        self.assertEqual(case.state, "open")
        self.assertFalse(case.close_date)

    def test_only_the_lead_or_the_hub_changes_the_state(self):
        self.ready_to_close(self.case_a)
        with self.assertRaises(AccessError), self.undone():
            self.case_a.with_user(self.other_practitioner).action_close()
        self.case_b.member_ids = [Command.create({"user_id": self.practitioner.id})]
        with self.assertRaisesRegex(UserError, "Only the lead professional or the early help hub"):
            with self.undone():
                self.case_b.with_user(self.practitioner).action_step_up()
        with self.assertRaisesRegex(UserError, "Only the early help hub or a manager"):
            with self.undone():
                self.case_a.with_user(self.practitioner).action_step_up()
                self.case_a.with_user(self.practitioner).action_reopen()
        self.assertEqual(self.case_a.state, "open")
        self.case_a.with_user(self.practitioner).action_close()
        self.assertEqual(self.case_a.state, "closed")

    def test_team_member_needs_a_name(self):
        with (
            self.assertRaisesRegex(ValidationError, "either a user or a named agency contact"),
            self.undone(),
        ):
            self.case_a.with_user(self.hub_user).member_ids = [Command.create({"role": "GP"})]

    def test_case_cannot_be_deleted_by_the_hub(self):
        with self.assertRaises(AccessError), self.undone():
            self.case_a.with_user(self.hub_user).unlink()
        self.case_a.with_user(self.sg_admin).unlink()
        self.assertFalse(self.case_a.exists())
