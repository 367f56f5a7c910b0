from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import CONSENT_EXCEPTION_SELECTION, CONSENT_GIVEN


class SafeguardingInformationShare(models.Model):
    """One decision to share information, or not to (seventh golden rule)."""

    _name = "safeguarding.information.share"
    _description = "Information-sharing decision"
    _check_company_auto = True
    _inherit = ["safeguarding.guard.mixin"]
    # who decided and when are recorded, not typed: the log is evidence
    _transition_fields = ("decided_by_id", "decided_on")
    _parent_fields = ("referral_id", "taf_id")
    _order = "decided_on desc, id desc"

    referral_id = fields.Many2one(
        "safeguarding.referral", check_company=True, index="btree_not_null", ondelete="restrict"
    )
    taf_id = fields.Many2one(
        "safeguarding.taf",
        check_company=True,
        string="Case",
        index="btree_not_null",
        ondelete="restrict",
    )
    decided_on = fields.Datetime(string="Decided", required=True, default=fields.Datetime.now)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided by", required=True, default=lambda self: self.env.user
    )
    decision = fields.Selection(
        [("share", "Shared"), ("withhold", "Not shared")], required=True, default="share"
    )
    information = fields.Text(
        string="What", help="What was shared, or what was asked for and withheld."
    )
    agency_id = fields.Many2one(
        "safeguarding.agency",
        check_company=True,
    )
    recipient = fields.Char(string="With whom", help="The person or team, and their role.")
    purpose = fields.Text(
        string="Why", help="The purpose of sharing, or the reason for not sharing."
    )
    basis = fields.Selection(
        [("consent", "With consent"), ("exception", "Without consent")],
        string="Consent",
        help="Whether the information was shared with consent or under an exception.",
    )
    consent_exception = fields.Selection(
        CONSENT_EXCEPTION_SELECTION, string="Seeking consent would"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("decision", "recipient", "decided_on")
    def _compute_display_name(self):
        labels = dict(self._fields["decision"]._description_selection(self.env))
        for entry in self:
            entry.display_name = self.env._(
                "%(decision)s with %(recipient)s",
                decision=labels.get(entry.decision, ""),
                recipient=entry.recipient or "",
            )

    @api.constrains(
        "referral_id",
        "taf_id",
        "decision",
        "basis",
        "consent_exception",
        "information",
        "recipient",
        "purpose",
    )
    def _check_decision(self):
        for entry in self:
            if not entry.referral_id and not entry.taf_id:
                raise ValidationError(
                    self.env._("Record which referral or case the information is about.")
                )
            if not all(
                (text or "").strip() for text in (entry.information, entry.recipient, entry.purpose)
            ):
                raise ValidationError(
                    self.env._(
                        "Record what was shared or withheld, with whom, and why: keep a record "
                        "of your decision and the reasons for it."
                    )
                )
            if entry.decision != "share":
                continue
            if not entry.basis:
                raise ValidationError(
                    self.env._("Say whether the information was shared with consent or without.")
                )
            if entry.basis == "exception" and not entry.consent_exception:
                raise ValidationError(
                    self.env._(
                        "Sharing without consent needs its reason: choose what seeking consent "
                        "would have done."
                    )
                )
            referral = entry.referral_id
            if (
                entry.basis == "consent"
                and referral
                and referral.consent_status not in CONSENT_GIVEN
            ):
                raise ValidationError(
                    self.env._(
                        "%(ref)s has no consent recorded, so this sharing was without consent: "
                        "record the reason instead.",
                        ref=referral.name,
                    )
                )
