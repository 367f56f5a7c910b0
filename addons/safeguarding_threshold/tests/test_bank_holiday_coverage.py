from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..models.safeguarding_bank_holiday import WARNED_YEARS_PARAM

GROUP_PREFIX = "safeguarding_threshold.group_safeguarding_"
LOGGER = "odoo.addons.safeguarding_threshold.models.safeguarding_bank_holiday"


@tagged("post_install", "-at_install")
class TestBankHolidayCoverage(TransactionCase):
    """The shipped England and Wales dates end in 2028; a council must be told in
    time to load the next year's, or deadlines would count bank holidays as working
    days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Holiday = cls.env["safeguarding.bank.holiday"]
        cls.sg_admin = mail_new_test_user(
            cls.env, login="sg_cov_admin", groups=GROUP_PREFIX + "admin"
        )
        cls.manager = mail_new_test_user(
            cls.env, login="sg_cov_manager", groups=GROUP_PREFIX + "manager"
        )
        cls.env["ir.config_parameter"].sudo().set_param(WARNED_YEARS_PARAM, False)

    def _warnings_to(self, user):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", user.partner_id.ids),
                ("subject", "=like", "Bank holidays missing for %"),
            ]
        )

    def test_years_without_holidays(self):
        self.assertEqual(self.Holiday._years_without_holidays({2026, 2027, 2028}), [])
        self.assertEqual(self.Holiday._years_without_holidays({2028, 2029}), [2029])
        self.assertEqual(
            self.Holiday._years_without_holidays({2029}, region="scotland"),
            [2029],
            "the shipped dates are England and Wales only",
        )

    @freeze_time("2028-06-01")
    def test_no_warning_while_the_coming_months_are_covered(self):
        self.Holiday._cron_warn_missing_years()
        self.assertFalse(self._warnings_to(self.sg_admin))
        self.assertFalse(self.env["ir.config_parameter"].sudo().get_param(WARNED_YEARS_PARAM))

    @freeze_time("2028-10-15")
    def test_administrators_are_told_once_a_quarter_ahead(self):
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self.Holiday._cron_warn_missing_years()
        self.assertIn("2029", logs.output[0])
        warning = self._warnings_to(self.sg_admin)
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.subject, "Bank holidays missing for 2029")
        self.assertIn("count bank holidays as working days", warning.body)
        self.assertFalse(self._warnings_to(self.manager), "only administrators load the dates")

        self.Holiday._cron_warn_missing_years()
        self.assertEqual(len(self._warnings_to(self.sg_admin)), 1, "each year is told once")

    @freeze_time("2028-10-15")
    def test_loading_the_year_silences_the_warning(self):
        self.Holiday.create({"name": "New Year's Day", "date": "2029-01-01"})
        self.Holiday._cron_warn_missing_years()
        self.assertFalse(self._warnings_to(self.sg_admin))

    @freeze_time("2029-03-01")
    def test_a_year_already_begun_without_holidays_is_reported(self):
        with self.assertLogs(LOGGER, "WARNING"):
            self.Holiday._cron_warn_missing_years()
        self.assertEqual(self._warnings_to(self.sg_admin).subject, "Bank holidays missing for 2029")

    def test_the_cron_is_scheduled_daily(self):
        cron = self.env.ref("safeguarding_threshold.ir_cron_bank_holiday_coverage")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
