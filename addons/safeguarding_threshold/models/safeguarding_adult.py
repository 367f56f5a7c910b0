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

    _create_uid_index = models.Index("(create_uid)")

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
        the adult."""
        return SQL(
            """
            SELECT member.adult_id AS record_id, work.user_id
              FROM safeguarding_family_member member
              JOIN (%s) work ON work.record_id = member.family_id
             WHERE member.adult_id IS NOT NULL
            UNION ALL
            SELECT adult.id, adult.create_uid FROM safeguarding_adult adult
            """,
            self.env["safeguarding.family"]._work_involvement_sql(),
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
