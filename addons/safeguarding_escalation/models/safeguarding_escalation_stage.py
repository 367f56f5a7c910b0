from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingEscalationStage(models.Model):
    """One stage of an escalation policy: who speaks to whom, and by when."""

    _name = "safeguarding.escalation.stage"
    _description = "Escalation stage"
    _order = "policy_id, sequence, id"

    policy_id = fields.Many2one(
        "safeguarding.escalation.policy", required=True, index=True, ondelete="cascade"
    )
    framework_id = fields.Many2one(related="policy_id.framework_id", store=True)
    sequence = fields.Integer(default=10)
    number = fields.Integer(
        string="Stage",
        compute="_compute_number",
        store=True,
        help="1 for the first stage of the policy, 2 for the next, and so on.",
    )
    name = fields.Char(required=True, help="The stage's name, quoted from the council's document.")
    who_speaks_to_whom = fields.Text(
        required=True,
        help="Who speaks to whom at this stage, quoted from the document.",
        string="Who speaks to whom",
    )
    involve_professionals = fields.Boolean(
        string="The professionals",
        help="The professional who raised the disagreement and the other professional act "
        "at this stage.",
    )
    involve_first_line_managers = fields.Boolean(
        string="First-line managers",
        help="Each party's safeguarding manager (line manager or designated safeguarding "
        "lead) acts at this stage.",
    )
    involve_senior_managers = fields.Boolean(
        string="Senior managers",
        help="Each party's senior manager (their safeguarding manager's own manager) acts "
        "at this stage.",
    )
    involve_partnership = fields.Boolean(
        string="The partnership",
        help="The policy's partnership contacts act at this stage.",
    )
    response_working_days = fields.Integer(
        string="Response within (working days)",
        default=5,
        help="Working days, from the start of the stage, for the discussion to take place. "
        "0 means no deadline.",
    )
    deadline_is_local_setting = fields.Boolean(
        string="Deadline is a local setting",
        default=True,
        help="The council's document gives no timescale for this stage: the deadline is a "
        "local setting, not a requirement of the document.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        required=True,
        domain=[("res_model", "in", [False, "safeguarding.escalation"])],
        help="The activity given to the people who act at this stage.",
        string="Activity type",
    )
    is_final = fields.Boolean(
        string="Final stage",
        help="The partnership's decision at this stage closes the disagreement.",
    )

    _response_days_positive = models.Constraint(
        "CHECK (response_working_days >= 0)",
        "The response time of a stage cannot be negative.",
    )

    @api.depends("sequence", "policy_id.stage_ids.sequence")
    def _compute_number(self):
        for stage in self:
            # stages being added on the form are new records, which ``ids`` leaves out;
            # an unsaved stage comes after the saved ones of its sequence, as once saved
            ordered = stage.policy_id.stage_ids.sorted(
                lambda s: (s.sequence, s._origin.id or float("inf"))
            )
            stage.number = list(ordered).index(stage) + 1 if stage in ordered else 0

    @api.constrains(
        "is_final",
        "sequence",
        "involve_professionals",
        "involve_first_line_managers",
        "involve_senior_managers",
        "involve_partnership",
    )
    def _check_stage(self):
        for stage in self:
            if not (
                stage.involve_professionals
                or stage.involve_first_line_managers
                or stage.involve_senior_managers
                or stage.involve_partnership
            ):
                raise ValidationError(
                    self.env._(
                        "Say who acts at the stage %(stage)s: the professionals, their "
                        "managers, their senior managers or the partnership.",
                        stage=stage.name,
                    )
                )
            finals = stage.policy_id.stage_ids.filtered("is_final")
            if len(finals) > 1:
                raise ValidationError(
                    self.env._(
                        "The escalation policy %(policy)s can only have one final stage.",
                        policy=stage.policy_id.name,
                    )
                )
            last = stage.policy_id.stage_ids.sorted()[-1:]
            if finals and finals != last:
                raise ValidationError(
                    self.env._(
                        "The final stage of %(policy)s must come last.",
                        policy=stage.policy_id.name,
                    )
                )

    @api.depends("number", "name")
    def _compute_display_name(self):
        for stage in self:
            stage.display_name = self.env._(
                "Stage %(number)s: %(name)s", number=stage.number, name=stage.name or ""
            )
