"""Both addons install and upgrade on fresh databases with a clean log.

The install with demo data is done by the test command before pytest starts
(the Odoo tests then run against that database); its log is checked here.
The install without demo data and the upgrade are run here.
"""

import os

from odoo_logs import ADDONS, LOG_DIR, bad_log_lines, drop_database, run_odoo


def test_install_with_demo_data_has_a_clean_log():
    log_path = LOG_DIR / f"install-demo-{os.environ.get('SG_TEST_DB', 'safeguarding_test')}.log"
    assert log_path.exists(), (
        "bin/test did not leave the install log; run the suite with ./bin/test"
    )
    log = log_path.read_text()
    assert "Modules loaded." in log, "the install with demo data did not finish:\n" + log[-3000:]
    assert "Loading module safeguarding_escalation" in log
    assert bad_log_lines(log) == []


def test_install_without_demo_then_upgrade_has_a_clean_log():
    database = os.environ.get("SG_TEST_DB", "safeguarding_test") + "_nodemo"
    drop_database(database)
    try:
        code, log = run_odoo(
            "-d", database, "-i", ADDONS, "--stop-after-init", log_name="install-nodemo.log"
        )
        assert code == 0, log[-3000:]
        assert "Modules loaded." in log
        assert "Loading module safeguarding_escalation" in log
        assert bad_log_lines(log) == []

        code, log = run_odoo(
            "-d", database, "-u", ADDONS, "--stop-after-init", log_name="upgrade.log"
        )
        assert code == 0, log[-3000:]
        assert "Modules loaded." in log
        assert "module safeguarding_threshold: creating or updating database tables" in log
        assert bad_log_lines(log) == []
    finally:
        drop_database(database)


def test_bad_log_line_detection():
    log = (
        "2026-11-22 20:42:09,277 13346 INFO db odoo.modules.loading: fine\n"
        "2026-11-22 20:42:09,278 13346 WARNING db odoo.models: something odd\n"
        "2026-11-22 20:42:09,279 13346 ERROR db odoo.sql_db: bad query\n"
    )
    lines = bad_log_lines(log)
    assert len(lines) == 2
    assert lines[0].endswith("something odd")
