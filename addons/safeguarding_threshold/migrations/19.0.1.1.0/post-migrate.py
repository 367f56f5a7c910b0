"""Practitioners' read rules search ``involved_user_ids``.

The rules are ``noupdate``: an upgrade leaves them as they were installed. This step
replaces each shipped domain (the ways a practitioner works with a record, written as
an OR of subqueries) with the one that searches them as a union. A council that
changed a rule keeps its own.
"""

from odoo import SUPERUSER_ID, api

FOUR_WAYS = (
    "['|', '|', '|', ('{path}taf_ids.lead_professional_id', '=', user.id), "
    "('{path}taf_ids.member_ids.user_id', '=', user.id), "
    "('{path}referral_ids.referrer_user_id', '=', user.id), ('{path}create_uid', '=', user.id)]"
)
ADULT_WAYS = (
    "['|', '|', '|', ('membership_ids.family_id.taf_ids.lead_professional_id', '=', user.id), "
    "('membership_ids.family_id.taf_ids.member_ids.user_id', '=', user.id), "
    "('membership_ids.family_id.referral_ids.referrer_user_id', '=', user.id), "
    "('create_uid', '=', user.id)]"
)
PREFIX = "safeguarding_threshold.safeguarding_"
# rule: (domain installed by 19.0.1.0.0, domain from 19.0.1.1.0)
RULES = {
    PREFIX + "child_rule_practitioner_read": (
        FOUR_WAYS.format(path=""),
        "[('involved_user_ids', 'in', [user.id])]",
    ),
    PREFIX + "family_rule_practitioner_read": (
        FOUR_WAYS.format(path=""),
        "[('involved_user_ids', 'in', [user.id])]",
    ),
    PREFIX + "family_member_rule_practitioner_read": (
        FOUR_WAYS.format(path="family_id."),
        "[('family_id.involved_user_ids', 'in', [user.id])]",
    ),
    PREFIX + "adult_rule_practitioner_read": (
        ADULT_WAYS,
        "[('involved_user_ids', 'in', [user.id])]",
    ),
    PREFIX + "child_tier_rule_practitioner": (
        FOUR_WAYS.format(path="child_id."),
        "[('child_id.involved_user_ids', 'in', [user.id])]",
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (shipped, involved) in RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule and rule.domain_force == shipped:
            rule.domain_force = involved
