from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Databases installed before 19.0.1.2.0: English (UK) for new users, sign-up by
    invitation only and Odoo's outside services closed, as a new installation has them."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.lang"]._safeguarding_use_english_uk()
    env["ir.config_parameter"]._safeguarding_close_outside_doors()
