from odoo import api, models

UK_LANGUAGE = "en_GB"
UK_TIMEZONE = "Europe/London"


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _safeguarding_use_english_uk(self):
        """English (UK) installed, and the language and time zone of every user created
        from now on: dates dd/mm/yyyy, 24-hour times, weeks from Monday, UK time.

        The system user (the crons') keeps UK time too, so that "today" for a review or
        a deadline is the UK's day, not Brussels' (Odoo's default for it).
        """
        self._activate_lang(UK_LANGUAGE)
        defaults = self.env["ir.default"].sudo()
        defaults.set("res.partner", "lang", UK_LANGUAGE)
        defaults.set("res.partner", "tz", UK_TIMEZONE)
        self.env.ref("base.partner_root").sudo().tz = UK_TIMEZONE
