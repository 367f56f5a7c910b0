from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import PARENT_CONSENT, SafeguardingCase

# (framework, indicator codes, expected suggested tier)
CASES = [
    # Thurrock: highest tier only; Appendix C items are the "Tier 3 and 4" band
    ("thurrock", ["THU-T2-HEA-01"], "2"),
    ("thurrock", ["THU-T1-HEA-01", "THU-T1-EDU-01"], "1"),
    ("thurrock", ["THU-T1-HEA-01", "THU-T2-EDU-01"], "2"),
    ("thurrock", ["THU-T2-HEA-01", "THU-T2-EDU-01", "THU-T2-SPR-01", "THU-T2-HEA-02"], "2"),
    ("thurrock", ["THU-T2-HEA-01", "THU-T34-EBD-01"], "3"),
    # Norfolk: three Tier Two indicators across two domains suggest Tier Three
    ("norfolk", ["NOR-DEV-01-T2"], "2"),
    ("norfolk", ["NOR-DEV-01-T2", "NOR-DEV-04-T2"], "2"),
    ("norfolk", ["NOR-DEV-01-T2", "NOR-DEV-02-T2", "NOR-DEV-03-T2"], "2"),
    ("norfolk", ["NOR-DEV-01-T2", "NOR-DEV-02-T2", "NOR-DEV-04-T2"], "3"),
    ("norfolk", ["NOR-DEV-01-T1", "NOR-DEV-04-T1", "NOR-DEV-08-T1"], "1"),
    ("norfolk", ["NOR-DEV-01-T2", "NOR-S47-18"], "4"),
    ("norfolk", ["NOR-DEV-08-T3", "NOR-DEV-04-T1"], "3"),
    # Tower Hamlets: levels; multiple level-3 examples fit a Section 17 assessment
    ("tower_hamlets", ["TH-HEA-02"], "2"),
    ("tower_hamlets", ["TH-HEA-03"], "3"),
    ("tower_hamlets", ["TH-HEA-03", "TH-EDU-07"], "3"),
    ("tower_hamlets", ["TH-HEA-03", "TH-SOC-09"], "4"),
    ("tower_hamlets", ["TH-HEA-01", "TH-EDU-01"], "1"),
    # Dudley: highest level only
    ("dudley", ["DUD-L2-DEV-HEA-01"], "2"),
    ("dudley", ["DUD-L1-DEV-HEA-01", "DUD-L3-DEV-FSR-01"], "3"),
    ("dudley", ["DUD-L2-DEV-HEA-01", "DUD-L4-DEV-EDU-01"], "4"),
    ("dudley", ["DUD-L1-DEV-IDE-01"], "1"),
]


@tagged("post_install", "-at_install")
class TestSuggestedTier(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.frameworks = {
            framework.code: framework for framework in cls.env["safeguarding.framework"].search([])
        }

    def _indicators(self, codes):
        indicators = self.env["safeguarding.indicator"].search([("code", "in", codes)])
        self.assertEqual(sorted(indicators.mapped("code")), sorted(codes))
        return indicators

    def _referral(self, framework_code, codes, user=None):
        referrals = self.env["safeguarding.referral"].with_user(user or self.hub_user)
        return referrals.create(
            {
                "referrer_name": "Test",
                "concerns": "<p>Worried about the children.</p>",
                **PARENT_CONSENT,
                "framework_id": self.frameworks[framework_code].id,
                "child_ids": [Command.set(self.child_a1.ids)],
                "indicator_line_ids": [
                    Command.create({"indicator_id": indicator.id, "evidence": "Seen at school"})
                    for indicator in self._indicators(codes)
                ],
            }
        )

    def test_expected_suggestions_for_every_framework(self):
        for framework_code, codes, expected in CASES:
            with self.subTest(framework=framework_code, codes=codes):
                referral = self._referral(framework_code, codes)
                self.assertEqual(referral.suggested_tier, expected)
                for code in codes:
                    self.assertIn(code, referral.suggestion_explanation)
        covered = {case[0] for case in CASES}
        self.assertEqual(covered, {"thurrock", "norfolk", "tower_hamlets", "dudley"})

    def test_explanation_names_the_rule_and_the_vocabulary(self):
        norfolk = self._referral("norfolk", ["NOR-DEV-01-T2", "NOR-DEV-02-T2", "NOR-DEV-04-T2"])
        self.assertIn("A combination of Tier Two indicators", norfolk.suggestion_explanation)
        self.assertIn("suggest Tier 3", norfolk.suggestion_explanation)
        dudley = self._referral("dudley", ["DUD-L2-DEV-HEA-01"])
        self.assertIn("Level 2 is the highest level", dudley.suggestion_explanation)
        thurrock = self._referral("thurrock", ["THU-T34-EBD-01"])
        self.assertIn("tier 3/4", thurrock.suggestion_explanation)

    def test_protective_factors_never_raise_the_tier(self):
        referral = self._referral("thurrock", ["THU-T2-HEA-01"])
        self.assertEqual(referral.suggested_tier, "2")
        strengths = self._indicators(["THU-T1-HEA-01", "THU-T1-EDU-01", "THU-T1-EBD-01"])
        referral.indicator_line_ids = [
            Command.create({"indicator_id": indicator.id}) for indicator in strengths
        ]
        self.assertEqual(referral.suggested_tier, "2")
        self.assertIn("never raise", referral.suggestion_explanation)

    def test_no_indicators_no_suggestion(self):
        referral = self._referral("thurrock", [])
        self.assertFalse(referral.suggested_tier)
        self.assertFalse(referral.suggestion_explanation)

    def test_doncaster_says_why_there_are_no_indicators(self):
        referral = self._referral("doncaster", [])
        self.assertFalse(referral.suggested_tier)
        self.assertIn("Appendix 1", referral.framework_indicator_note)

    def test_rule_change_recomputes_undecided_referrals_only(self):
        codes = ["NOR-DEV-01-T2", "NOR-DEV-04-T2"]
        undecided = self._referral("norfolk", codes)
        decided = self._referral("norfolk", codes)
        decided.sudo().write(
            {"state": "decided", "decided_tier": "2", "decision_outcome": "early_help"}
        )
        self.assertEqual((undecided | decided).mapped("suggested_tier"), ["2", "2"])
        rule = self.env.ref("safeguarding_threshold.framework_rule_norfolk_tier2_combination")
        rule.with_user(self.sg_admin).min_indicators = 2
        self.env.flush_all()
        self.assertEqual(undecided.suggested_tier, "3")
        self.assertEqual(decided.suggested_tier, "2", "a decided referral keeps its suggestion")

    def test_rule_counts_are_validated(self):
        rule = self.env.ref("safeguarding_threshold.framework_rule_norfolk_tier2_combination")
        with self.assertRaisesRegex(ValidationError, "more domains"), self.undone():
            rule.with_user(self.sg_admin).min_domains = 5
        with self.assertRaisesRegex(ValidationError, "never lower"), self.undone():
            rule.with_user(self.sg_admin).suggested_tier = "1"
        with self.assertRaises(AccessError), self.undone():
            rule.with_user(self.manager).min_indicators = 1

    def test_indicator_must_belong_to_the_referral_framework(self):
        referral = self._referral("thurrock", ["THU-T2-HEA-01"])
        norfolk_indicator = self._indicators(["NOR-DEV-01-T2"])
        with self.assertRaisesRegex(ValidationError, "belongs to the Norfolk framework"):
            with self.undone():
                referral.indicator_line_ids = [
                    Command.create({"indicator_id": norfolk_indicator.id})
                ]

    def test_practitioner_records_indicators_on_their_draft_only(self):
        referral = self.referral_p.with_user(self.practitioner)
        referral.framework_id = self.frameworks["thurrock"]
        referral.indicator_line_ids = [
            Command.create({"indicator_id": self._indicators(["THU-T2-HEA-01"]).id})
        ]
        self.assertEqual(referral.suggested_tier, "2")
        referral.action_submit()
        with self.assertRaises(AccessError), self.undone():
            referral.indicator_line_ids = [
                Command.create({"indicator_id": self._indicators(["THU-T34-HEA-01"]).id})
            ]

    def test_decision_differing_from_suggestion_needs_a_rationale(self):
        referral = self._referral("thurrock", ["THU-T2-HEA-01"], user=self.practitioner)
        referral.action_submit()
        as_mash = referral.with_user(self.mash_user)
        as_mash.action_start_screening()
        as_mash.write({"decided_tier": "3", "decision_outcome": "s17", "primary_need_code": "N5"})
        with self.assertRaisesRegex(UserError, "Record the rationale"), self.undone():
            as_mash.action_decide()
        as_mash.decision_rationale = "Older sibling was subject to a plan last year."
        as_mash.action_decide()
        self.assertEqual(as_mash.state, "decided")

    def test_decision_matching_the_suggestion_needs_no_rationale(self):
        referral = self._referral("thurrock", ["THU-T2-HEA-01"], user=self.practitioner)
        referral.action_submit()
        as_mash = referral.with_user(self.mash_user)
        as_mash.action_start_screening()
        as_mash.write({"decided_tier": "2", "decision_outcome": "early_help"})
        as_mash.action_decide()
        self.assertEqual(as_mash.state, "decided")
