from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.bank_holidays import calendar_holiday_dates, calendar_holidays

REGION_SELECTION = [
    ("england_wales", "England and Wales"),
    ("scotland", "Scotland"),
    ("northern_ireland", "Northern Ireland"),
]


class SafeguardingBankHoliday(models.Model):
    """A one-off bank holiday, added by an administrator: a day that is not a
    working day for deadlines.

    The regular bank holidays of every year come from the ``holidays`` package
    (``tools/bank_holidays.py``); these records add the days it cannot know yet,
    such as a coronation or a state funeral. The deadline arithmetic itself lives
    in ``tools/working_time.py``; this model only supplies the dates it needs.
    """

    _name = "safeguarding.bank.holiday"
    _description = "Bank holiday"
    _order = "date"

    name = fields.Char(
        required=True,
        help="As GOV.UK names it, e.g. Bank holiday for the State Funeral of Queen Elizabeth II.",
    )
    date = fields.Date(required=True, index=True)
    region = fields.Selection(
        REGION_SELECTION,
        required=True,
        default="england_wales",
        help="Deadlines are counted with the England and Wales calendar.",
    )
    active = fields.Boolean(default=True)

    _date_region_uniq = models.Constraint(
        "UNIQUE(date, region)",
        "There is already a bank holiday on this date in this region.",
    )

    @api.constrains("date", "region")
    def _check_one_off(self):
        for holiday in self:
            if holiday.date.weekday() >= 5:
                raise ValidationError(
                    self.env._(
                        "%(date)s is a weekend day, which never counts towards a deadline: "
                        "record the weekday the bank holiday is given on.",
                        date=holiday.date.strftime("%d/%m/%Y"),
                    )
                )
            known = calendar_holidays(holiday.date, holiday.date, holiday.region)
            if known:
                raise ValidationError(
                    self.env._(
                        "%(date)s is already a bank holiday (%(name)s): only one-off holidays "
                        "that the calendar does not know need adding.",
                        date=holiday.date.strftime("%d/%m/%Y"),
                        name=known[holiday.date],
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        holidays = super().create(vals_list)
        holidays._recompute_running_deadlines(holidays.mapped("date"))
        return holidays

    def write(self, vals):
        dates_before = self.mapped("date")
        result = super().write(vals)
        if {"date", "region", "active"} & set(vals):
            self._recompute_running_deadlines(dates_before + self.mapped("date"))
        return result

    def unlink(self):
        dates = self.mapped("date")
        result = super().unlink()
        self.env["safeguarding.bank.holiday"]._recompute_running_deadlines(dates)
        return result

    @api.model
    def _recompute_running_deadlines(self, dates):
        """Move the deadlines still running that a bank holiday on ``dates`` can fall
        within: the decision deadlines of the referrals not yet decided (a deadline
        already met or missed stays as it was). Every company's, whoever adds the day."""
        if not dates:
            return
        Referral = self.env["safeguarding.referral"].sudo().with_context(active_test=False)
        # a deadline counts the holidays of the month after its receipt (_deadline_holidays)
        referrals = Referral.search(
            [
                ("state", "in", ("submitted", "screening")),
                ("received_on", ">=", min(dates) - timedelta(days=32)),
                ("received_on", "<", max(dates) + timedelta(days=2)),
            ]
        )
        self.env.add_to_compute(Referral._fields["decision_deadline"], referrals)

    @api.model
    def _holiday_dates(self, date_from, date_to, region="england_wales"):
        """Return the bank holiday dates from ``date_from`` to ``date_to``.

        Both bounds are included. The region's calendar from the ``holidays``
        package (weekday holidays, substitute days included), plus the active
        one-off holidays recorded here; archived ones are left out.

        :param date_from: first day (date or ISO string)
        :param date_to: last day (date or ISO string)
        :param str region: one of the region selection values
        :return: frozenset of ``datetime.date``
        """
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        one_offs = self.search_fetch(
            [("date", ">=", date_from), ("date", "<=", date_to), ("region", "=", region)],
            ["date"],
        )
        return calendar_holiday_dates(date_from, date_to, region) | frozenset(
            one_offs.mapped("date")
        )
