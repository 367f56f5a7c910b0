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

    def test_child_choices_show_the_date_of_birth(self):
        self.env["res.lang"]._activate_lang("en_GB")
        self.mash_user.lang = "en_GB"
        Child = self.env["safeguarding.child"]
        older, younger = Child.create(
            [
                {"first_name": "Leo", "last_name": "Carrow", "birthdate": "2015-02-14"},
                {"first_name": "Leo", "last_name": "Carrow", "birthdate": "2019-11-03"},
            ]
        )
        unborn = Child.create(
            {"last_name": "Carrow", "is_unborn": True, "expected_birthdate": "2027-03-01"}
        )
        # as the web client calls it: in the language of the user
        choosing = Child.with_user(self.mash_user).with_context(lang="en_GB", show_birthdate=True)
        self.assertEqual(
            dict(choosing.name_search("Carrow")),
            {
                older.id: "Leo Carrow (born 14/02/2015)",
                younger.id: "Leo Carrow (born 03/11/2019)",
                unborn.id: "Carrow (unborn, due 01/03/2027)",
            },
        )
        # elsewhere (breadcrumbs, chatter) the name alone
        self.assertEqual(older.with_user(self.mash_user).display_name, "Leo Carrow")
        fields_with_choices = {
            ("safeguarding.referral", "safeguarding_threshold.safeguarding_referral_view_form"),
            ("safeguarding.family", "safeguarding_threshold.safeguarding_family_view_form"),
        }
        for model, view in fields_with_choices:
            with self.subTest(view=view):
                arch = self.env[model].get_view(self.env.ref(view).id)["arch"]
                self.assertIn("'show_birthdate': True", arch)
