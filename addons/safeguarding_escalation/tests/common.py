from odoo.fields import Command
from odoo.tests import Form

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.safeguarding_threshold.tests.common import GROUP_PREFIX, SafeguardingCase

PRACTITIONER = GROUP_PREFIX + "practitioner"
MANAGER = GROUP_PREFIX + "manager"
FINISH_BUTTONS = {
    "resolve": "action_resolve",
    "withdraw": "action_withdraw",
    "close": "action_close_partnership",
}


class EscalationCase(SafeguardingCase):
    """Reporting lines and decided referrals on top of the threshold scenario.

    - ``practitioner`` (school) -> ``school_flm`` -> ``school_senior``;
    - ``mash_user`` -> ``mash_flm`` -> ``mash_senior``;
    - ``other_practitioner`` -> ``other_flm`` -> ``other_senior``;
    - ``partnership_user`` acts for the partnership in every policy.

    ``referral_p`` (made by ``practitioner``) is decided by ``mash_user`` under
    Thurrock; ``referral_b`` (made by ``other_practitioner``) is decided by
    ``mash_user`` under Tower Hamlets. States are written as superuser.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_user = mail_new_test_user
        cls.school_senior = new_user(cls.env, login="esc_school_senior", groups=PRACTITIONER)
        cls.school_flm = new_user(cls.env, login="esc_school_flm", groups=PRACTITIONER)
        cls.mash_senior = new_user(cls.env, login="esc_mash_senior", groups=MANAGER)
        cls.mash_flm = new_user(cls.env, login="esc_mash_flm", groups=MANAGER)
        cls.other_senior = new_user(cls.env, login="esc_other_senior", groups=PRACTITIONER)
        cls.other_flm = new_user(cls.env, login="esc_other_flm", groups=PRACTITIONER)
        cls.partnership_user = new_user(cls.env, login="esc_partnership", groups=PRACTITIONER)
        cls.school_flm.safeguarding_manager_id = cls.school_senior
        cls.practitioner.safeguarding_manager_id = cls.school_flm
        cls.mash_flm.safeguarding_manager_id = cls.mash_senior
        cls.mash_user.safeguarding_manager_id = cls.mash_flm
        cls.other_flm.safeguarding_manager_id = cls.other_senior
        cls.other_practitioner.safeguarding_manager_id = cls.other_flm

        cls.thurrock = cls.env.ref("safeguarding_threshold.framework_thurrock")
        cls.tower_hamlets = cls.env.ref("safeguarding_threshold.framework_tower_hamlets")
        cls.policy_thurrock = cls.env.ref("safeguarding_escalation.policy_thurrock")
        cls.policy_tower_hamlets = cls.env.ref("safeguarding_escalation.policy_tower_hamlets")
        (cls.policy_thurrock | cls.policy_tower_hamlets).partnership_user_ids = [
            Command.set(cls.partnership_user.ids)
        ]
        decided = {
            "state": "decided",
            "decided_tier": "2",
            "decision_outcome": "early_help",
            "decided_by_id": cls.mash_user.id,
            "decided_on": "2026-03-02 10:00:00",
        }
        cls.referral_p.write(dict(decided, framework_id=cls.thurrock.id))
        cls.referral_b.write(dict(decided, framework_id=cls.tower_hamlets.id))
        cls.agency_school = cls.env["safeguarding.agency"].create({"name": "Grays Primary School"})
        cls.agency_csc = cls.env["safeguarding.agency"].create(
            {"name": "Children's Social Care (MASH)"}
        )

    def raise_escalation(self, user, referral, other_user=None, **vals):
        values = {
            "referral_id": referral.id,
            "category": "referral_decision",
            "disputed": "The MASH decided tier 2; the school sees tier 3 needs.",
            "desired_outcome": "A multi-agency early help assessment at tier 3.",
            "other_user_id": (other_user or self.mash_user).id,
            "raised_by_agency_id": self.agency_school.id,
            "other_agency_id": self.agency_csc.id,
        }
        values.update(vals)
        return self.env["safeguarding.escalation"].with_user(user).create(values)

    def record_discussion(self, user, escalation, **vals):
        values = {
            "escalation_id": escalation.id,
            "attendee_ids": [Command.set(user.ids)],
            "other_attendees": "Dr Ada Reed, GP",
            "summary": "We went through the attendance figures and the indicators.",
            "outcome": "Not resolved.",
        }
        values.update(vals)
        return self.env["safeguarding.escalation.discussion"].with_user(user).create(values)

    def stage_activities(self, escalation, xmlid=None):
        domain = [("res_model", "=", "safeguarding.escalation"), ("res_id", "in", escalation.ids)]
        if xmlid:
            domain.append(("activity_type_id", "=", self.env.ref(xmlid).id))
        return self.env["mail.activity"].search(domain)

    def finish(self, user, escalation, move, **values):
        """Resolve, withdraw or close as ``user`` does on the screen: the form's button,
        then its dialog filled in with ``values`` and confirmed."""
        action = getattr(escalation.with_user(user), FINISH_BUTTONS[move])()
        env = self.env(user=user, context=dict(self.env.context, **action["context"]))
        with Form(env[action["res_model"]]) as dialog:
            for name, value in values.items():
                setattr(dialog, name, value)
        return dialog.record.action_confirm()
