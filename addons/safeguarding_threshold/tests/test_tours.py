from lxml import etree

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .tour_case import SafeguardingTourCase


@tagged("post_install", "-at_install")
class TestReferralTours(SafeguardingTourCase):
    """The front door in the browser: a practitioner refers, the MASH decides."""

    def setUp(self):
        super().setUp()
        self.framework = self.env.ref("safeguarding_threshold.framework_thurrock")
        self.env.company.safeguarding_framework_id = self.framework

    def _indicators(self, *codes):
        return self.env["safeguarding.indicator"].search(
            [("framework_id", "=", self.framework.id), ("code", "in", codes)]
        )

    def test_practitioner_referral_tour(self):
        practitioner = self._uk_user("sg_tour_practitioner", "practitioner", "Pat Fieldhouse")
        self._start_tour("safeguarding_practitioner_referral_tour", practitioner.login)

        referral = self.env["safeguarding.referral"].search(
            [("referrer_user_id", "=", practitioner.id)]
        )
        self.assertEqual(len(referral), 1)
        self.assertEqual(referral.state, "submitted")
        self.assertTrue(referral.name.startswith("REF/"))
        self.assertEqual(referral.referrer_role, "Class teacher")
        self.assertIn("no food at home", referral.concerns)
        child = referral.child_ids
        self.assertEqual(
            (child.first_name, child.last_name, child.birthdate),
            ("Poppy", "Greenwood", fields.Date.to_date("2015-02-14")),
        )
        self.assertEqual(child.create_uid, practitioner)
        self.assertEqual(referral.family_id.name, "Greenwood household")
        self.assertEqual(referral.family_id.create_uid, practitioner)
        self.assertEqual(
            referral.indicator_line_ids.indicator_id,
            self._indicators("THU-T2-EDU-02", "THU-T2-EDU-03", "THU-T2-HOU-02"),
        )
        self.assertEqual(referral.consent_status, "parent")
        self.assertEqual(referral.consent_given_by, "Sam Greenwood, mother")
        self.assertEqual(
            referral.consent_date,
            fields.Date.context_today(referral.with_user(practitioner)),
        )
        self.assertTrue(referral.decision_deadline)

    def test_mash_decision_tour(self):
        mash = self._uk_user("sg_tour_mash", "mash", "Morgan Mashford")
        practitioner = self._uk_user("sg_tour_referrer", "practitioner", "Rita Referwell")
        referral = self._submitted_referral(
            practitioner,
            {"first_name": "Rowan", "last_name": "Ellery", "birthdate": "2014-09-23"},
            "<p>Rowan has missed most of this half term.</p>",
            "Jo Ellery, mother",
            ("THU-T34-EDU-01", "THU-T2-EDU-02"),
        )
        self.assertEqual((referral.state, referral.suggested_tier), ("submitted", "3"))

        self._start_tour("safeguarding_mash_decision_tour", mash.login)

        self.assertEqual(referral.state, "decided")
        self.assertEqual(referral.decided_tier, "2")
        self.assertEqual(referral.decision_outcome, "early_help")
        self.assertIn("early help can meet these needs", referral.decision_rationale)
        self.assertEqual(referral.decided_by_id, mash)
        self.assertTrue(referral.feedback_on)
        self.assertGreaterEqual(referral.feedback_on, referral.decided_on.replace(microsecond=0))
        self.assertFalse(referral.feedback_late)
        # the refused attempt wrote nothing: the tier, the outcome and the rationale
        # were recorded together, by the decision
        (tier_change,) = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "safeguarding.referral"),
                ("mail_message_id.res_id", "=", referral.id),
                ("field_id.name", "=", "decided_tier"),
            ]
        )
        self.assertEqual(
            set(tier_change.mail_message_id.tracking_value_ids.field_id.mapped("name")),
            {"state", "decided_tier", "decision_outcome", "decision_rationale"},
        )


@tagged("post_install", "-at_install")
class TestReferralFormGuidance(TransactionCase):
    """What the referral form tells people, found missing by the tours."""

    def _form_arch(self):
        view = self.env.ref("safeguarding_threshold.safeguarding_referral_view_form")
        return etree.fromstring(view.arch)

    def test_submitted_referral_confirms_reference_deadline_and_next_steps(self):
        """Regression: after "Submit to the front door" the practitioner saw nothing but
        the status bar move; the form now confirms the reference, the deadline and what
        happens next."""
        (banner,) = self._form_arch().xpath("//div[hasclass('o_referral_submitted')]")
        self.assertEqual(banner.get("invisible"), "state != 'submitted'")
        self.assertEqual(
            banner.xpath(".//field/@name"), ["name", "decision_deadline"], "reference, deadline"
        )
        self.assertIn("What happens next", "".join(banner.itertext()))

    def test_decision_differing_from_the_suggestion_asks_for_the_rationale(self):
        """Regression: pressing "Record decision" with a tier other than the suggestion and
        no rationale only said "Missing required fields"; the decision dialog says why
        before the decision is recorded, and the server refuses it in the same words."""
        view = self.env.ref("safeguarding_threshold.safeguarding_referral_decision_view_form")
        arch = etree.fromstring(view.arch)
        (hint,) = arch.xpath("//div[hasclass('o_rationale_needed')]")
        self.assertIn("Say why in the rationale", "".join(hint.itertext()))
        self.assertEqual(hint.get("invisible"), "not rationale_needed")
        (button,) = self._form_arch().xpath("//header/button[@string='Record decision']")
        self.assertEqual(button.get("name"), "action_open_decision")
        # the decision is recorded by the dialog only: nothing is half-saved on the form
        for name in ("decided_tier", "decision_outcome", "decision_rationale"):
            (field,) = self._form_arch().xpath(f"//field[@name='{name}']")
            self.assertEqual(field.get("readonly"), "1", name)

    def test_household_is_asked_for_at_intake(self):
        """The practitioner chooses or creates the household on a draft referral."""
        (family,) = self._form_arch().xpath("//field[@name='family_id'][not(ancestor::field)]")
        readonly = family.get("readonly") or "False"
        self.assertFalse(safe_eval(readonly, {"can_correct_screening": True}))
        self.assertTrue(safe_eval(readonly, {"can_correct_screening": False}))
        self.assertFalse(family.get("invisible"))
        self.assertFalse(family.get("groups"))
