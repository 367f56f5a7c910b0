"""Working-day and working-hour arithmetic for safeguarding deadlines.

This module is the one place where deadlines are computed. It is pure Python
(no Odoo import) so that it can be tested without a database: callers pass the
bank holidays in as a set of dates, e.g. from
``env["safeguarding.bank.holiday"]._holiday_dates(date_from, date_to)``.

A *working day* is a Monday to Friday that is not a bank holiday.
"""

from datetime import datetime, time, timedelta

ONE_DAY = timedelta(days=1)


def is_working_day(day, holidays):
    """Return True if ``day`` is a Monday to Friday and not in ``holidays``.

    :param date day: the day to test
    :param holidays: set or frozenset of bank holiday dates
    """
    return day.weekday() < 5 and day not in holidays


def next_working_day(day, holidays):
    """Return ``day`` if it is a working day, otherwise the first working day after it.

    :param date day: the day to start from
    :param holidays: set or frozenset of bank holiday dates
    """
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def add_working_days(start, count, holidays):
    """Return the date ``count`` working days after ``start``.

    With ``count`` 0, return ``start`` if it is a working day, otherwise the next
    working day. ``start`` itself is never counted, so one working day after a
    Friday is the Monday (or the Tuesday if the Monday is a bank holiday), and
    one working day after a Saturday is the Monday.

    :param date start: the day to count from
    :param int count: number of working days, 0 or more
    :param holidays: set or frozenset of bank holiday dates
    :raises ValueError: if ``count`` is negative
    """
    if count < 0:
        raise ValueError("The number of working days cannot be negative.")
    if count == 0:
        return next_working_day(start, holidays)
    day = start
    while count:
        day += ONE_DAY
        if is_working_day(day, holidays):
            count -= 1
    return day


def working_days_between(start, end, holidays):
    """Return the number of working days ``d`` with ``start < d <= end``.

    The start day is excluded and the end day included, so that
    ``working_days_between(start, add_working_days(start, n, holidays), holidays)``
    is ``n`` for any ``n >= 1``. Return 0 if ``end`` is on or before ``start``.

    :param date start: the first bound (excluded)
    :param date end: the last bound (included)
    :param holidays: set or frozenset of bank holiday dates
    """
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if is_working_day(day, holidays):
            count += 1
        day += ONE_DAY
    return count


def _start_of_day(day):
    """Return midnight at the start of ``day`` as a naive datetime."""
    return datetime.combine(day, time.min)


def deadline_after(received, hours, holidays, calendar_hours=False):
    """Return the deadline ``hours`` after ``received``.

    ``received`` and the result are naive datetimes in UK local time
    (Europe/London).

    With ``calendar_hours=True`` the deadline is simply ``received + hours``
    (wall-clock hours, weekends and bank holidays included).

    Otherwise ``hours`` are *working hours*, defined as follows: every working
    day (Monday to Friday, not a bank holiday) counts as a whole 24-hour day,
    from 00:00 to 24:00, and time on any other day does not count at all. The
    deadline is the moment at which ``hours`` of such working time have passed
    since ``received``. So 24 working hours is "the same time on the next
    working day" when received on a working day. Examples:

    - Wednesday 09:00 + 4 h -> Wednesday 13:00;
    - Friday 22:00 + 4 h -> Monday 02:00 (two hours on Friday, two on Monday);
    - Friday 17:30 + 24 h, Monday a bank holiday -> Tuesday 17:30;
    - Saturday 10:00 + 24 h -> Tuesday 00:00 (the clock starts on Monday 00:00
      and Monday's 24 hours run out at midnight at its end).

    A deadline falling exactly at the end of a working day is given as 00:00 of
    the following calendar day, whatever that day is. If ``received`` is not on
    a working day, the clock starts at 00:00 of the next working day, so with
    ``hours`` 0 the result is that moment.

    UK clocks change on Sundays, which are never working days, so wall-clock
    arithmetic on naive local times measures working time exactly.

    :param datetime received: when the clock starts, naive UK local time
    :param hours: number of hours (int or float), 0 or more
    :param holidays: set or frozenset of bank holiday dates
    :param bool calendar_hours: count plain elapsed hours instead of working hours
    :raises ValueError: if ``hours`` is negative
    """
    if hours < 0:
        raise ValueError("The number of hours cannot be negative.")
    remaining = timedelta(hours=hours)
    if calendar_hours:
        return received + remaining
    current = received
    if not is_working_day(current.date(), holidays):
        current = _start_of_day(next_working_day(current.date(), holidays))
    while True:
        end_of_day = _start_of_day(current.date() + ONE_DAY)
        if remaining <= end_of_day - current:
            return current + remaining
        remaining -= end_of_day - current
        current = _start_of_day(next_working_day(end_of_day.date(), holidays))
