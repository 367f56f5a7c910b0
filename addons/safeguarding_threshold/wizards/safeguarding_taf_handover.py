from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

HANDOVER_ACTIVITY = "safeguarding_threshold.mail_act_taf_handover"


class SafeguardingTafHandover(models.TransientModel):
    """Hand a case over to a new lead professional."""

    _name = "safeguarding.taf.handover"
    _description = "Lead professional handover"

    taf_id = fields.Many2one("safeguarding.taf", string="Case", required=True)
    current_lead_id = fields.Many2one(
        related="taf_id.lead_professional_id", string="Lead professional"
    )
    new_lead_id = fields.Many2one(
        "res.users",
        string="New lead professional",
        required=True,
        domain=lambda self: self.env["res.users"]._safeguarding_practitioner_domain(),
    )
    handover_date = fields.Date(
        required=True, default=fields.Date.context_today, string="Handover date"
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        case = self.taf_id
        case._check_lead_or_hub(self.env._("hand over"))
        if case.state == "closed":
            raise UserError(self.env._("%(case)s is closed.", case=case.name))
        if self.new_lead_id == case.lead_professional_id:
            raise UserError(
                self.env._(
                    "%(user)s already leads %(case)s.", user=self.new_lead_id.name, case=case.name
                )
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Record the reason for the handover."))
        outgoing = case._hand_over(self.new_lead_id, self.reason, self.handover_date)
        self._inform(case, outgoing)
        return {"type": "ir.actions.act_window_close"}

    def _inform(self, case, outgoing):
        """Post the handover on the case and give both leads an activity."""
        case = case.sudo()
        partners = (outgoing | self.new_lead_id).partner_id
        case.message_post(
            body=self.env._(
                "Lead professional handed over from %(old)s to %(new)s on %(date)s: %(reason)s",
                old=outgoing.name or self.env._("nobody"),
                new=self.new_lead_id.name,
                date=format_date(self.env, self.handover_date),
                reason=self.reason,
            ),
            partner_ids=partners.ids,
            subtype_xmlid="mail.mt_note",
        )
        case.activity_schedule(
            HANDOVER_ACTIVITY,
            date_deadline=self.handover_date,
            summary=self.env._("You now lead %(case)s", case=case.name),
            note=self.reason,
            user_id=self.new_lead_id.id,
        )
        if outgoing:
            case.activity_schedule(
                HANDOVER_ACTIVITY,
                date_deadline=self.handover_date,
                summary=self.env._(
                    "Hand %(case)s over to %(user)s", case=case.name, user=self.new_lead_id.name
                ),
                note=self.reason,
                user_id=outgoing.id,
            )
