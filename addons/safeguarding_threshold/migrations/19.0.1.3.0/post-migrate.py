from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Databases installed before 19.0.1.3.0: everyone with a safeguarding role starts on
    the page of their own work, unless they chose another home action themselves."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.users"]._safeguarding_set_home_actions()
