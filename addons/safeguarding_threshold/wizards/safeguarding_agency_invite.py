from odoo import fields, models


class SafeguardingAgencyInvite(models.TransientModel):
    """Invite a professional of a partner agency to the portal."""

    _name = "safeguarding.agency.invite"
    _description = "Invite a professional to the portal"

    agency_id = fields.Many2one("safeguarding.agency", required=True)
    name = fields.Char(required=True)
    email = fields.Char(string="E-mail", required=True)
    function = fields.Char(string="Role", help="e.g. Designated safeguarding lead")

    def action_invite(self):
        self.ensure_one()
        self.agency_id._invite(self.name, self.email, self.function)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(name)s has been sent an invitation to the portal.", name=self.name
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
