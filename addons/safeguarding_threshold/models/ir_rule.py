from odoo import models
from odoo.exceptions import AccessError

SAFEGUARDING_MODULES = ("safeguarding_threshold", "safeguarding_escalation")


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """Name no record in the access error of a safeguarding record or of its chatter.

        To an internal user in debug mode (which anyone can turn on), Odoo's error lists
        the refused records by name, read as superuser: a child's name, the subject of a
        message about her, the summary of an activity, who follows her record. The error
        says which model refused instead, and keeps Odoo's suggestion of a company.
        """
        error = super()._make_access_error(operation, records)
        if not self._safeguarding_refused(operation, records):
            return error
        description = self.env["ir.model"]._get(records._name).name or records._name
        safe_error = AccessError(
            self.env._(
                "Sorry, you are not allowed to %(operation)s these records: %(description)s"
                " (%(model)s). Records of children and families are for the people who work"
                " with them; ask your safeguarding administrator if you need access.",
                operation=operation,
                description=description,
                model=records._name,
            )
        )
        if getattr(error, "context", None):
            safe_error.context = error.context
        return safe_error

    def _safeguarding_refused(self, operation, records):
        """Whether a safeguarding record, or a rule of the safeguarding addons, refused."""
        if records._name.startswith("safeguarding."):
            return True
        rules = self._get_failing(records, mode=operation).sudo()
        records.invalidate_recordset()
        return any(
            xmlid.partition(".")[0] in SAFEGUARDING_MODULES
            for xmlids in rules._get_external_ids().values()
            for xmlid in xmlids
        )
