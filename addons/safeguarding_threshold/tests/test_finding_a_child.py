from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestFindingAChild(SafeguardingCase):
    def test_the_mash_finds_a_child_by_nhs_number_however_typed(self):
        self.child_b.nhs_number = "9434765919"
        Child = self.env["safeguarding.child"].with_user(self.mash_user)
        for typed in ("9434765919", "943 476 5919", " 943-476-5919 "):
            with self.subTest(typed=typed):
                found = Child.search([("display_name", "ilike", typed)])
                self.assertEqual(found, self.child_b)
                self.assertEqual([r[0] for r in Child.name_search(typed)], self.child_b.ids)

    def test_a_practitioner_finds_no_child_outside_their_work_by_number(self):
        self.child_b.nhs_number = "9434765919"
        Child = self.env["safeguarding.child"].with_user(self.practitioner)
        self.assertFalse(Child.search([("display_name", "ilike", "9434765919")]))
