from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingAdult(models.Model):
    """A parent, carer or other adult in a child's household.

    Kept apart from ``res.partner`` so that adults known to safeguarding
    services are not visible as ordinary contacts to every internal user.
    """

    _name = "safeguarding.adult"
    _description = "Adult household member"
    _inherit = ["mail.thread", "safeguarding.address.mixin"]
    _order = "name, id"

    name = fields.Char(required=True, index="trigram", tracking=True)
    birthdate = fields.Date(string="Date of birth")
    phone = fields.Char()
    email = fields.Char()
    membership_ids = fields.One2many("safeguarding.family.member", "adult_id", string="Households")
    notes = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.constrains("birthdate")
    def _check_birthdate(self):
        today = fields.Date.context_today(self)
        for adult in self:
            if adult.birthdate and adult.birthdate > today:
                raise ValidationError(
                    self.env._("The date of birth of %(adult)s is in the future.", adult=adult.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalise_address_vals(dict(v)) for v in vals_list])

    def write(self, vals):
        return super().write(self._normalise_address_vals(dict(vals)))
