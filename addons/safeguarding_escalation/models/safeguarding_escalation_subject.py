from odoo import api, fields, models

from odoo.addons.safeguarding_threshold.tools.actions import records_action

ESCALATION_ACTION = "safeguarding_escalation.safeguarding_escalation_action"


class SafeguardingEscalationSubject(models.AbstractModel):
    """What a record a disagreement can be about (a referral, a case) gets from this
    addon: how many disagreements about it the user can see, a button to raise one and
    a button to list them.

    The model names the many2one of safeguarding.escalation pointing at it in
    ``_escalation_subject_field``, and says in its hooks when a disagreement may be
    raised, about what (the category) and with whom.
    """

    _name = "safeguarding.escalation.subject"
    _description = "Record a professional disagreement can be about"

    # the many2one of safeguarding.escalation pointing at the disputed record
    _escalation_subject_field = None

    escalation_count = fields.Integer(
        string="Escalations",
        compute="_compute_escalation_count",
        compute_sudo=False,
        help="Disagreements about this record that you can see.",
    )

    @api.depends_context("uid")
    def _compute_escalation_count(self):
        counts = self.env["safeguarding.escalation"]._visible_counts(
            self._escalation_subject_field, self
        )
        for record in self:
            record.escalation_count = counts.get(record, 0)

    def action_raise_escalation(self):
        """Open a new disagreement about this record, pre-filled."""
        self.ensure_one()
        self._check_escalation_can_be_raised()
        context = {
            f"default_{self._escalation_subject_field}": self.id,
            "default_category": self._escalation_category(),
        }
        other = self._escalation_other_user()
        if other and other != self.env.user:
            context["default_other_user_id"] = other.id
        context.update(self._escalation_defaults())
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Raise a disagreement"),
            "res_model": "safeguarding.escalation",
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    def action_view_escalations(self):
        self.ensure_one()
        field_name = self._escalation_subject_field
        return records_action(
            self.env,
            ESCALATION_ACTION,
            [(field_name, "=", self.id)],
            {f"default_{field_name}": self.id},
        )

    # hooks of action_raise_escalation

    def _check_escalation_can_be_raised(self):
        """Raise a UserError when no disagreement may be raised about this record now."""

    def _escalation_category(self):
        """The category of a new disagreement about this record."""
        raise NotImplementedError

    def _escalation_other_user(self):
        """The professional a new disagreement is with, by default (a res.users)."""
        return self.env["res.users"]

    def _escalation_defaults(self):
        """Other default values of a new disagreement about this record."""
        return {}
