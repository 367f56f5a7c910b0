from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import format_date

from ..tools import TIER_SELECTION
from ..tools.actions import record_action, records_action
from ..tools.groups import HUB_GROUP, MANAGER_GROUP, MASH_GROUP
from .safeguarding_sequence_mixin import reference_field

# (from state, to state): the method saying whether the current user may make the move
TRANSITIONS = {
    ("draft", "completed"): "_is_author_or_hub",
    ("completed", "signed_off"): "_is_manager",
    ("completed", "superseded"): "_is_author_or_hub",
    ("signed_off", "superseded"): "_is_author_or_hub",
}
# what a completed assessment may still have written, by its own moves only
OPEN_AFTER_COMPLETION = {"taf_id", "referral_id"}
# a need of the assessment becomes a plan action due this long after the case opens
FIRST_ACTIONS_DUE = relativedelta(weeks=4)


class SafeguardingAssessment(models.Model):
    """An early help assessment, made with the family (Thurrock: the CAF).

    It records the family's own account and what they want to change, each child's
    voice, and their strengths and needs with the framework's indicators, from which
    the framework suggests a tier. Completed, it is read-only: a reassessment is a new
    version, so that progress can be compared.
    """

    _name = "safeguarding.assessment"
    _description = "Early help assessment"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.guard.mixin",
        "safeguarding.sequence.mixin",
        "safeguarding.indicator.matrix.mixin",
    ]
    _sequence_code = "safeguarding.assessment"
    # the threshold matrix changes the strengths and needs while the assessment is made
    _indicator_change_check = "_check_lines_editable"
    _order = "start_date desc, id desc"
    _check_company_auto = True
    _transition_fields = (
        "state",
        "version",
        "previous_id",
        # the referral it went to the front door with, the review it was reassessed at
        "referral_id",
        "review_id",
        "completed_on",
        "signed_off_by_id",
        "signed_off_on",
    )
    _parent_fields = ("family_id",)

    name = reference_field()
    state = fields.Selection(
        [
            ("draft", "In progress"),
            ("completed", "Completed"),
            ("signed_off", "Signed off"),
            ("superseded", "Superseded"),
        ],
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    family_id = fields.Many2one(
        "safeguarding.family", string="Household", required=True, index=True, check_company=True
    )
    child_ids = fields.Many2many(
        "safeguarding.child",
        "safeguarding_assessment_child_rel",
        "assessment_id",
        "child_id",
        string="Children",
        required=True,
        check_company=True,
        context={"show_birthdate": True},
    )
    framework_id = fields.Many2one(
        "safeguarding.framework",
        string="Threshold framework",
        required=True,
        default=lambda self: self.env["safeguarding.referral"]._default_framework(),
    )
    taf_id = fields.Many2one(
        "safeguarding.taf", string="Case", index="btree_not_null", check_company=True, copy=False
    )
    referral_id = fields.Many2one(
        "safeguarding.referral",
        index="btree_not_null",
        check_company=True,
        copy=False,
        help="The referral this assessment went to the front door with.",
    )
    review_id = fields.Many2one(
        "safeguarding.taf.review",
        string="Reassessed at",
        copy=False,
        help="The case review at which this reassessment was made.",
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    previous_id = fields.Many2one(
        "safeguarding.assessment", string="Earlier version", readonly=True, copy=False
    )
    is_latest = fields.Boolean(
        string="Latest version", compute="_compute_is_latest", search="_search_is_latest"
    )
    completed_by_id = fields.Many2one(
        "res.users",
        string="Completed by",
        required=True,
        default=lambda self: self.env.user,
        domain=lambda self: self.env["res.users"]._safeguarding_practitioner_domain(),
    )
    contributor_user_ids = fields.Many2many(
        "res.users",
        "safeguarding_assessment_contributor_rel",
        "assessment_id",
        "user_id",
        string="Contributors",
        domain=lambda self: self.env["res.users"]._safeguarding_practitioner_domain(),
        help="The practitioners who contributed. They can read the assessment.",
    )
    contributor_agency_ids = fields.Many2many(
        "safeguarding.agency", string="Contributing agencies", check_company=True
    )
    start_date = fields.Date(string="Started on", required=True, default=fields.Date.context_today)
    completed_on = fields.Date(string="Completed on", readonly=True, copy=False)
    family_account = fields.Text(
        string="The family's account",
        help="What the family say is happening, in their words.",
    )
    family_wishes = fields.Text(
        string="What the family want to change",
    )
    voice_ids = fields.One2many(
        "safeguarding.assessment.voice", "assessment_id", string="The children's voice"
    )
    indicator_line_ids = fields.One2many(
        "safeguarding.assessment.indicator",
        "assessment_id",
        string="Strengths and needs",
        copy=True,
    )
    suggested_tier = fields.Selection(
        TIER_SELECTION,
        compute="_compute_suggested_tier",
        store=True,
        string="Suggested tier",
    )
    suggestion_explanation = fields.Text(
        compute="_compute_suggested_tier", store=True, string="Suggestion explanation"
    )
    framework_vocabulary = fields.Selection(related="framework_id.vocabulary")
    framework_indicator_note = fields.Text(related="framework_id.indicator_note")
    sign_off_required = fields.Boolean(related="framework_id.assessment_sign_off")
    consent_to_share = fields.Selection(
        [
            ("not_asked", "Not asked yet"),
            ("given", "Given"),
            ("refused", "Refused"),
        ],
        string="Consent to share",
        required=True,
        default="not_asked",
        tracking=True,
    )
    consent_given_by = fields.Char(
        string="Consent given by", help="e.g. Sam Green, mother; or the young person."
    )
    consent_date = fields.Date(string="Consent date")
    share_with_agency_ids = fields.Many2many(
        "safeguarding.agency",
        "safeguarding_assessment_share_agency_rel",
        string="Share with",
        check_company=True,
        help="The agencies the family agreed the assessment may be shared with.",
    )
    signed_off_by_id = fields.Many2one("res.users", string="Signed off by", readonly=True)
    signed_off_on = fields.Date(string="Signed off on", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    # ------------------------------------------------------------------ computes

    @api.depends("framework_id", "indicator_line_ids.indicator_id")
    def _compute_suggested_tier(self):
        for assessment in self:
            assessment.suggested_tier, assessment.suggestion_explanation = (
                assessment.framework_id._suggestion(assessment.indicator_line_ids.indicator_id)
            )

    def _compute_is_latest(self):
        superseded = self.filtered(lambda assessment: assessment.state == "superseded")
        superseded.is_latest = False
        (self - superseded).is_latest = True

    def _search_is_latest(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        latest = fields.Domain("state", "!=", "superseded")
        return latest if (True in value) == (operator == "in") else ~latest

    @api.depends("name", "family_id.name", "version")
    def _compute_display_name(self):
        new = self.env._("New")
        for assessment in self:
            if not assessment.name or assessment.name == new:
                assessment.display_name = self.env._("New early help assessment")
                continue
            assessment.display_name = self.env._(
                "%(ref)s (version %(version)s)",
                ref=assessment.name,
                version=assessment.version or 1,
            )

    # --------------------------------------------------------------- constraints

    @api.constrains("child_ids", "family_id")
    def _check_children_of_the_household(self):
        for assessment in self:
            others = assessment.child_ids - assessment.family_id.sudo().child_ids
            if others:
                raise ValidationError(
                    self.env._(
                        "%(children)s do not live in %(family)s: add them to the household "
                        "first, or assess them with their own household.",
                        children=", ".join(others.mapped("name")),
                        family=assessment.family_id.display_name,
                    )
                )

    @api.constrains("taf_id", "framework_id", "family_id")
    def _check_case(self):
        for assessment in self.filtered("taf_id"):
            case = assessment.taf_id.sudo()
            if case.family_id != assessment.family_id:
                raise ValidationError(
                    self.env._(
                        "The assessment of %(family)s cannot belong to a case of another "
                        "household.",
                        family=assessment.family_id.display_name,
                    )
                )
            if case.framework_id != assessment.framework_id:
                raise ValidationError(
                    self.env._(
                        "An assessment follows the framework of its case (%(framework)s).",
                        framework=case.framework_id.name,
                    )
                )

    @api.constrains("consent_to_share", "consent_given_by", "consent_date")
    def _check_consent(self):
        for assessment in self.filtered(lambda a: a.consent_to_share in ("given", "refused")):
            if not (assessment.consent_given_by or "").strip() or not assessment.consent_date:
                raise ValidationError(
                    self.env._("Record who gave or refused consent to share, and when.")
                )

    # ------------------------------------------------------------------- writing

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            case = self.env["safeguarding.taf"].browse(vals.get("taf_id") or [])
            if case and not vals.get("framework_id"):
                vals["framework_id"] = case.framework_id.id
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_editable(set(vals))
        return super().write(vals)

    def _check_editable(self, field_names):
        """Only an assessment in progress is edited, by its author, its contributors, the
        case's lead professional or the front door; a completed one is kept as it was."""
        for assessment in self:
            if assessment.state != "draft" and field_names - OPEN_AFTER_COMPLETION:
                raise UserError(
                    self.env._(
                        "%(assessment)s is %(state)s and kept as it was. Reassess the family "
                        "to record what has changed.",
                        assessment=assessment.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            assessment.state
                        ].lower(),
                    )
                )
            if not assessment._is_contributor_or_front_door():
                raise UserError(
                    self.env._(
                        "Only the practitioners who make %(assessment)s, the lead "
                        "professional of its case and the front door can change it.",
                        assessment=assessment.display_name,
                    )
                )

    def _check_lines_editable(self):
        if not self.env.su:
            self._check_editable({"lines"})

    # --------------------------------------------------------------- who may move

    def _is_contributor_or_front_door(self):
        self.ensure_one()
        user = self.env.user
        return (
            self.env.su
            or user.has_group(HUB_GROUP)
            or user.has_group(MASH_GROUP)
            or user in (self.completed_by_id | self.contributor_user_ids | self.create_uid)
            or user == self.taf_id.sudo().lead_professional_id
        )

    def _is_author_or_hub(self):
        return self._is_contributor_or_front_door()

    def _is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    def _check_move(self, state):
        self._lock_for_transition()
        labels = dict(self._fields["state"]._description_selection(self.env))
        for assessment in self:
            may = TRANSITIONS.get((assessment.state, state))
            if not may:
                raise UserError(
                    self.env._(
                        "%(assessment)s is %(state)s: it cannot be %(to)s.",
                        assessment=assessment.display_name,
                        state=labels[assessment.state].lower(),
                        to=labels[state].lower(),
                    )
                )
            if not getattr(assessment, may)():
                raise UserError(
                    self.env._(
                        "You are not allowed to mark %(assessment)s as %(to)s.",
                        assessment=assessment.display_name,
                        to=labels[state].lower(),
                    )
                )

    # --------------------------------------------------------------------- moves

    def action_complete(self):
        """Complete the assessment with the family: it becomes read-only."""
        self._check_move("completed")
        for assessment in self:
            assessment._check_ready_to_complete()
        self._write_as_transition(
            {"state": "completed", "completed_on": fields.Date.context_today(self)}
        )
        return True

    def _check_ready_to_complete(self):
        self.ensure_one()
        missing = []
        if not (self.family_account or "").strip():
            missing.append(self.env._("the family's account"))
        if not (self.family_wishes or "").strip():
            missing.append(self.env._("what the family want to change"))
        unheard = self.child_ids - self.voice_ids.child_id
        if unheard:
            missing.append(
                self.env._("the voice of %(children)s", children=", ".join(unheard.mapped("name")))
            )
        if not self.indicator_line_ids and not self.framework_id.indicator_note:
            missing.append(self.env._("the strengths and needs"))
        if missing:
            raise UserError(
                self.env._(
                    "Record %(missing)s before completing %(assessment)s.",
                    missing=self.env._(", ").join(missing),
                    assessment=self.display_name,
                )
            )

    def action_sign_off(self):
        """A manager signs off the completed assessment, where the framework asks for it."""
        self._check_move("signed_off")
        self._write_as_transition(
            {
                "state": "signed_off",
                "signed_off_by_id": self.env.uid,
                "signed_off_on": fields.Date.context_today(self),
            }
        )
        return True

    def _check_ready_to_act(self, what):
        for assessment in self:
            if assessment.state == "draft":
                raise UserError(
                    self.env._(
                        "Complete %(assessment)s with the family before you %(what)s.",
                        assessment=assessment.display_name,
                        what=what,
                    )
                )
            if assessment.sign_off_required and assessment.state != "signed_off":
                raise UserError(
                    self.env._(
                        "%(framework)s asks a manager to sign off %(assessment)s before you "
                        "%(what)s.",
                        framework=assessment.framework_id.name,
                        assessment=assessment.display_name,
                        what=what,
                    )
                )

    def action_reassess(self, review=None):
        """A new version to record what has changed; this one is kept read-only."""
        self.ensure_one()
        if self.state == "draft":
            raise UserError(
                self.env._(
                    "%(assessment)s is still in progress: complete it before reassessing.",
                    assessment=self.display_name,
                )
            )
        self._check_move("superseded")
        new = self.sudo().copy(
            {
                "version": self.version + 1,
                "previous_id": self.id,
                "taf_id": self.taf_id.id,
                "referral_id": self.referral_id.id,
                "review_id": review.id if review else False,
                "start_date": fields.Date.context_today(self),
                "completed_by_id": self.env.uid,
            }
        )
        self._write_as_transition({"state": "superseded"})
        new.message_post(
            body=self.env._("Reassessment of %(previous)s.", previous=self.display_name),
            subtype_xmlid="mail.mt_note",
        )
        return record_action(new.with_env(self.env))

    def action_open_case(self):
        """Open a team around the family case whose plan starts from the needs assessed."""
        self.ensure_one()
        self._check_ready_to_act(self.env._("open a case"))
        if self.taf_id:
            raise UserError(
                self.env._(
                    "%(assessment)s already belongs to %(case)s.",
                    assessment=self.display_name,
                    case=self.taf_id.display_name,
                )
            )
        if not self._is_contributor_or_front_door():
            raise UserError(
                self.env._(
                    "Only the practitioners who made %(assessment)s and the front door can "
                    "open a case from it.",
                    assessment=self.display_name,
                )
            )
        # the person who assessed the family leads the case: a practitioner opens it
        # through this move, as the front door opens one from a referral
        case = self.env["safeguarding.taf"].sudo().create(self._case_values())
        self._write_as_transition({"taf_id": case.id})
        return record_action(case.with_env(self.env))

    def _case_values(self):
        self.ensure_one()
        lead = self.env.user
        due = fields.Date.context_today(self) + FIRST_ACTIONS_DUE
        needs = self.indicator_line_ids.filtered(lambda line: not line.is_protective)
        return {
            "family_id": self.family_id.id,
            "child_ids": [Command.set(self.child_ids.ids)],
            "framework_id": self.framework_id.id,
            "tier": self.suggested_tier if self.suggested_tier in ("2", "3") else "2",
            "lead_professional_id": lead.id,
            "referral_id": self.referral_id.id,
            "action_ids": [
                Command.create(
                    {
                        "need": line.indicator_id.name,
                        "name": self.env._("To agree with the family"),
                        "owner_user_id": lead.id,
                        "due_date": due,
                    }
                )
                for line in needs
            ],
        }

    def action_refer(self):
        """Send the assessment to the front door as a referral (Thurrock: the CAF is the
        referral form): a draft referral of the same children and needs, to complete."""
        self.ensure_one()
        if self.referral_id:
            raise UserError(
                self.env._(
                    "%(assessment)s went to the front door with %(referral)s.",
                    assessment=self.display_name,
                    referral=self.referral_id.display_name,
                )
            )
        referral = self.env["safeguarding.referral"].create(self._referral_values())
        self._write_as_transition({"referral_id": referral.id})
        return record_action(referral)

    def _referral_values(self):
        self.ensure_one()
        concerns = [
            self.env._(
                "Early help assessment %(ref)s, started on %(date)s.",
                ref=self.display_name,
                date=format_date(self.env, self.start_date),
            ),
            self.env._("The family's account: %(text)s", text=self.family_account or "-"),
            self.env._("What the family want to change: %(text)s", text=self.family_wishes or "-"),
        ]
        return {
            "referrer_user_id": self.env.uid,
            "referrer_name": self.env.user.name,
            "family_id": self.family_id.id,
            "child_ids": [Command.set(self.child_ids.ids)],
            "framework_id": self.framework_id.id,
            "channel": "online",
            "concerns": "\n\n".join(concerns),
            "indicator_line_ids": [
                Command.create({"indicator_id": line.indicator_id.id, "evidence": line.evidence})
                for line in self.indicator_line_ids
            ],
        }

    def action_view_versions(self):
        self.ensure_one()
        versions = self.browse()
        current = self
        while current:
            versions |= current
            current = current.previous_id
        return records_action(
            self.env,
            "safeguarding_threshold.safeguarding_assessment_action",
            [("id", "in", versions.ids)],
        )


class SafeguardingAssessmentLine(models.AbstractModel):
    """A line of an assessment: changed only while the assessment may be."""

    _name = "safeguarding.assessment.line"
    _description = "Line of an early help assessment"
    _inherit = ["safeguarding.guard.mixin"]
    _parent_fields = ("assessment_id",)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.assessment_id._check_lines_editable()
        return lines

    def write(self, vals):
        self.assessment_id._check_lines_editable()
        return super().write(vals)

    def unlink(self):
        self.assessment_id._check_lines_editable()
        return super().unlink()


class SafeguardingAssessmentVoice(models.Model):
    """A child's wishes and feelings, in their words, and how they were gathered."""

    _name = "safeguarding.assessment.voice"
    _description = "Child's voice in an assessment"
    _inherit = ["safeguarding.assessment.line"]
    _order = "assessment_id, id"

    assessment_id = fields.Many2one(
        "safeguarding.assessment", required=True, index=True, ondelete="cascade"
    )
    child_id = fields.Many2one(
        "safeguarding.child", required=True, context={"show_birthdate": True}
    )
    wishes_and_feelings = fields.Text(
        string="Wishes and feelings", required=True, help="In the child's own words."
    )
    gathered_by = fields.Selection(
        [
            ("conversation", "Talking with the child"),
            ("play", "Play or drawing"),
            ("observation", "Observation (a baby or a child who does not speak)"),
            ("tool", "A tool such as three houses or a wishes and feelings sheet"),
            ("other", "Another way"),
        ],
        string="How they were gathered",
        required=True,
        default="conversation",
    )
    gathered_note = fields.Char(string="Where, when and with whom")
    company_id = fields.Many2one(related="assessment_id.company_id", store=True, index=True)

    _child_uniq = models.Constraint(
        "UNIQUE(assessment_id, child_id)", "This child's voice is already recorded."
    )

    @api.constrains("child_id", "assessment_id")
    def _check_child(self):
        for voice in self:
            if voice.child_id not in voice.assessment_id.child_ids:
                raise ValidationError(
                    self.env._(
                        "%(child)s is not one of the children assessed.",
                        child=voice.child_id.name,
                    )
                )


class SafeguardingAssessmentIndicator(models.Model):
    """A strength or need of the framework recorded in an assessment, with its evidence."""

    _name = "safeguarding.assessment.indicator"
    _description = "Assessment indicator"
    _inherit = ["safeguarding.assessment.line"]
    _order = "assessment_id, tier desc, id"

    assessment_id = fields.Many2one(
        "safeguarding.assessment", required=True, index=True, ondelete="cascade"
    )
    indicator_id = fields.Many2one("safeguarding.indicator", required=True, index=True)
    evidence = fields.Text(help="What the family, the child or a professional said or saw.")
    tier = fields.Selection(related="indicator_id.tier", store=True)
    domain_id = fields.Many2one(related="indicator_id.domain_id", store=True)
    is_protective = fields.Boolean(related="indicator_id.is_protective", string="Strength")
    company_id = fields.Many2one(related="assessment_id.company_id", store=True, index=True)

    _assessment_indicator_uniq = models.Constraint(
        "UNIQUE(assessment_id, indicator_id)", "This indicator is already recorded."
    )

    @api.constrains("indicator_id", "assessment_id")
    def _check_framework(self):
        for line in self:
            if line.indicator_id.framework_id != line.assessment_id.framework_id:
                raise ValidationError(
                    self.env._(
                        "“%(code)s” belongs to the %(other)s framework, but this assessment "
                        "follows %(framework)s.",
                        code=line.indicator_id.code,
                        other=line.indicator_id.framework_id.name,
                        framework=line.assessment_id.framework_id.name,
                    )
                )
