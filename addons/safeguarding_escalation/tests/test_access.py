from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import EscalationCase


@tagged("post_install", "-at_install", "access_rights")
class TestEscalationAccess(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.escalation = (
            cls.env["safeguarding.escalation"]
            .with_user(cls.practitioner)
            .create(
                {
                    "referral_id": cls.referral_p.id,
                    "category": "referral_decision",
                    "disputed": "Tier 2 decision.",
                    "desired_outcome": "Tier 3 assessment.",
                    "other_user_id": cls.mash_user.id,
                }
            )
        )
        cls.discussion = (
            cls.env["safeguarding.escalation.discussion"]
            .with_user(cls.practitioner)
            .create({"escalation_id": cls.escalation.id, "summary": "Call.", "outcome": "None."})
        )

    def can_read(self, user, record=None):
        record = (record or self.escalation).with_user(user)
        try:
            record.read(["display_name"])
        except AccessError:
            return False
        return True

    def test_parties_and_their_managers_can_read(self):
        for user in (
            self.practitioner,
            self.mash_user,
            self.school_flm,
            self.school_senior,
            self.mash_flm,
            self.mash_senior,
            self.sg_admin,
        ):
            with self.subTest(user=user.login):
                self.assertTrue(self.can_read(user))
                self.assertTrue(self.can_read(user, self.discussion))
                self.assertIn(
                    self.escalation,
                    self.env["safeguarding.escalation"].with_user(user).search([]),
                )

    def test_nobody_else_can_read(self):
        for user in (
            self.other_practitioner,
            self.other_flm,
            self.hub_user,
            self.manager,
            self.partnership_user,
            self.internal_user,
            self.portal_user,
        ):
            with self.subTest(user=user.login):
                self.assertFalse(self.can_read(user))
                self.assertFalse(self.can_read(user, self.discussion))
        self.assertNotIn(
            self.escalation,
            self.env["safeguarding.escalation"].with_user(self.hub_user).search([]),
        )

    def test_managers_see_it_without_being_participants(self):
        self.assertNotIn(self.mash_senior, self.escalation.participant_ids)
        self.assertTrue(self.can_read(self.mash_senior))

    def test_escalation_does_not_widen_access_to_the_referral(self):
        # the school's first-line manager acts at stage 2 but cannot see the child's referral
        self.escalation.with_user(self.practitioner).action_escalate()
        self.assertIn(self.school_flm, self.escalation.participant_ids)
        as_flm = self.escalation.with_user(self.school_flm)
        self.assertEqual(as_flm.subject_reference, self.referral_p.name)
        self.assertFalse(as_flm.can_open_referral)
        with self.assertRaises(AccessError):
            self.referral_p.with_user(self.school_flm).read(["concerns"])
        with self.assertRaises(AccessError):
            self.child_a1.with_user(self.school_flm).read(["first_name"])
        with self.assertRaises(AccessError):
            as_flm.action_open_referral()
        self.assertTrue(self.escalation.with_user(self.practitioner).can_open_referral)

    def test_cannot_raise_about_a_referral_you_cannot_see(self):
        with self.assertRaisesRegex(UserError, "not allowed to see"):
            self.raise_escalation(self.other_practitioner, self.referral_p)

    def test_practitioners_cannot_delete(self):
        with self.assertRaises(AccessError):
            self.escalation.with_user(self.practitioner).unlink()

    def test_non_party_cannot_write_or_record_discussions(self):
        with self.assertRaises(AccessError):
            self.escalation.with_user(self.hub_user).write({"disputed": "Meddling"})
        with self.assertRaises(AccessError):
            self.record_discussion(self.other_practitioner, self.escalation)
