"""Practitioners' read rules on children and households search ``involved_user_ids``.

The rules are ``noupdate``: an upgrade leaves them as they were installed. This step
replaces the shipped domain (the same four ways, written as an OR of subqueries) with
the one that searches them as a union. A council that changed a rule keeps its own.
"""

from odoo import SUPERUSER_ID, api

SHIPPED_DOMAIN = (
    "['|', '|', '|', ('taf_ids.lead_professional_id', '=', user.id), "
    "('taf_ids.member_ids.user_id', '=', user.id), "
    "('referral_ids.referrer_user_id', '=', user.id), ('create_uid', '=', user.id)]"
)
INVOLVED_DOMAIN = "[('involved_user_ids', 'in', [user.id])]"
RULES = (
    "safeguarding_threshold.safeguarding_child_rule_practitioner_read",
    "safeguarding_threshold.safeguarding_family_rule_practitioner_read",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule and rule.domain_force == SHIPPED_DOMAIN:
            rule.domain_force = INVOLVED_DOMAIN
