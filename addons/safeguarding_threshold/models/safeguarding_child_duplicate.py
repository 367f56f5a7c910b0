from odoo import api, fields, models
from odoo.fields import Domain

from ..tools.groups import FRONT_DOOR_GROUPS


class SafeguardingChild(models.Model):
    """Possible duplicates: a partner who cannot see a known child records them again."""

    _inherit = "safeguarding.child"

    possible_duplicate_ids = fields.Many2many(
        "safeguarding.child",
        compute="_compute_possible_duplicate_ids",
        string="Possible duplicates",
        groups=FRONT_DOOR_GROUPS,
        help="Other children with the same date of birth and the same first or last name.",
    )

    @api.depends("first_name", "last_name", "birthdate")
    def _compute_possible_duplicate_ids(self):
        candidates = self._find_possible_duplicates()
        for child in self:
            child.possible_duplicate_ids = candidates.filtered(
                # a child being edited (a new record) is not a duplicate of its saved self
                lambda other, child=child: other != child._origin and child._looks_like(other)
            )

    def _find_possible_duplicates(self):
        """Every child sharing a birth date and a first or last name with one of these."""
        known = self.filtered(lambda child: child.birthdate and not child.is_unborn)
        if not known:
            return self.browse()
        domain = Domain.OR(
            Domain("birthdate", "=", child.birthdate)
            & Domain.OR(
                Domain(field, "=ilike", child[field])
                for field in ("first_name", "last_name")
                if child[field]
            )
            for child in known
        )
        return self.search(domain)

    def _looks_like(self, other):
        self.ensure_one()
        same_name = any(
            self[field] and (self[field] or "").lower() == (other[field] or "").lower()
            for field in ("first_name", "last_name")
        )
        return bool(self.birthdate) and self.birthdate == other.birthdate and same_name
