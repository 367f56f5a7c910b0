import base64
from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..models.safeguarding_referral import SOCIAL_CARE_OUTCOMES
from ..tools import format_upn, la_child_id
from ..tools.cin_census import (
    CensusChild,
    CensusReferral,
    census_message,
    census_period,
    census_xml,
    child_episodes,
)
from ..tools.groups import MANAGER_GROUP

# a decision to children's social care stays one once the referral is closed
DECIDED_STATES = ("decided", "closed")


def current_census_year(today):
    """The census year a day falls in: 2025 for 1 April 2024 to 31 March 2025."""
    return today.year + 1 if today >= date(today.year, 4, 1) else today.year


class SafeguardingCinCensus(models.TransientModel):
    """The children in need census return for one census year, made for a manager."""

    _name = "safeguarding.cin.census"
    _description = "CIN census return"

    year = fields.Integer(
        string="Census year ending",
        required=True,
        default=lambda self: current_census_year(fields.Date.context_today(self)),
        help="The year the census year ends in: 2025 for 1 April 2024 to 31 March 2025.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, string="Council"
    )
    # the company's code, for this return only: a manager may not write the company
    la_code = fields.Char(
        string="LA code (DfE)",
        compute="_compute_la_code",
        store=True,
        readonly=False,
        help="The council's three-digit DfE LA code, from the company (Settings > Companies).",
    )
    data = fields.Binary(string="Return", readonly=True, attachment=False)
    filename = fields.Char(readonly=True)
    child_count = fields.Integer(string="Children in the return", readonly=True)

    @api.depends("company_id")
    def _compute_la_code(self):
        for census in self:
            census.la_code = census.company_id.cin_la_code

    def action_export(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only safeguarding managers make the CIN census return."))
        la_code = (self.la_code or "").strip()
        content, count = self.sudo()._census_return(self.company_id, self.year, la_code)
        self.write(
            {
                "data": base64.b64encode(content),
                "filename": f"cin_census_{self.year}_{la_code}.xml",
                "child_count": count,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _census_return(self, company, year, la_code=None):
        """``(xml bytes, number of children)`` of ``company``'s return for ``year``, with
        the company's LA code unless ``la_code`` is given."""
        la_code = (la_code or company.cin_la_code or "").strip()
        if not (len(la_code) == 3 and la_code.isdigit()):
            raise UserError(
                self.env._(
                    "Record the council's three-digit DfE LA code (e.g. 883) on %(company)s "
                    "before making the CIN census return.",
                    company=company.name,
                )
            )
        if not 2000 <= year <= 2100:
            raise UserError(self.env._("Choose a census year such as 2025 (for 2024-25)."))
        # the queries read the tables: what is still in the cache is written first
        self.env.flush_all()
        children, episodes = self._census_children(company, year)
        message = census_message(year, la_code, children, episodes, fields.Datetime.now())
        return census_xml(message), len(children)

    @api.model
    def _census_children(self, company, year):
        """The children of the return and their episodes, in four queries."""
        start, end = census_period(year)
        referrals = self._census_referrals(company, start, end)
        by_child = defaultdict(list)
        for row in referrals:
            by_child[row.child_id].append(row)
        starts = self._early_help_starts(list(by_child), start, end)
        children = self._census_child_rows(list(by_child), end)
        episodes = {
            child_id: child_episodes(rows, starts.get(child_id, ()))
            for child_id, rows in by_child.items()
        }
        return children, episodes

    def _census_referrals(self, company, start, end):
        """The referrals decided to children's social care received in the census year
        (UK dates), one row per child."""
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.child_id,
                       (referral.received_on AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/London')::date,
                       referral.referral_source,
                       referral.primary_need_code
                  FROM safeguarding_referral referral
                  JOIN safeguarding_child_referral_rel rel ON rel.referral_id = referral.id
                  JOIN safeguarding_child child ON child.id = rel.child_id
                 WHERE referral.company_id = %(company)s
                   AND referral.active AND child.active
                   AND referral.state IN %(states)s
                   AND referral.decision_outcome IN %(outcomes)s
                   AND referral.received_on >= %(start)s::date - 1
                   AND referral.received_on < %(end)s::date + 2
                """,
                company=company.id,
                states=DECIDED_STATES,
                outcomes=SOCIAL_CARE_OUTCOMES,
                start=start,
                end=end,
            )
        )
        return [CensusReferral(*row) for row in self.env.cr.fetchall() if start <= row[1] <= end]

    def _early_help_starts(self, child_ids, start, end):
        """child id -> the start dates of their team around the family cases in the year."""
        if not child_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.child_id, taf.start_date
                  FROM safeguarding_taf taf
                  JOIN safeguarding_child_taf_rel rel ON rel.taf_id = taf.id
                 WHERE rel.child_id = ANY(%(children)s) AND taf.active
                   AND taf.start_date BETWEEN %(start)s AND %(end)s
                """,
                children=child_ids,
                start=start,
                end=end,
            )
        )
        starts = defaultdict(list)
        for child_id, day in self.env.cr.fetchall():
            starts[child_id].append(day)
        return starts

    def _census_child_rows(self, child_ids, census_day):
        """The ``CensusChild`` rows, ordered by LAchildID; a local ID that two children
        share is not used for either (LAchildID is unique in a return, rule 8510). A child
        born after the census day (31 March) is returned as they were on it: unborn, with
        their date of birth as the expected one and their sex not known (rules 8520, 8750)."""
        if not child_ids:
            return []
        self.env.cr.execute(
            SQL(
                """
                SELECT child.id, child.local_reference, child.upn, child.birthdate,
                       child.expected_birthdate, child.is_unborn, child.sex, child.ethnicity,
                       ARRAY(SELECT disability.code
                               FROM safeguarding_child_safeguarding_disability_rel drel
                               JOIN safeguarding_disability disability
                                 ON disability.id = drel.safeguarding_disability_id
                              WHERE drel.safeguarding_child_id = child.id
                              ORDER BY disability.sequence, disability.code)
                  FROM safeguarding_child child
                 WHERE child.id = ANY(%(children)s)
                """,
                children=child_ids,
            )
        )
        rows = self.env.cr.fetchall()
        counts = defaultdict(int)
        for row in rows:
            counts[la_child_id(row[1], row[0])] += 1
        children = []
        for child_id, local, upn, born, expected, unborn, sex, ethnicity, codes in rows:
            if not unborn and born and born > census_day:
                unborn, expected = True, born
            census_id = la_child_id(local, child_id)
            if counts[census_id] > 1:
                census_id = la_child_id(None, child_id)
            children.append(
                CensusChild(
                    child_id,
                    census_id,
                    format_upn(upn) if upn else None,
                    None if unborn else born,
                    expected if unborn else None,
                    "U" if unborn else sex,
                    ethnicity,
                    [code for code in codes if code],
                )
            )
        return sorted(children, key=lambda child: child.la_child_id)
