from odoo import SUPERUSER_ID, api

# the shipped England and Wales dates for 2024-2028, now given by the holidays package
SHIPPED_PREFIX = "bank_holiday_ew_"
# the parameter of the retired cron that warned when a year had no dates
WARNED_YEARS_PARAM = "safeguarding_threshold.bank_holiday_warned_years"


def remove_shipped_bank_holidays(env):
    """Bank holidays come from the holidays package for any year: the records shipped for
    2024-2028 are no longer data. One-off holidays an administrator added are kept."""
    shipped = env["ir.model.data"].search(
        [
            ("module", "=", "safeguarding_threshold"),
            ("model", "=", "safeguarding.bank.holiday"),
            ("name", "=like", SHIPPED_PREFIX + "%"),
        ]
    )
    env["safeguarding.bank.holiday"].with_context(active_test=False).browse(
        shipped.mapped("res_id")
    ).exists().unlink()
    shipped.unlink()
    env["ir.config_parameter"].search([("key", "=", WARNED_YEARS_PARAM)]).unlink()


def recompute_urgent_deadlines(env):
    """An urgent referral's clock now runs in real hours unless its framework says
    otherwise: the deadlines of the urgent referrals still awaiting a decision are worked
    out again (decided ones keep the deadline they were decided against)."""
    referrals = (
        env["safeguarding.referral"]
        .with_context(active_test=False)
        .search([("urgency", "=", "urgent"), ("state", "in", ("submitted", "screening"))])
    )
    referrals.modified(["urgency"])
    env.flush_all()


def migrate(cr, version):
    """Databases installed before 19.0.1.5.0."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    remove_shipped_bank_holidays(env)
    recompute_urgent_deadlines(env)
