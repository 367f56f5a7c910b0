import re

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# a word of a query or of a term: letters and digits (apostrophes dropped, "DNA'd" -> "dnad")
WORD = re.compile(r"[a-z0-9]+")


def words_of(text):
    """The lower-case words of ``text``, in order, American -ize spellings made British
    (radicalized -> radicalised: the documents are British)."""
    words = WORD.findall((text or "").lower().replace("'", "").replace("\u2019", ""))
    return [british(word) for word in words]


def british(word):
    """The British spelling of an American -ize word (radicalized -> radicalised)."""
    return re.sub(r"iz(e|ed|es|ing|ation|ations|er|ers)$", r"is\1", word)


class SafeguardingSearchTerm(models.Model):
    """An everyday word or abbreviation, and how the threshold documents word it.

    The indicator search reads a query's words through this vocabulary: a query
    containing ``name`` also finds indicators containing every word of any one of the
    alternatives of ``meaning`` (separated by ";"), with English stemming. Shared terms
    (no framework) serve every council; a council's own wording has its framework.
    """

    _name = "safeguarding.search.term"
    _description = "Search vocabulary term"
    _order = "name, id"

    name = fields.Char(
        string="Word or abbreviation",
        required=True,
        index=True,
        help="As a practitioner types it, e.g. DV, nits, county lines.",
    )
    meaning = fields.Char(
        required=True,
        help="How the threshold documents word it; alternatives separated by “;”, e.g. "
        "“domestic abuse; domestic violence”.",
    )
    framework_id = fields.Many2one(
        "safeguarding.framework",
        index=True,
        ondelete="cascade",
        help="Only for one council's own wording; leave empty for every framework.",
    )
    source = fields.Char(help="Where the equivalence comes from.")
    active = fields.Boolean(default=True)

    @api.constrains("name", "meaning")
    def _check_words(self):
        for term in self:
            if not words_of(term.name):
                raise ValidationError(
                    self.env._("A search term needs at least one word or abbreviation.")
                )
            if not any(words_of(alternative) for alternative in term.meaning.split(";")):
                raise ValidationError(
                    self.env._(
                        "Give the meaning of “%(term)s” in the documents' words.", term=term.name
                    )
                )

    def _alternatives(self):
        """The meaning's alternatives, each as its list of words."""
        self.ensure_one()
        return [words for words in map(words_of, self.meaning.split(";")) if words]

    @api.model_create_multi
    def create(self, vals_list):
        terms = super().create(vals_list)
        self.env.registry.clear_cache()
        return terms

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    @tools.ormcache("framework_id")
    def _vocabulary(self, framework_id):
        """{tuple of the term's words: (alternatives as word tuples)} for a framework
        (cached: the indicator search reads it for every query)."""
        terms = (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch([("framework_id", "in", [framework_id, False])], ["name", "meaning"])
        )
        vocabulary = {}
        for term in terms:
            key = tuple(words_of(term.name))
            if key:
                vocabulary.setdefault(key, []).extend(map(tuple, term._alternatives()))
        return {key: tuple(alternatives) for key, alternatives in vocabulary.items()}

    @api.model
    @tools.ormcache("framework_id")
    def _vocabulary_by_stems(self, framework_id):
        """The vocabulary keyed by the English stems of its terms' words (cached)."""
        vocabulary = self._vocabulary(framework_id)
        words = sorted({word for key in vocabulary for word in key})
        stem_of = dict(zip(words, self._stems(words), strict=True))
        by_stems = {}
        for key, alternatives in vocabulary.items():
            stems = tuple(stem_of[word] for word in key)
            by_stems[stems] = by_stems.get(stems, ()) + alternatives
        return by_stems

    @api.model
    @tools.ormcache("framework_id")
    def _vocabulary_by_content_stems(self, framework_id):
        """The phrase terms of two or more words besides stop words, keyed by the stems of
        those words alone (cached): "happy at home" under (happi, home), so that "happy
        home" or "happy in his home" finds it too."""
        vocabulary = self._vocabulary(framework_id)
        words = sorted({word for key in vocabulary for word in key})
        lexeme_of = dict(zip(words, self._lexemes(words), strict=True))
        by_content = {}
        for key, alternatives in vocabulary.items():
            content = tuple(lexeme_of[word][0] for word in key if not lexeme_of[word][1])
            if len(content) >= 2:
                by_content[content] = by_content.get(content, ()) + alternatives
        return by_content

    @api.model
    def _stems(self, words):
        """The English stem of each word (a stop word stands for itself), in one query."""
        return [stem for stem, _stop in self._lexemes(words)]

    @api.model
    def _lexemes(self, words):
        """(stem, whether a stop word) for each word, in one query."""
        if not words:
            return []
        self.env.cr.execute(
            SQL(
                "SELECT coalesce((ts_lexize('english_stem', word))[1], word), "
                "(ts_lexize('english_stem', word))[1] IS NULL "
                "FROM unnest(%s::text[]) WITH ORDINALITY AS words(word, position) "
                "ORDER BY position",
                list(words),
            )
        )
        return self.env.cr.fetchall()
