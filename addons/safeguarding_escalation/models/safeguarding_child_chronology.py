from odoo import api, fields, models
from odoo.tools import SQL

# the numbers of the disagreements' events in a chronology (see KIND_CODES there)
KIND_CODES = {"disagreement_raised": 16, "disagreement_ended": 17}


class SafeguardingChildChronology(models.Model):
    """A child's chronology with the professional disagreements about the child's
    referrals and cases: raised, then resolved, withdrawn or closed.

    A disagreement's rows are the user's only if they may read the disagreement, and
    the referral or case it is about (the chronology's rule reads ``escalation_id`` with
    the disagreement's own rules: the parties, the participants and their managers).
    """

    _inherit = "safeguarding.child.chronology"

    kind = fields.Selection(
        selection_add=[
            ("disagreement_raised", "Disagreement raised"),
            ("disagreement_ended", "Disagreement resolved, withdrawn or closed"),
        ]
    )
    escalation_id = fields.Many2one("safeguarding.escalation", string="Disagreement", readonly=True)

    _depends = {
        "safeguarding.escalation": [
            "category",
            "closed_by_id",
            "closed_on",
            "company_id",
            "name",
            "raised_by_id",
            "raised_on",
            "referral_id",
            "state",
            "subject_reference",
            "taf_id",
        ],
    }

    @api.model
    def _chronology_kind_codes(self):
        return {**super()._chronology_kind_codes(), **KIND_CODES}

    @api.model
    def _chronology_kind_opens(self):
        opens = {kind: ("safeguarding.escalation", None) for kind in KIND_CODES}
        return {**super()._chronology_kind_opens(), **opens}

    @api.model
    def _chronology_selects(self):
        # each child of the disputed referral or case once, even where a disagreement
        # names both
        about = SQL(
            """FROM (SELECT escalation.id AS escalation_id, rel.child_id
                       FROM safeguarding_escalation escalation
                       JOIN safeguarding_child_referral_rel rel
                         ON rel.referral_id = escalation.referral_id
                     UNION
                     SELECT escalation.id, rel.child_id
                       FROM safeguarding_escalation escalation
                       JOIN safeguarding_child_taf_rel rel ON rel.taf_id = escalation.taf_id
                    ) about
               JOIN safeguarding_escalation escalation ON escalation.id = about.escalation_id"""
        )
        values = {
            "child_id": SQL("about.child_id"),
            "escalation_id": SQL("escalation.id"),
            "referral_id": SQL("escalation.referral_id"),
            "taf_id": SQL("escalation.taf_id"),
            "company_id": SQL("escalation.company_id"),
        }
        ended = {
            "resolved": self.env._("Disagreement %(disagreement)s about %(subject)s resolved"),
            "withdrawn": self.env._("Disagreement %(disagreement)s about %(subject)s withdrawn"),
            "closed": self.env._(
                "Disagreement %(disagreement)s about %(subject)s closed by the partnership's "
                "decision"
            ),
        }
        ended_description = SQL(
            "(CASE escalation.state %s END)",
            SQL(" ").join(
                SQL(
                    "WHEN %s THEN %s",
                    state,
                    self._format(
                        template,
                        disagreement=SQL("escalation.name"),
                        subject=SQL("escalation.subject_reference"),
                    ),
                )
                for state, template in ended.items()
            ),
        )
        return [
            *super()._chronology_selects(),
            self._chronology_select(
                "disagreement_raised",
                SQL("escalation.id"),
                about,
                date=SQL("escalation.raised_on"),
                description=self._format(
                    self.env._(
                        "Disagreement %(disagreement)s raised about %(subject)s: %(category)s"
                    ),
                    disagreement=SQL("escalation.name"),
                    subject=SQL("escalation.subject_reference"),
                    category=self._label(
                        "safeguarding.escalation", "category", SQL("escalation.category")
                    ),
                ),
                recorded_by_id=SQL("escalation.raised_by_id"),
                **values,
            ),
            self._chronology_select(
                "disagreement_ended",
                SQL("escalation.id"),
                SQL(
                    "%s WHERE escalation.state != 'open' AND escalation.closed_on IS NOT NULL",
                    about,
                ),
                date=SQL("escalation.closed_on"),
                description=ended_description,
                recorded_by_id=SQL("escalation.closed_by_id"),
                **values,
            ),
        ]
