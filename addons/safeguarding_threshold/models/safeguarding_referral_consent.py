from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import CONSENT_EXCEPTION_SELECTION, CONSENT_STATUS_SELECTION

CONSENT_GIVEN = ("parent", "child")
# Early help and s17 are voluntary: the seeds require consent for them.
CONSENT_BASED_OUTCOMES = ("early_help", "s17")
# Statutory outcomes may go ahead without consent, but a refusal must be overridden
# by the MASH with its reasons recorded (Thurrock: "The authorisation should be
# recorded with reasons").
STATUTORY_OUTCOMES = ("s47", "allocated")
CONSENT_FIELDS = (
    "consent_status",
    "consent_given_by",
    "consent_child_id",
    "consent_child_understands",
    "consent_date",
    "consent_exception",
    "consent_exception_note",
    "consent_overridden",
)


# how the referrer recorded consent; the MASH's override is recorded separately
CONSENT_GIVEN_FIELDS = (
    "consent_status",
    "consent_given_by",
    "consent_child_id",
    "consent_child_understands",
    "consent_date",
)


class SafeguardingReferral(models.Model):
    """Consent to the referral and the information-sharing log (golden rule 7)."""

    _inherit = "safeguarding.referral"

    consent_status = fields.Selection(
        CONSENT_STATUS_SELECTION,
        string="Consent",
        tracking=True,
        index=True,
        copy=False,
        help="Consent to the referral and to sharing its information.",
    )
    consent_given_by = fields.Char(
        string="Given or refused by",
        tracking=True,
        copy=False,
        help="Name and relationship to the child of the person who gave or refused consent.",
    )
    consent_child_id = fields.Many2one(
        "safeguarding.child",
        check_company=True,
        string="Child giving consent",
        tracking=True,
        copy=False,
        domain="[('id', 'in', child_ids)]",
    )
    consent_child_understands = fields.Boolean(
        string="The child has the understanding to give consent",
        tracking=True,
        copy=False,
    )
    consent_date = fields.Date(string="Consent recorded on", tracking=True, copy=False)
    consent_exception = fields.Selection(
        CONSENT_EXCEPTION_SELECTION,
        string="Seeking consent would",
        tracking=True,
        copy=False,
        help="Why consent was not sought, or why the MASH overrides a refusal.",
    )
    consent_exception_note = fields.Text(
        string="Reasons", tracking=True, copy=False, help="The facts of the case behind the reason."
    )
    consent_overridden = fields.Boolean(
        string="Refusal overridden",
        tracking=True,
        copy=False,
        help="The MASH authorises going ahead without consent, with its reasons.",
    )
    consent_override_by_id = fields.Many2one(
        "res.users", string="Override authorised by", readonly=True, copy=False
    )
    consent_override_on = fields.Datetime(
        string="Override authorised on", readonly=True, copy=False
    )
    framework_consent_age = fields.Integer(related="framework_id.consent_age")
    framework_consent_rule = fields.Text(related="framework_id.consent_rule")
    information_share_ids = fields.One2many(
        "safeguarding.information.share", "referral_id", string="Information sharing"
    )

    @api.constrains(*CONSENT_FIELDS, "child_ids", "framework_id")
    def _check_consent(self):
        for referral in self:
            status = referral.consent_status
            if status in ("parent", "refused") and not (referral.consent_given_by or "").strip():
                raise ValidationError(
                    self.env._(
                        "Name the parent or carer who gave or refused consent on %(ref)s.",
                        ref=referral.name,
                    )
                )
            if status in ("parent", "child", "refused") and not referral.consent_date:
                raise ValidationError(
                    self.env._("Record when consent was asked for on %(ref)s.", ref=referral.name)
                )
            if referral.consent_date and referral.consent_date > fields.Date.context_today(self):
                raise ValidationError(
                    self.env._("The consent date of %(ref)s is in the future.", ref=referral.name)
                )
            if status == "child":
                referral._check_child_consent()
            if status == "not_sought" or referral.consent_overridden:
                referral._check_consent_exception()
            if referral.consent_overridden and status != "refused":
                raise ValidationError(
                    self.env._(
                        "Only a refusal of consent can be overridden (%(ref)s).", ref=referral.name
                    )
                )

    def _check_child_consent(self):
        self.ensure_one()
        child = self.consent_child_id
        if not child or child not in self.child_ids:
            raise ValidationError(
                self.env._("Choose which of the children of %(ref)s gave consent.", ref=self.name)
            )
        minimum_age = self.framework_id.consent_age
        if minimum_age:
            age = child._age_on(self.consent_date or fields.Date.context_today(self))
            if age is None:
                raise ValidationError(
                    self.env._(
                        "%(framework)s counts a child's own consent from age %(age)s: record "
                        "%(child)s's date of birth first.",
                        framework=self.framework_id.name,
                        age=minimum_age,
                        child=child.name,
                    )
                )
            if age < minimum_age:
                raise ValidationError(
                    self.env._(
                        "%(child)s is %(years)s. %(framework)s counts a child's own consent "
                        "from age %(age)s: ask a parent or carer.",
                        child=child.name,
                        years=age,
                        framework=self.framework_id.name,
                        age=minimum_age,
                    )
                )
        if not self.consent_child_understands:
            raise ValidationError(
                self.env._(
                    "Confirm that %(child)s has the understanding to give consent, or ask a "
                    "parent or carer.",
                    child=child.name,
                )
            )

    def _check_consent_exception(self):
        self.ensure_one()
        if not self.consent_exception or not (self.consent_exception_note or "").strip():
            raise ValidationError(
                self.env._(
                    "Going ahead without consent on %(ref)s needs a reason: choose what seeking "
                    "consent would do (put a child or an adult at increased risk of significant "
                    "harm, prejudice a serious crime investigation, or cause unjustified delay) "
                    "and explain it.",
                    ref=self.name,
                )
            )

    @api.onchange("consent_status")
    def _onchange_consent_status(self):
        if self.consent_status in CONSENT_GIVEN:
            self.consent_exception = False
            self.consent_exception_note = False
        if self.consent_status != "child":
            self.consent_child_id = False
            self.consent_child_understands = False

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("consent_overridden") for vals in vals_list):
            self._check_override_rights()
        referrals = super().create(vals_list)
        referrals.filtered("consent_overridden")._stamp_override()
        return referrals

    def write(self, vals):
        newly_overridden = self.browse()
        if "consent_overridden" in vals:
            changed = self.filtered(
                lambda referral: referral.consent_overridden != bool(vals["consent_overridden"])
            )
            if changed:
                self._check_override_rights()
            if vals["consent_overridden"]:
                newly_overridden = changed
        result = super().write(vals)
        if "consent_overridden" in vals and not vals["consent_overridden"]:
            self.filtered("consent_override_by_id")._write_as_transition(
                {"consent_override_by_id": False, "consent_override_on": False}
            )
        newly_overridden._stamp_override()
        return result

    def _stamp_override(self):
        """Who authorised going ahead without consent, and when: recorded, not typed."""
        if not self:
            return
        self._write_as_transition(
            {
                "consent_override_by_id": self.env.user.id,
                "consent_override_on": fields.Datetime.now(),
            }
        )
        self._log_consent_override()

    def _check_override_rights(self):
        if not self.env.su and not self._user_can_decide():
            raise UserError(
                self.env._("Only the MASH or a manager can authorise going ahead without consent.")
            )

    def _log_consent_override(self):
        """Golden rule 7: the decision to share without consent goes in the log."""
        if not self:
            return
        self.env["safeguarding.information.share"].create(
            [
                {
                    "referral_id": referral.id,
                    "decision": "share",
                    "information": self.env._("The referral and the concerns it records."),
                    "recipient": self.env._("Partner agencies of the MASH"),
                    "purpose": referral.consent_exception_note,
                    "basis": "exception",
                    "consent_exception": referral.consent_exception,
                    "company_id": referral.company_id.id,
                }
                for referral in self
            ]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_information_shared(self):
        for referral in self.filtered("information_share_ids"):
            raise UserError(
                self.env._(
                    "%(ref)s has information-sharing decisions on record and cannot be deleted. "
                    "Archive it instead.",
                    ref=referral.name,
                )
            )

    def action_submit(self):
        for referral in self.filtered(lambda referral: not referral.consent_status):
            raise UserError(
                self.env._(
                    "Record consent before submitting %(ref)s: given by a parent or carer, given "
                    "by the child, refused, or not sought (with the reason).",
                    ref=referral.name,
                )
            )
        return super().action_submit()

    def _check_decision(self, values):
        result = super()._check_decision(values)
        self._check_consent_allows_outcome(values["decision_outcome"])
        return result

    def _screening_fields(self):
        # the MASH may seek consent while screening, when the referrer could not
        return (*super()._screening_fields(), *CONSENT_GIVEN_FIELDS)

    def _check_consent_allows_outcome(self, outcome):
        self.ensure_one()
        if outcome in CONSENT_BASED_OUTCOMES and self.consent_status not in CONSENT_GIVEN:
            raise UserError(
                self.env._(
                    "Early help and a child in need assessment (s17) need consent from a parent "
                    "or carer, or from the child, and %(ref)s has none. Record consent, or "
                    "choose another outcome.",
                    ref=self.name,
                )
            )
        if outcome in STATUTORY_OUTCOMES and self.consent_status == "refused":
            if not self.consent_overridden:
                raise UserError(
                    self.env._(
                        "Consent was refused on %(ref)s. Authorise the override with its reason "
                        "before deciding on a statutory response.",
                        ref=self.name,
                    )
                )
