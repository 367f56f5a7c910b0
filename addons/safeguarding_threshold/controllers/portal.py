"""The partner agencies' pages of the portal: the request-for-support form and "My
referrals". Everything they check or read is in ``safeguarding.support.request``; this
controller only turns pages into calls and calls into pages."""

import uuid

from werkzeug.datastructures import MultiDict

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.safeguarding_support_request import MAX_ADULTS, MAX_CHILDREN

FORM_URL = "/my/request-for-support"
REFERRALS_URL = "/my/referrals"
PAGE_SIZE = 20


class SafeguardingPortal(CustomerPortal):
    # ------------------------------------------------------------ the portal's home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "safeguarding_referral_count" in counters:
            service = request.env["safeguarding.support.request"]
            values["safeguarding_referral_count"] = (
                service._my_referral_count() if self._safeguarding_agency() else 0
            )
        return values

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["safeguarding_agency"] = self._safeguarding_agency()
        return values

    @staticmethod
    def _safeguarding_agency():
        return request.env["safeguarding.agency"]._of_portal_user(request.env.user)

    def _safeguarding_not_an_agency(self):
        values = self._prepare_portal_layout_values()
        return request.render("safeguarding_threshold.portal_not_an_agency", values, status=403)

    # ------------------------------------------------------------ the form

    @http.route(FORM_URL, type="http", auth="user", website=True, methods=["GET", "POST"])
    def safeguarding_request_for_support(self, **post):
        agency = self._safeguarding_agency()
        if not agency:
            return self._safeguarding_not_an_agency()
        service = request.env["safeguarding.support.request"]
        form = (
            MultiDict(request.httprequest.form)
            if request.httprequest.method == "POST"
            else MultiDict()
        )
        errors = {}
        if request.httprequest.method == "POST":
            growing = self._safeguarding_grow_form(form)
            if not growing:
                try:
                    referral, errors = service._submit(
                        form, request.httprequest.files.getlist("attachments")
                    )
                except UserError as error:
                    referral, errors = (
                        service.env["safeguarding.referral"],
                        {"_form": error.args[0]},
                    )
                if referral:
                    return request.redirect(f"{REFERRALS_URL}/{referral.id}?sent=1", code=303)
        if not form.get("submission_token"):
            form["submission_token"] = uuid.uuid4().hex
        ticked = {int(value) for value in form.getlist("indicator_ids") if str(value).isdigit()}
        options = service._options(agency)
        values = self._prepare_portal_layout_values()
        values.update(
            options,
            agency=agency,
            form=form,
            errors=errors,
            ticked=ticked,
            open_domains=service._domains_holding(options["matrix"], ticked),
            child_count=service._count(form, "child_count", MAX_CHILDREN),
            adult_count=service._count(form, "adult_count", MAX_ADULTS),
            page_name="request_for_support",
        )
        return request.render("safeguarding_threshold.portal_request_for_support", values)

    @staticmethod
    def _safeguarding_grow_form(form):
        """'Add another child' (or adult) sends the form back to add a block; nothing
        is checked or created."""
        for button, counter in (("add_child", "child_count"), ("add_adult", "adult_count")):
            if form.get(button):
                count = int(form.get(counter) or 1) if str(form.get(counter) or 1).isdigit() else 1
                form[counter] = str(count + 1)
                return True
        return False

    @http.route(f"{FORM_URL}/indicators", type="jsonrpc", auth="user", methods=["POST"])
    def safeguarding_indicator_search(self, query=""):
        if not self._safeguarding_agency():
            return []
        return request.env["safeguarding.support.request"]._search_indicators(str(query)[:200])

    # ------------------------------------------------------------ My referrals

    @http.route(
        [REFERRALS_URL, f"{REFERRALS_URL}/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def safeguarding_my_referrals(self, page=1, **kw):
        if not self._safeguarding_agency():
            return self._safeguarding_not_an_agency()
        service = request.env["safeguarding.support.request"]
        pager = portal_pager(
            url=REFERRALS_URL, total=service._my_referral_count(), page=page, step=PAGE_SIZE
        )
        referrals = service._my_referrals(offset=pager["offset"], limit=PAGE_SIZE)
        values = self._prepare_portal_layout_values()
        values.update(
            referrals=[service._summary(referral) for referral in referrals],
            pager=pager,
            page_name="my_referrals",
        )
        return request.render("safeguarding_threshold.portal_my_referrals", values)

    @http.route(f"{REFERRALS_URL}/<int:referral_id>", type="http", auth="user", website=True)
    def safeguarding_my_referral(self, referral_id, sent=None, **kw):
        if not self._safeguarding_agency():
            return self._safeguarding_not_an_agency()
        service = request.env["safeguarding.support.request"]
        referral = service._my_referral(referral_id)
        if not referral:
            # the same answer whether it exists or not: no probing for references
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            referral=service._summary(referral),
            sent=bool(sent),
            page_name="my_referral",
        )
        return request.render("safeguarding_threshold.portal_my_referral", values)
