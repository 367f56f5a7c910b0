"""Run the addons' tests under pytest as Odoo's own runner would.

Odoo's server names the database on the thread that runs the tests
(``threading.current_thread().dbname``); QWeb reads it to render the body of a
``t-call`` (reports' layouts). pytest-odoo does not, so a report rendered in a test
would recurse forever; the name is set here for each test, as the server sets it.
"""

import threading

import pytest


@pytest.fixture(autouse=True)
def _odoo_thread_database(request):
    thread = threading.current_thread()
    config = request.config
    name = config.getoption("--odoo-database", default=None) if config else None
    had = hasattr(thread, "dbname")
    if name and not had:
        thread.dbname = name
    yield
    if name and not had:
        del thread.dbname
