from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestEscalationInstall(TransactionCase):
    def test_installed_on_top_of_the_threshold_addon(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ["safeguarding_threshold", "safeguarding_escalation"])]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        escalation = modules.filtered(lambda m: m.name == "safeguarding_escalation")
        self.assertEqual(escalation.dependencies_id.mapped("name"), ["safeguarding_threshold"])
        self.assertEqual(escalation.license, "LGPL-3")
