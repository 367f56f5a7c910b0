from odoo import api, fields, models
from odoo.tools import SQL

from .safeguarding_adult import check_names, check_new_names

HOUSEHOLD_NAME_MAX_LENGTH = 200


class SafeguardingFamily(models.Model):
    _name = "safeguarding.family"
    _description = "Family / household"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.address.mixin",
        "safeguarding.involvement.mixin",
        "safeguarding.guard.mixin",
        "safeguarding.sequence.mixin",
    ]
    _order = "name, id"
    _sequence_code = "safeguarding.family"
    _sequence_field = "reference"

    name = fields.Char(required=True, index="trigram", tracking=True)
    reference = fields.Char(
        readonly=True, copy=False, index=True, default=lambda self: self.env._("New")
    )
    member_ids = fields.One2many(
        "safeguarding.family.member", "family_id", string="Members", copy=False
    )
    # the household's facts, whoever reads them: a practitioner sees every member line,
    # so the count, but the web client only shows them the children they may open
    child_ids = fields.Many2many(
        "safeguarding.child",
        compute="_compute_child_ids",
        compute_sudo=True,
        string="Children now in the household",
    )
    child_count = fields.Integer(
        compute="_compute_child_ids", compute_sudo=True, string="Number of children"
    )
    referral_ids = fields.One2many("safeguarding.referral", "family_id", string="Referrals")
    taf_ids = fields.One2many("safeguarding.taf", "family_id", string="Cases")
    assessment_ids = fields.One2many(
        "safeguarding.assessment", "family_id", string="Early help assessments"
    )
    notes = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.model
    def _involvement_sql(self):
        return SQL(
            """
            SELECT referral.family_id AS record_id, referral.referrer_user_id AS user_id
              FROM safeguarding_referral referral
             WHERE referral.family_id IS NOT NULL
            UNION ALL
            SELECT taf.family_id, taf.lead_professional_id FROM safeguarding_taf taf
            UNION ALL
            SELECT taf.family_id, member.user_id
              FROM safeguarding_taf_member member
              JOIN safeguarding_taf taf ON taf.id = member.taf_id
            UNION ALL
            SELECT assessment.family_id, assessment.completed_by_id
              FROM safeguarding_assessment assessment
            UNION ALL
            SELECT assessment.family_id, contributor.user_id
              FROM safeguarding_assessment assessment
              JOIN safeguarding_assessment_contributor_rel contributor
                ON contributor.assessment_id = assessment.id
            UNION ALL
            SELECT family.id, family.create_uid FROM safeguarding_family family
            """
        )

    @api.depends("member_ids.child_id", "member_ids.is_current")
    def _compute_child_ids(self):
        for family in self:
            family.child_ids = family.member_ids.filtered("is_current").child_id
        # counted once every family has its children: reading them inside the loop above
        # would leave out archived children one family, and one query, at a time
        for family in self:
            family.child_count = len(family.child_ids)

    @api.model
    def _name_rules(self):
        return {"name": (self.env._("household's name"), HOUSEHOLD_NAME_MAX_LENGTH, True)}

    @api.constrains("name")
    def _check_name_value(self):
        check_names(self, self._name_rules())

    @api.model_create_multi
    def create(self, vals_list):
        check_new_names(self, vals_list, self._name_rules())
        for vals in vals_list:
            self._normalise_address_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._normalise_address_vals(dict(vals)))

    @api.depends("name", "reference")
    def _compute_display_name(self):
        for family in self:
            # a new household has its reference ("New") before it has a name
            family.display_name = (
                f"{family.name} ({family.reference})"
                if family.name and family.reference
                else family.name or family.reference or ""
            )
