"""A partner agency's professional sends a request for support through the portal, in
the browser (static/tests/tours/portal_tours.js)."""

from odoo.tests import HttpCase, tagged

from .portal_common import make_agency


@tagged("post_install", "-at_install")
class TestPortalTours(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("en_GB")
        self.env.company.safeguarding_framework_id = self.env.ref(
            "safeguarding_threshold.framework_thurrock"
        )
        self.agency, self.school_lead = make_agency(self.env, "Grays Primary School", "dsl_grays")
        self.school_lead.write({"tz": "Europe/London", "lang": "en_GB"})

    def _referrals(self):
        return (
            self.env["safeguarding.referral"]
            .sudo()
            .with_context(active_test=False)
            .search([("referrer_user_id", "=", self.school_lead.id)])
        )

    def test_professional_sends_a_request_for_support_tour(self):
        self.assertFalse(self._referrals())
        # HttpCase.authenticate (start_tour's login) makes the session directly, without
        # the e-mailed login code an agency's professional is asked for at /web/login;
        # tests/test_portal_http.py logs in with the code.
        self.start_tour(
            "/my/request-for-support",
            "safeguarding_portal_request_for_support_tour",
            login=self.school_lead.login,
        )
        referral = self._referrals()
        self.assertEqual(len(referral), 1, "the refused first try made nothing")
        self.assertEqual(referral.state, "submitted")
        self.assertEqual(referral.channel, "online")
        self.assertEqual(referral.agency_id, self.agency)
        self.assertEqual(referral.referrer_role, "Designated safeguarding lead")
        neglect = self.env.ref("safeguarding_threshold.thurrock_ind_thu_t2_war_04")
        self.assertEqual(referral.indicator_line_ids.indicator_id, neglect)
        self.assertEqual(
            referral.indicator_line_ids.evidence, "Hungry at school every day this week"
        )
        self.assertEqual(referral.consent_status, "parent")
        self.assertEqual(referral.consent_given_by, "Jade Hartwell, mother")
        child = referral.child_ids
        self.assertEqual(child.name, "Poppy Hartwell")
        self.assertEqual(str(child.birthdate), "2015-02-14", "the corrected date of birth")
        self.assertEqual(child.sex, "F")
        self.assertEqual(child.school, "Grays Primary School")
        member = referral.family_id.member_ids.filtered("adult_id")
        self.assertEqual(member.adult_id.name, "Jade Hartwell")
        self.assertTrue(member.parental_responsibility)
        self.assertEqual(
            self.env["safeguarding.child"].sudo().search_count([("last_name", "=", "Hartwell")]),
            1,
            "the refused first try created no child",
        )
