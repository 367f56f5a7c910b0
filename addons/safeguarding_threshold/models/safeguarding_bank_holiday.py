from odoo import api, fields, models

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
