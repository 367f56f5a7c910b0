"""Rules of the front door found missing by walking the screens (issue 13)."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import SafeguardingCase


def _tracked(referral, field_name):
    return (
        referral.env["mail.tracking.value"]
        .sudo()
        .search(
            [
                ("mail_message_id.model", "=", "safeguarding.referral"),
                ("mail_message_id.res_id", "=", referral.id),
                ("field_id.name", "=", field_name),
            ]
        )
    )


@tagged("post_install", "-at_install")
class TestDecisionDialog(SafeguardingCase):
    """A decision refused by a rule writes nothing; one accepted writes everything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.referral = cls.referral_p.with_env(cls.env)
        cls.referral.with_user(cls.practitioner).action_submit()
        cls.referral.with_user(cls.mash_user).action_start_screening()

    def _dialog(self, **values):
        action = self.referral.with_user(self.mash_user).action_open_decision()
        self.assertEqual(action["res_model"], "safeguarding.referral.decision")
        Decision = self.env[action["res_model"]].with_user(self.mash_user)
        return Decision.with_context(**action["context"]).create(values)

    def _refusal(self, dialog):
        try:
            dialog.action_confirm()
        except UserError as error:
            return error
        self.fail("the decision was accepted")

    def test_a_refused_decision_writes_nothing(self):
        self.referral.indicator_line_ids = [
            Command.create({"indicator_id": indicator.id})
            for indicator in self.env["safeguarding.indicator"].search(
                [("framework_id", "=", self.referral.framework_id.id), ("tier", "=", "3")], limit=1
            )
        ]
        self.assertEqual(self.referral.suggested_tier, "3")
        dialog = self._dialog(decided_tier="2", decision_outcome="early_help")
        self.assertTrue(dialog.rationale_needed)
        self.assertEqual(dialog.family_id, self.family_a, "the referral's household is offered")
        # no savepoint: what a refused decision wrote would stay in this transaction
        refusal = self._refusal(dialog)
        self.assertIn("Record the rationale before deciding", str(refusal))
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        self.assertEqual(self.referral.state, "screening")
        self.assertFalse(self.referral.decided_tier)
        self.assertFalse(self.referral.decision_outcome)
        self.assertFalse(_tracked(self.referral, "decided_tier"), "no “None → 2” in the chatter")

        dialog.decision_rationale = "The school is already supporting Amelia."
        self.assertFalse(dialog.rationale_needed)
        dialog.action_confirm()
        self.env.cr.precommit.run()
        self.assertEqual(self.referral.state, "decided")
        self.assertEqual(
            (self.referral.decided_tier, self.referral.decision_outcome),
            ("2", "early_help"),
        )
        self.assertEqual(self.referral.decided_by_id, self.mash_user)
        self.assertEqual(len(_tracked(self.referral, "decided_tier")), 1)

    def test_consent_is_checked_before_anything_is_written(self):
        self.referral.sudo().write(
            {
                "consent_status": "not_sought",
                "consent_exception": "undue_delay",
                "consent_exception_note": "The mother is abroad.",
            }
        )
        dialog = self._dialog(decided_tier="2", decision_outcome="early_help")
        self.assertIn("need consent", str(self._refusal(dialog)))
        self.env.invalidate_all()
        self.assertFalse(self.referral.decision_outcome)

    def test_only_the_mash_opens_the_dialog(self):
        with self.assertRaisesRegex(UserError, "Only MASH practitioners"):
            self.referral.with_user(self.hub_user).action_open_decision()
        with self.assertRaises(AccessError):
            self.env["safeguarding.referral.decision"].with_user(self.hub_user).create(
                {"referral_id": self.referral.id, "decided_tier": "2", "decision_outcome": "nfa"}
            )

    def test_the_household_is_set_while_deciding(self):
        self.referral.sudo().family_id = False
        household = (
            self.env["safeguarding.family"]
            .with_user(self.mash_user)
            .create({"name": "Ashdown-Reed household"})
        )
        self._dialog(
            decided_tier="2", decision_outcome="early_help", family_id=household.id
        ).action_confirm()
        self.assertEqual(self.referral.family_id, household)

    def test_a_household_of_another_council_is_refused(self):
        other = self.env["res.company"].create({"name": "Westmoor Council"})
        foreign = self.env["safeguarding.family"].create(
            {"name": "Far household", "company_id": other.id}
        )
        dialog = self._dialog(decided_tier="2", decision_outcome="nfa")
        dialog.sudo().family_id = foreign
        with self.assertRaises(UserError):  # an AccessError is one too
            dialog.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(self.referral.state, "screening")


@tagged("post_install", "-at_install")
class TestFrontDoorRules(SafeguardingCase):
    def _decided(self, referral, outcome="early_help"):
        referral.with_user(referral.referrer_user_id).action_submit()
        as_mash = referral.with_user(self.mash_user)
        as_mash.action_start_screening()
        as_mash.write({"decided_tier": "2", "decision_outcome": outcome})
        as_mash.action_decide()
        return referral

    def test_a_draft_has_no_decision_deadline_until_submitted(self):
        referral = self.referral_p
        referral.sudo().received_on = fields.Datetime.now() - timedelta(days=10)
        self.assertFalse(referral.decision_deadline)
        self.assertFalse(referral.deadline_status)
        overdue = self.env["safeguarding.referral"].search([("deadline_status", "in", ["overdue"])])
        self.assertNotIn(referral, overdue)
        before = fields.Datetime.now().replace(microsecond=0)
        referral.with_user(self.practitioner).action_submit()
        # the clock starts when the front door receives it, not when the draft was begun
        self.assertGreaterEqual(referral.received_on, before)
        self.assertGreater(referral.decision_deadline, referral.received_on)
        self.assertNotEqual(referral.deadline_status, "overdue")

    def test_the_front_door_keeps_when_it_received_a_call(self):
        called = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=2)
        referral = (
            self.env["safeguarding.referral"]
            .with_user(self.mash_user)
            .create(
                {
                    "referrer_name": "Caller",
                    "channel": "phone",
                    "received_on": called,
                    "child_ids": [Command.set(self.child_b.ids)],
                    "concerns": "<p>A neighbour rang about shouting.</p>",
                    "consent_status": "parent",
                    "consent_given_by": "Bo Brightwell, carer",
                    "consent_date": fields.Date.today(),
                }
            )
        )
        referral.action_submit()
        self.assertEqual(referral.received_on, called)

    def test_feedback_is_not_dated_before_the_decision(self):
        referral = self._decided(self.referral_p).with_user(self.mash_user)
        with self.assertRaisesRegex(ValidationError, "before the decision"):
            referral.feedback_on = referral.decided_on - timedelta(hours=1)
        with self.assertRaisesRegex(ValidationError, "in the future"):
            referral.feedback_on = fields.Datetime.now() + timedelta(days=1)
        referral.feedback_on = fields.Datetime.now()
        self.assertTrue(referral.feedback_on)

    def test_feedback_needs_a_decision(self):
        with self.assertRaisesRegex(ValidationError, "no decision yet"):
            self.referral_b.with_user(self.mash_user).feedback_on = fields.Datetime.now()

    def test_reopening_asks_for_a_reason(self):
        referral = self._decided(self.referral_p).with_user(self.mash_user)
        referral.feedback_on = fields.Datetime.now()
        action = referral.action_reopen_screening()
        self.assertEqual(action["res_model"], "safeguarding.referral.reopen")
        self.assertEqual(referral.state, "decided", "nothing reopens before the reason is given")
        with self.assertRaisesRegex(UserError, "Say why"):
            referral.action_reopen_screening(reason="  ")
        wizard = (
            self.env["safeguarding.referral.reopen"]
            .with_user(self.mash_user)
            .create({"referral_id": referral.id, "reason": "The police shared new information."})
        )
        wizard.action_confirm()
        self.assertEqual(referral.state, "screening")
        self.assertFalse(referral.feedback_on, "the referrer is told again after the new decision")
        self.assertIn(
            "The police shared new information.",
            referral.message_ids[:1].body,
        )

    def test_indicators_and_children_are_the_mash_s_after_submission(self):
        referral = self.referral_p
        indicator = self.env["safeguarding.indicator"].search(
            [("framework_id", "=", referral.framework_id.id)], limit=1
        )
        referral.with_user(self.practitioner).indicator_line_ids = [
            Command.create({"indicator_id": indicator.id})
        ]
        line = referral.indicator_line_ids
        referral.with_user(self.practitioner).action_submit()
        # nobody changes them while the referral waits for screening
        for user in (self.hub_user, self.mash_user):
            with self.assertRaisesRegex(UserError, "only be changed by the MASH while screening"):
                self.env["safeguarding.referral.indicator"].with_user(user).create(
                    {"referral_id": referral.id, "indicator_id": indicator.id}
                )
            with self.assertRaisesRegex(UserError, "only be changed by the MASH while screening"):
                line.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "only be changed by the MASH while screening"):
                referral.with_user(user).child_ids = [Command.link(self.child_a2.id)]
        referral.with_user(self.hub_user).action_start_screening()
        with self.assertRaisesRegex(UserError, "only be changed by the MASH while screening"):
            line.with_user(self.hub_user).evidence = "Seen at the school gate"
        # the MASH corrects them while screening
        line.with_user(self.mash_user).evidence = "Seen at the school gate"
        referral.with_user(self.mash_user).child_ids = [Command.link(self.child_a2.id)]
        self.assertEqual(referral.child_ids, self.child_a1 | self.child_a2)
        self.assertTrue(referral.with_user(self.mash_user).can_correct_screening)
        self.assertFalse(referral.with_user(self.hub_user).can_correct_screening)
        line.with_user(self.mash_user).unlink()
        self.assertFalse(referral.indicator_line_ids)

    def test_what_the_referrer_sent_is_kept_as_sent(self):
        referral = self.referral_p
        referral.with_user(self.practitioner).action_submit()
        for user in (self.hub_user, self.mash_user):
            with self.assertRaisesRegex(UserError, "kept as it was received"):
                referral.with_user(user).concerns = "<p>Rewritten</p>"
            with self.assertRaisesRegex(UserError, "kept as it was received"):
                referral.with_user(user).received_on = fields.Datetime.now() - timedelta(days=3)
        self.assertIn("hungry", referral.concerns)

    def test_a_case_without_a_household_asks_for_one(self):
        referral = self.referral_p
        referral.sudo().family_id = False
        self._decided(referral)
        action = referral.with_user(self.hub_user).action_open_taf()
        self.assertFalse(action["context"]["default_family_id"])
        household = (
            self.env["safeguarding.family"]
            .with_user(self.hub_user)
            .create({"name": "New Ashdown household"})
        )
        case = (
            self.env["safeguarding.taf"]
            .with_user(self.hub_user)
            .with_context(**action["context"])
            .create({"family_id": household.id})
        )
        self.assertEqual(case.referral_id, referral)
        self.assertEqual(referral.family_id, household, "the referral takes the case's household")
        self.assertIn(self.child_a1, household.child_ids, "the child lives there now")


@tagged("post_install", "-at_install")
class TestOnlyWhatTheRoleMayDo(SafeguardingCase):
    """A practitioner is not offered Archive, and cannot archive through any client."""

    def test_archive_is_the_front_door_s(self):
        records = {
            "referral": self.referral_p,
            "case": self.case_a,
            "child": self.child_a1,
            "family": self.family_a,
        }
        for label, record in records.items():
            with self.subTest(record=label):
                as_practitioner = record.with_user(self.practitioner)
                self.assertTrue(as_practitioner.fields_get(["active"])["active"]["readonly"])
                with self.assertRaisesRegex(UserError, "Only the early help hub and the MASH"):
                    as_practitioner.action_archive()
                self.assertTrue(record.active)
                as_hub = record.with_user(self.hub_user)
                self.assertFalse(as_hub.fields_get(["active"])["active"].get("readonly"))
                as_hub.action_archive()
                self.assertFalse(record.active)
                as_hub.action_unarchive()


@tagged("post_install", "-at_install")
class TestKanbanInTheOrderOfTheProcess(SafeguardingCase):
    def test_referral_and_case_columns_follow_the_process(self):
        for model, expected in (
            ("safeguarding.referral", ["draft", "submitted", "screening", "decided", "closed"]),
            ("safeguarding.taf", ["open", "stepped_up", "stepped_down", "closed"]),
        ):
            with self.subTest(model=model):
                # the kanban asks for the empty columns too (read_group_expand)
                expanded = (
                    self.env[model]
                    .with_user(self.mash_user)
                    .with_context(read_group_expand=True)
                    .web_read_group([], ["state"], ["__count"])
                )
                self.assertEqual([g["state"] for g in expanded["groups"]], expected)

    def test_the_referral_card_shows_the_decision_deadline(self):
        arch = self.env["safeguarding.referral"].get_view(view_type="kanban")["arch"]
        self.assertIn('name="decision_deadline"', arch)
        self.assertIn('name="deadline_status"', arch)


@tagged("post_install", "-at_install")
class TestDecidingWhatWasSaved(SafeguardingCase):
    """A client that saves the decision and then decides (two requests) decides only a
    decision it wrote itself: two MASH users at once cannot mix their decisions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referral_p.with_user(cls.practitioner).action_submit()
        cls.referral_p.with_user(cls.mash_user).action_start_screening()
        cls.other_mash = cls.manager  # a manager is also in the MASH

    def _save(self, user, tier, outcome, rationale):
        self.referral_p.with_user(user).write(
            {
                "decided_tier": tier,
                "decision_outcome": outcome,
                "decision_rationale": rationale,
                "primary_need_code": "N1" if outcome in ("s17", "s47") else False,
            }
        )

    def test_a_decision_saved_by_someone_else_is_not_recorded(self):
        self._save(self.mash_user, "2", "early_help", "Early help meets the needs.")
        self._save(self.other_mash, "3", "s17", "A child in need assessment is needed.")
        self.assertEqual(self.referral_p.decision_drafted_by_id, self.other_mash)
        with self.assertRaisesRegex(UserError, "changed the decision"), self.undone():
            self.referral_p.with_user(self.mash_user).action_decide()
        self.assertEqual(self.referral_p.state, "screening")
        self.referral_p.with_user(self.other_mash).action_decide()
        self.assertEqual(
            (
                self.referral_p.state,
                self.referral_p.decided_by_id,
                self.referral_p.decided_tier,
                self.referral_p.decision_outcome,
            ),
            ("decided", self.other_mash, "3", "s17"),
        )

    def test_who_drafted_is_the_system_s_to_write(self):
        with self.assertRaises(UserError), self.undone():
            self.referral_p.with_user(self.mash_user).write(
                {"decision_drafted_by_id": self.mash_user.id}
            )
        self._save(self.mash_user, "2", "early_help", "Early help meets the needs.")
        self.referral_p.with_user(self.mash_user).action_decide()
        self.assertEqual(self.referral_p.decided_by_id, self.mash_user)
