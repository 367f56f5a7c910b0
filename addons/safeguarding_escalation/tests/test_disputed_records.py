from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import EscalationCase


@tagged("post_install", "-at_install")
class TestDisputedRecords(EscalationCase):
    def test_referral_button_prefills_and_shows_escalations(self):
        referral = self.referral_p.with_user(self.practitioner)
        self.assertEqual(referral.escalation_count, 0)
        action = referral.action_raise_escalation()
        self.assertEqual(action["res_model"], "safeguarding.escalation")
        ctx = action["context"]
        self.assertEqual(ctx["default_referral_id"], self.referral_p.id)
        self.assertEqual(ctx["default_category"], "referral_decision")
        self.assertEqual(ctx["default_other_user_id"], self.mash_user.id)

        env = self.env(user=self.practitioner, context=dict(self.env.context, **ctx))
        with Form(env["safeguarding.escalation"]) as form:
            form.disputed = "The decision was tier 2."
            form.desired_outcome = "Tier 3 assessment."
        escalation = form.record
        self.assertEqual(escalation.referral_id, self.referral_p)
        self.assertEqual(escalation.other_user_id, self.mash_user)
        self.assertEqual(escalation.framework_id, self.thurrock)

        referral.invalidate_recordset(["escalation_count"])
        self.assertEqual(referral.escalation_count, 1)
        self.assertEqual(self.referral_p.with_user(self.mash_user).escalation_count, 1)
        # the hub sees the referral but not the escalation, so counts none
        self.assertEqual(self.referral_p.with_user(self.hub_user).escalation_count, 0)
        shown = (
            self.env["safeguarding.escalation"]
            .with_user(self.practitioner)
            .search(referral.action_view_escalations()["domain"])
        )
        self.assertEqual(shown, escalation)

    def test_undecided_referral_cannot_be_disputed(self):
        self.referral_p.sudo().state = "screening"
        with self.assertRaisesRegex(UserError, "once"):
            self.referral_p.with_user(self.practitioner).action_raise_escalation()
        with self.assertRaisesRegex(ValidationError, "decided"):
            self.raise_escalation(self.practitioner, self.referral_p)

    def test_taf_button_offers_plan_step_down_or_closure(self):
        case = self.case_a.with_user(self.practitioner)
        self.assertEqual(case.action_raise_escalation()["context"]["default_category"], "plan")
        self.case_a.sudo().state = "stepped_down"
        self.assertEqual(case.action_raise_escalation()["context"]["default_category"], "step_down")
        self.case_a.sudo().state = "closed"
        ctx = case.action_raise_escalation()["context"]
        self.assertEqual(ctx["default_category"], "closure")
        self.assertEqual(ctx["default_taf_id"], self.case_a.id)

        self.case_a.sudo().referral_id = self.referral_p
        escalation = (
            self.env["safeguarding.escalation"]
            .with_user(self.practitioner)
            .create(
                {
                    "taf_id": self.case_a.id,
                    "category": "closure",
                    "disputed": "The case was closed while the children still need support.",
                    "desired_outcome": "Reopen the case.",
                    "other_user_id": self.hub_user.id,
                }
            )
        )
        self.assertEqual(escalation.framework_id, self.thurrock)
        self.assertEqual(escalation.subject_reference, self.case_a.name)
        self.assertEqual(case.escalation_count, 1)
        self.assertEqual(self.case_a.with_user(self.hub_user).escalation_count, 1)
        self.assertEqual(self.case_a.with_user(self.mash_user).escalation_count, 0)
        self.assertEqual(
            self.env["safeguarding.escalation"]
            .with_user(self.hub_user)
            .search(case.action_view_escalations()["domain"]),
            escalation,
        )

    def test_subject_is_required(self):
        with self.assertRaises(ValidationError):
            self.env["safeguarding.escalation"].with_user(self.practitioner).create(
                {
                    "category": "plan",
                    "framework_id": self.thurrock.id,
                    "disputed": "x",
                    "desired_outcome": "y",
                    "other_user_id": self.mash_user.id,
                }
            )

    def test_referrals_and_cases_share_the_subject_mixin(self):
        """Issue 14: the count and the two buttons are written once, in
        safeguarding.escalation.subject; each disputed model says only what differs."""
        shared = (
            "_compute_escalation_count",
            "action_raise_escalation",
            "action_view_escalations",
        )
        for model, field_name in (
            ("safeguarding.referral", "referral_id"),
            ("safeguarding.taf", "taf_id"),
        ):
            with self.subTest(model=model):
                Model = self.env[model]
                self.assertEqual(Model._escalation_subject_field, field_name)
                self.assertEqual(
                    self.env["safeguarding.escalation"]._fields[field_name].comodel_name, model
                )
                for name in shared:
                    defining = [
                        cls._name
                        for cls in type(Model).mro()
                        if getattr(cls, "_module", None) == "safeguarding_escalation"
                        and name in cls.__dict__
                    ]
                    self.assertEqual(defining, ["safeguarding.escalation.subject"], name)
                self.assertEqual(
                    Model._fields["escalation_count"].compute, "_compute_escalation_count"
                )
