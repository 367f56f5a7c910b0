from odoo.tests import TransactionCase, tagged

# Indicators per framework and tier, as transcribed from the seeds (see the
# header comment of each data/frameworks/*.xml file).
EXPECTED_COUNTS = {
    "thurrock": {"1": 42, "2": 63, "3": 57, "4": 0},
    "norfolk": {"1": 65, "2": 66, "3": 66, "4": 84},
    "tower_hamlets": {"1": 27, "2": 55, "3": 49, "4": 54},
    "dudley": {"1": 29, "2": 38, "3": 48, "4": 77},
    "doncaster": {"1": 0, "2": 0, "3": 0, "4": 0},
}


@tagged("post_install", "-at_install")
class TestFrameworkCatalogues(TransactionCase):
    def _framework(self, code):
        return self.env["safeguarding.framework"].search([("code", "=", code)])

    def test_catalogue_counts(self):
        for code, per_tier in EXPECTED_COUNTS.items():
            framework = self._framework(code)
            with self.subTest(framework=code):
                self.assertEqual(len(framework), 1)
                counts = dict(
                    self.env["safeguarding.indicator"]._read_group(
                        [("framework_id", "=", framework.id)], ["tier"], ["__count"]
                    )
                )
                self.assertEqual({t: counts.get(t, 0) for t in "1234"}, per_tier)
                self.assertEqual(framework.indicator_count, sum(per_tier.values()))

    def test_every_framework_has_four_tiers_in_its_own_vocabulary(self):
        vocabulary = {
            "thurrock": "tier",
            "norfolk": "tier",
            "tower_hamlets": "level",
            "dudley": "level",
            "doncaster": "level",
        }
        for code, word in vocabulary.items():
            framework = self._framework(code)
            with self.subTest(framework=code):
                self.assertEqual(framework.vocabulary, word)
                self.assertEqual(framework.tier_ids.mapped("tier"), ["1", "2", "3", "4"])
                self.assertTrue(all(framework.tier_ids.mapped("definition")))

    def test_protective_flags_follow_tier_one(self):
        indicators = self.env["safeguarding.indicator"].search([])
        self.assertFalse(indicators.filtered(lambda i: i.is_protective != (i.tier == "1")))

    def test_norfolk_section_47_criteria(self):
        criteria = self._framework("norfolk").indicator_ids.filtered("is_s47_criterion")
        self.assertEqual(len(criteria), 19)
        self.assertEqual(set(criteria.mapped("tier")), {"4"})

    def test_thurrock_appendix_c_is_a_tier_band(self):
        band = self._framework("thurrock").indicator_ids.filtered("tier_band")
        self.assertEqual(len(band), 57)
        self.assertEqual(set(band.mapped("tier_band")), {"3/4"})

    def test_doncaster_explains_why_it_has_no_indicators(self):
        doncaster = self._framework("doncaster")
        self.assertFalse(doncaster.indicator_ids)
        self.assertIn("Appendix 1", doncaster.indicator_note)

    def test_verbatim_sample(self):
        indicator = self.env["safeguarding.indicator"].search([("code", "=", "NOR-S47-18")])
        self.assertEqual(indicator.name, "Pregnancy in a child aged under 13.")
