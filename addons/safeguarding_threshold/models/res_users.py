from lxml import etree

from odoo import api, models
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

from ..tools.groups import HUB_GROUP, MANAGER_GROUP, MASH_GROUP, PRACTITIONER_GROUP

HOME_ACTION = "safeguarding_threshold.action_safeguarding_home"
REFERRAL_ACTION = "safeguarding_threshold.safeguarding_referral_action"
MASH_QUEUE_ACTION = "safeguarding_threshold.safeguarding_referral_action_mash_queue"
CASE_ACTION = "safeguarding_threshold.safeguarding_taf_action"


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------ the home page

    @api.model
    def _safeguarding_home_action(self):
        """The page of the current user's own work, for their highest safeguarding role.

        A role may have several pages (a practitioner's cases, then their referrals):
        the first one with something on it is shown, or the first one when none has.
        Each page is one of the app's own window actions (so the Safeguarding menu is
        the current one) with the role's search filters preselected; the person can
        remove them like any filter.
        """
        pages = self._safeguarding_home_pages()
        if not pages:
            return False
        page = next((page for page in pages if self._safeguarding_page_has_work(page)), pages[0])
        return {key: value for key, value in page.items() if key != "safeguarding_filters"}

    @api.model
    def _safeguarding_home_pages(self):
        """The candidate pages of the current user's highest role, in order of use.

        Extended by other safeguarding addons (the escalation addon adds a
        manager's disagreements)."""
        user = self.env.user
        page = self._safeguarding_page
        if user.has_group(MANAGER_GROUP):
            return [
                page(MASH_QUEUE_ACTION, ["overdue"], self.env._("Overdue decisions")),
                page(MASH_QUEUE_ACTION, []),
            ]
        if user.has_group(MASH_GROUP):
            return [page(MASH_QUEUE_ACTION, [])]
        if user.has_group(HUB_GROUP):
            return [
                page(CASE_ACTION, ["no_lead", "review_due"], self.env._("Cases needing attention"))
            ]
        if user.has_group(PRACTITIONER_GROUP):
            return [
                page(CASE_ACTION, ["my_cases", "my_team", "in_progress"], self.env._("My cases")),
                page(REFERRAL_ACTION, ["my_referrals"], self.env._("My referrals")),
            ]
        return []

    @api.model
    def _safeguarding_page(self, xmlid, filters, name=None):
        """The window action ``xmlid`` with the named filters of its model's search view
        preselected (and only them), under ``name`` if given. The action keeps its id,
        so the web client knows the menu (and app) it belongs to."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = {f"search_default_{filter_name}": 1 for filter_name in filters}
        action["safeguarding_filters"] = list(filters)
        if name:
            action["name"] = name
            action["display_name"] = name
        return action

    @api.model
    def _safeguarding_page_has_work(self, page):
        """Whether the page shows at least one record to the current user."""
        model = self.env[page["res_model"]]
        search_view = page.get("search_view_id")
        domain = Domain(safe_eval(page.get("domain") or "[]", self._safeguarding_eval_context()))
        domain &= self._safeguarding_filters_domain(
            model, page["safeguarding_filters"], search_view and search_view[0]
        )
        return bool(model.search_count(domain, limit=1))

    @api.model
    def _safeguarding_eval_context(self):
        return {"uid": self.env.uid, "user": self.env.user}

    @api.model
    def _safeguarding_filters_domain(self, model, names, view_id=None):
        """The domain the web client searches with when the filters ``names`` of the
        model's search view are selected: filters of one group (between separators)
        are OR-ed, groups AND-ed. A name missing from the view raises a ValueError."""
        root = etree.fromstring(model.get_view(view_id, view_type="search")["arch"])
        wanted = set(names)
        found = set()
        groups, current = [], []
        eval_context = self._safeguarding_eval_context()
        for node in root:
            if node.tag == "filter" and node.get("name") in wanted and node.get("domain"):
                found.add(node.get("name"))
                current.append(Domain(safe_eval(node.get("domain"), eval_context)))
            elif node.tag != "filter":
                groups.append(current)
                current = []
        groups.append(current)
        if missing := wanted - found:
            raise ValueError(
                f"{model._name} search view has no filter {', '.join(sorted(missing))}"
            )
        return Domain.AND(Domain.OR(group) for group in groups if group)

    # ------------------------------------------------------------ practitioners

    @api.model
    def _safeguarding_practitioner_domain(self):
        """The users who may lead a case (or be the professional a disagreement is
        with): the safeguarding practitioners, the early help hub's workers included."""
        return [("all_group_ids", "in", self.env.ref(PRACTITIONER_GROUP).ids)]

    # ------------------------------------------------ who gets it as home action

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._safeguarding_sync_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "group_ids" in vals:
            self._safeguarding_sync_home_action()
        return res

    def _safeguarding_sync_home_action(self):
        """People with a safeguarding role start on their safeguarding page; people
        without one do not. A home action someone chose themselves is left alone."""
        home = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        if not home or not self:
            return
        practitioner = self.env.ref(PRACTITIONER_GROUP)
        users = self.sudo()
        with_role = users.filtered(lambda user: practitioner in user.all_group_ids)
        with_role.filtered(lambda user: not user.action_id).write({"action_id": home.id})
        (users - with_role).filtered(lambda user: user.action_id.id == home.id).write(
            {"action_id": False}
        )

    @api.model
    def _safeguarding_set_home_actions(self):
        """Everyone who has a safeguarding role already (at installation, at upgrade)."""
        practitioner = self.env.ref(PRACTITIONER_GROUP)
        self.sudo().with_context(active_test=False).search(
            [("all_group_ids", "in", practitioner.ids)]
        )._safeguarding_sync_home_action()

    # ------------------------------------------------------------ partner agencies

    def _mfa_type(self):
        """A partner agency's professional confirms each login with a code e-mailed to
        them (``auth_totp_mail``), as a council's professional portal does, whatever the
        database's two-factor policy; one who set up an authenticator app uses it."""
        mfa = super()._mfa_type()
        if mfa is None and self._safeguarding_is_agency_professional():
            return "totp_mail"
        return mfa

    def _safeguarding_is_agency_professional(self):
        self.ensure_one()
        return bool(self.env["safeguarding.agency"]._of_portal_user(self))
