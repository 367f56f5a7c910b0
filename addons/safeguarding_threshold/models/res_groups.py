from odoo import api, models

from ..tools.groups import PRACTITIONER_GROUP

MEMBERSHIP_FIELDS = {"user_ids", "implied_ids", "implied_by_ids"}


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        if any(MEMBERSHIP_FIELDS & vals.keys() for vals in vals_list):
            groups._safeguarding_role_users()._safeguarding_sync_home_action()
        return groups

    def write(self, vals):
        """A role given or taken through a group (its users, or what it implies) gives
        or takes the safeguarding home page, as a change of the users' groups does."""
        if not MEMBERSHIP_FIELDS & vals.keys():
            return super().write(vals)
        before = self._safeguarding_role_users()
        res = super().write(vals)
        (before | self._safeguarding_role_users())._safeguarding_sync_home_action()
        return res

    def _safeguarding_role_users(self):
        """The users holding these groups, if any of them is or implies a safeguarding
        role."""
        practitioner = self.env.ref(PRACTITIONER_GROUP, raise_if_not_found=False)
        groups = self.sudo()
        if not practitioner or practitioner not in groups.all_implied_ids:
            return self.env["res.users"]
        return groups.with_context(active_test=False).all_user_ids
