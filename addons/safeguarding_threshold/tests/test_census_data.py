from odoo.exceptions import UserError
from odoo.tests import BaseCase, Form, tagged

from ..tools import ETHNICITY_SELECTION, PRIMARY_NEED_SELECTION, la_child_id
from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestCensusCodes(BaseCase):
    def test_ethnicity_codes_are_the_census_codes(self):
        codes = [code for code, _label in ETHNICITY_SELECTION]
        self.assertEqual(len(codes), 20)
        self.assertEqual(len(set(codes)), 20)
        for code in ("WBRI", "WROM", "MWBC", "ABAN", "BAFR", "CHNE", "OOTH", "REFU", "NOBT"):
            self.assertIn(code, codes)

    def test_primary_need_codes(self):
        self.assertEqual(
            sorted(code for code, _label in PRIMARY_NEED_SELECTION),
            ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"],
        )

    def test_la_child_id_is_at_most_20_letters_and_digits(self):
        self.assertEqual(la_child_id("C0001234", 7), "C0001234")
        self.assertEqual(la_child_id("A" * 20, 7), "A" * 20)
        self.assertEqual(la_child_id("A" * 21, 7), "SG7", "too long")
        self.assertEqual(la_child_id("LCS-204817", 7), "SG7", "a hyphen is not alphanumeric")
        self.assertEqual(la_child_id("", 7), "SG7")
        self.assertEqual(la_child_id(None, 12), "SG12")


@tagged("post_install", "-at_install")
class TestCensusData(SafeguardingCase):
    def test_characteristics_recorded_on_the_child(self):
        child = self.child_a1.with_user(self.hub_user)
        child.write(
            {
                "ethnicity": "ABAN",
                "first_language": "Bengali",
                "interpreter_needed": True,
                "gp_practice": "Chrisp Street Health Centre",
                "local_reference": "LCS-1",
            }
        )
        self.assertEqual(child.ethnicity, "ABAN")
        self.assertEqual(child.la_child_id, f"SG{child.id}")
        child.local_reference = "1234567"
        self.assertEqual(child.la_child_id, "1234567")

    def test_referral_source_from_the_agency_with_an_override(self):
        school = self.env["safeguarding.agency"].create(
            {"name": "Census Primary School", "referral_source": "2A"}
        )
        Referral = self.env["safeguarding.referral"].with_user(self.practitioner)
        from_school = Referral.create({"referrer_name": "Ms Head", "agency_id": school.id})
        self.assertEqual(from_school.referral_source, "2A")
        from_nobody = Referral.create({"referrer_name": "A neighbour"})
        self.assertEqual(from_nobody.referral_source, "10", "unknown until chosen")
        from_nobody.referral_source = "1B"
        from_nobody.referrer_role = "Neighbour"
        self.assertEqual(from_nobody.referral_source, "1B", "the choice is kept")
        chosen = Referral.create({"referrer_name": "Gran", "referral_source": "1A"})
        self.assertEqual(chosen.referral_source, "1A")

    def _screening(self):
        referral = self.referral_p
        referral.with_user(self.practitioner).action_submit()
        referral.with_user(self.hub_user).action_start_screening()
        return referral.with_user(self.mash_user)

    def test_a_referral_to_social_care_needs_its_primary_need(self):
        as_mash = self._screening()
        with self.assertRaisesRegex(UserError, "Choose the primary need"), self.undone():
            as_mash._decide({"decided_tier": "3", "decision_outcome": "s17"})
        self.assertEqual(as_mash.state, "screening", "nothing is written")
        as_mash._decide({"decided_tier": "3", "decision_outcome": "s17", "primary_need_code": "N4"})
        self.assertEqual((as_mash.state, as_mash.primary_need_code), ("decided", "N4"))

    def test_the_decision_dialog_asks_for_the_primary_need(self):
        as_mash = self._screening()
        form = Form(
            self.env["safeguarding.referral.decision"]
            .with_user(self.mash_user)
            .with_context(default_referral_id=as_mash.id)
        )
        form.decided_tier = "2"
        form.decision_outcome = "early_help"
        self.assertFalse(form.primary_need_needed)
        form.decision_outcome = "s47"
        self.assertTrue(form.primary_need_needed)
        form.decided_tier = "4"
        form.primary_need_code = "N1"
        form.decision_rationale = "Disclosure of physical abuse."
        form.save().action_confirm()
        self.assertEqual((as_mash.decision_outcome, as_mash.primary_need_code), ("s47", "N1"))

    def test_early_help_records_no_primary_need(self):
        as_mash = self._screening()
        decision = (
            self.env["safeguarding.referral.decision"]
            .with_user(self.mash_user)
            .create(
                {
                    "referral_id": as_mash.id,
                    "decided_tier": "2",
                    "decision_outcome": "early_help",
                    "primary_need_code": "N5",
                    "family_id": self.family_a.id,
                    "decision_rationale": "Early help meets the needs.",
                }
            )
        )
        decision.action_confirm()
        self.assertEqual(as_mash.state, "decided")
        self.assertFalse(as_mash.primary_need_code)
