import os
import re

from odoo import api, fields, models
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
# a word or phrase of the query found only in an indicator's domain heading ("Housing",
# "Family and social relationships") counts for this share of one found in its own text
HEADING_WEIGHT = 0.5


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
    # searched with the indicator's words, with less weight ("housing", "education")
    domain_name = fields.Char(related="domain_id.complete_name", store=True, string="Domain name")
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
        # the indicator text as stemmed English words, stored and indexed for the search;
        # a slash separates words ("parent/carer"), not a file path as the parser reads it
        cr = self.env.cr
        expression = (
            "setweight(to_tsvector('english', translate(coalesce(name, ''), '/', ' ')), 'A') || "
            "setweight(to_tsvector('english', translate(coalesce(domain_name, ''), '/', ' ')), 'D')"
        )
        cr.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'safeguarding_indicator' AND column_name = 'search_vector'"
        )
        row = cr.fetchone()
        if row and "domain_name" not in (row[0] or ""):
            cr.execute("ALTER TABLE safeguarding_indicator DROP COLUMN search_vector")
            row = None
        if not row:
            cr.execute(
                SQL(
                    "ALTER TABLE safeguarding_indicator ADD COLUMN search_vector tsvector "
                    "GENERATED ALWAYS AS (%s) STORED",
                    SQL(expression),
                )
            )
        cr.execute(
            "CREATE INDEX IF NOT EXISTS safeguarding_indicator_search_vector_index "
            "ON safeguarding_indicator USING gin (search_vector)"
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
        English (bruise finds "bruising", self harm finds "self-harm", American -ize
        finds British -ise); each word or phrase of the vocabulary
        (``safeguarding.search.term``) also finds the documents' wording for it (DV finds
        "domestic abuse"). The last word typed also matches the start of a word. A code,
        or its start, finds its indicators.

        Ranked by the words and phrases of the query an indicator matches, each weighed
        by how rare it is among the indicators searched (so that "drinks" counts for
        more than "mum"), and by ``HEADING_WEIGHT`` when the indicator has it only in its
        domain heading, not in its own words; then the query's words in their order,
        needs before strengths, text-search relevance, and higher tiers first.
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
        names = [SQL.identifier(f"g{index}") for index in range(len(groups))]
        declared = SQL(", ").join(
            SQL("%s::tsquery AS %s", group, name) for group, name in zip(groups, names, strict=True)
        )
        frequencies = SQL(", ").join(
            SQL("count(*) FILTER (WHERE pool.search_vector @@ q.%s) AS %s", name, name)
            for name in names
        )
        weight = SQL(" + ").join(
            SQL(
                "CASE WHEN pool.text_vector @@ q.%s THEN 1 WHEN pool.search_vector @@ q.%s "
                "THEN %s ELSE 0 END * ln((df.total + 1.0) / (df.%s + 1))",
                name,
                name,
                HEADING_WEIGHT,
                name,
            )
            for name in names
        )
        everything = SQL(" || ").join(SQL("q.%s", name) for name in names)
        self.env.cr.execute(
            SQL(
                """
                WITH q AS (SELECT %(declared)s),
                  pool AS (
                    SELECT indicator.id, indicator.search_vector,
                           ts_filter(indicator.search_vector, '{a}') AS text_vector,
                           indicator.is_protective, indicator.tier, indicator.sequence
                      FROM safeguarding_indicator indicator
                     WHERE indicator.id IN %(allowed)s
                  ),
                  df AS MATERIALIZED (SELECT count(*) AS total, %(frequencies)s FROM pool, q)
                SELECT pool.id
                  FROM pool, q, df
                 WHERE pool.search_vector @@ (%(everything)s)
              ORDER BY round((%(weight)s)::numeric, 6) DESC,
                       pool.search_vector @@ phraseto_tsquery(%(config)s, %(query)s) DESC,
                       pool.is_protective IS TRUE,
                       ts_rank(pool.search_vector, %(everything)s) DESC,
                       pool.tier DESC, pool.sequence, pool.id
                 %(limit)s
                """,
                declared=declared,
                allowed=allowed.subselect(),
                frequencies=frequencies,
                everything=everything,
                weight=weight,
                config=TS_CONFIG,
                query=" ".join(words_of(query)),
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

        Words are compared with the vocabulary by their English stems (nits, nit;
        bruises, bruising). Each group matches the word (stemmed), or, for a vocabulary
        term, the term or any one of its meanings (every word of it); the last word also
        as a prefix. A phrase the vocabulary does not hold as typed is also looked up by
        its words other than stop words ("happy home" finds the term "happy at home").
        """
        words = words_of(query)
        if not words:
            return []
        Term = self.env["safeguarding.search.term"]
        vocabulary, by_content = {}, {}
        for framework_id in framework_ids:
            for key, alternatives in Term._vocabulary_by_stems(framework_id).items():
                vocabulary.setdefault(key, set()).update(alternatives)
            for key, alternatives in Term._vocabulary_by_content_stems(framework_id).items():
                by_content.setdefault(key, set()).update(alternatives)
        lexemes = Term._lexemes(words)
        stems = [stem for stem, _stop in lexemes]
        longest = max(map(len, vocabulary), default=1)
        groups, position = [], 0
        while position < len(words):
            for size in range(min(longest, len(words) - position), 0, -1):
                window = lexemes[position : position + size]
                alternatives = vocabulary.get(tuple(stems[position : position + size]))
                if not alternatives and size > 1 and not window[0][1] and not window[-1][1]:
                    # the same phrase with other stop words ("happy home", "happy at home")
                    alternatives = by_content.get(tuple(stem for stem, stop in window if not stop))
                if alternatives or size == 1:
                    break
            if not alternatives and not lexemes[position][1]:
                alternatives = _kindred(stems[position], vocabulary)
            phrase = tuple(words[position : position + size])
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


# a word's stem and a vocabulary term's are kin when they share this many first letters
# and the shorter is at most one letter longer than what they share (truant, truancy)
KIN_PREFIX = 5


def _kindred(stem, vocabulary):
    """The alternatives of the one-word vocabulary terms whose stem is kin to ``stem``
    (another form of the word that the stemmer does not bring together), if any."""
    if len(stem) < KIN_PREFIX:
        return ()
    found = set()
    for key, alternatives in vocabulary.items():
        if len(key) != 1:
            continue
        other = key[0]
        shared = len(os.path.commonprefix([stem, other]))
        if shared >= KIN_PREFIX and min(len(stem), len(other)) - shared <= 1:
            found.update(alternatives)
    return found
