"""The CIN census return passes the Department for Education's published rules.

The demo council (the database bin/test installed) and a generated council of size S
are exported with bin/cin-census and checked by ``csc-validator-be-cin`` (ruleset
cin2024_25), which bin/test installs in its own virtual environment under .local/: no
child-level error is allowed; queries (rule codes ending in Q) are listed, not failed.
A missing validator fails the test: it is never skipped.
"""

import json
import os
import subprocess

from odoo_logs import LOG_DIR, REPO_ROOT, drop_database

VALIDATOR_PYTHON = REPO_ROOT / ".local" / "cin-validator" / "bin" / "python"
CHECK = REPO_ROOT / "tests" / "cin_validate.py"
TEST_DB = os.environ.get("SG_TEST_DB", "safeguarding_test")
# the generated council's year ends on the census day, so its return is one whole year
GENERATED_TODAY = "2025-03-31"
GENERATED_YEAR = 2025
# the demo council's referrals are of November 2026: census year 2026-27
DEMO_YEAR = 2027


def _run(command, log_name, timeout=900):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        command,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=os.environ.copy(),
    )
    (LOG_DIR / log_name).write_text(completed.stdout + completed.stderr)
    return completed


def _export(database, year, output):
    completed = _run(
        [
            str(REPO_ROOT / "bin" / "cin-census"),
            "--db",
            database,
            "--year",
            str(year),
            "--output",
            str(output),
        ],
        f"cin-census-{database}.log",
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


def _validate(path):
    assert VALIDATOR_PYTHON.exists(), (
        f"the CIN census validator is not installed in {VALIDATOR_PYTHON.parent.parent}: "
        "run the suite with ./bin/test, which installs it"
    )
    completed = _run(
        [str(VALIDATOR_PYTHON), str(CHECK), str(path), "--ruleset", "cin2024_25"],
        f"cin-validate-{path.stem}.log",
    )
    assert completed.stdout.strip(), completed.stderr[-3000:]
    issues = json.loads(completed.stdout.strip().splitlines()[-1])
    print(f"\n{path.name}: {issues['rules_passed']} rules passed")
    for code, children in issues["queries"].items():
        print(f"  query {code}: {len(children)} children, e.g. {', '.join(children[:5])}")
    for code, children in issues["errors"].items():
        print(f"  ERROR {code}: {len(children)} children, e.g. {', '.join(children[:5])}")
    return issues


def test_the_demo_council_return_passes_the_dfe_rules(tmp_path):
    output = tmp_path / "cin_census_demo.xml"
    report = _export(TEST_DB, DEMO_YEAR, output)
    assert "children in the 2027 return" in report
    xml = output.read_text()
    assert "<ReferralSource>6</ReferralSource>" in xml, "the police referral of the Doyles"
    assert "<PrimaryNeedCode>N1</PrimaryNeedCode>" in xml
    issues = _validate(output)
    assert issues["errors"] == {}


def test_a_generated_council_return_passes_the_dfe_rules(tmp_path):
    database = f"{TEST_DB}_cin_s"
    drop_database(database)
    try:
        completed = _run(
            [
                str(REPO_ROOT / "bin" / "generate"),
                "--size",
                "S",
                "--db",
                database,
                "--today",
                GENERATED_TODAY,
            ],
            "cin-census-generate.log",
            timeout=1800,
        )
        assert completed.returncode == 0, (completed.stdout + completed.stderr)[-3000:]
        output = tmp_path / "cin_census_s.xml"
        report = _export(database, GENERATED_YEAR, output)
        print(report)
        xml = output.read_text()
        assert xml.count("<Child>") > 100, "a council's year has hundreds of children in need"
        assert "<ReasonForClosure>RC9</ReasonForClosure>" in xml, "closed to early help"
        issues = _validate(output)
        assert issues["errors"] == {}
    finally:
        drop_database(database)
