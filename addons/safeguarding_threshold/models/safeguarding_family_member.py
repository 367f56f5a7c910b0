from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

ADULT_ROLES = ("parent", "carer", "other_adult")


class SafeguardingFamilyMember(models.Model):
    _name = "safeguarding.family.member"
    _description = "Household member"
    _check_company_auto = True
    _inherit = ["safeguarding.guard.mixin", "safeguarding.involvement.rule.mixin"]
    _parent_fields = ("family_id",)
    _order = "family_id, role, date_from desc, id"

    family_id = fields.Many2one(
        "safeguarding.family", required=True, index=True, ondelete="cascade"
    )
    role = fields.Selection(
        [
            ("child", "Child"),
            ("parent", "Parent"),
            ("carer", "Carer"),
            ("other_adult", "Other adult"),
        ],
        required=True,
        default="child",
    )
    child_id = fields.Many2one(
        "safeguarding.child", check_company=True, index="btree_not_null", ondelete="restrict"
    )
    adult_id = fields.Many2one(
        "safeguarding.adult", check_company=True, index="btree_not_null", ondelete="restrict"
    )
    # the member line shows the person's name to whoever sees the household, as the
    # child or adult field of the line does, even where the person's record is not theirs
    name = fields.Char(compute="_compute_name", compute_sudo=True)
    relationship = fields.Char(
        help="Relationship to the children of the household, e.g. mother, stepfather, grandmother."
    )
    parental_responsibility = fields.Boolean(
        help="This adult holds parental responsibility for the children of the household.",
        string="Parental responsibility",
    )
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="To")
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", search="_search_is_current"
    )
    company_id = fields.Many2one(related="family_id.company_id", store=True, index=True)

    @api.depends("child_id.name", "adult_id.name")
    def _compute_name(self):
        for member in self:
            member.name = member.child_id.name or member.adult_id.name or ""

    @api.depends("date_from", "date_to")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for member in self:
            # a new line whose start date is not typed in yet is not a current member
            member.is_current = (
                bool(member.date_from)
                and member.date_from <= today
                and (not member.date_to or member.date_to >= today)
            )

    def _search_is_current(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        current = Domain("date_from", "<=", today) & (
            Domain("date_to", "=", False) | Domain("date_to", ">=", today)
        )
        return current if (True in value) == (operator == "in") else ~current

    @api.constrains("role", "child_id", "adult_id", "parental_responsibility")
    def _check_person(self):
        for member in self:
            if member.role == "child" and (not member.child_id or member.adult_id):
                raise ValidationError(
                    self.env._("A household member with the role Child must be a child record.")
                )
            if member.role in ADULT_ROLES and (not member.adult_id or member.child_id):
                raise ValidationError(
                    self.env._(
                        "A parent, carer or other adult must be recorded as an adult, "
                        "not as a child."
                    )
                )
            if member.role == "child" and member.parental_responsibility:
                raise ValidationError(self.env._("Only an adult can hold parental responsibility."))

    @api.constrains("family_id", "child_id", "adult_id", "date_from", "date_to")
    def _check_dates(self):
        for member in self:
            if member.date_to and member.date_to < member.date_from:
                raise ValidationError(
                    self.env._(
                        "The membership of %(person)s cannot end before it starts.",
                        person=member.name,
                    )
                )
        self._check_overlap()

    def _check_overlap(self):
        # one query for the whole batch: households are small, members are many
        households = (
            self.sudo().search([("family_id", "in", self.family_id.ids)]).grouped("family_id")
        )
        for member in self:
            for other in households.get(member.family_id.sudo(), []):
                if other.id != member.id and member._overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "%(person)s is already a member of %(family)s for part of these "
                            "dates. End the earlier membership first.",
                            person=member.name,
                            family=member.family_id.name,
                        )
                    )

    def _overlaps(self, other):
        """Same person in the same household over at least one common day."""
        self.ensure_one()
        same_person = (self.child_id and self.child_id == other.child_id) or (
            self.adult_id and self.adult_id == other.adult_id
        )
        if not same_person or self.family_id != other.family_id:
            return False
        starts_before_other_ends = not other.date_to or self.date_from <= other.date_to
        ends_after_other_starts = not self.date_to or self.date_to >= other.date_from
        return starts_before_other_ends and ends_after_other_starts
