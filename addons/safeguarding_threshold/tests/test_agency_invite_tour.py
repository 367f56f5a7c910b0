"""The early help hub invites a partner agency's professional to the portal, in the
browser (static/tests/tours/agency_invite_tour.js)."""

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GROUP_PREFIX


@tagged("post_install", "-at_install")
class TestAgencyInviteTour(HttpCase):
    def test_hub_invites_a_school_lead_tour(self):
        self.env["res.lang"]._activate_lang("en_GB")
        hub = mail_new_test_user(
            self.env, login="sg_invite_hub", groups=GROUP_PREFIX + "hub", lang="en_GB"
        )
        agency = self.env["safeguarding.agency"].create(
            {"name": "Tilbury Academy", "referral_source": "2A"}
        )
        self.start_tour("/odoo", "safeguarding_agency_invite_tour", login=hub.login)
        user = self.env["res.users"].search([("login", "=", "sam.patel@tilbury.example.org")])
        self.assertTrue(user._is_portal())
        self.assertEqual(user.partner_id.parent_id, agency.partner_id)
        self.assertEqual(user.partner_id.function, "Designated safeguarding lead")
        self.assertEqual(self.env["safeguarding.agency"]._of_portal_user(user), agency)
        self.assertEqual(user._mfa_type(), "totp_mail")
