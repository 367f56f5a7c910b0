from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingTafMember(models.Model):
    _name = "safeguarding.taf.member"
    _description = "Team around the family member"
    _inherit = ["safeguarding.guard.mixin"]
    _parent_fields = ("taf_id",)
    _order = "taf_id, id"

    taf_id = fields.Many2one("safeguarding.taf", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        help="An internal user of this database. Leave empty for a partner-agency "
        "contact without a login.",
    )
    contact_name = fields.Char(
        help="Name of a partner-agency contact without a login.", string="Contact name"
    )
    name = fields.Char(compute="_compute_name", store=True)
    agency_id = fields.Many2one("safeguarding.agency")
    role = fields.Char(help="Their role in the team, e.g. school nurse, family support worker.")
    email = fields.Char()
    phone = fields.Char()
    company_id = fields.Many2one(related="taf_id.company_id", store=True, index=True)

    _user_uniq = models.UniqueIndex(
        "(taf_id, user_id) WHERE user_id IS NOT NULL",
        "This user is already a member of the team.",
    )

    @api.depends("user_id.name", "contact_name")
    def _compute_name(self):
        for member in self:
            member.name = member.user_id.name or member.contact_name or ""

    @api.constrains("taf_id", "user_id", "contact_name")
    def _check_identity(self):
        for member in self:
            if not member.user_id and not member.contact_name:
                raise ValidationError(
                    self.env._("A team member is either a user or a named agency contact.")
                )
