from odoo import fields, models
from odoo.tools import SQL

from ..models.safeguarding_taf import OPEN_STATES
from ..tools import TIER_SELECTION


class SafeguardingTafWorkload(models.Model):
    """Open cases per lead professional and tier, for hub managers."""

    _name = "safeguarding.taf.workload"
    _description = "Lead professional workload"
    _auto = False
    _order = "lead_professional_id, tier"

    lead_professional_id = fields.Many2one("res.users", readonly=True, string="Lead professional")
    tier = fields.Selection(TIER_SELECTION, readonly=True)
    case_count = fields.Integer(string="Open cases", readonly=True)
    overdue_action_count = fields.Integer(string="Overdue actions", readonly=True)
    next_review_date = fields.Date(string="Next review", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    # the columns the view reads straight from the database: the ORM flushes them
    # before any query on the view
    _depends = {
        "safeguarding.taf": [
            "active",
            "company_id",
            "lead_professional_id",
            "next_review_date",
            "state",
            "tier",
        ],
        "safeguarding.taf.action": ["due_date", "state", "taf_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT MIN(case_.id) AS id,
                   case_.lead_professional_id,
                   case_.tier,
                   case_.company_id,
                   COUNT(*) AS case_count,
                   COALESCE(SUM(overdue.action_count), 0) AS overdue_action_count,
                   MIN(case_.next_review_date) AS next_review_date
              FROM safeguarding_taf case_
              LEFT JOIN LATERAL (
                    SELECT COUNT(*) AS action_count
                      FROM safeguarding_taf_action action
                     WHERE action.taf_id = case_.id
                       AND action.state = 'todo'
                       AND action.due_date < CURRENT_DATE
                   ) overdue ON TRUE
             WHERE case_.active
               AND case_.state IN %s
               AND case_.lead_professional_id IS NOT NULL
             GROUP BY case_.lead_professional_id, case_.tier, case_.company_id
            """,
            OPEN_STATES,
        )
