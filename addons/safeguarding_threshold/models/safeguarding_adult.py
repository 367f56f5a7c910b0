from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class SafeguardingAdult(models.Model):
    """A parent, carer or other adult in a child's household.

    Kept apart from ``res.partner`` so that adults known to safeguarding
    services are not visible as ordinary contacts to every internal user.
    """

    _name = "safeguarding.adult"
    _description = "Adult household member"
    _inherit = ["mail.thread", "safeguarding.address.mixin", "safeguarding.involvement.mixin"]
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

    @api.model
    def _involvement_depends(self):
        return [
            "create_uid",
            "membership_ids.family_id.referral_ids.referrer_user_id",
            "membership_ids.family_id.taf_ids.lead_professional_id",
            "membership_ids.family_id.taf_ids.member_ids.user_id",
        ]

    @api.model
    def _involvement_sql(self):
        """Who works with a household the adult was ever a member of, and who recorded
        the adult. Each branch is a plain join, so that PostgreSQL filters it by index
        from either end: the adults of a user, or the users of some adults."""
        return SQL(
            """
            SELECT household.adult_id AS record_id, referral.referrer_user_id AS user_id
              FROM safeguarding_family_member household
              JOIN safeguarding_referral referral ON referral.family_id = household.family_id
             WHERE household.adult_id IS NOT NULL
            UNION ALL
            SELECT household.adult_id, taf.lead_professional_id
              FROM safeguarding_family_member household
              JOIN safeguarding_taf taf ON taf.family_id = household.family_id
             WHERE household.adult_id IS NOT NULL
            UNION ALL
            SELECT household.adult_id, team.user_id
              FROM safeguarding_family_member household
              JOIN safeguarding_taf taf ON taf.family_id = household.family_id
              JOIN safeguarding_taf_member team ON team.taf_id = taf.id
             WHERE household.adult_id IS NOT NULL
            UNION ALL
            SELECT adult.id, adult.create_uid FROM safeguarding_adult adult
            """
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
