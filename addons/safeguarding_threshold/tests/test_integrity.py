"""Record integrity as a client that is not the web client would attack it.

Each test is one attack of issue 12, made with the ORM calls any JSON-RPC client can
make, as the low-privilege user who would make it; the attack is refused and the
record is unchanged. The generic, registry-driven attack suite over real JSON-RPC is
test_hostile_client.py.
"""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestReferralIntegrity(SafeguardingCase):
    def _screening(self):
        referral = self.referral_p
        referral.with_user(self.practitioner).action_submit()
        referral.with_user(self.mash_user).action_start_screening()
        return referral

    def test_state_moves_only_through_the_transitions(self):
        as_practitioner = self.referral_p.with_user(self.practitioner)
        for state in ("submitted", "screening", "decided", "closed"):
            with (
                self.subTest(state=state),
                self.assertRaisesRegex(UserError, "recorded by its actions"),
                self.undone(),
            ):
                as_practitioner.write({"state": state})
        self.assertEqual(self.referral_p.state, "draft")

    def test_decision_fields_cannot_be_forged(self):
        as_practitioner = self.referral_p.with_user(self.practitioner)
        forged = {
            "suggested_tier": "1",
            "decided_by_id": self.mash_user.id,
            "decided_on": "2026-01-05 10:00:00",
            "consent_override_by_id": self.mash_user.id,
            "consent_override_on": "2026-01-05 10:00:00",
        }
        for field, value in forged.items():
            with self.subTest(field=field), self.assertRaises(UserError), self.undone():
                as_practitioner.write({field: value})
        self.assertFalse(self.referral_p.decided_by_id)
        self.assertFalse(self.referral_p.consent_override_by_id)

    def test_creation_starts_in_draft_whatever_the_client_sends(self):
        Referral = self.env["safeguarding.referral"].with_user(self.practitioner)
        values = {
            "referrer_name": "Practitioner",
            "child_ids": [Command.set(self.child_a1.ids)],
        }
        with self.assertRaisesRegex(UserError, "recorded by its actions"), self.undone():
            Referral.create({**values, "state": "decided"})
        with self.assertRaisesRegex(UserError, "not at intake"), self.undone():
            Referral.create({**values, "decided_tier": "1", "decision_outcome": "nfa"})
        # a context default is no way round it
        referral = Referral.with_context(
            default_state="decided", default_decided_by_id=self.mash_user.id
        ).create(values)
        self.assertEqual(referral.state, "draft")
        self.assertFalse(referral.decided_by_id)

    def test_a_decision_is_written_once(self):
        referral = self._screening()
        as_mash = referral.with_user(self.mash_user)
        as_mash.write({"decided_tier": "2", "decision_outcome": "nfa", "decision_rationale": "x"})
        as_mash.action_decide()
        # the second MASH user's save, arriving after the decision, changes nothing
        as_manager = referral.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "no longer being screened"), self.undone():
            as_manager.write({"decided_tier": "4", "decision_outcome": "s47"})
        with self.assertRaisesRegex(UserError, "cannot be decided"), self.undone():
            as_manager.action_decide()
        self.assertEqual(
            (referral.decided_tier, referral.decision_outcome, referral.decided_by_id),
            ("2", "nfa", self.mash_user),
        )

    def test_framework_fixed_once_indicators_are_recorded(self):
        thurrock_indicator = self.env["safeguarding.indicator"].search(
            [("framework_id", "=", self.referral_p.framework_id.id)], limit=1
        )
        self.referral_p.with_user(self.practitioner).write(
            {"indicator_line_ids": [Command.create({"indicator_id": thurrock_indicator.id})]}
        )
        norfolk = self.env.ref("safeguarding_threshold.framework_norfolk")
        with self.assertRaisesRegex(UserError, "already has indicators"), self.undone():
            self.referral_p.with_user(self.practitioner).framework_id = norfolk
        self.assertNotEqual(self.referral_p.framework_id, norfolk)

    def test_references_to_unreadable_records_are_refused(self):
        as_practitioner = self.referral_p.with_user(self.practitioner)
        attacks = {
            "family_id": self.family_b.id,
            "child_ids": [Command.link(self.child_b.id)],
            "consent_child_id": self.child_b.id,
        }
        for field, value in attacks.items():
            with (
                self.subTest(field=field),
                self.assertRaisesRegex(AccessError, "not allowed to see"),
                self.undone(),
            ):
                as_practitioner.write({field: value})
        self.assertEqual(self.referral_p.family_id, self.family_a)
        self.assertNotIn(self.child_b, self.referral_p.child_ids)
        # nor through a context default at creation
        with self.assertRaisesRegex(AccessError, "not allowed to see"), self.undone():
            self.env["safeguarding.referral"].with_user(self.practitioner).with_context(
                default_family_id=self.family_b.id
            ).create({"referrer_name": "Practitioner"})


@tagged("post_install", "-at_install")
class TestCaseIntegrity(SafeguardingCase):
    def test_lead_cannot_write_what_transitions_record(self):
        as_lead = self.case_a.with_user(self.practitioner)
        forged = {
            "state": "closed",
            "close_date": "2026-01-05",
            "step_down_to": "universal",
            "step_down_override_by_id": self.manager.id,
            "step_down_override_reason": "Forged",
            "lead_professional_id": self.other_practitioner.id,
        }
        for field, value in forged.items():
            with (
                self.subTest(field=field),
                self.assertRaisesRegex(UserError, "recorded by its actions"),
                self.undone(),
            ):
                as_lead.write({field: value})
        self.assertEqual(self.case_a.state, "open")
        self.assertEqual(self.case_a.lead_professional_id, self.practitioner)

    def test_lead_cannot_move_their_case_to_another_household(self):
        with self.assertRaises(UserError), self.undone():
            self.case_a.with_user(self.practitioner).family_id = self.family_b
        self.assertEqual(self.case_a.family_id, self.family_a)

    def test_lines_stay_on_their_case(self):
        member = self.case_a.member_ids[:1]
        Member = self.env["safeguarding.taf.member"].with_user(self.practitioner)
        line = Member.create({"taf_id": self.case_a.id, "user_id": self.practitioner.id})
        with self.assertRaisesRegex(UserError, "stays with the record"), self.undone():
            line.taf_id = self.case_b
        with self.assertRaises(AccessError), self.undone():
            Member.create({"taf_id": self.case_b.id, "user_id": self.practitioner.id})
        self.assertEqual(member.taf_id, self.case_a)
        self.assertFalse(self.case_b.with_user(self.practitioner).has_access("read"))
        # the hub, who sees every case, may still correct a line put on the wrong case
        line.with_user(self.hub_user).taf_id = self.case_b
        self.assertEqual(line.taf_id, self.case_b)

    def test_action_owner_must_be_of_the_same_case(self):
        Action = self.env["safeguarding.taf.action"].with_user(self.hub_user)
        with self.assertRaisesRegex(ValidationError, "member of the team"), self.undone():
            Action.create(
                {
                    "taf_id": self.case_a.id,
                    "name": "Call the school",
                    "due_date": "2026-02-01",
                    "owner_member_id": self.case_b.member_ids[:1].id,
                }
            )

    def test_review_is_held_only_with_its_decision(self):
        Review = self.env["safeguarding.taf.review"].with_user(self.practitioner)
        with self.assertRaisesRegex(UserError, "recorded by its actions"), self.undone():
            Review.create({"taf_id": self.case_a.id, "date": "2026-01-05", "state": "held"})
        review = Review.create({"taf_id": self.case_a.id, "date": "2026-01-05"})
        with self.assertRaisesRegex(UserError, "recorded by its actions"), self.undone():
            review.state = "held"
        with self.assertRaisesRegex(UserError, "Record the decision"), self.undone():
            review.action_hold()
        review.write({"decision": "continue", "scaling": 6})
        review.action_hold()
        self.assertEqual(review.state, "held")
        with self.assertRaisesRegex(UserError, "cannot change"), self.undone():
            review.decision = "close"
        self.assertEqual(review.decision, "continue")


@tagged("post_install", "-at_install")
class TestLineIntegrity(SafeguardingCase):
    def test_household_line_cannot_point_at_hidden_people(self):
        Member = self.env["safeguarding.family.member"].with_user(self.practitioner)
        for field, value in (("child_id", self.child_b.id), ("adult_id", self.adult_b.id)):
            with (
                self.subTest(field=field),
                self.assertRaisesRegex(AccessError, "not allowed to see"),
                self.undone(),
            ):
                Member.create({"family_id": self.family_a.id, "role": "child", field: value})

    def test_information_sharing_is_recorded_as_its_author(self):
        Share = self.env["safeguarding.information.share"].with_user(self.practitioner)
        values = {
            "referral_id": self.referral_p.id,
            "decision": "withhold",
            "information": "School attendance",
            "recipient": "Housing officer",
            "purpose": "Not necessary.",
        }
        with self.assertRaisesRegex(UserError, "recorded by its actions"), self.undone():
            Share.create({**values, "decided_by_id": self.mash_user.id})
        with self.assertRaisesRegex(UserError, "recorded by its actions"), self.undone():
            Share.create({**values, "decided_on": "2020-01-01 09:00:00"})
        with self.assertRaises(AccessError), self.undone():
            Share.create({**values, "referral_id": False, "taf_id": self.case_b.id})
        entry = Share.create(values)
        self.assertEqual(entry.decided_by_id, self.practitioner)
