from odoo.tests import tagged

from .tour_case import GROUP_PREFIX, SafeguardingTourCase


@tagged("post_install", "-at_install")
class TestMashSocialCareTour(SafeguardingTourCase):
    """The MASH refers a child to children's social care, with the primary need the
    CIN census asks for, in the browser."""

    def setUp(self):
        super().setUp()
        self.framework = self.env.ref("safeguarding_threshold.framework_thurrock")
        self.env.company.safeguarding_framework_id = self.framework

    def test_mash_social_care_decision_tour(self):
        mash = self._uk_user("sg_tour_mash_sc", "mash", "Sasha Mashbrook")
        practitioner = self._uk_user("sg_tour_referrer_sc", "practitioner", "Tess Referton")
        # a low-privilege MASH worker: not a manager, not a settings administrator
        self.assertTrue(mash.has_group(GROUP_PREFIX + "mash"))
        self.assertFalse(mash.has_group(GROUP_PREFIX + "manager"))
        self.assertFalse(mash.has_group("base.group_system"))
        referral = self._submitted_referral(
            practitioner,
            {"first_name": "Ellis", "last_name": "Marchbank", "birthdate": "2013-05-11"},
            "<p>Ellis told his teacher he is hit at home.</p>",
            "Lee Marchbank, father",
            ("THU-T34-EDU-01", "THU-T2-EDU-02"),
        )
        self.assertEqual((referral.state, referral.suggested_tier), ("submitted", "3"))
        self.assertFalse(referral.primary_need_code)

        self._start_tour("safeguarding_mash_social_care_decision_tour", mash.login)

        self.assertEqual(referral.state, "decided")
        self.assertEqual(referral.decided_tier, "3")
        self.assertEqual(referral.decision_outcome, "s17")
        self.assertEqual(referral.primary_need_code, "N1")
        self.assertIn("under section 17", referral.decision_rationale)
        self.assertEqual(referral.decided_by_id, mash)
        # the refused attempt wrote nothing: the outcome and the primary need were
        # recorded together, with the move to Decided
        (outcome_change,) = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "safeguarding.referral"),
                ("mail_message_id.res_id", "=", referral.id),
                ("field_id.name", "=", "decision_outcome"),
            ]
        )
        self.assertLessEqual(
            {"state", "decision_outcome", "primary_need_code"},
            set(outcome_change.mail_message_id.tracking_value_ids.field_id.mapped("name")),
        )
        self.assertEqual(outcome_change.mail_message_id.author_id, mash.partner_id)
