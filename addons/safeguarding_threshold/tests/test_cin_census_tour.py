"""A manager makes the CIN census return in the browser
(static/tests/tours/cin_census_tour.js), on the demo council."""

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GROUP_PREFIX


@tagged("post_install", "-at_install")
class TestCinCensusTour(HttpCase):
    def test_manager_makes_the_cin_census_return_tour(self):
        self.env["res.lang"]._activate_lang("en_GB")
        self.env.company.cin_la_code = "883"
        manager = mail_new_test_user(
            self.env, login="sg_census_manager", groups=GROUP_PREFIX + "manager", lang="en_GB"
        )
        self.start_tour("/odoo", "safeguarding_cin_census_tour", login=manager.login)
        census = self.env["safeguarding.cin.census"].search(
            [("create_uid", "=", manager.id)], order="id desc", limit=1
        )
        self.assertTrue(census.data, "the return was made")
        self.assertTrue(census.filename.startswith("cin_census_"))
        self.assertGreater(census.child_count, 0, "the demo council has children in need")
