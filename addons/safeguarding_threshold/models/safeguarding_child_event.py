from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.groups import HUB_GROUP, MASH_GROUP

SIGNIFICANCE_SELECTION = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
]


class SafeguardingChildEvent(models.Model):
    """A significant event in a child's life entered by hand in their chronology: what
    happened, when, who told us, and how significant it is.

    Whoever may read the child may record one and read those recorded (the record
    rules follow the child's); only the person who recorded it, the early help hub or
    the MASH may change or delete it.
    """

    _name = "safeguarding.child.event"
    _description = "Event recorded in a child's chronology"
    _inherit = ["safeguarding.guard.mixin", "safeguarding.involvement.rule.mixin"]
    _parent_fields = ("child_id",)
    _order = "date desc, id desc"

    child_id = fields.Many2one("safeguarding.child", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Text(string="What happened", required=True)
    source = fields.Char(
        help="Who told us, or where it comes from: e.g. the class teacher, the health "
        "visitor, a police notification."
    )
    significance = fields.Selection(SIGNIFICANCE_SELECTION, required=True, default="medium")
    recorded_by_id = fields.Many2one(
        "res.users", string="Recorded by", readonly=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(related="child_id.company_id", store=True, index=True)

    @api.depends("date", "name")
    def _compute_display_name(self):
        for event in self:
            event.display_name = (event.name or "").split("\n", 1)[0][:80]

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for event in self:
            if event.date and event.date > today:
                raise ValidationError(
                    self.env._(
                        "An event in a chronology has happened: its date cannot be in the future."
                    )
                )

    def _may_change(self):
        """The person who recorded the event, the early help hub and the MASH."""
        user = self.env.user
        if self.env.su or user.has_group(HUB_GROUP) or user.has_group(MASH_GROUP):
            return True
        return all(event.recorded_by_id == user for event in self)

    def write(self, vals):
        if not self._may_change():
            raise UserError(
                self.env._(
                    "Only the person who recorded this event, the early help hub or the MASH "
                    "can change it. Record another event to add to it or correct it."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_its_author_or_the_front_door(self):
        if not self._may_change():
            raise UserError(
                self.env._(
                    "Only the person who recorded this event, the early help hub or the MASH "
                    "can delete it."
                )
            )
