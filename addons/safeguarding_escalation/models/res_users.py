from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.safeguarding_threshold.tools.groups import MANAGER_GROUP, PRACTITIONER_GROUP

ESCALATION_ACTION = "safeguarding_escalation.safeguarding_escalation_action"


class ResUsers(models.Model):
    _inherit = "res.users"

    safeguarding_manager_id = fields.Many2one(
        "res.users",
        string="Safeguarding manager",
        index="btree_not_null",
        help="This person's first-line manager (line manager or designated safeguarding "
        "lead) for professional disagreements. Their own safeguarding manager is this "
        "person's senior manager.",
    )
    safeguarding_senior_manager_id = fields.Many2one(
        "res.users",
        string="Senior manager",
        related="safeguarding_manager_id.safeguarding_manager_id",
        help="The safeguarding manager of this person's safeguarding manager.",
    )

    @api.constrains("safeguarding_manager_id")
    def _check_safeguarding_manager(self):
        practitioner = self.env.ref(PRACTITIONER_GROUP)
        for user in self.filtered("safeguarding_manager_id"):
            manager = user.safeguarding_manager_id
            if manager == user:
                raise ValidationError(
                    self.env._("%(user)s cannot be their own safeguarding manager.", user=user.name)
                )
            if practitioner not in manager.all_group_ids:
                raise ValidationError(
                    self.env._(
                        "%(manager)s cannot be the safeguarding manager of %(user)s: give "
                        "them access to Safeguarding first.",
                        manager=manager.name,
                        user=user.name,
                    )
                )
        if self._has_cycle("safeguarding_manager_id"):
            raise ValidationError(
                self.env._(
                    "Safeguarding managers cannot form a loop: a person cannot end up "
                    "managing their own manager."
                )
            )

    @api.model
    def _safeguarding_home_pages(self):
        """A manager's open disagreements (their own and their team's) come after the
        overdue decisions: a child waiting past the decision deadline comes first."""
        pages = super()._safeguarding_home_pages()
        if self.env.user.has_group(MANAGER_GROUP):
            pages.insert(
                1,
                self._safeguarding_page(
                    ESCALATION_ACTION,
                    ["mine", "my_team", "open"],
                    self.env._("Open disagreements"),
                ),
            )
        return pages
