import re
from collections import defaultdict

from odoo import models

from ..tools import TIER_SELECTION

# Norfolk grades one line of its matrix at each tier: NOR-DEV-01-T1 .. NOR-DEV-01-T4
GRADED_CODE = re.compile(r"^(?P<row>.+)-T(?P<tier>[1-9])$")
BAND_SEPARATORS = re.compile(r"[/,&-]")

INDICATOR_FIELDS = [
    "domain_id",
    "code",
    "name",
    "tier",
    "tier_band",
    "is_protective",
    "is_s47_criterion",
]


class SafeguardingFramework(models.Model):
    _inherit = "safeguarding.framework"

    def _indicator_matrix_structure(self):
        """The framework's threshold matrix as the paper document lays it out, whatever
        record it is used on: its tiers (or levels) across, its domains down the side
        (nested as the document nests them), and in each row a cell per tier with the
        indicators of that row at that tier.

        A row is a leaf domain, except where the document grades one line at each tier
        (codes ending in -T1 .. -T4, e.g. Norfolk): that line is a row of its own. A
        band of tiers (``tier_band`` "3/4", Thurrock's Appendix C) is one cell spanning
        those tiers; when a row also has indicators of its own at one of them, the
        band is a row of its own beneath it.

        Four queries (the framework, its tiers, domains and indicators), whatever the
        size of the catalogue::

            {"framework": {id, name, document_title, vocabulary, vocabulary_label},
             "columns": [{tier, label ("Tier 1"), name, definition}],
             "bands": [{key ("3/4"), tiers, label ("Tier 3 and 4")}],
             "domains": [{id, code, name, complete_name, depth, children,
                          "rows": [{key, label, graded,
                                    "cells": [{key, tiers, span, band_label,
                                               "indicators": [{id, code, name, tier,
                                                  tier_band, is_protective,
                                                  is_s47_criterion}]}]}]}],
             "indicator_count": int}
        """
        self.ensure_one()
        tiers = self.env["safeguarding.framework.tier"].search_read(
            [("framework_id", "=", self.id)], ["tier", "name", "definition"], order="tier"
        )
        domains = self.env["safeguarding.indicator.domain"].search_read(
            [("framework_id", "=", self.id)],
            ["parent_id", "code", "name", "complete_name"],
            order="sequence, id",
            load=None,
        )
        indicators = self.env["safeguarding.indicator"].search_read(
            [("framework_id", "=", self.id)],
            INDICATOR_FIELDS,
            order="sequence, id",
            load=None,
        )
        columns = self._indicator_matrix_columns(tiers, indicators)
        column_keys = [column["tier"] for column in columns]
        bands, rows_by_domain = self._indicator_matrix_rows(indicators, column_keys)
        grid = _Grid(column_keys, bands, rows_by_domain)
        return {
            "framework": {
                "id": self.id,
                "name": self.name,
                "document_title": self.document_title or "",
                "vocabulary": self.vocabulary,
                "vocabulary_label": self._tier_word(),
            },
            "columns": columns,
            "bands": list(bands.values()),
            "domains": grid.tree(domains),
            "indicator_count": len(indicators),
        }

    def _indicator_matrix_columns(self, tiers, indicators):
        """A column per tier the framework names or grades an indicator at."""
        named = {tier["tier"]: tier for tier in tiers}
        used = {indicator["tier"] for indicator in indicators}
        return [
            {
                "tier": key,
                "label": self._tier_label(key),
                "name": named.get(key, {}).get("name") or "",
                "definition": named.get(key, {}).get("definition") or "",
            }
            for key, _label in TIER_SELECTION
            if key in named or key in used
        ]

    def _indicator_matrix_rows(self, indicators, column_keys):
        """``(bands by key, {domain id: {row key: row}})``: each indicator in its row,
        by tier or, for a band, by band."""
        bands = {}
        rows_by_domain = defaultdict(dict)
        for indicator in indicators:
            graded = GRADED_CODE.match(indicator["code"] or "")
            row_key = graded["row"] if graded else f"domain-{indicator['domain_id']}"
            row = rows_by_domain[indicator["domain_id"]].setdefault(
                row_key,
                {
                    "key": row_key,
                    "label": graded["row"] if graded else "",
                    "graded": bool(graded),
                    "by_tier": defaultdict(list),
                    "by_band": defaultdict(list),
                },
            )
            item = {
                "id": indicator["id"],
                "code": indicator["code"],
                "name": indicator["name"],
                "tier": indicator["tier"],
                "tier_band": indicator["tier_band"] or "",
                "is_protective": indicator["is_protective"],
                "is_s47_criterion": indicator["is_s47_criterion"],
            }
            band = self._indicator_matrix_band(indicator["tier_band"], column_keys)
            if band:
                bands.setdefault(band["key"], band)
                row["by_band"][band["key"]].append(item)
            else:
                row["by_tier"][indicator["tier"]].append(item)
        return bands, rows_by_domain

    def _indicator_matrix_band(self, tier_band, column_keys):
        """The band of tiers ``tier_band`` names ("3/4": tiers 3 and 4), or None."""
        spanned = [
            key
            for key in BAND_SEPARATORS.split((tier_band or "").replace(" ", ""))
            if key in column_keys
        ]
        if len(spanned) < 2:
            return None
        return {
            "key": "/".join(spanned),
            "tiers": spanned,
            "label": self.env._(
                "%(word)s %(first)s and %(last)s",
                word=self._tier_word(),
                first=", ".join(spanned[:-1]),
                last=spanned[-1],
            ),
        }


class _Grid:
    """The domain tree of a matrix, with each domain's rows cut into cells."""

    def __init__(self, column_keys, bands, rows_by_domain):
        self.column_keys = column_keys
        self.bands = bands
        self.rows_by_domain = rows_by_domain

    def tree(self, domains):
        children = defaultdict(list)
        for domain in domains:
            children[domain["parent_id"] or None].append(domain)
        return self._nodes(children, None, 0, frozenset())

    def _nodes(self, children, parent_id, depth, seen):
        nodes = []
        for domain in children.get(parent_id, []):
            if domain["id"] in seen:
                continue
            node = {
                "id": domain["id"],
                "code": domain["code"] or "",
                "name": domain["name"],
                "complete_name": domain["complete_name"] or domain["name"],
                "depth": depth,
                "rows": self._rows(domain["id"]),
                "children": self._nodes(children, domain["id"], depth + 1, seen | {domain["id"]}),
            }
            # a heading with no indicators under it has nothing to tick
            if node["rows"] or node["children"]:
                nodes.append(node)
        return nodes

    def _rows(self, domain_id):
        rows = []
        for row in self.rows_by_domain.get(domain_id, {}).values():
            by_tier, pending = dict(row["by_tier"]), dict(row["by_band"])
            # a band spans the row's cells at its tiers when the row has nothing else
            # there (as the document's column does, empty or not); its own band first
            shared = next(
                (
                    key
                    for key in [*pending, *self.bands]
                    if not any(by_tier.get(tier) for tier in self.bands[key]["tiers"])
                ),
                None,
            )
            base = {"key": row["key"], "label": row["label"], "graded": row["graded"]}
            if by_tier or shared:
                band = self.bands.get(shared)
                rows.append(dict(base, cells=self._cells(by_tier, band, pending.pop(shared, []))))
            for key, items in pending.items():
                rows.append(
                    dict(
                        base,
                        key=f"{row['key']}:{key}",
                        cells=self._cells({}, self.bands[key], items),
                    )
                )
        return rows

    def _cells(self, by_tier, band=None, band_items=()):
        cells = []
        spanned = band["tiers"] if band else ()
        for key in self.column_keys:
            if key in spanned:
                if key == spanned[0]:
                    cells.append(
                        {
                            "key": band["key"],
                            "tiers": band["tiers"],
                            "span": len(band["tiers"]),
                            "band_label": band["label"],
                            "indicators": list(band_items),
                        }
                    )
                continue
            cells.append(
                {
                    "key": key,
                    "tiers": [key],
                    "span": 1,
                    "band_label": "",
                    "indicators": by_tier.get(key, []),
                }
            )
        return cells
