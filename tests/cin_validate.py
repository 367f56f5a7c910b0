"""Check a CIN census return with the Department for Education's published rules.

Run with the interpreter of the validator's own virtual environment (bin/lib.sh,
``ensure_cin_validator``), not Odoo's: ``csc-validator-be-cin`` pins pandas 1.5.3.

    python tests/cin_validate.py FILE.xml [--ruleset cin2024_25]

Prints one JSON object: the child-level issues (``errors``: rule codes that do not end
in Q; ``queries``: those that do), each as {rule code: [LAchildID, ...]}, and the
number of rules that passed. Exits 0 when there is no child-level error, 1 otherwise.
"""

import argparse
import importlib
import json
import sys
import warnings
import xml.etree.ElementTree as ET


def check(path, ruleset):
    # only inside the validator's environment
    from cin_validator import cin_validator  # noqa: PLC0415

    data = cin_validator.process_data(cin_validator.convert_data(ET.parse(path).getroot()))
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = cin_validator.CinValidator(data, registry)
    issues = {"errors": {}, "queries": {}}
    report = result.full_issue_df
    for row in report.itertuples(index=False):
        code = str(row.rule_code)
        kind = "queries" if code.endswith("Q") else "errors"
        issues[kind].setdefault(code, []).append(str(row.child_id))
    for kind in issues:
        issues[kind] = {code: sorted(set(ids)) for code, ids in sorted(issues[kind].items())}
    issues["rules_passed"] = len(result.rules_passed)
    return issues


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--ruleset", default="cin2024_25")
    args = parser.parse_args()
    issues = check(args.file, args.ruleset)
    print(json.dumps(issues))
    return 1 if issues["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
