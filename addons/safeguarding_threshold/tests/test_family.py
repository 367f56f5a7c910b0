from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestFamily(SafeguardingCase):
    def _add_member(self, vals, user=None):
        members = self.env["safeguarding.family.member"].with_user(user or self.hub_user)
        return members.create({"family_id": self.family_a.id, **vals})

    def test_reference_is_given_from_the_sequence(self):
        family = self.env["safeguarding.family"].with_user(self.hub_user).create({"name": "New"})
        self.assertTrue(family.reference.startswith("FAM/"))
        self.assertIn(family.reference, family.display_name)

    def test_roles_match_the_person(self):
        with self.assertRaisesRegex(ValidationError, "must be a child record"), self.undone():
            self._add_member({"role": "child", "adult_id": self.adult_spare.id})
        with self.assertRaisesRegex(ValidationError, "recorded as an adult"), self.undone():
            self._add_member({"role": "parent", "child_id": self.child_b.id})
        with self.assertRaisesRegex(ValidationError, "Only an adult"), self.undone():
            self._add_member(
                {"role": "child", "child_id": self.child_b.id, "parental_responsibility": True}
            )

    def test_membership_dates(self):
        with self.assertRaises(ValidationError), self.undone():
            self._add_member(
                {
                    "role": "carer",
                    "adult_id": self.adult_spare.id,
                    "date_from": "2026-05-01",
                    "date_to": "2026-04-01",
                }
            )

    def test_same_person_cannot_overlap_in_one_household(self):
        with self.assertRaisesRegex(ValidationError, "already a member"), self.undone():
            self._add_member({"role": "child", "child_id": self.child_a1.id})

    def test_past_and_current_members(self):
        member = self.family_a.member_ids.filtered(lambda m: m.adult_id == self.adult_a)
        member.write({"date_from": "2020-01-01", "date_to": date.today() - timedelta(days=1)})
        self.assertFalse(member.is_current)
        # the same adult may rejoin once the earlier membership has ended
        rejoined = self._add_member(
            {"role": "parent", "adult_id": self.adult_a.id, "date_from": date.today()}
        )
        self.assertTrue(rejoined.is_current)
        current = self.env["safeguarding.family.member"].search(
            [("family_id", "=", self.family_a.id), ("is_current", "=", True)]
        )
        self.assertNotIn(member, current)
        self.assertIn(rejoined, current)
        past = self.env["safeguarding.family.member"].search(
            [("family_id", "=", self.family_a.id), ("is_current", "=", False)]
        )
        self.assertEqual(past, member)

    def test_children_of_the_household(self):
        self.assertEqual(self.family_a.child_ids, self.child_a1 | self.child_a2)
        self.assertEqual(self.family_a.child_count, 2)

    def test_adults_are_not_contacts(self):
        partners = self.env["res.partner"].search([("name", "=", self.adult_a.name)])
        self.assertFalse(partners, "adults must not appear in the shared address book")

    def test_postcode_is_normalised(self):
        self.family_a.with_user(self.hub_user).postcode = "rm17 6sl"
        self.assertEqual(self.family_a.postcode, "RM17 6SL")
