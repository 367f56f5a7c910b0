from odoo import api, models

UK_LANGUAGE = "en_GB"


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _safeguarding_use_english_uk(self):
        """English (UK) installed, and the language of every user created from now on:
        dates dd/mm/yyyy, 24-hour times, weeks from Monday."""
        self._activate_lang(UK_LANGUAGE)
        self.env["ir.default"].sudo().set("res.partner", "lang", UK_LANGUAGE)
