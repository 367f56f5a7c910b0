"""Write a council's children in need census return (bin/cin-census).

    python -m benchmarks.cin_census --db NAME --year 2025 --output FILE.xml
        [--company ID] [--la-code 883] [--config FILE]

The return is made as the MASH menu makes it for a manager
(``safeguarding.cin.census._census_return``); the time it took is printed.
"""

import argparse
import sys
import time
from pathlib import Path

from .common import environment, open_registry


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, required=True, help="2025 for 2024-25")
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--company", type=int, default=None, help="default: the first")
    parser.add_argument("--la-code", default=None, help="default: the council's own")
    parser.add_argument("--config", default=None)
    args = parser.parse_args(argv)
    registry = open_registry(args.db, **({"config": args.config} if args.config else {}))
    from odoo.exceptions import UserError

    with environment(registry) as env:
        Company = env["res.company"]
        company = Company.browse(args.company) if args.company else Company.search([], limit=1)
        started = time.perf_counter()
        try:
            content, count = env["safeguarding.cin.census"]._census_return(
                company, args.year, la_code=args.la_code
            )
        except UserError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        elapsed = time.perf_counter() - started
        council = company.name
    args.output.write_bytes(content)
    print(f"==> {count} children in the {args.year} return of {council}: {args.output}")
    print(f"    made in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
