import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import TIER_SELECTION
from .safeguarding_search_term import words_of

# the text search configuration: English stemming, so that word forms do not matter
TS_CONFIG = "english"
# a query that is an indicator's code, or its start ("THU-T2", "NOR-DEV-01")
CODE_QUERY = re.compile(r"^\s*[A-Za-z]{2,4}-[A-Za-z0-9-]*\s*$")
# the last word typed is also matched as the start of a word once it has this many letters
PREFIX_MIN = 3


class SafeguardingIndicator(models.Model):
    """One line of a council's threshold matrix, quoted from the document."""

    _name = "safeguarding.indicator"
    _description = "Threshold indicator"
    _order = "framework_id, sequence, id"
    _rec_names_search = ["code", "name"]

    framework_id = fields.Many2one(
        "safeguarding.framework", required=True, index=True, ondelete="cascade"
    )
    domain_id = fields.Many2one(
        "safeguarding.indicator.domain", required=True, index=True, ondelete="restrict"
    )
    code = fields.Char(required=True, index=True)
    name = fields.Text(string="Indicator", required=True)
    tier = fields.Selection(TIER_SELECTION, required=True, index=True)
    tier_band = fields.Char(
        help="Set when the document grades the line as a band, e.g. Thurrock's "
        "“Tier 3 and 4” indicators (3/4).",
        string="Tier band",
    )
    is_protective = fields.Boolean(
        string="Protective factor", help="A strength (tier 1 line); never raises the tier."
    )
    is_s47_criterion = fields.Boolean(string="Section 47 criterion")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _framework_code_uniq = models.Constraint(
        "UNIQUE(framework_id, code)", "Indicator codes must be unique within a framework."
    )

    @api.depends("code", "name")
    def _compute_display_name(self):
        # the words first: they are what a practitioner reads; the code follows
        for indicator in self:
            indicator.display_name = (
                f"{indicator.name} ({indicator.code})" if indicator.code else indicator.name
            )

    def init(self):
        # the indicator text as stemmed English words, stored and indexed for the search
        self.env.cr.execute(
            SQL(
                """
                ALTER TABLE safeguarding_indicator ADD COLUMN IF NOT EXISTS search_vector tsvector
                    GENERATED ALWAYS AS (to_tsvector(%s, coalesce(name, ''))) STORED;
                CREATE INDEX IF NOT EXISTS safeguarding_indicator_search_vector_index
                    ON safeguarding_indicator USING gin (search_vector);
                """,
                TS_CONFIG,
            )
        )

    # search

    @api.model
    def name_search(self, name="", domain=None, operator="ilike", limit=100):
        """The many2one's suggestions: the ranked text search (see ``_search_ranked``)."""
        if operator != "ilike" or not (name or "").strip():
            return super().name_search(name, domain, operator, limit)
        ranked = self._search_ranked(name, Domain(domain or Domain.TRUE), limit)
        return [(indicator.id, indicator.display_name) for indicator in ranked.sudo()]

    def _search_display_name(self, operator, value):
        # searching "Indicator" in a search view or a domain finds what the picker finds
        if operator != "ilike" or not isinstance(value, str) or not value.strip():
            return super()._search_display_name(operator, value)
        return Domain("id", "in", self._search_ranked(value, Domain.TRUE).ids)

    @api.model
    @api.readonly
    def search_ranked_ids(self, framework_id, query, limit=None):
        """The ids of a framework's indicators that match ``query``, best first."""
        domain = Domain("framework_id", "=", framework_id)
        return self._search_ranked(query, domain, limit).ids

    @api.model
    def _search_ranked(self, query, domain, limit=None):
        """Indicators matching ``query`` within ``domain``, best first.

        The query's words are matched as whole words of the indicator text, stemmed in
        English (bruise finds "bruising", self harm finds "self-harm"); each word or
        phrase of the vocabulary (``safeguarding.search.term``) also finds the documents'
        wording for it (DV finds "domestic abuse"). The last word typed also matches the
        start of a word. A code, or its start, finds its indicators. Ranked by how many
        of the query's words or phrases an indicator matches, the query's words in their
        order first, needs before strengths, then by text-search relevance, higher tiers
        first.
        """
        if CODE_QUERY.match(query or ""):
            by_code = self.search(
                domain & Domain("code", "=ilike", query.strip() + "%"), limit=limit
            )
            if by_code:
                return by_code
        framework_ids = self._framework_ids_of(domain)
        groups = self._query_groups(query, framework_ids)
        if not groups:
            return self.browse()
        allowed = self._search(domain)
        coverage = SQL(" + ").join(
            SQL("(indicator.search_vector @@ %s::tsquery)::int", group) for group in groups
        )
        everything = " | ".join(f"({group})" for group in groups)
        self.env.cr.execute(
            SQL(
                """
                SELECT indicator.id
                  FROM safeguarding_indicator indicator
                 WHERE indicator.search_vector @@ %(everything)s::tsquery
                   AND indicator.id IN %(allowed)s
              ORDER BY %(coverage)s DESC,
                       indicator.search_vector @@ phraseto_tsquery(%(config)s, %(query)s) DESC,
                       indicator.is_protective IS TRUE,
                       ts_rank(indicator.search_vector, %(everything)s::tsquery) DESC,
                       indicator.tier DESC, indicator.sequence, indicator.id
                 %(limit)s
                """,
                everything=everything,
                config=TS_CONFIG,
                query=" ".join(words_of(query)),
                allowed=allowed.subselect(),
                coverage=coverage,
                limit=SQL("LIMIT %s", limit) if limit else SQL(),
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    def _framework_ids_of(self, domain):
        """The frameworks a search is limited to (for their own vocabulary), or all."""
        ids = [
            value
            for condition in domain.iter_conditions()
            if condition.field_expr == "framework_id" and condition.operator in ("=", "in")
            for value in (
                condition.value if isinstance(condition.value, (list, tuple)) else [condition.value]
            )
            if isinstance(value, int)
        ]
        return ids or [False]

    @api.model
    def _query_groups(self, query, framework_ids):
        """The query as tsquery texts, one per word or vocabulary phrase it contains.

        Each group matches the word (stemmed), or, for a vocabulary term, the term or any
        one of its meanings (every word of it); the last word also as a prefix.
        """
        words = words_of(query)
        if not words:
            return []
        Term = self.env["safeguarding.search.term"]
        vocabulary = {}
        for framework_id in framework_ids:
            for key, alternatives in Term._vocabulary(framework_id).items():
                vocabulary.setdefault(key, set()).update(alternatives)
        longest = max(map(len, vocabulary), default=1)
        groups, position = [], 0
        while position < len(words):
            for size in range(min(longest, len(words) - position), 0, -1):
                phrase = tuple(words[position : position + size])
                alternatives = vocabulary.get(phrase) or vocabulary.get(_singular(phrase))
                if alternatives or size == 1:
                    break
            last = position + size == len(words)
            groups.append((phrase, sorted(alternatives or ()), last))
            position += size
        return self._tsqueries(groups)

    def _tsqueries(self, groups):
        """Compile the groups to tsquery texts in one query, leaving out stop words."""
        parts = []
        for phrase, alternatives, last in groups:
            options = [SQL("plainto_tsquery(%s, %s)", TS_CONFIG, " ".join(phrase))]
            options += [
                SQL("plainto_tsquery(%s, %s)", TS_CONFIG, " ".join(words)) for words in alternatives
            ]
            if last and len(phrase) == 1 and len(phrase[0]) >= PREFIX_MIN:
                options.append(SQL("to_tsquery('simple', %s)", phrase[0] + ":*"))
            parts.append(SQL("(%s)::text", SQL(" || ").join(options)))
        self.env.cr.execute(SQL("SELECT %s", SQL(", ").join(parts)))
        return [text for text in self.env.cr.fetchone() if text]


def _singular(phrase):
    """The phrase with a plural last word made singular (nits -> nit), a lookup aid."""
    last = phrase[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        return (*phrase[:-1], last[:-1])
    return phrase

    @api.constrains("domain_id", "framework_id")
    def _check_domain_framework(self):
        for indicator in self:
            if indicator.domain_id.framework_id != indicator.framework_id:
                raise ValidationError(
                    self.env._("An indicator's domain must belong to the same framework.")
                )
