from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.safeguarding_threshold.tools.groups import PRACTITIONER_GROUP


class SafeguardingEscalationPolicy(models.Model):
    """The stages a council's professional disagreement (escalation) policy sets out."""

    _name = "safeguarding.escalation.policy"
    _description = "Escalation policy"
    _order = "framework_id, id"

    name = fields.Char(required=True)
    framework_id = fields.Many2one(
        "safeguarding.framework",
        string="Threshold framework",
        required=True,
        index=True,
        ondelete="cascade",
    )
    is_local_default = fields.Boolean(
        string="Local default",
        help="The council's document gives no escalation stages; these are a local "
        "default to be replaced by the partnership's own policy.",
    )
    source = fields.Char(help="Where the stages are quoted from in the council's document.")
    note = fields.Text()
    partnership_name = fields.Char(
        help="Who decides at the final stage, e.g. the Multi-agency Safeguarding Partnership.",
        string="Partnership name",
    )
    partnership_user_ids = fields.Many2many(
        "res.users",
        "safeguarding_escalation_policy_partnership_rel",
        "policy_id",
        "user_id",
        string="Partnership contacts",
        help="Users who act for the safeguarding partnership at its stage (for example its "
        "business manager). They get the activities of the partnership stage.",
    )
    stage_ids = fields.One2many(
        "safeguarding.escalation.stage", "policy_id", string="Stages", copy=True
    )
    stage_count = fields.Integer(compute="_compute_stage_count", string="Number of stages")
    active = fields.Boolean(default=True)

    _framework_uniq = models.UniqueIndex(
        "(framework_id) WHERE active",
        "This threshold framework already has an escalation policy.",
    )

    @api.depends("stage_ids")
    def _compute_stage_count(self):
        for policy in self:
            policy.stage_count = len(policy.stage_ids)

    @api.constrains("partnership_user_ids")
    def _check_partnership_users(self):
        practitioner = self.env.ref(PRACTITIONER_GROUP)
        for policy in self:
            for user in policy.partnership_user_ids:
                if practitioner not in user.all_group_ids:
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot be a partnership contact: give them access to "
                            "Safeguarding first.",
                            user=user.name,
                        )
                    )

    def _first_stage(self):
        self.ensure_one()
        return self.stage_ids.sorted()[:1]

    def _next_stage(self, stage):
        self.ensure_one()
        later = self.stage_ids.sorted().filtered(
            lambda s: (s.sequence, s.id) > (stage.sequence, stage.id)
        )
        return later[:1]
