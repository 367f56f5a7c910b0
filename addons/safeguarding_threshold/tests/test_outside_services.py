from odoo.tests import HttpCase, TransactionCase, tagged

from ..models.ir_config_parameter import CLOSED_ENDPOINT as DISCARD
from ..models.ir_config_parameter import OUTSIDE_SERVICE_ENDPOINTS
from .common import load_migration


@tagged("post_install", "-at_install")
class TestOutsideServices(TransactionCase):
    def test_sign_up_is_by_invitation_only(self):
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2b")

    def test_the_upgrade_step_closes_the_doors_of_an_older_database(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("auth_signup.invitation_scope", "b2c")
        params.set_param("sms.endpoint", False)
        load_migration("19.0.1.2.0", "post-migrate").migrate(self.env.cr, "19.0.1.1.0")
        self.assertEqual(params.get_param("auth_signup.invitation_scope"), "b2b")
        self.assertEqual(params.get_param("sms.endpoint"), DISCARD)

    def test_outside_services_receive_nothing(self):
        params = self.env["ir.config_parameter"].sudo()
        for key in OUTSIDE_SERVICE_ENDPOINTS:
            with self.subTest(key=key):
                self.assertEqual(params.get_param(key), DISCARD)


@tagged("post_install", "-at_install")
class TestNoPublicSignUp(HttpCase):
    def test_a_visitor_finds_no_sign_up_page(self):
        response = self.url_open("/web/signup")
        self.assertEqual(response.status_code, 404)
