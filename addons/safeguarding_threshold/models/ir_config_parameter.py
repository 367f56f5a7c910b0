from odoo import api, models

# Odoo's auto-installed outside services (in-app purchases, partner autocomplete, SMS,
# post by snail mail) and where they send what is typed into Odoo: the loopback
# discard port, so that children's records never reach a service the council did not
# choose. An administrator who contracts one sets its endpoint back.
CLOSED_ENDPOINT = "http://127.0.0.1:9"
OUTSIDE_SERVICE_ENDPOINTS = (
    "iap.endpoint",
    "iap.partner_autocomplete.endpoint",
    "sms.endpoint",
    "snailmail.endpoint",
)


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.model
    def _safeguarding_close_outside_doors(self):
        """Sign-up by invitation only, and no outside service sent anything.

        Run once, at installation or on the upgrade that brought it: a setting an
        administrator has made since is theirs.
        """
        params = self.sudo()
        params.set_param("auth_signup.invitation_scope", "b2b")
        for key in OUTSIDE_SERVICE_ENDPOINTS:
            if not params.get_param(key):
                params.set_param(key, CLOSED_ENDPOINT)
