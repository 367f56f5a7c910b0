from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import PARENT_CONSENT, SafeguardingCase


@tagged("post_install", "-at_install")
class TestReferral(SafeguardingCase):
    def test_reference_and_defaults(self):
        referral = self.referral_p
        self.assertTrue(referral.name.startswith("REF/"))
        self.assertEqual(referral.state, "draft")
        self.assertEqual(referral.referrer_user_id, self.practitioner)

    def test_agency_gives_the_referral_source(self):
        agency = self.env["safeguarding.agency"].create(
            {"name": "Thameside Police", "referral_source": "6"}
        )
        referral = self.referral_p.with_user(self.practitioner)
        referral.agency_id = agency
        self.assertEqual(referral.referral_source, "6")

    def test_full_journey(self):
        referral = self.referral_p.with_user(self.practitioner)
        referral.action_submit()
        self.assertEqual(referral.state, "submitted")
        with (
            self.assertRaisesRegex(UserError, "Only the early help hub or the MASH"),
            self.undone(),
        ):
            referral.action_start_screening()

        as_mash = self.referral_p.with_user(self.mash_user)
        as_mash.action_start_screening()
        self.assertEqual(as_mash.state, "screening")
        with self.assertRaisesRegex(UserError, "decided tier and the outcome"), self.undone():
            as_mash.action_decide()
        as_mash.write({"decided_tier": "2", "decision_outcome": "early_help"})
        as_mash.action_decide()
        self.assertEqual(as_mash.state, "decided")
        self.assertEqual(as_mash.decided_by_id, self.mash_user)
        self.assertTrue(as_mash.decided_on)
        self.referral_p.with_user(self.hub_user).action_close()
        self.assertEqual(self.referral_p.state, "closed")

    def test_decision_bearing_fields_are_tracked(self):
        tracked = {
            "safeguarding.referral": {
                "state",
                "decided_tier",
                "decision_outcome",
                "referrer_user_id",
            },
            "safeguarding.taf": {"state", "tier", "lead_professional_id", "family_id"},
            "safeguarding.child": {"current_tier", "birthdate", "is_unborn", "nhs_number"},
        }
        for model, fields in tracked.items():
            with self.subTest(model=model):
                self.assertLessEqual(fields, self.env[model]._track_get_fields())

    def test_only_mash_and_managers_decide(self):
        self.referral_p.with_user(self.practitioner).action_submit()
        self.referral_p.with_user(self.hub_user).action_start_screening()
        self.referral_p.with_user(self.mash_user).write(
            {"decided_tier": "3", "decision_outcome": "s17", "primary_need_code": "N1"}
        )
        for user in (self.hub_user, self.practitioner):
            with self.subTest(user=user.login), self.assertRaises(UserError), self.undone():
                self.referral_p.with_user(user).action_decide()
        with self.assertRaisesRegex(UserError, "Only MASH"), self.undone():
            self.referral_p.with_user(self.hub_user).write({"decided_tier": "1"})
        self.assertEqual(self.referral_p.decided_tier, "3")
        # the manager makes the decision theirs before recording it
        self.referral_p.with_user(self.manager).write(
            {"decided_tier": "3", "decision_outcome": "s17", "primary_need_code": "N1"}
        )
        self.referral_p.with_user(self.manager).action_decide()
        self.assertEqual(self.referral_p.state, "decided")
        self.assertEqual(self.referral_p.decided_by_id, self.manager)

    def test_cannot_skip_states(self):
        as_mash = self.referral_p.with_user(self.mash_user)
        with self.assertRaisesRegex(UserError, "cannot be decided"), self.undone():
            as_mash.action_decide()
        with self.assertRaisesRegex(UserError, "cannot be closed"), self.undone():
            as_mash.action_close()
        as_mash.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be submitted"), self.undone():
            as_mash.action_submit()
        self.assertEqual(as_mash.state, "submitted")

    def test_submission_needs_children_and_concerns(self):
        referrals = self.env["safeguarding.referral"].with_user(self.practitioner)
        no_child = referrals.create(
            {"referrer_name": "X", "concerns": "<p>Worried</p>", **PARENT_CONSENT}
        )
        with self.assertRaisesRegex(UserError, "Add the children"), self.undone():
            no_child.action_submit()
        no_concern = referrals.create(
            {
                "referrer_name": "X",
                "child_ids": [Command.set(self.child_a1.ids)],
                "concerns": "<p></p>",
                **PARENT_CONSENT,
            }
        )
        with self.assertRaisesRegex(UserError, "Describe the concerns"), self.undone():
            no_concern.action_submit()
        self.assertEqual((no_child | no_concern).mapped("state"), ["draft", "draft"])

    def test_reopen_a_decision(self):
        referral = self.referral_p
        referral.with_user(self.practitioner).action_submit()
        referral.with_user(self.mash_user).action_start_screening()
        referral.with_user(self.mash_user).write({"decided_tier": "2", "decision_outcome": "nfa"})
        referral.with_user(self.mash_user).action_decide()
        with self.assertRaises(UserError), self.undone():
            referral.with_user(self.hub_user).action_reopen_screening(reason="New information")
        referral.with_user(self.mash_user).action_reopen_screening(reason="New information")
        self.assertEqual(referral.state, "screening")

    def test_archive_instead_of_delete(self):
        referral = self.referral_p.with_user(self.hub_user)
        referral.action_archive()
        self.assertFalse(referral.active)
        referral.action_unarchive()
        self.assertTrue(referral.active)

    def test_early_help_decision_opens_a_prefilled_case(self):
        referral = self.referral_p
        referral.with_user(self.practitioner).action_submit()
        as_mash = referral.with_user(self.mash_user)
        as_mash.action_start_screening()
        with self.assertRaisesRegex(UserError, "decided as early help"), self.undone():
            as_mash.action_open_taf()
        as_mash.write({"decided_tier": "2", "decision_outcome": "early_help"})
        as_mash.action_decide()
        action = referral.with_user(self.hub_user).action_open_taf()
        case = (
            self.env["safeguarding.taf"]
            .with_user(self.hub_user)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(case.family_id, self.family_a)
        self.assertEqual(case.child_ids, self.child_a1)
        self.assertEqual(case.referral_id, referral)
        self.assertEqual(case.tier, "2")
        self.assertEqual(referral.taf_ids, case)
