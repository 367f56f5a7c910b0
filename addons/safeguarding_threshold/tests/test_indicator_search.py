"""The indicator search (issue 15, item 2): whole words, English stemming, the
vocabulary of everyday words, ranking, and a quality floor on the query set."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import users, warmup

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools import search_quality
from .common import GROUP_PREFIX, SafeguardingCase

# the share of the query set the search must find (all expected indicators among the
# first 8), overall and among the queries whose words are not in the indicators' text:
# the measured score (212/230, 207/225), rounded down, so that it can only go up
QUALITY_FLOOR = 0.91
# the same share on the hold-out set (tools/search_quality_holdout.csv), written blind from
# the indicator texts and never used for tuning. A regression guard set from its first,
# blind measurement (102/123, 0.829; non-literal 100/121, 0.826): rounded down to two
# decimals, minus 0.02. Raising the vocabulary to meet its misses would spoil it.
HOLDOUT_FLOOR = 0.80


@tagged("post_install", "-at_install")
class TestIndicatorSearch(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.norfolk = cls.env.ref("safeguarding_threshold.framework_norfolk")
        cls.thurrock = cls.env.ref("safeguarding_threshold.framework_thurrock")
        cls.admin = mail_new_test_user(
            cls.env, login="sg_search_admin", groups=GROUP_PREFIX + "admin"
        )
        cls.Indicator = cls.env["safeguarding.indicator"]

    def _codes(self, framework, query, user=None, limit=8):
        Indicator = self.Indicator.with_user(user or self.practitioner)
        return Indicator.browse(Indicator.search_ranked_ids(framework.id, query, limit)).mapped(
            "code"
        )

    def _texts(self, framework, query, user=None):
        ids = self.Indicator.with_user(user or self.practitioner).search_ranked_ids(
            framework.id, query
        )
        return self.Indicator.browse(ids).mapped("name")

    def test_whole_words_not_substrings(self):
        substring = self.Indicator.search(
            [("framework_id", "=", self.norfolk.id), ("name", "ilike", "rent")]
        )
        self.assertTrue(substring, "an ilike search finds 'rent' inside 'parent'")
        for text in self._texts(self.norfolk, "rent"):
            self.assertRegex(text.lower(), r"\brent")

    def test_word_forms_and_hyphens_do_not_matter(self):
        for query, word in (("bruise", "bruis"), ("self harm", "self-harm")):
            with self.subTest(query=query):
                texts = self._texts(self.norfolk, query)
                self.assertTrue(texts)
                self.assertIn(word, texts[0].lower())

    def test_vocabulary_finds_the_documents_wording(self):
        self.assertFalse(self._codes(self.norfolk, "zzdrinking"))
        term = (
            self.env["safeguarding.search.term"]
            .with_user(self.admin)
            .create({"name": "zzdrinking", "meaning": "alcohol; binge drinking"})
        )
        texts = self._texts(self.norfolk, "zzdrinking")
        self.assertTrue(texts)
        self.assertTrue(all("alcohol" in t.lower() or "drinking" in t.lower() for t in texts))
        # a council's own wording serves that council only
        term.framework_id = self.thurrock
        self.assertFalse(self._codes(self.norfolk, "zzdrinking"))
        term.active = False
        self.assertFalse(self._codes(self.thurrock, "zzdrinking"))

    def test_vocabulary_phrase_and_abbreviation(self):
        self.env["safeguarding.search.term"].with_user(self.admin).create(
            {"name": "zz DA", "meaning": "domestic abuse"}
        )
        texts = self._texts(self.norfolk, "ZZ da")
        self.assertTrue(texts)
        self.assertIn("domestic abuse", texts[0].lower())

    def test_another_form_of_a_vocabulary_word(self):
        """Forms the stemmer keeps apart (truant, truancy) still find the term's meaning."""
        self.env["safeguarding.search.term"].with_user(self.admin).create(
            {"name": "zzblarcy", "meaning": "domestic abuse"}
        )
        texts = self._texts(self.norfolk, "zzblart")
        self.assertTrue(texts)
        self.assertIn("domestic abuse", texts[0].lower())
        self.assertFalse(self._codes(self.norfolk, "zzbl"), "too short to be another form")

    def test_a_phrase_typed_with_other_stop_words(self):
        """A phrase term is found whatever stop words the query puts between its words."""
        self.env["safeguarding.search.term"].with_user(self.admin).create(
            {"name": "zzglad at zzhome", "meaning": "domestic abuse"}
        )
        for query in ("zzglad zzhome", "zzglad in the zzhome", "zzglad at zzhome"):
            with self.subTest(query=query):
                texts = self._texts(self.norfolk, query)
                self.assertTrue(texts)
                self.assertIn("domestic abuse", texts[0].lower())
        self.assertFalse(self._codes(self.norfolk, "zzhome zzglad"), "the words keep their order")

    def _in_text(self, framework, query):
        """The ids of the framework's lines that have ``query`` in their own words (not
        only in their domain heading)."""
        self.env.cr.execute(
            "SELECT id FROM safeguarding_indicator WHERE framework_id = %s "
            "AND ts_filter(search_vector, '{a}') @@ plainto_tsquery('english', %s)",
            (framework.id, query),
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def test_words_in_the_text_before_words_in_the_heading(self):
        """A line with the query's word in its own text comes before a line that has it
        only in its domain heading ("Family and social relationships")."""
        self.env["safeguarding.search.term"].search([]).active = False
        in_text = self._in_text(self.thurrock, "relationships")
        ranked = self.Indicator.with_user(self.practitioner).search_ranked_ids(
            self.thurrock.id, "relationships"
        )
        flags = [indicator_id in in_text for indicator_id in ranked]
        self.assertIn(True, flags)
        self.assertIn(False, flags, "some lines have the word only in their heading")
        self.assertEqual(flags, sorted(flags, reverse=True))

    def test_needs_before_strengths(self):
        # "relationship" is both in strengths (tier 1) and in needs of the Thurrock document;
        # without the vocabulary, every line that has it in its text matches it equally:
        # needs come first
        self.env["safeguarding.search.term"].search([]).active = False
        in_text = self._in_text(self.thurrock, "relationships")
        Indicator = self.Indicator.with_user(self.practitioner)
        ranked = Indicator.browse(Indicator.search_ranked_ids(self.thurrock.id, "relationships"))
        flags = [line.is_protective for line in ranked if line.id in in_text]
        self.assertIn(True, flags)
        self.assertIn(False, flags)
        self.assertEqual(flags, sorted(flags), "needs come before strengths")

    def test_words_before_the_code(self):
        indicator = self.Indicator.search([("framework_id", "=", self.thurrock.id)], limit=1)
        self.assertEqual(indicator.display_name, f"{indicator.name} ({indicator.code})")

    def test_a_code_finds_its_indicators(self):
        codes = self._codes(self.thurrock, "thu-t2-hea", limit=None)
        self.assertTrue(codes)
        self.assertTrue(all(code.startswith("THU-T2-HEA") for code in codes))

    def test_the_picker_ranks_within_the_referral_framework(self):
        Indicator = self.Indicator.with_user(self.practitioner)
        domain = [("framework_id", "=", self.norfolk.id)]
        pairs = Indicator.name_search("self harm", domain, limit=5)
        self.assertEqual(
            [pair[0] for pair in pairs],
            Indicator.search_ranked_ids(self.norfolk.id, "self harm", 5),
        )
        self.assertTrue(all(Indicator.browse(p[0]).framework_id == self.norfolk for p in pairs))
        self.assertTrue(pairs[0][1].startswith("The child"), "words first, the code after")
        # a search view's "Indicator" filter finds the same
        found = Indicator.search(domain + [("display_name", "ilike", "self harm")])
        self.assertEqual(
            set(found.ids), set(Indicator.search_ranked_ids(self.norfolk.id, "self harm"))
        )

    def test_queries_without_words_find_nothing(self):
        for query in ("", "  ", "--", "the and of"):
            with self.subTest(query=query):
                self.assertEqual(self._codes(self.norfolk, query), [])

    def test_only_the_administrator_edits_the_vocabulary(self):
        Term = self.env["safeguarding.search.term"]
        self.assertTrue(Term.with_user(self.practitioner).search_count([]) >= 0)
        for user in (self.practitioner, self.hub_user, self.mash_user, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Term.with_user(user).create({"name": "zzx", "meaning": "neglect"})
        with self.assertRaises(ValidationError):
            Term.with_user(self.admin).create({"name": "zzx", "meaning": " ; "})
        with self.assertRaises(ValidationError):
            Term.with_user(self.admin).create({"name": "--", "meaning": "neglect"})

    def test_search_quality_floor(self):
        outcomes = search_quality.evaluate(self.env(user=self.practitioner))
        figures = search_quality.summary(outcomes)
        self.assertGreaterEqual(figures["total"], 60)
        missed = [f"{o.framework}: {o.query!r} -> {o.found}" for o in outcomes if not o.hit]
        self.assertGreaterEqual(
            figures["hits"] / figures["total"], QUALITY_FLOOR, "\n".join(missed)
        )
        self.assertGreaterEqual(
            figures["non_literal_hits"] / figures["non_literal"], QUALITY_FLOOR, "\n".join(missed)
        )

    def test_search_quality_holdout_floor(self):
        rows = search_quality.load_queries(search_quality.HOLDOUT)
        outcomes = search_quality.evaluate(self.env(user=self.practitioner), rows)
        figures = search_quality.summary(outcomes)
        self.assertGreaterEqual(figures["total"], 80)
        missed = [f"{o.framework}: {o.query!r} -> {o.found}" for o in outcomes if not o.hit]
        self.assertGreaterEqual(
            figures["hits"] / figures["total"], HOLDOUT_FLOOR, "\n".join(missed)
        )


@tagged("post_install", "-at_install")
class TestIndicatorSearchQueries(SafeguardingCase):
    @users("sg_practitioner")
    @warmup
    def test_a_search_costs_the_same_whatever_the_query(self):
        Indicator = self.env["safeguarding.indicator"]
        framework = self.env.ref("safeguarding_threshold.framework_norfolk").id
        for query in ("neglect", "parent mental health drinking alcohol"):
            with self.subTest(query=query), self.assertQueryCount(sg_practitioner=3):
                Indicator.search_ranked_ids(framework, query, 8)
