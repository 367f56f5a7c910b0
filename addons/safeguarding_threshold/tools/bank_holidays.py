"""UK bank holidays from a maintained source, the ``holidays`` package.

The package computes each region's bank holidays for any year from the rules
GOV.UK follows (Easter, the first and last Mondays of May, the last Monday of
August, Christmas and New Year), with the substitute days given when a holiday
falls on a weekend ("(observed)"), and the one-off days already announced. It
also returns the weekend originals (25 December 2032 is a Saturday): those are
not working-day exceptions, so they are left out here.

One-off holidays announced after the package was released (a coronation, a
state funeral) are added by an administrator as ``safeguarding.bank.holiday``
records; ``SafeguardingBankHoliday._holiday_dates`` joins the two.
"""

import holidays

# our region -> the package's subdivision of holidays.UnitedKingdom
REGION_SUBDIVISIONS = {
    "england_wales": "ENG",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}


def calendar_holidays(date_from, date_to, region="england_wales"):
    """Return the weekday bank holidays of ``region`` from ``date_from`` to ``date_to``.

    Both bounds are included; weekend originals of substituted days are left out.

    :param date date_from: first day
    :param date date_to: last day
    :param str region: a key of ``REGION_SUBDIVISIONS``
    :return: dict ``{date: name}``
    """
    if date_to < date_from:
        return {}
    calendar = holidays.UnitedKingdom(
        subdiv=REGION_SUBDIVISIONS[region], years=range(date_from.year, date_to.year + 1)
    )
    return {
        day: name
        for day, name in calendar.items()
        if date_from <= day <= date_to and day.weekday() < 5
    }


def calendar_holiday_dates(date_from, date_to, region="england_wales"):
    """The dates of :func:`calendar_holidays`, as a frozenset."""
    return frozenset(calendar_holidays(date_from, date_to, region))
