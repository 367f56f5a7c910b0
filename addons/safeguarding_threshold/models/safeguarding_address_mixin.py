from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import format_postcode


class SafeguardingAddressMixin(models.AbstractModel):
    """A UK postal address kept on the safeguarding record itself.

    Addresses of children and adults are deliberately not stored on
    ``res.partner``: contacts are visible to every internal user.
    """

    _name = "safeguarding.address.mixin"
    _description = "Safeguarding address"

    street = fields.Char()
    street2 = fields.Char()
    city = fields.Char(string="Town")
    postcode = fields.Char(index=True)

    @api.constrains("postcode")
    def _check_postcode(self):
        for record in self.filtered("postcode"):
            if not format_postcode(record.postcode):
                raise ValidationError(
                    self.env._(
                        "“%(postcode)s” is not a UK postcode. Enter it like RM17 6SL.",
                        postcode=record.postcode,
                    )
                )

    @api.model
    def _normalise_address_vals(self, vals):
        if vals.get("postcode"):
            vals["postcode"] = format_postcode(vals["postcode"]) or vals["postcode"]
        return vals
