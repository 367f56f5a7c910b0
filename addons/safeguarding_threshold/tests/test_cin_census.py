import base64
from datetime import date, datetime

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import BaseCase, tagged

from ..tools.cin_census import CensusReferral, census_period, child_episodes
from ..wizards.safeguarding_cin_census import current_census_year
from .common import SafeguardingCase


def _referral(day, source="2A", need="N1"):
    return CensusReferral(1, day, source, need)


@tagged("post_install", "-at_install")
class TestCensusEpisodes(BaseCase):
    def test_census_year(self):
        self.assertEqual(census_period(2025), (date(2024, 4, 1), date(2025, 3, 31)))
        self.assertEqual(current_census_year(date(2025, 3, 31)), 2025)
        self.assertEqual(current_census_year(date(2025, 4, 1)), 2026)

    def test_a_later_referral_while_open_is_the_same_episode(self):
        episodes = child_episodes([_referral(date(2024, 9, 1)), _referral(date(2024, 6, 1))], [])
        self.assertEqual(len(episodes), 1)
        self.assertEqual(episodes[0].referral_date, date(2024, 6, 1))
        self.assertIsNone(episodes[0].closure_date)

    def test_a_case_opened_afterwards_closes_it_to_early_help(self):
        episodes = child_episodes(
            [_referral(date(2024, 6, 1)), _referral(date(2024, 12, 1), source="6")],
            [date(2024, 5, 1), date(2024, 8, 15)],
        )
        self.assertEqual(
            [(e.referral_date, e.closure_date, e.closure_reason) for e in episodes],
            [
                (date(2024, 6, 1), date(2024, 8, 15), "RC9"),
                (date(2024, 12, 1), None, None),
            ],
            "a case before the referral closes nothing; only the last episode is open",
        )
        self.assertEqual(episodes[1].referral_source, "6")

    def test_missing_codes_are_written_as_the_census_says(self):
        (episode,) = child_episodes([_referral(date(2024, 6, 1), source=None, need=None)], [])
        self.assertEqual((episode.referral_source, episode.primary_need_code), ("10", "N0"))


@tagged("post_install", "-at_install")
class TestCensusReturn(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.cin_la_code = "883"
        police = cls.env["safeguarding.agency"].create(
            {"name": "Census police team", "referral_source": "6"}
        )
        Referral = cls.env["safeguarding.referral"]

        def decided(child, received, outcome, **values):
            referral = Referral.create(
                {
                    "referrer_name": "PC Census",
                    "agency_id": police.id,
                    "received_on": received,
                    "child_ids": [Command.set(child.ids)],
                    **values,
                }
            )
            referral.write({"state": "decided", "decided_tier": "3", "decision_outcome": outcome})
            return referral

        cls.child_a1.write(
            {
                "ethnicity": "MWBA",
                "birthdate": date(2014, 5, 2),
                "local_reference": "EXP1",
                "disability_ids": [
                    Command.set(cls.env.ref("safeguarding_threshold.disability_aut").ids)
                ],
            }
        )
        cls.child_a2.write({"birthdate": date(2018, 1, 9), "local_reference": "EXP1"})
        decided(cls.child_a1, datetime(2024, 6, 3, 9), "s17", primary_need_code="N4")
        # the evening of 31 March in UTC is 1 April in London: next census year
        decided(cls.child_a2, datetime(2025, 3, 31, 23, 30), "s47", primary_need_code="N1")
        decided(cls.child_b, datetime(2024, 7, 1, 9), "early_help")

    def _return(self, user, year=2025):
        census = self.env["safeguarding.cin.census"].with_user(user).create({"year": year})
        census.action_export()
        return census, etree.fromstring(base64.b64decode(census.data))

    def test_a_manager_makes_the_return(self):
        census, message = self._return(self.manager)
        self.assertEqual(census.child_count, 1)
        self.assertEqual(census.filename, "cin_census_2025_883.xml")
        self.assertEqual(message.findtext("Header/CollectionDetails/ReferenceDate"), "2025-03-31")
        self.assertEqual(message.findtext("Header/Source/LEA"), "883")
        (child,) = message.findall("Children/Child")
        self.assertEqual(child.findtext("ChildIdentifiers/LAchildID"), "EXP1")
        self.assertEqual(child.findtext("ChildIdentifiers/PersonBirthDate"), "2014-05-02")
        self.assertEqual(child.findtext("ChildCharacteristics/Ethnicity"), "MWBA")
        self.assertEqual(child.findtext("ChildCharacteristics/Disabilities/Disability"), "AUT")
        details = child.find("CINdetails")
        self.assertEqual(
            [(element.tag, element.text) for element in details],
            [
                ("CINreferralDate", "2024-06-03"),
                ("ReferralSource", "6"),
                ("PrimaryNeedCode", "N4"),
                ("ReferralNFA", "false"),
            ],
        )

    def test_the_next_year_and_a_shared_local_id(self):
        _census, message = self._return(self.manager, year=2026)
        (child,) = message.findall("Children/Child")
        self.assertEqual(child.findtext("CINdetails/CINreferralDate"), "2025-04-01")
        self.assertEqual(child.findtext("ChildIdentifiers/LAchildID"), "EXP1")

    def test_two_children_with_one_local_id_get_their_own(self):
        self.child_a2.birthdate = date(2018, 1, 9)
        self.env["safeguarding.referral"].search(
            [("child_ids", "in", self.child_a2.ids)]
        ).received_on = datetime(2024, 8, 1, 9)
        _census, message = self._return(self.manager)
        ids = sorted(message.xpath("//LAchildID/text()"))
        self.assertEqual(ids, sorted([f"SG{self.child_a1.id}", f"SG{self.child_a2.id}"]))

    def test_a_child_born_after_the_census_day_is_returned_unborn(self):
        self.child_a1.birthdate = date(2025, 4, 20)
        _census, message = self._return(self.manager)
        identifiers = message.find("Children/Child/ChildIdentifiers")
        self.assertIsNone(identifiers.find("PersonBirthDate"))
        self.assertEqual(identifiers.findtext("ExpectedPersonBirthDate"), "2025-04-20")
        self.assertEqual(identifiers.findtext("Sex"), "U")

    def test_only_managers_make_it(self):
        for user in (self.mash_user, self.hub_user, self.practitioner):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._return(user)

    def test_the_la_code_is_needed(self):
        self.env.company.cin_la_code = False
        with self.assertRaisesRegex(UserError, "three-digit DfE LA code"):
            self._return(self.manager)
        with self.assertRaisesRegex(ValidationError, "three digits"):
            self.env.company.cin_la_code = "88"
