from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# a person's full name; a child's first and last names are bounded apart
FULL_NAME_MAX_LENGTH = 200


def check_name(record, value, label, max_length, required=True):
    """Refuse a name that is missing, blank (only spaces) or longer than ``max_length``,
    with a message naming the field by ``label`` (e.g. "child's last name"). A name
    that is not ``required`` may be left out, but not given blank."""
    env = record.env
    if not (value or "").strip():
        if required:
            raise ValidationError(
                env._("Enter the %(field)s: it cannot be empty or only spaces.", field=label)
            )
        if value:
            raise ValidationError(
                env._(
                    "The %(field)s cannot be only spaces: leave it empty if it is not known.",
                    field=label,
                )
            )
        return
    if len(value) > max_length:
        raise ValidationError(
            env._(
                "The %(field)s is too long: it has %(length)s characters, and at most "
                "%(max)s are allowed.",
                field=label,
                length=f"{len(value):,}",
                max=max_length,
            )
        )


def check_names(records, rules):
    """Check the names of ``records`` against ``rules``: {field: (label, max_length,
    required)}, as ``check_name`` does."""
    for record in records:
        for field, (label, max_length, required) in rules.items():
            check_name(record, record[field], label, max_length, required)


def check_new_names(model, vals_list, rules):
    """Check the names of new records before anything is written: the database would
    refuse a required name left out, but with a technical message."""
    context = model.env.context
    for vals in vals_list:
        for field, (label, max_length, required) in rules.items():
            value = vals[field] if field in vals else context.get(f"default_{field}")
            check_name(model, value, label, max_length, required)


class SafeguardingAdult(models.Model):
    """A parent, carer or other adult in a child's household.

    Kept apart from ``res.partner`` so that adults known to safeguarding
    services are not visible as ordinary contacts to every internal user.
    """

    _name = "safeguarding.adult"
    _description = "Adult household member"
    _inherit = [
        "mail.thread",
        "safeguarding.address.mixin",
        "safeguarding.involvement.mixin",
        "safeguarding.guard.mixin",
    ]
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

    @api.model
    def _name_rules(self):
        return {"name": (self.env._("adult's name"), FULL_NAME_MAX_LENGTH, True)}

    @api.constrains("name")
    def _check_name_value(self):
        check_names(self, self._name_rules())

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
        check_new_names(self, vals_list, self._name_rules())
        return super().create([self._normalise_address_vals(dict(v)) for v in vals_list])

    def write(self, vals):
        return super().write(self._normalise_address_vals(dict(vals)))
