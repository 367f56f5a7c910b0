"""The indicator search's quality, measured on a set of everyday queries.

``search_quality.csv`` (beside this module) lists, per framework, what practitioners
type and the indicators a good search shows among its first results. The test suite
holds the score to a floor and ``./bin/bench`` reports it; both call ``evaluate()``.
``search_quality_holdout.csv`` (``HOLDOUT``) has the same columns; pass
``load_queries(HOLDOUT)`` as ``rows`` to score queries the vocabulary was not tuned on.
"""

import csv
import re
from pathlib import Path
from typing import NamedTuple

QUERIES = Path(__file__).with_name("search_quality.csv")
# written blind (from the indicator texts only) and never used for tuning: an honest figure
HOLDOUT = Path(__file__).with_name("search_quality_holdout.csv")
# how many results a practitioner reads before typing something else
FIRST_RESULTS = 8


class Outcome(NamedTuple):
    framework: str
    query: str
    expected: tuple
    found: tuple
    literal: bool

    @property
    def hit(self):
        return set(self.expected) <= set(self.found)


def load_queries(path=QUERIES):
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            (row["framework"].strip(), row["query"].strip(), tuple(row["expected"].split()))
            for row in csv.DictReader(handle)
            if row.get("query", "").strip()
        ]


def _words(text):
    return set(re.findall(r"[a-z0-9]+", (text or "").lower()))


def evaluate(env, rows=None):
    """Run every query as ``env``'s user; one Outcome per query."""
    Indicator = env["safeguarding.indicator"].with_context(active_test=True)
    frameworks = {f.code: f for f in env["safeguarding.framework"].search([])}
    outcomes = []
    for code, query, expected in rows if rows is not None else load_queries():
        framework = frameworks[code]
        ids = Indicator.search_ranked_ids(framework.id, query, limit=FIRST_RESULTS)
        found = tuple(Indicator.browse(ids).mapped("code"))
        texts = Indicator.search([("framework_id", "=", framework.id), ("code", "in", expected)])
        literal = _words(query) <= set().union(*(_words(text) for text in texts.mapped("name")))
        outcomes.append(Outcome(code, query, expected, found, literal))
    return outcomes


def summary(outcomes):
    """{"hits", "total", "literal", "non_literal_hits", "non_literal"}."""
    non_literal = [outcome for outcome in outcomes if not outcome.literal]
    return {
        "hits": sum(outcome.hit for outcome in outcomes),
        "total": len(outcomes),
        "literal": len(outcomes) - len(non_literal),
        "non_literal_hits": sum(outcome.hit for outcome in non_literal),
        "non_literal": len(non_literal),
    }
