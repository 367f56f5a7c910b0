import logging
from datetime import date, timedelta

from markupsafe import Markup

from odoo import api, fields, models

from ..tools.groups import ADMIN_GROUP

_logger = logging.getLogger(__name__)

# how far ahead the calendar must be known: deadlines are at most days away, but a
# quarter's notice leaves time to load next year's dates from GOV.UK
LOOKAHEAD = timedelta(days=92)
WARNED_YEARS_PARAM = "safeguarding_threshold.bank_holiday_warned_years"

REGION_SELECTION = [
    ("england_wales", "England and Wales"),
    ("scotland", "Scotland"),
    ("northern_ireland", "Northern Ireland"),
]


class SafeguardingBankHoliday(models.Model):
    """A bank holiday: a day that is not a working day for deadlines.

    The deadline arithmetic itself lives in ``tools/working_time.py``; this
    model only supplies the holiday dates it needs.
    """

    _name = "safeguarding.bank.holiday"
    _description = "Bank holiday"
    _order = "date"

    name = fields.Char(required=True, help="As GOV.UK names it, e.g. Spring bank holiday.")
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

    @api.model
    def _holiday_dates(self, date_from, date_to, region="england_wales"):
        """Return the dates of the active bank holidays from ``date_from`` to ``date_to``.

        Both bounds are included. Archived holidays are left out.

        :param date_from: first day (date or ISO string)
        :param date_to: last day (date or ISO string)
        :param str region: one of the region selection values
        :return: frozenset of ``datetime.date``
        """
        holidays = self.search_fetch(
            [
                ("date", ">=", fields.Date.to_date(date_from)),
                ("date", "<=", fields.Date.to_date(date_to)),
                ("region", "=", region),
            ],
            ["date"],
        )
        return frozenset(holidays.mapped("date"))

    @api.model
    def _years_without_holidays(self, years, region="england_wales"):
        """The years among ``years`` in which no active bank holiday is recorded."""
        covered = {
            day.year
            for day in self._holiday_dates(date(min(years), 1, 1), date(max(years), 12, 31), region)
        }
        return sorted(set(years) - covered)

    @api.model
    def _cron_warn_missing_years(self):
        """Tell the safeguarding administrators when the coming months reach a year
        without bank holidays: deadlines would count those days as working days.

        Each missing year is reported once.
        """
        today = fields.Date.context_today(self)
        params = self.env["ir.config_parameter"].sudo()
        warned = set(filter(None, (params.get_param(WARNED_YEARS_PARAM) or "").split(",")))
        missing = [
            year
            for year in self._years_without_holidays({today.year, (today + LOOKAHEAD).year})
            if str(year) not in warned
        ]
        if not missing:
            return
        years = ", ".join(map(str, missing))
        _logger.warning("No England and Wales bank holidays are recorded for %s.", years)
        admins = self.env.ref(ADMIN_GROUP).all_user_ids
        admins = admins.filtered(
            lambda user: user.active and not user.share and not user._is_superuser()
        )
        if admins:
            self.env["mail.thread"].message_notify(
                partner_ids=admins.partner_id.ids,
                subject=self.env._("Bank holidays missing for %(years)s", years=years),
                body=Markup("<p>%s</p>")
                % self.env._(
                    "No England and Wales bank holidays are recorded for %(years)s. Until they "
                    "are added (Safeguarding > Configuration > Bank holidays, dates from "
                    "GOV.UK), referral deadlines in %(years)s count bank holidays as working "
                    "days.",
                    years=years,
                ),
            )
        params.set_param(WARNED_YEARS_PARAM, ",".join(sorted(warned | set(map(str, missing)))))
