from odoo import api, models

from ..tools.groups import PRACTITIONER_GROUP

SAFEGUARDING_MODEL_PREFIX = "safeguarding."
# every safeguarding role implies it (security/safeguarding_security.xml)
SAFEGUARDING_ROLE = PRACTITIONER_GROUP


class MailThread(models.AbstractModel):
    """Chatter of safeguarding records reaches the people with a safeguarding role only.

    The record rules of ``security/mail_rules.xml`` hide the messages, notifications,
    followers and activities of safeguarding records from everyone else, but mail
    notifies as superuser: an inbox notification pushes the message, its body and the
    record's name to the recipient's browser, and an e-mail carries the same, whatever
    the recipient may read. So a user without a safeguarding role (a follower who lost
    the role, a mentioned colleague of another department, a portal user) is not
    notified of a safeguarding record at all. Partners without a user are left to the
    author's choice of recipients.
    """

    _inherit = "mail.thread"

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        if not self._name.startswith(SAFEGUARDING_MODEL_PREFIX):
            return recipients
        role_id = self._safeguarding_role_id()
        return [
            recipient
            for recipient in recipients
            if not recipient.get("uid") or role_id in (recipient.get("groups") or ())
        ]

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Only the council's own users follow a safeguarding record: a follower is told
        of every message on it, so a partner agency's portal professional or an outside
        contact never becomes one (``partner_share`` is set for both)."""
        if partner_ids and self._name.startswith(SAFEGUARDING_MODEL_PREFIX):
            partners = self.env["res.partner"].sudo().browse(partner_ids)
            partner_ids = partners.filtered(lambda partner: not partner.partner_share).ids
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    @api.model
    def _safeguarding_role_id(self):
        """The id of the group every safeguarding role implies (cached: no query)."""
        return self.env["ir.model.data"]._xmlid_to_res_id(SAFEGUARDING_ROLE)
