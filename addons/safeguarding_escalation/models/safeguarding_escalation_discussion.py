from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import check_texts_given


class SafeguardingEscalationDiscussion(models.Model):
    """The written record of one stage's conversation."""

    _name = "safeguarding.escalation.discussion"
    _description = "Escalation discussion record"
    _inherit = ["safeguarding.guard.mixin"]
    _order = "date, id"
    # a discussion stays with the disagreement and the stage it was recorded at
    _parent_fields = ("escalation_id", "stage_id")
    # nobody moves a discussion to another disagreement, the hub and MASH included:
    # the parties of that disagreement would read it
    _parents_movable_by_the_council = False

    escalation_id = fields.Many2one(
        "safeguarding.escalation", required=True, index=True, ondelete="cascade"
    )
    stage_id = fields.Many2one(
        "safeguarding.escalation.stage",
        required=True,
        ondelete="restrict",
        help="The stage this conversation belongs to: the escalation's current stage.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    attendee_ids = fields.Many2many(
        "res.users",
        "safeguarding_escalation_discussion_user_rel",
        "discussion_id",
        "user_id",
        string="Attendees",
    )
    other_attendees = fields.Char(
        string="Other attendees",
        help="People without a login who took part, with their role and agency.",
    )
    summary = fields.Text(
        required=True,
        help="What was discussed. Check that it includes all of the relevant information "
        "and reflects what you are worried about.",
    )
    outcome = fields.Text(required=True, help="What was agreed, or why it was not resolved.")
    company_id = fields.Many2one(related="escalation_id.company_id", store=True, index=True)

    @api.depends("stage_id", "date")
    def _compute_display_name(self):
        for discussion in self:
            discussion.display_name = self.env._(
                "%(stage)s discussion of %(date)s",
                stage=discussion.stage_id.display_name or "",
                date=discussion.date.strftime("%d/%m/%Y") if discussion.date else "",
            )

    @api.constrains("summary", "outcome")
    def _check_texts(self):
        check_texts_given(
            self,
            {
                "summary": self.env._("Say what was discussed in the discussion record."),
                "outcome": self.env._(
                    "Say what was agreed in the discussion record, or why it was not resolved."
                ),
            },
        )

    @api.model_create_multi
    def create(self, vals_list):
        Escalation = self.env["safeguarding.escalation"]
        for vals in vals_list:
            escalation = Escalation.browse(vals.get("escalation_id"))
            if not vals.get("stage_id"):
                vals["stage_id"] = escalation.current_stage_id.id
        discussions = super().create(vals_list)
        discussions._check_current_stage()
        for discussion in discussions:
            discussion.escalation_id.message_post(
                body=self.env._(
                    "Discussion of %(stage)s recorded (held on %(date)s).",
                    stage=discussion.stage_id.display_name,
                    date=discussion.date.strftime("%d/%m/%Y"),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return discussions

    def write(self, vals):
        if not self.env.su:
            self._check_current_stage()
        result = super().write(vals)
        if not self.env.su:
            self._check_current_stage()
        return result

    def _check_current_stage(self):
        for discussion in self:
            escalation = discussion.escalation_id
            if escalation.state != "open":
                raise UserError(
                    self.env._(
                        "%(ref)s is no longer open: its discussion records cannot change.",
                        ref=escalation.name,
                    )
                )
            if discussion.stage_id != escalation.current_stage_id:
                raise UserError(
                    self.env._(
                        "Discussion records belong to the current stage (%(stage)s); those "
                        "of earlier stages cannot change.",
                        stage=escalation.current_stage_id.display_name,
                    )
                )
            if discussion.date > fields.Date.context_today(self):
                raise UserError(
                    self.env._(
                        "A discussion record is written after the discussion: its date "
                        "cannot be in the future."
                    )
                )
