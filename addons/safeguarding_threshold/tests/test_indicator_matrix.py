"""The threshold matrix (issue 15, item 1): the council's own matrix of indicators,
domains down the side and tiers across, ticked several at a time.

The structure is the framework's; the ticks go through the line model as the user,
so a referral's rules on its indicators hold, and the suggestion is the referral's own.
"""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import users, warmup
from odoo.tools import mute_logger

from .common import PARENT_CONSENT, SafeguardingCase
from .tour_case import SafeguardingTourCase

CATALOGUES = ("dudley", "norfolk", "thurrock", "tower_hamlets")


def walk(domains, parent=None):
    """(domain, parent) of every domain of a matrix, depth first."""
    for domain in domains:
        yield domain, parent
        yield from walk(domain["children"], domain)


def matrix_indicators(structure):
    """(indicator, row, cell, domain) of every indicator shown in a matrix."""
    for domain, _parent in walk(structure["domains"]):
        for row in domain["rows"]:
            for cell in row["cells"]:
                for indicator in cell["indicators"]:
                    yield indicator, row, cell, domain


@tagged("post_install", "-at_install")
class TestIndicatorMatrix(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.frameworks = {
            code: cls.env.ref(f"safeguarding_threshold.framework_{code}")
            for code in (*CATALOGUES, "doncaster")
        }
        cls.thurrock = cls.frameworks["thurrock"]

    def _indicator(self, code):
        indicator = self.env["safeguarding.indicator"].search([("code", "=", code)])
        self.assertEqual(len(indicator), 1, code)
        return indicator

    def _structure(self, code):
        framework = self.frameworks[code].with_user(self.practitioner)
        return framework._indicator_matrix_structure()

    def _payload(self, referral, user):
        return referral.with_user(user).indicator_matrix()

    def _apply(self, referral, user, *changes):
        return referral.with_user(user).indicator_matrix_apply(list(changes))

    def _tick(self, code, evidence=None, ticked=True):
        change = {"indicator_id": self._indicator(code).id, "ticked": ticked}
        if evidence is not None:
            change["evidence"] = evidence
        return change

    def _lines(self, referral):
        return {
            line.indicator_id.code: line.evidence or False
            for line in referral.sudo().indicator_line_ids
        }

    def _direct_referral(self, framework, codes):
        """A referral with ``codes`` recorded as lines directly, by the practitioner."""
        return (
            self.env["safeguarding.referral"]
            .with_user(self.practitioner)
            .create(
                {
                    "referrer_name": "Practitioner",
                    "framework_id": framework.id,
                    "child_ids": [Command.set(self.child_a1.ids)],
                    "indicator_line_ids": [
                        Command.create({"indicator_id": self._indicator(code).id}) for code in codes
                    ],
                }
            )
        )

    # ------------------------------------------------------------
    # The structure of each catalogue
    # ------------------------------------------------------------

    def test_every_indicator_appears_once_in_its_matrix(self):
        for code in CATALOGUES:
            with self.subTest(framework=code):
                framework = self.frameworks[code]
                structure = self._structure(code)
                shown = [indicator["id"] for indicator, *_rest in matrix_indicators(structure)]
                self.assertEqual(len(shown), len(set(shown)), "no indicator twice")
                self.assertEqual(sorted(shown), sorted(framework.indicator_ids.ids))
                self.assertEqual(structure["indicator_count"], len(framework.indicator_ids))
                # each indicator sits in its own domain's rows, in a cell of its tier
                domain_of = {i.id: i.domain_id.id for i in framework.indicator_ids}
                for indicator, _row, cell, domain in matrix_indicators(structure):
                    self.assertEqual(domain["id"], domain_of[indicator["id"]])
                    self.assertIn(indicator["tier"], cell["tiers"])

    def test_columns_are_the_tiers_in_the_framework_vocabulary(self):
        expected = {
            "dudley": "Level",
            "norfolk": "Tier",
            "thurrock": "Tier",
            "tower_hamlets": "Level",
        }
        for code, word in expected.items():
            with self.subTest(framework=code):
                structure = self._structure(code)
                framework = self.frameworks[code]
                self.assertEqual(structure["framework"]["vocabulary_label"], word)
                self.assertEqual(structure["framework"]["name"], framework.name)
                self.assertEqual(
                    [(c["tier"], c["label"]) for c in structure["columns"]],
                    [(tier, f"{word} {tier}") for tier in "1234"],
                )
                self.assertEqual(
                    [c["name"] for c in structure["columns"]],
                    framework.tier_ids.sorted("tier").mapped("name"),
                )
                for _indicator, row, _cell, _domain in matrix_indicators(structure):
                    self.assertEqual(sum(cell["span"] for cell in row["cells"]), 4)

    def test_domains_nest_as_the_document_does(self):
        for code in CATALOGUES:
            with self.subTest(framework=code):
                structure = self._structure(code)
                domains = self.env["safeguarding.indicator.domain"].search(
                    [("framework_id", "=", self.frameworks[code].id)]
                )
                by_id = {domain.id: domain for domain in domains}
                seen = []
                for node, parent in walk(structure["domains"]):
                    domain = by_id[node["id"]]
                    seen.append(domain)
                    self.assertEqual(domain.parent_id.id or None, parent and parent["id"])
                    self.assertEqual(node["depth"], domain.parent_path.count("/") - 1)
                    self.assertEqual(node["complete_name"], domain.complete_name)
                    # in the document's order under each heading
                    children = [child["id"] for child in node["children"]]
                    self.assertEqual(
                        children,
                        domain.child_ids.sorted(lambda d: (d.sequence, d.id))
                        .filtered(lambda d, shown=children: d.id in shown)
                        .ids,
                    )
                # every domain holding indicators (and its headings) is shown
                holding = self.frameworks[code].indicator_ids.domain_id
                self.assertLessEqual(set(holding.ids), {domain.id for domain in seen})

    def test_norfolk_rows_are_graded_at_four_tiers(self):
        structure = self._structure("norfolk")
        graded = [
            (row, domain)
            for domain, _parent in walk(structure["domains"])
            for row in domain["rows"]
            if row["graded"]
        ]
        self.assertEqual(len(graded), 66, "66 matrix rows of four tiers")
        for row, _domain in graded:
            self.assertRegex(row["label"], r"^NOR-[A-Z]{3}-\d{2}$")
            self.assertEqual([cell["key"] for cell in row["cells"]], ["1", "2", "3", "4"])
            for cell in row["cells"]:
                self.assertLessEqual(len(cell["indicators"]), 1)
                for indicator in cell["indicators"]:
                    self.assertEqual(indicator["code"], f"{row['label']}-T{cell['key']}")
        rows = {row["label"]: row for row, _domain in graded}
        first = rows["NOR-DEV-01"]
        self.assertEqual(
            [cell["indicators"][0]["code"] for cell in first["cells"]],
            ["NOR-DEV-01-T1", "NOR-DEV-01-T2", "NOR-DEV-01-T3", "NOR-DEV-01-T4"],
        )
        # two cells are blank in the document
        self.assertEqual(rows["NOR-DEV-03"]["cells"][3]["indicators"], [])
        self.assertEqual(rows["NOR-PAR-14"]["cells"][0]["indicators"], [])
        # the section 47 criteria: one row of their own domain, at tier 4
        (s47,) = [d for d, _p in walk(structure["domains"]) if d["code"] == "S47"]
        (row,) = s47["rows"]
        self.assertFalse(row["graded"])
        self.assertEqual([len(cell["indicators"]) for cell in row["cells"]], [0, 0, 0, 19])
        self.assertTrue(all(i["is_s47_criterion"] for i in row["cells"][3]["indicators"]))

    def test_thurrock_tier_3_and_4_is_a_band(self):
        structure = self._structure("thurrock")
        self.assertEqual(
            structure["bands"], [{"key": "3/4", "tiers": ["3", "4"], "label": "Tier 3 and 4"}]
        )
        band_ids = set(self.thurrock.indicator_ids.filtered(lambda i: i.tier_band == "3/4").ids)
        self.assertEqual(len(band_ids), 57)
        in_band = set()
        for domain, _parent in walk(structure["domains"]):
            for row in domain["rows"]:
                # Tier 1, Tier 2, then one cell spanning tiers 3 and 4, as the document
                self.assertEqual(
                    [(cell["key"], cell["span"]) for cell in row["cells"]],
                    [("1", 1), ("2", 1), ("3/4", 2)],
                )
                band = row["cells"][2]
                self.assertEqual(band["band_label"], "Tier 3 and 4")
                self.assertEqual(band["tiers"], ["3", "4"])
                in_band.update(indicator["id"] for indicator in band["indicators"])
                for cell in row["cells"][:2]:
                    self.assertFalse([i for i in cell["indicators"] if i["tier_band"]])
        self.assertEqual(in_band, band_ids)

    def test_leaf_domains_are_the_rows_of_the_other_frameworks(self):
        for code in ("dudley", "tower_hamlets", "thurrock"):
            with self.subTest(framework=code):
                structure = self._structure(code)
                for domain, _parent in walk(structure["domains"]):
                    if domain["children"]:
                        self.assertEqual(domain["rows"], [])
                        continue
                    (row,) = domain["rows"]
                    self.assertFalse(row["graded"])
                    framework_indicators = self.frameworks[code].indicator_ids.filtered(
                        lambda i, domain_id=domain["id"]: i.domain_id.id == domain_id
                    )
                    for cell in row["cells"]:
                        expected = framework_indicators.filtered(
                            lambda i, tiers=cell["tiers"]: i.tier in tiers
                        ).sorted(lambda i: (i.sequence, i.id))
                        self.assertEqual(
                            [indicator["id"] for indicator in cell["indicators"]], expected.ids
                        )

    def test_matrix_available_only_with_indicators(self):
        referral = self.referral_p.with_user(self.practitioner)
        self.assertTrue(referral.indicator_matrix_available)
        referral.framework_id = self.frameworks["doncaster"]
        self.assertFalse(referral.indicator_matrix_available)

    def test_button_opens_the_matrix_of_the_record(self):
        action = self.referral_p.with_user(self.practitioner).action_open_indicator_matrix()
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "safeguarding_indicator_matrix")
        self.assertEqual(
            action["params"], {"model": "safeguarding.referral", "id": self.referral_p.id}
        )
        with self.assertRaises(AccessError):
            self.referral_p.with_user(self.other_practitioner).action_open_indicator_matrix()

    # ------------------------------------------------------------
    # The payload and the ticks
    # ------------------------------------------------------------

    def test_payload_of_a_draft_for_its_practitioner(self):
        payload = self._payload(self.referral_p, self.practitioner)
        self.assertTrue(payload["may_edit"])
        self.assertEqual(payload["readonly_reason"], "")
        self.assertEqual(payload["ticked"], [])
        self.assertEqual(payload["suggestion"], {"tier": False, "label": "", "explanation": ""})
        self.assertEqual(payload["structure"]["framework"]["id"], self.thurrock.id)
        self.assertEqual(payload["record"]["id"], self.referral_p.id)
        self.assertTrue(payload["search_ranked"])
        self.assertNotIn(
            "structure", self.referral_p.with_user(self.practitioner).indicator_matrix(False)
        )

    def test_ticking_several_records_lines_as_the_form_would(self):
        payload = self._apply(
            self.referral_p,
            self.practitioner,
            self._tick("THU-T2-EDU-02", "Late 9 days out of 10"),
            self._tick("THU-T34-EDU-03"),
            self._tick("THU-T1-HEA-01"),
        )
        self.assertEqual(
            self._lines(self.referral_p),
            {
                "THU-T2-EDU-02": "Late 9 days out of 10",
                "THU-T34-EDU-03": False,
                "THU-T1-HEA-01": False,
            },
        )
        self.assertEqual(self.referral_p.indicator_line_ids.create_uid, self.practitioner)
        direct = self._direct_referral(
            self.thurrock, ["THU-T2-EDU-02", "THU-T34-EDU-03", "THU-T1-HEA-01"]
        )
        self.assertEqual(self.referral_p.suggested_tier, "3")
        self.assertEqual(
            (self.referral_p.suggested_tier, self.referral_p.suggestion_explanation),
            (direct.suggested_tier, direct.suggestion_explanation),
        )
        self.assertEqual(
            payload["suggestion"],
            {
                "tier": "3",
                "label": "Tier 3",
                "explanation": self.referral_p.suggestion_explanation,
            },
        )
        ticked = {line["indicator_id"]: line for line in payload["ticked"]}
        lines = self.referral_p.indicator_line_ids
        self.assertEqual(set(ticked), set(lines.indicator_id.ids))
        for line in lines:
            self.assertEqual(ticked[line.indicator_id.id]["line_id"], line.id)
            self.assertEqual(ticked[line.indicator_id.id]["evidence"], line.evidence or "")

    def test_evidence_and_unticking(self):
        self._apply(
            self.referral_p,
            self.practitioner,
            self._tick("THU-T2-EDU-02"),
            self._tick("THU-T34-EDU-03"),
        )
        line = self.referral_p.indicator_line_ids.filtered(
            lambda line: line.indicator_id.code == "THU-T2-EDU-02"
        )
        payload = self._apply(
            self.referral_p,
            self.practitioner,
            self._tick("THU-T2-EDU-02", "Late most mornings"),
            self._tick("THU-T34-EDU-03", ticked=False),
        )
        self.assertEqual(self._lines(self.referral_p), {"THU-T2-EDU-02": "Late most mornings"})
        self.assertEqual(self.referral_p.indicator_line_ids, line, "the line is kept, not replaced")
        self.assertEqual(self.referral_p.suggested_tier, "2")
        direct = self._direct_referral(self.thurrock, ["THU-T2-EDU-02"])
        self.assertEqual(self.referral_p.suggestion_explanation, direct.suggestion_explanation)
        self.assertEqual(payload["suggestion"]["tier"], "2")
        # a tick without evidence keeps the evidence; blank evidence clears it
        self._apply(self.referral_p, self.practitioner, self._tick("THU-T2-EDU-02"))
        self.assertEqual(self._lines(self.referral_p), {"THU-T2-EDU-02": "Late most mornings"})
        self._apply(self.referral_p, self.practitioner, self._tick("THU-T2-EDU-02", "  "))
        self.assertEqual(self._lines(self.referral_p), {"THU-T2-EDU-02": False})
        # unticking what is not ticked changes nothing
        self._apply(self.referral_p, self.practitioner, self._tick("THU-T2-HEA-01", ticked=False))
        self.assertEqual(self._lines(self.referral_p), {"THU-T2-EDU-02": False})
        self._apply(self.referral_p, self.practitioner, self._tick("THU-T2-EDU-02", ticked=False))
        self.assertFalse(self.referral_p.indicator_line_ids)
        self.assertFalse(self.referral_p.suggested_tier)
        self.assertFalse(self.referral_p.suggestion_explanation)

    def test_norfolk_rule_applies_to_ticks(self):
        referral = self.referral_p.with_user(self.practitioner)
        referral.framework_id = self.frameworks["norfolk"]
        codes = ["NOR-DEV-01-T2", "NOR-DEV-02-T2", "NOR-DEV-04-T2"]
        payload = self._apply(referral, self.practitioner, *(self._tick(c) for c in codes))
        direct = self._direct_referral(self.frameworks["norfolk"], codes)
        self.assertEqual(referral.suggested_tier, "3", "three tier 2 needs in two domains")
        self.assertEqual(
            (referral.suggested_tier, referral.suggestion_explanation),
            (direct.suggested_tier, direct.suggestion_explanation),
        )
        self.assertEqual(payload["structure"]["framework"]["name"], "Norfolk")

    def test_another_practitioner_is_refused(self):
        self._apply(self.referral_p, self.practitioner, self._tick("THU-T2-EDU-02", "Late"))
        before = self._lines(self.referral_p)
        with self.assertRaises(AccessError):
            self._payload(self.referral_p, self.other_practitioner)
        for change in (
            self._tick("THU-T2-HEA-01"),
            self._tick("THU-T2-EDU-02", ticked=False),
            self._tick("THU-T2-EDU-02", "Changed"),
        ):
            with self.subTest(change=change), self.assertRaises(AccessError):
                self._apply(self.referral_p, self.other_practitioner, change)
        self.assertEqual(self._lines(self.referral_p), before)

    def test_after_submission_the_practitioner_sees_it_read_only(self):
        self._apply(self.referral_p, self.practitioner, self._tick("THU-T2-EDU-02", "Late"))
        self.referral_p.with_user(self.practitioner).action_submit()
        before = (self._lines(self.referral_p), self.referral_p.suggested_tier)
        payload = self._payload(self.referral_p, self.practitioner)
        self.assertFalse(payload["may_edit"])
        self.assertIn("can only be changed by the MASH", payload["readonly_reason"])
        self.assertEqual(
            [(line["indicator_id"], line["evidence"]) for line in payload["ticked"]],
            [(self._indicator("THU-T2-EDU-02").id, "Late")],
        )
        for change in (
            self._tick("THU-T2-HEA-01"),
            self._tick("THU-T2-EDU-02", ticked=False),
            self._tick("THU-T2-EDU-02", "Changed"),
        ):
            with self.subTest(change=change), self.assertRaises(UserError):
                self._apply(self.referral_p, self.practitioner, change)
        self.assertEqual((self._lines(self.referral_p), self.referral_p.suggested_tier), before)

    def test_the_mash_changes_the_indicators_while_screening(self):
        self.referral_p.with_user(self.practitioner).action_submit()
        self.assertFalse(self._payload(self.referral_p, self.mash_user)["may_edit"])
        with self.assertRaises(UserError):
            self._apply(self.referral_p, self.mash_user, self._tick("THU-T2-HEA-01"))
        self.referral_p.with_user(self.hub_user).action_start_screening()
        self.assertTrue(self._payload(self.referral_p, self.mash_user)["may_edit"])
        payload = self._apply(
            self.referral_p, self.mash_user, self._tick("THU-T2-HEA-01", "Seen by the GP")
        )
        self.assertEqual(self._lines(self.referral_p), {"THU-T2-HEA-01": "Seen by the GP"})
        self.assertEqual(payload["suggestion"]["tier"], "2")
        # the early help hub screens, but only the MASH corrects the indicators
        hub = self._payload(self.referral_p, self.hub_user)
        self.assertFalse(hub["may_edit"])
        with self.assertRaises(UserError):
            self._apply(self.referral_p, self.hub_user, self._tick("THU-T2-HEA-01", ticked=False))
        self.assertEqual(self._lines(self.referral_p), {"THU-T2-HEA-01": "Seen by the GP"})

    def test_an_indicator_of_another_framework_is_refused(self):
        norfolk = self._indicator("NOR-DEV-01-T2")
        with self.assertRaises(ValidationError):
            self._apply(
                self.referral_p,
                self.practitioner,
                self._tick("THU-T2-EDU-02"),
                {"indicator_id": norfolk.id, "ticked": True},
            )
        self.assertEqual(self._lines(self.referral_p), {})

    def test_changes_it_cannot_read_are_refused(self):
        for changes in (
            "THU-T2-EDU-02",
            [{"ticked": True}],
            [{"indicator_id": "12", "ticked": True}],
            [{"indicator_id": True}],
            [{"indicator_id": self._indicator("THU-T2-EDU-02").id, "evidence": 12}],
            [["THU-T2-EDU-02"]],
        ):
            with self.subTest(changes=changes), self.assertRaises(UserError):
                self.referral_p.with_user(self.practitioner).indicator_matrix_apply(changes)
        with self.assertRaises(AccessError):
            self._apply(self.referral_p, self.practitioner, {"indicator_id": 10**8})
        self.assertEqual(self._lines(self.referral_p), {})

    # ------------------------------------------------------------
    # Queries
    # ------------------------------------------------------------

    def _referral_with(self, framework, count):
        indicators = framework.indicator_ids[:count]
        self.assertEqual(len(indicators), count)
        return (
            self.env["safeguarding.referral"]
            .sudo()
            .create(
                {
                    "referrer_user_id": self.practitioner.id,
                    "referrer_name": "Practitioner",
                    "framework_id": framework.id,
                    "child_ids": [Command.set(self.child_a1.ids)],
                    "indicator_line_ids": [
                        Command.create({"indicator_id": indicator.id, "evidence": "Seen"})
                        for indicator in indicators
                    ],
                }
            )
        )

    @users("sg_practitioner")
    @warmup
    def test_payload_queries_do_not_grow(self):
        """Thurrock (162 indicators) with one line, Norfolk (281) with ten: the same
        number of queries for the whole payload."""
        small = self._referral_with(self.thurrock, 1)
        large = self._referral_with(self.frameworks["norfolk"], 10)
        Referral = self.env["safeguarding.referral"]
        self.env.invalidate_all()
        with self.assertQueryCount(sg_practitioner=7):
            small_payload = Referral.browse(small.id).indicator_matrix()
        self.env.invalidate_all()
        with self.assertQueryCount(sg_practitioner=7):
            large_payload = Referral.browse(large.id).indicator_matrix()
        self.assertEqual((len(small_payload["ticked"]), len(large_payload["ticked"])), (1, 10))
        self.assertEqual(large_payload["structure"]["indicator_count"], 281)

    @users("sg_practitioner")
    @warmup
    def test_structure_queries_do_not_grow(self):
        for code in ("tower_hamlets", "norfolk"):
            framework = self.env["safeguarding.framework"].browse(self.frameworks[code].id)
            self.env.invalidate_all()
            with self.assertQueryCount(sg_practitioner=4):
                framework._indicator_matrix_structure()


@tagged("post_install", "-at_install")
class TestIndicatorMatrixTour(SafeguardingTourCase):
    """A practitioner ticks indicators in the matrix of their draft referral."""

    def _draft(self):
        framework = self.env.ref("safeguarding_threshold.framework_thurrock")
        self.env.company.safeguarding_framework_id = framework
        practitioner = self._uk_user("sg_tour_matrix", "practitioner", "Mo Matrixson")
        child = self.env["safeguarding.child"].create(
            {"first_name": "Maisie", "last_name": "Tranter", "birthdate": "2015-05-11"}
        )
        referral = self.env["safeguarding.referral"].create(
            {
                "referrer_user_id": practitioner.id,
                "referrer_name": practitioner.name,
                "framework_id": framework.id,
                "child_ids": [Command.set(child.ids)],
                "concerns": "<p>Maisie is often late and was excluded last week.</p>",
                **PARENT_CONSENT,
            }
        )
        return practitioner, referral

    def test_indicator_matrix_tour(self):
        practitioner, referral = self._draft()

        self._start_tour("safeguarding_indicator_matrix_tour", practitioner.login)

        self.assertEqual(
            {line.indicator_id.code: line.evidence for line in referral.indicator_line_ids},
            {
                "THU-T2-EDU-02": "Late 9 mornings out of 10 this half term",
                "THU-T34-EDU-03": "Excluded for two days last week",
            },
        )
        self.assertEqual(referral.indicator_line_ids.create_uid, practitioner)
        self.assertEqual(referral.suggested_tier, "3")
        self.assertEqual(referral.state, "draft")

    def test_indicator_matrix_refused_tour(self):
        practitioner, referral = self._draft()

        # the server refuses the tick (and logs the refusal as a warning)
        with mute_logger("odoo.http"):
            self._start_tour("safeguarding_indicator_matrix_refused_tour", practitioner.login)

        self.assertEqual(referral.state, "submitted")
        self.assertFalse(referral.indicator_line_ids)
