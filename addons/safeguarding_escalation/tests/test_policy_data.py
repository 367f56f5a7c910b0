from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPolicyData(TransactionCase):
    def policy(self, council):
        framework = self.env.ref(f"safeguarding_threshold.framework_{council}")
        return self.env["safeguarding.escalation.policy"].search(
            [("framework_id", "=", framework.id)]
        )

    def test_thurrock_four_stages_quoted(self):
        policy = self.policy("thurrock")
        self.assertEqual(len(policy), 1)
        self.assertFalse(policy.is_local_default)
        stages = policy.stage_ids.sorted()
        self.assertEqual(
            stages.mapped("name"),
            [
                "Direct Professional to Professional Discussion",
                "Direct First Line Manager to First Line Manager Discussion",
                "Senior Manager to Senior Manager Discussion",
                "Progress to a discussion with the Multi-agency Safeguarding Partnership",
            ],
        )
        self.assertEqual(stages.mapped("number"), [1, 2, 3, 4])
        self.assertEqual(stages.mapped("is_final"), [False, False, False, True])
        self.assertIn("If this fails to resolve the disagreement", stages[0].who_speaks_to_whom)
        self.assertTrue(stages[0].involve_professionals)
        self.assertTrue(stages[1].involve_first_line_managers)
        self.assertTrue(stages[2].involve_senior_managers)
        self.assertTrue(stages[3].involve_partnership)
        self.assertEqual(policy.partnership_name, "Multi-agency Safeguarding Partnership")

    def test_tower_hamlets_appendix_d(self):
        policy = self.policy("tower_hamlets")
        self.assertFalse(policy.is_local_default)
        stages = policy.stage_ids.sorted()
        self.assertEqual(
            stages.mapped("name"),
            [
                "Issues & Disagreement Arise - Refer to your agency escalation policy",
                "Discuss unsatisfactory outcome with line manager/DSL",
                "Refer to LSCB Professional Differences/Escalation Policy",
            ],
        )
        self.assertIn("Discuss with line manager/DSL", stages[0].who_speaks_to_whom)
        self.assertIn(
            "Aim to resolve through senior manager to senior manager contact",
            stages[1].who_speaks_to_whom,
        )
        self.assertIn("Alert the LSCB Independent Chair", stages[2].who_speaks_to_whom)
        self.assertTrue(stages[2].is_final)
        self.assertEqual(policy.partnership_name, "LSCB Independent Chair")

    def test_local_default_where_the_document_gives_none(self):
        for council in ("norfolk", "dudley", "doncaster"):
            with self.subTest(council=council):
                policy = self.policy(council)
                self.assertTrue(policy.is_local_default)
                self.assertIn("local default", policy.note)
                self.assertEqual(len(policy.stage_ids), 4)
                self.assertTrue(policy.stage_ids.sorted()[-1].is_final)

    def test_no_seed_gives_stage_deadlines(self):
        stages = self.env["safeguarding.escalation.stage"].search([])
        for stage in stages.filtered(
            lambda s: (
                s.policy_id.framework_id.code
                in ("thurrock", "norfolk", "tower_hamlets", "dudley", "doncaster")
            )
        ):
            self.assertTrue(stage.deadline_is_local_setting)
            self.assertEqual(stage.response_working_days, 5)
            self.assertEqual(stage.activity_type_id.res_model, "safeguarding.escalation")
