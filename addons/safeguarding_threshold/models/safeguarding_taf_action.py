from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import html2plaintext

ACTIVITY_TYPE = "safeguarding_threshold.mail_act_taf_plan_action"


class SafeguardingTafAction(models.Model):
    """One action of the team around the family plan."""

    _name = "safeguarding.taf.action"
    _description = "Plan action"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.guard.mixin"]
    _order = "state desc, due_date, id"
    _transition_fields = ("state",)
    _parent_fields = ("taf_id",)

    taf_id = fields.Many2one(
        "safeguarding.taf", string="Case", required=True, index=True, ondelete="cascade"
    )
    need = fields.Char(string="Need addressed", help="The need or worry this action meets.")
    name = fields.Char(string="Action", required=True)
    owner_user_id = fields.Many2one("res.users", string="Owner", index="btree_not_null")
    owner_member_id = fields.Many2one(
        "safeguarding.taf.member",
        string="Owner (agency contact)",
        domain="[('taf_id', '=', taf_id), ('user_id', '=', False)]",
        help="A team member without a login, e.g. a partner-agency contact.",
    )
    owner_name = fields.Char(string="Owned by", compute="_compute_owner_name", store=True)
    due_date = fields.Date(string="Due", required=True, index=True)
    state = fields.Selection(
        [("todo", "Open"), ("done", "Done"), ("not_done", "Not done")],
        required=True,
        default="todo",
        index=True,
    )
    outcome_note = fields.Text(
        string="Outcome", help="What happened; required when the action was not done."
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    company_id = fields.Many2one(related="taf_id.company_id", store=True, index=True)

    @api.depends("owner_user_id.name", "owner_member_id.name")
    def _compute_owner_name(self):
        for action in self:
            action.owner_name = action.owner_user_id.name or action.owner_member_id.name or ""

    @api.depends("state", "due_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.state == "todo" and action.due_date and action.due_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        overdue = Domain("state", "=", "todo") & Domain(
            "due_date", "<", fields.Date.context_today(self)
        )
        return overdue if (True in value) == (operator == "in") else ~overdue

    @api.constrains("owner_user_id", "owner_member_id", "taf_id")
    def _check_owner(self):
        for action in self:
            if not action.owner_user_id and not action.owner_member_id:
                raise ValidationError(
                    self.env._("Give the action %(action)s an owner.", action=action.name)
                )
            if action.owner_member_id and action.owner_member_id.taf_id != action.taf_id:
                raise ValidationError(
                    self.env._(
                        "The owner of %(action)s must be a member of the team of %(case)s.",
                        action=action.name,
                        case=action.taf_id.name,
                    )
                )
            team = action.taf_id.lead_professional_id | action.taf_id.member_ids.user_id
            if action.owner_user_id and action.owner_user_id not in team:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not in the team of %(case)s: add them as a team member "
                        "before giving them an action.",
                        user=action.owner_user_id.name,
                        case=action.taf_id.name,
                    )
                )

    @api.constrains("state", "outcome_note")
    def _check_outcome(self):
        for action in self:
            if action.state == "not_done" and not (action.outcome_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "Explain why the action %(action)s was not done.", action=action.name
                    )
                )

    @api.depends("taf_id.name")
    def _compute_display_name(self):
        # the name of an activity's record reaches notification subjects and e-mail: the
        # kind of work and the case reference only; what to do stays in the action
        for action in self:
            action.display_name = self.env._(
                "Plan action of %(case)s", case=action.taf_id.name or self.env._("a new case")
            )

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        actions.activity_update()
        return actions

    def write(self, vals):
        result = super().write(vals)
        if {"owner_user_id", "due_date", "name", "need", "state"} & set(vals):
            self.activity_update()
        return result

    def activity_update(self):
        """The owner's activity follows the action, as its only record.

        An open action owned by a user has one activity for its owner, due on its due
        date (moved when either changes); a finished action has its activity marked done
        with the outcome; an action without a login owner has none.
        """
        if self.env.context.get("mail_activity_automation_skip"):
            return
        # bookkeeping of the system: the owner may not be the person recording the action
        actions = self.sudo()
        open_actions = actions.filtered(lambda action: action.state == "todo")
        without_owner = open_actions.filtered(lambda action: not action.owner_user_id)
        without_owner.activity_unlink([ACTIVITY_TYPE])
        (open_actions - without_owner)._give_owner_activity()
        states = dict(self._fields["state"]._description_selection(self.env))
        finished = (actions - open_actions).grouped(
            lambda action: action.outcome_note or states[action.state]
        )
        for outcome, group in finished.items():
            group.activity_feedback([ACTIVITY_TYPE], feedback=outcome)

    def _give_owner_activity(self):
        """One activity per action for its owner, created in one batch, moved if it exists."""
        given = self.activity_search([ACTIVITY_TYPE]).grouped("res_id")
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for action in self:
            wanted = {
                "user_id": action.owner_user_id.id,
                "date_deadline": action.due_date,
                "note": action._activity_note(),
            }
            activity = given.get(action.id)
            if not activity:
                vals_list.append(
                    {
                        **wanted,
                        "activity_type_id": activity_type_id,
                        "automated": True,
                        "summary": self.env._("Plan action due"),
                        "res_model_id": model_id,
                        "res_id": action.id,
                    }
                )
            elif (
                activity.user_id.id,
                activity.date_deadline,
                html2plaintext(activity.note or "").strip(),
            ) != tuple(wanted.values()):
                activity.write(wanted)
        self.env["mail.activity"].create(vals_list)

    def _activity_note(self):
        self.ensure_one()
        if not self.need:
            return self.name
        return self.env._("%(action)s (need: %(need)s)", action=self.name, need=self.need)

    def _move_to(self, state, allowed_from):
        for action in self:
            if action.state not in allowed_from:
                raise UserError(self.env._("%(action)s is already recorded.", action=action.name))
        self._write_as_transition({"state": state})
        return True

    def action_done(self):
        return self._move_to("done", ("todo",))

    def action_not_done(self):
        """Record that the action was not done; its outcome note says why."""
        return self._move_to("not_done", ("todo",))

    def action_reopen(self):
        return self._move_to("todo", ("done", "not_done"))
