from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tests import TransactionCase, tagged

from .common import load_migration


@tagged("post_install", "-at_install")
class TestUkDefaults(TransactionCase):
    def test_english_uk_is_installed_with_uk_formats(self):
        lang = self.env["res.lang"]._lang_get("en_GB")
        self.assertTrue(lang.active)
        self.assertEqual(
            (lang.date_format, lang.time_format, lang.week_start), ("%d/%m/%Y", "%H:%M:%S", "1")
        )

    def test_a_new_user_works_in_english_uk(self):
        user = self.env["res.users"].create({"name": "New Starter", "login": "new_starter"})
        self.assertEqual((user.lang, user.tz), ("en_GB", "Europe/London"))

    def test_the_crons_count_days_in_uk_time(self):
        self.assertEqual(self.env.ref("base.user_root").tz, "Europe/London")

    def test_demo_users_work_in_english_uk(self):
        demo = self.env.ref("safeguarding_threshold.user_demo_mash", raise_if_not_found=False)
        if not demo:
            self.skipTest("installed without demo data")
        self.assertEqual((demo.lang, demo.tz), ("en_GB", "Europe/London"))

    def test_the_upgrade_step_sets_english_uk_for_new_users(self):
        self.env["ir.default"].discard_values("res.partner", "lang", ["en_GB"])
        load_migration("19.0.1.2.0", "post-migrate").migrate(self.env.cr, "19.0.1.1.0")
        self.assertEqual(self.env["ir.default"]._get("res.partner", "lang"), "en_GB")

    def test_labels_are_in_sentence_case(self):
        """Regression: fields without a label were shown as Odoo makes one from the
        name ("Decision Deadline", "Lead Professional"); UK style is sentence case."""
        acronyms = {"NHS", "UPN", "MASH", "CIN", "TAF", "UK", "GP", "ID", "DfE", "PDF"}
        ours = ("safeguarding_threshold", "safeguarding_escalation")
        title_case = []
        for model_name in self.env.registry:
            if not model_name.startswith("safeguarding."):
                continue
            for name, field in self.env[model_name]._fields.items():
                if name in LOG_ACCESS_COLUMNS or not set(field._modules) & set(ours):
                    continue
                words = (field._description_string(self.env) or "").split()
                if any(word[:1].isupper() and word not in acronyms for word in words[1:]):
                    title_case.append(f"{model_name}.{name}: {field.string}")
        self.assertEqual(title_case, [])
