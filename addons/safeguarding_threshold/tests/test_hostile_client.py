"""A hostile client: every role, over JSON-RPC to the real server, against every safeguarding model.

The web client only offers what the screens allow; any other client can send any ``create``
or ``write``. The suite finds the safeguarding models and their fields from the registry
(``hostile.discover``) and, as each role, tries to

- re-parent a line, or create one under a record the user cannot read, or pull a hidden line
  into their own record through a one2many;
- point a reference (a many2one or many2many to a safeguarding record) at a record the user
  cannot read, and then sees whether they can read it;
- write a field that a transition owns: ``state``, fields read-only in their definition
  (stamps, dates, stored computed values) or in every form showing them (``readonly="1"``,
  or ``readonly="id"``, set at creation only), and ``hostile.ALSO_OWNED``;
- read the chatter (followers, activities, messages, notifications) of safeguarding records
  as an ordinary internal user, and find children's names in subjects and summaries;
- repeat attacks with the context keys the addons read, and with ``default_*`` keys.

An error answer counts as refused; an answer whose change is not found in the database
afterwards counts as refused with "no effect". Each attempt is rolled back afterwards,
so attempts do not build on one another. Each test logs its table (tried, refused and why,
accepted, no target) and fails, in one assertion, on every accepted attempt. To see the
tables of a passing run under pytest: ``-o log_cli=true --log-cli-level=INFO``.
"""

import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import HOST
from odoo.tools import mute_logger
from odoo.tools.json import json_default

from odoo.addons.mail.tests.common import mail_new_test_user

from . import hostile
from .common import GROUP_PREFIX, PARENT_CONSENT, SafeguardingCase

_logger = logging.getLogger(__name__)
# the tables are the point of a passing run: keep them where the runner leaves the root
# logger at WARNING (pytest shows them with -o log_cli=true --log-cli-level=INFO)
_logger.setLevel(logging.INFO)

ROLES = ("practitioner", "hub", "mash", "manager", "internal")
# the newest records of each model are the scenario's; older ones are demo data
POOL = 200
# an attack refused by an unrelated constraint of one sample is tried on the next one
SAMPLES_TRIED = 3
# refused attacks of a kind and model tried without context before one is replayed with it
REPLAY_CANDIDATES = 30
CHATTER = {
    "mail.followers": ("res_model", ["res_model", "res_id", "partner_id"]),
    "mail.activity": ("res_model", ["res_model", "res_id", "summary", "user_id"]),
    "mail.message": ("model", ["model", "res_id", "subject", "record_name"]),
    "mail.notification": ("mail_message_id.model", ["mail_message_id", "res_partner_id"]),
}
NOISY_LOGGERS = ("odoo.http", "odoo.sql_db")


@dataclass
class Attack:
    """One attempt: the same request on up to ``SAMPLES_TRIED`` samples (``variants``).

    A variant is ``(method, args, check, note)``; ``check(result)`` reads the database as
    superuser after an accepted request and returns what changed (falsy: nothing did).
    """

    kind: str
    role: str
    model: str
    field: str
    what: str
    variants: list
    leak: tuple = None
    # the refusal when the request is answered but nothing changed
    nothing: str = "no effect"

    def describe(self, login):
        return f"{self.model}.{self.field} as {self.role} ({login}): {self.what}"


@tagged("post_install", "-at_install", "hostile_client")
class TestHostileClient(SafeguardingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = mail_new_test_user(
            cls.env, login="hc_outsider", groups=GROUP_PREFIX + "practitioner"
        )
        cls.users = {
            "practitioner": cls.practitioner,
            "hub": cls.hub_user,
            "mash": cls.mash_user,
            "manager": cls.manager,
            "internal": cls.internal_user,
        }
        cls._add_casework()
        cls._add_other_council()
        if "safeguarding.escalation" in cls.env:
            cls._add_escalations()
        cls._add_chatter()
        cls.surfaces = hostile.discover(cls.env)

    # ------------------------------------------------------------------ scenario

    @classmethod
    def _add_casework(cls):
        """Team, plan, reviews, indicators, sharing and decided referrals for both families."""
        today = fields.Date.today()
        cls.env["safeguarding.taf.member"].create(
            {"taf_id": cls.case_a.id, "user_id": cls.practitioner.id, "role": "Lead professional"}
        )
        contact_a = cls.case_a.member_ids.filtered("contact_name")
        cls.env["safeguarding.taf.action"].create(
            [
                {
                    "taf_id": cls.case_a.id,
                    "name": "Call Amelia's school about her attendance",
                    "need": "Amelia Ashdown arrives hungry",
                    "owner_user_id": cls.practitioner.id,
                    "due_date": today + timedelta(days=14),
                },
                {
                    "taf_id": cls.case_a.id,
                    "name": "Home visit",
                    "owner_member_id": contact_a.id,
                    "due_date": today + timedelta(days=7),
                },
                {
                    "taf_id": cls.case_b.id,
                    "name": "Meet the class teacher",
                    "owner_member_id": cls.case_b.member_ids.id,
                    "due_date": today + timedelta(days=7),
                },
            ]
        )
        cls.env["safeguarding.taf.review"].create(
            [
                {"taf_id": case.id, "date": today + timedelta(days=30)}
                for case in (cls.case_a, cls.case_b)
            ]
        )
        indicators = cls.env["safeguarding.indicator"].search(
            [("framework_id", "=", cls.referral_p.framework_id.id)], limit=2
        )
        cls.referral_p.indicator_line_ids = [
            Command.create({"indicator_id": indicators[0].id, "evidence": "Hungry"})
        ]
        cls.referral_b.indicator_line_ids = [
            Command.create({"indicator_id": indicators[1].id, "evidence": "Frightened"})
        ]
        cls._add_decided_referrals()
        share = {
            "decision": "withhold",
            "information": "School attendance record",
            "recipient": "Housing officer",
            "purpose": "Not necessary for the housing application.",
        }
        cls.env["safeguarding.information.share"].create(
            [
                {**share, "referral_id": cls.referral_p.id, "decided_by_id": cls.practitioner.id},
                {**share, "taf_id": cls.case_a.id, "decided_by_id": cls.practitioner.id},
                {
                    **share,
                    "referral_id": cls.referral_b.id,
                    "decided_by_id": cls.other_practitioner.id,
                },
            ]
        )

    @classmethod
    def decided_values(cls):
        return {
            **PARENT_CONSENT,
            "state": "decided",
            "decided_tier": "2",
            "decision_outcome": "early_help",
            "decided_by_id": cls.mash_user.id,
            "decided_on": "2026-03-02 10:00:00",
        }

    @classmethod
    def _add_decided_referrals(cls):
        decided = cls.decided_values()
        Referral = cls.env["safeguarding.referral"]
        cls.referral_pd = Referral.create(
            {
                **decided,
                "referrer_user_id": cls.practitioner.id,
                "referrer_name": "Practitioner",
                "child_ids": [Command.set(cls.child_a2.ids)],
                "family_id": cls.family_a.id,
                "concerns": "<p>Arlo has bruises on his arms.</p>",
            }
        )
        cls.referral_bd = Referral.create(
            {
                **decided,
                "referrer_user_id": cls.other_practitioner.id,
                "referrer_name": "Other practitioner",
                "child_ids": [Command.set(cls.child_b.ids)],
                "family_id": cls.family_b.id,
                "concerns": "<p>Bella is often left alone.</p>",
            }
        )
        cls.referral_s = Referral.create(
            {
                **PARENT_CONSENT,
                "state": "screening",
                "referrer_user_id": cls.outsider.id,
                "referrer_name": "Outsider",
                "child_ids": [Command.set(cls.child_b.ids)],
                "family_id": cls.family_b.id,
                "concerns": "<p>Bella missed a week of school.</p>",
            }
        )

    @classmethod
    def _add_other_council(cls):
        """A second company's household: what the hub and the MASH must not see."""
        env = cls.env
        company = env["res.company"].create(
            {
                "name": "Neighbouring council",
                "safeguarding_framework_id": cls.referral_p.framework_id.id,
            }
        )
        cls.company_2 = company
        in_company = {"company_id": company.id}
        child = env["safeguarding.child"].create(
            {"first_name": "Cara", "last_name": "Coldwell", "birthdate": "2015-05-05", **in_company}
        )
        adult = env["safeguarding.adult"].create({"name": "Cam Coldwell", **in_company})
        agency = env["safeguarding.agency"].create({"name": "Neighbouring school", **in_company})
        family = env["safeguarding.family"].create(
            {
                "name": "Coldwell household",
                **in_company,
                "member_ids": [
                    Command.create({"role": "child", "child_id": child.id}),
                    Command.create({"role": "parent", "adult_id": adult.id}),
                ],
            }
        )
        env["safeguarding.referral"].create(
            {
                **cls.decided_values(),
                **in_company,
                "referrer_user_id": cls.outsider.id,
                "referrer_name": "Neighbour",
                "child_ids": [Command.set(child.ids)],
                "family_id": family.id,
                "concerns": "<p>Cara is not collected from school.</p>",
            }
        )
        case = env["safeguarding.taf"].create(
            {
                **in_company,
                "family_id": family.id,
                "child_ids": [Command.set(child.ids)],
                "member_ids": [
                    Command.create(
                        {"contact_name": "Cy Cole", "role": "Nurse", "agency_id": agency.id}
                    )
                ],
            }
        )
        env["safeguarding.taf.action"].create(
            {
                "taf_id": case.id,
                "name": "Check in with the nurse",
                "owner_member_id": case.member_ids.id,
                "due_date": fields.Date.today() + timedelta(days=7),
            }
        )
        env["safeguarding.taf.review"].create(
            {"taf_id": case.id, "date": fields.Date.today() + timedelta(days=30)}
        )

    @classmethod
    def _add_escalations(cls):
        """One disagreement the practitioner and the MASH are parties to, one of nobody's."""
        values = {
            "category": "referral_decision",
            "disputed": "The MASH decided tier 2; the school sees tier 3 needs.",
            "desired_outcome": "A multi-agency early help assessment at tier 3.",
        }
        Escalation = cls.env["safeguarding.escalation"]
        escalations = Escalation.create(
            [
                {
                    **values,
                    "referral_id": cls.referral_pd.id,
                    "raised_by_id": cls.practitioner.id,
                    "other_user_id": cls.mash_user.id,
                },
                {
                    **values,
                    "referral_id": cls.referral_bd.id,
                    "raised_by_id": cls.other_practitioner.id,
                    "other_user_id": cls.outsider.id,
                },
            ]
        )
        cls.env["safeguarding.escalation.discussion"].create(
            [
                {"escalation_id": escalation.id, "summary": "We talked.", "outcome": "Not agreed."}
                for escalation in escalations
            ]
        )

    @classmethod
    def _add_chatter(cls):
        cls.case_a.message_post(
            body="Amelia Ashdown missed school again.",
            partner_ids=cls.practitioner.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    # ------------------------------------------------------------------ harness

    def setUp(self):
        super().setUp()
        self.tally = hostile.Tally()
        self._sessions = {}
        self._cache = {}
        for role in ROLES:
            self._use_session(role)

    def _use_session(self, role):
        if role not in self._sessions:
            login = self.users[role].login
            self.authenticate(login, login)
            self._sessions[role] = self.session.sid
            # keep the session: the next authenticate deletes the current one
            self.session = None
        self.opener.cookies.clear()
        self.opener.cookies.set("session_id", self._sessions[role], domain=HOST)

    def rpc(self, role, model, method, args, context=None):
        """Call ``model.method(*args)`` as ``role``: (True, result) or (False, error, message)."""
        self._use_session(role)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {"context": context or {}},
            },
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload, default=json_default),
            headers={"Content-Type": "application/json"},
        )
        if response.status_code != 200:
            return False, f"HTTP {response.status_code}", response.text[:200]
        answer = response.json()
        if "error" in answer:
            data = answer["error"].get("data") or {}
            name = (data.get("name") or "error").rsplit(".", 1)[-1]
            return False, name, data.get("message") or answer["error"].get("message")
        return True, answer.get("result"), ""

    def can_read(self, role, model, record_id):
        """Whether ``role`` finds the record through search_read (archived ones included)."""
        answer = self.rpc(
            role, model, "search_read", [[("id", "=", record_id)], ["id"]], {"active_test": False}
        )
        return answer[0] and bool(answer[1])

    def run_attack(self, attack, context=None, kind=None):
        """Try the attack's variants until one is accepted or refused for its own sake."""
        outcome = hostile.Outcome(False, "no sample")
        # the copies of create_values, plus one with a moved parent link
        for method, args, check, note in attack.variants[: SAMPLES_TRIED + 1]:
            outcome = self._run_variant(attack, method, args, check, note, context)
            if outcome.accepted or outcome.error in hostile.REFUSALS:
                break
        login = self.users[attack.role].login
        self.tally.record(kind or attack.kind, outcome, attack.describe(login))
        return outcome

    def _run_variant(self, attack, method, args, check, note, context):
        savepoint = self.cr.savepoint()
        try:
            ok, result, message = self.rpc(attack.role, attack.model, method, args, context)
            if not ok:
                return hostile.Outcome(False, result, (message or "").splitlines()[0][:300])
            self.env.invalidate_all()
            changed = check(result)
            if not changed:
                return hostile.Outcome(False, attack.nothing)
            detail = f"{note}: accepted" + (f" ({changed})" if isinstance(changed, str) else "")
            if attack.leak and self.can_read(attack.role, *attack.leak):
                detail += f"; then {attack.role} could read {attack.leak[0]} #{attack.leak[1]}"
            return hostile.Outcome(True, detail=detail)
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def run_all(self, attacks, title, context=None, kind=None):
        with mute_logger(*NOISY_LOGGERS):
            for attack in attacks:
                self.run_attack(attack, context=context, kind=kind)
        self.report(title)

    def report(self, title):
        table = self.tally.table()
        _logger.info("hostile client, %s:\n%s", title, table)
        if self.tally.incidental:
            _logger.info(
                "hostile client, %s: refused by the data rather than by a check:\n%s",
                title,
                "\n".join(self.tally.incidental),
            )
        accepted = "\n".join(self.tally.accepted)
        self.assertFalse(
            self.tally.accepted,
            f"{len(self.tally.accepted)} hostile requests were accepted ({title}):\n"
            f"{accepted}\n\n{table}",
        )

    # ------------------------------------------------------------------ records

    def records(self, model):
        """Every record of ``model``, newest (the scenario's) first."""
        key = ("records", model)
        if key not in self._cache:
            self._cache[key] = (
                self.env[model]
                .with_context(active_test=False)
                .search([], order="id desc", limit=POOL)
            )
        return self._cache[key]

    def allowed_ids(self, model, role, operation):
        key = ("allowed", model, role, operation)
        if key not in self._cache:
            records = self.records(model).with_user(self.users[role])
            self._cache[key] = set(records._filtered_access(operation).ids)
        return self._cache[key]

    def has_acl(self, model, role, operation):
        return self.env[model].with_user(self.users[role]).has_access(operation)

    def samples(self, model, role, operation="write", states=None):
        """Records to attack as ``role``: those they may change first, then those they
        may read, then the others (newest first in each group)."""
        records = self.records(model)
        if states:
            records = records.filtered(lambda record: record.state in states)
        readable = self.allowed_ids(model, role, "read")
        allowed = self.allowed_ids(model, role, operation) & readable

        def rank(record):
            return 0 if record.id in allowed else 1 if record.id in readable else 2

        return sorted(records, key=rank)

    def hidden(self, model, role, like=None):
        """A record of ``model`` that ``role`` cannot read, checked over RPC (or None).

        The same company's records come first (a household of the same council that the
        practitioner has no part in is the realistic target), then those most like the
        record ``like`` (a decided referral for a link that needs one).
        """
        key = ("hidden", model, role, like)
        if key not in self._cache:
            readable = self.allowed_ids(model, role, "read")
            candidates = [record for record in self.records(model) if record.id not in readable]
            company = self.users[role].company_id
            has_company = "company_id" in self.env[model]._fields
            pattern = self.env[model].browse(like) if like else None
            candidates.sort(
                key=lambda record: (
                    has_company and record.company_id != company,
                    -self.likeness(record, pattern) if pattern else 0,
                )
            )
            self._cache[key] = None
            for record in candidates[:SAMPLES_TRIED]:
                if not self.can_read(role, model, record.id):
                    self._cache[key] = record.id
                    break
                _logger.warning("%s can read %s #%s after all", role, model, record.id)
        return self._cache[key]

    @staticmethod
    def likeness(record, pattern):
        """How many many2one and selection values ``record`` shares with ``pattern``."""
        kinds = ("many2one", "selection")
        names = [f.name for f in record._fields.values() if f.type in kinds and f.store]
        return sum(record[name] == pattern[name] for name in names)

    def create_values(self, model, role):
        """Values of plausible new records, as ``role``: copies of records they can read,
        without the fields only transitions set or the lines of one2many fields. The
        first copy comes again with a parent link moved to a similar readable record, for
        the lines that the same person, indicator or day may appear on only once."""
        surface = self.surface(model)
        Model = self.env[model]
        dropped = set(surface.owned) - set(surface.set_at_creation)
        copies = []
        for sample in self.samples(model, role, "create")[:SAMPLES_TRIED]:
            copied = sample.copy_data()[0]
            copies.append(
                {
                    name: value
                    for name, value in copied.items()
                    if name not in dropped and Model._fields[name].type != "one2many"
                }
            )
        moved = [
            dict(copies[0], **{name: other})
            for name in surface.parents
            if copies and copies[0].get(name)
            for other in [self.similar(Model._fields[name].comodel_name, copies[0][name], role)]
            if other
        ]
        return copies[:1] + moved[:1] + copies[1:]

    def similar(self, model, record_id, role):
        """Another record of ``model`` that ``role`` can read, most like ``record_id``."""
        record = self.env[model].browse(record_id)
        readable = self.allowed_ids(model, role, "read") - {record_id}
        candidates = [other for other in self.records(model) if other.id in readable]
        if not candidates:
            return None
        return max(candidates, key=lambda other: self.likeness(other, record)).id

    def surface(self, model):
        return next(surface for surface in self.surfaces if surface.model == model)

    def alternative(self, role):
        """``alternatives(comodel, current_ids)`` for ``hostile.forge``, as ``role``."""

        def pick(comodel, current_ids):
            if comodel == "res.users":
                other = self.outsider if self.outsider.id not in current_ids else self.manager
                return other.id
            if comodel == "res.company":
                other = self.company_2 if self.company_2.id not in current_ids else self.env.company
                return other.id
            records = self.env[comodel].browse()
            if self.has_acl(comodel, role, "read"):
                records = self.env[comodel].with_user(self.users[role]).search([], limit=5)
            records = records or self.env[comodel].search([], limit=5)
            others = [record.id for record in records if record.id not in current_ids]
            return others[0] if others else None

        return pick

    def acl_once(self, kind, model, role, operation):
        """Without the model's access right, one attempt per model stands for every field."""
        if self.has_acl(model, role, operation):
            return True
        key = ("acl", kind, model, role, operation)
        if key in self._cache:
            return False
        self._cache[key] = True
        return True

    # ------------------------------------------------------------------ attacks

    def check_value(self, model, field_name, expected):
        """A check: the record written (or created, by id) now has ``expected``."""
        fld = self.env[model]._fields[field_name]

        def check(result, record_id=None):
            record_id = record_id or (result if isinstance(result, int) else None)
            record = self.env[model].with_context(active_test=False).browse(record_id)
            return record.exists() and hostile.holds(record, fld, expected)

        return check

    def write_variants(self, model, role, field_name, value_of, states=None):
        """Variants writing ``field_name`` on the samples; ``value_of(record)`` gives
        (value to send, value to find) or None."""
        variants = []
        for record in self.samples(model, role, "write", states)[:SAMPLES_TRIED]:
            forged = value_of(record)
            if forged is None:
                continue
            send, expected = forged
            check = self.check_value(model, field_name, expected)
            variants.append(
                (
                    "write",
                    [[record.id], {field_name: send}],
                    lambda result, check=check, record_id=record.id: check(result, record_id),
                    f"write {model} #{record.id}",
                )
            )
        return variants

    def create_variants(self, model, role, field_name, send, expected):
        check = self.check_value(model, field_name, expected)
        return [
            ("create", [dict(values, **{field_name: send})], check, f"create {model}")
            for values in self.create_values(model, role)
        ]

    def reference_attacks(self, kind_prefix, field_names_of):
        """Write and create a many2one or many2many with a record the role cannot read."""
        for surface in self.surfaces:
            Model = self.env[surface.model]
            for field_name in field_names_of(surface):
                fld = Model._fields[field_name]
                for role in ROLES:
                    target = self.hidden(fld.comodel_name, role, self.current(surface, fld, role))
                    if not target:
                        self.tally.skip(f"{kind_prefix}: write")
                        continue
                    send = [(4, target)] if fld.type == "many2many" else target
                    leak = (fld.comodel_name, target)
                    what = f"-> hidden {fld.comodel_name} #{target}"
                    if self.acl_once(f"{kind_prefix}: write", surface.model, role, "write"):
                        yield Attack(
                            f"{kind_prefix}: write",
                            role,
                            surface.model,
                            field_name,
                            what,
                            self.write_variants(
                                surface.model,
                                role,
                                field_name,
                                lambda _record, s=send, t=target: (s, t),
                            ),
                            leak,
                        )
                    if self.acl_once(f"{kind_prefix}: create", surface.model, role, "create"):
                        yield Attack(
                            f"{kind_prefix}: create",
                            role,
                            surface.model,
                            field_name,
                            what,
                            self.create_variants(surface.model, role, field_name, send, target),
                            leak,
                        )

    def current(self, surface, fld, role):
        """The id the field has on the record ``role`` would attack first (or None)."""
        samples = self.samples(surface.model, role, "write")
        return samples[0][fld.name][:1].id or None if samples else None

    def adoption_attacks(self):
        """Pull a line the role cannot read into their own record through a one2many."""
        kind = "re-parent: adopt a hidden line"
        for surface in self.surfaces:
            Model = self.env[surface.model]
            for field_name in surface.adoptions:
                fld = Model._fields[field_name]
                for role in ROLES:
                    line = self.hidden(fld.comodel_name, role)
                    if not line:
                        self.tally.skip(kind)
                        continue
                    if not self.acl_once(kind, surface.model, role, "write"):
                        continue
                    variants = [
                        (method, args, self.adopted(fld, line, args[0][0]), note)
                        for method, args, _check, note in self.write_variants(
                            surface.model,
                            role,
                            field_name,
                            lambda record, ln=line: ([(4, ln)], record.id),
                        )
                    ]
                    yield Attack(
                        kind,
                        role,
                        surface.model,
                        field_name,
                        f"link hidden {fld.comodel_name} #{line}",
                        variants,
                        (fld.comodel_name, line),
                    )

    def adopted(self, one2many, line_id, parent_id):
        """A check: the line now belongs to the parent."""
        Line = self.env[one2many.comodel_name].with_context(active_test=False)

        def check(_result):
            return Line.browse(line_id)[one2many.inverse_name].id == parent_id

        return check

    def owned_attacks(self):
        """Write, and create with, the fields that only transitions may set."""
        for surface in self.surfaces:
            Model = self.env[surface.model]
            defaults = Model.default_get(surface.owned)
            for field_name in surface.owned:
                fld = Model._fields[field_name]
                states = hostile.ALSO_OWNED.get((surface.model, field_name), False)
                on_create = states is False and field_name not in surface.set_at_creation
                for role in ROLES:
                    yield from self._owned_writes(surface.model, fld, role, states or None)
                    if on_create:
                        yield from self._owned_creates(surface.model, fld, role, defaults)

    def _owned_writes(self, model, fld, role, states):
        kind = "owned field: write"
        if not self.acl_once(kind, model, role, "write"):
            return
        if fld.name == "state":
            for value in hostile.selection_values(self.env, fld):

                def value_of(record, value=value):
                    return None if record.state == value else (value, value)

                variants = self.write_variants(model, role, "state", value_of, states)
                if variants:
                    yield Attack(kind, role, model, "state", f"state -> {value}", variants)
            return
        pick = self.alternative(role)

        def forged(record):
            return hostile.forge(self.env, fld, record[fld.name], pick)

        variants = self.write_variants(model, role, fld.name, forged, states)
        if variants:
            yield Attack(kind, role, model, fld.name, f"forge {fld.name}", variants)
        else:
            self.tally.skip(kind)

    def _owned_creates(self, model, fld, role, defaults):
        kind = "owned field: create"
        if not self.acl_once(kind, model, role, "create"):
            return
        if fld.name == "state":
            values = [
                v for v in hostile.selection_values(self.env, fld) if v != defaults.get("state")
            ]
        else:
            current = self.env[model].new({})[fld.name] if fld.relational else False
            forged = hostile.forge(self.env, fld, current, self.alternative(role))
            values = [forged] if forged else []
        for value in values:
            send, expected = value if fld.name != "state" else (value, value)
            yield Attack(
                kind,
                role,
                model,
                fld.name,
                f"create with {fld.name} = {send!r}",
                self.create_variants(model, role, fld.name, send, expected),
            )

    # ------------------------------------------------------------------ tests

    def test_harness_sees_an_accepted_write(self):
        """A legitimate write and create are accepted, and an outsider's write is refused:
        the suite cannot pass by counting everything as refused."""
        check = self.check_value("safeguarding.referral", "concerns", hostile.FORGED_TEXT)
        concerns = f"<p>{hostile.FORGED_TEXT}</p>"
        write = (
            "write",
            [[self.referral_p.id], {"concerns": concerns}],
            lambda result: check(result, self.referral_p.id),
            "own draft",
        )
        own = Attack("legitimate", "practitioner", "safeguarding.referral", "concerns", "", [write])
        outsider = Attack(
            "legitimate", "internal", "safeguarding.referral", "concerns", "", [write]
        )
        create = Attack(
            "legitimate",
            "practitioner",
            "safeguarding.referral",
            "concerns",
            "new draft",
            self.create_variants(
                "safeguarding.referral", "practitioner", "concerns", concerns, hostile.FORGED_TEXT
            ),
        )
        with mute_logger(*NOISY_LOGGERS):
            self.assertTrue(self.run_attack(own).accepted)
            self.assertTrue(self.run_attack(create).accepted)
            refused = self.run_attack(outsider)
        self.assertFalse(refused.accepted)
        self.assertEqual(refused.error, "AccessError")
        self.assertEqual(self.tally.tried["legitimate"], 3)
        self.assertEqual(len(self.tally.accepted), 2)

    def test_discovery_finds_the_known_surface(self):
        """The registry gives at least the links issue 12 names (and whatever came later)."""
        by_model = {surface.model: surface for surface in self.surfaces}
        # without the escalation addon, a stand-in that passes
        escalation = hostile.Surface("safeguarding.escalation", owned=["other_user_id"])
        self.assertIn("taf_id", by_model["safeguarding.taf.member"].parents)
        self.assertIn("family_id", by_model["safeguarding.referral"].parents)
        self.assertIn("consent_child_id", by_model["safeguarding.referral"].references)
        self.assertIn("owner_member_id", by_model["safeguarding.taf.action"].references)
        self.assertIn("member_ids", by_model["safeguarding.taf"].adoptions)
        for name in ("state", "decided_by_id", "decided_on", "consent_override_by_id"):
            self.assertIn(name, by_model["safeguarding.referral"].owned)
        for name in ("lead_professional_id", "close_date", "step_down_override_by_id"):
            self.assertIn(name, by_model["safeguarding.taf"].owned)
        self.assertIn("suggested_tier", by_model["safeguarding.referral"].owned)
        self.assertIn("decided_by_id", by_model["safeguarding.information.share"].owned)
        self.assertIn("other_user_id", by_model.get("safeguarding.escalation", escalation).owned)
        self.assertIn("lead_professional_id", by_model["safeguarding.taf"].set_at_creation)
        self.assertNotIn("safeguarding.taf.handover", by_model)
        _logger.info(
            "hostile client, surface:\n%s",
            "\n".join(
                f"{s.model}: parents {s.parents}, references {s.references}, "
                f"adoptions {s.adoptions}, owned {s.owned} (set at creation {s.set_at_creation})"
                for s in self.surfaces
            ),
        )

    def test_reparenting(self):
        attacks = list(self.reference_attacks("re-parent", lambda s: s.parents))
        attacks += list(self.adoption_attacks())
        self.run_all(attacks, "re-parenting")

    def test_pointing_at_unreadable_records(self):
        self.run_all(self.reference_attacks("point", lambda s: s.references), "pointing")

    def test_transition_owned_fields(self):
        self.run_all(list(self.owned_attacks()), "transition-owned fields")

    def test_chatter_of_safeguarding_records(self):
        """An ordinary internal user reads no chatter of safeguarding records, and subjects
        and summaries name no child."""
        attacks = []
        for chatter_model, (path, read_fields) in CHATTER.items():
            for model in self.mail_models():
                ids = self.env[chatter_model].search([(path, "=", model)], limit=50).ids
                if not ids:
                    self.tally.skip("chatter: read as internal user")
                    continue
                attacks.extend(self._chatter_reads(chatter_model, model, ids, read_fields))
        with mute_logger(*NOISY_LOGGERS):
            for attack in attacks:
                self.run_attack(attack)
        self._find_child_names()
        self.report("chatter")

    def test_context_keys_unlock_nothing(self):
        """The context keys the addons read, and ``default_*`` keys, open nothing."""
        context = hostile.context_keys(self.env)
        _logger.info("hostile client, context tried: %s", context)
        attacks = list(self.reference_attacks("re-parent", lambda s: s.parents))
        attacks += list(self.reference_attacks("point", lambda s: s.references))
        attacks += list(self.owned_attacks())
        # the attacks' own skips belong to their tests
        self.tally = hostile.Tally()
        candidates = defaultdict(list)
        # state first: what a transition guards, and a context key might unlock
        attacks.sort(key=lambda attack: attack.field != "state")
        for attack in attacks:
            if attack.variants and self.writable_sample(attack):
                candidates[attack.kind, attack.model].append(attack)
        with mute_logger(*NOISY_LOGGERS):
            for group in candidates.values():
                self._replay_refused(group[:REPLAY_CANDIDATES], context)
            for attack, default_context in self._default_attacks():
                self.run_attack(attack, context=default_context, kind="context: default_*")
        self.report("context keys")

    # ------------------------------------------------------------------ chatter helpers

    def mail_models(self):
        return [
            surface.model
            for surface in self.surfaces
            if "message_ids" in self.env[surface.model]._fields
        ]

    def _chatter_reads(self, chatter_model, model, ids, read_fields):
        def found(result):
            rows = result if isinstance(result, list) else []
            return f"{len(rows)} rows, e.g. {rows[:2]}" if rows else False

        search = (
            "search_read",
            [[("id", "in", ids)], read_fields],
            found,
            f"search_read {len(ids)} {chatter_model} of {model}",
        )
        read = ("read", [ids[:5], read_fields], found, f"read {chatter_model} of {model}")
        for variant in (search, read):
            yield Attack(
                "chatter: read as internal user",
                "internal",
                chatter_model,
                "*",
                f"rows of {model}",
                [variant],
                nothing="no rows",
            )

    def _find_child_names(self):
        """Children's names in activity summaries and in the subjects of messages that
        notify someone (what a notification shows before the record is opened)."""
        Child = self.env["safeguarding.child"].with_context(active_test=False)
        children = Child.search([])
        pattern = hostile.name_pattern(children.mapped("name") + children.mapped("first_name"))
        kind = "chatter: child name in subject"
        for model in self.mail_models():
            activities = self.env["mail.activity"].search([("res_model", "=", model)])
            texts = [(f"activity #{a.id}", a.summary or "") for a in activities]
            messages = self.env["mail.message"].search(
                [("model", "=", model), ("notification_ids", "!=", False)]
            )
            texts += [(f"message #{m.id}", m.subject or "") for m in messages]
            if not texts:
                self.tally.skip(kind)
                continue
            named = [
                f"{where}: {text.strip()!r}"
                for where, text in texts
                if pattern and pattern.search(text)
            ]
            outcome = hostile.Outcome(bool(named), "no name", "; ".join(named[:5]))
            self.tally.record(kind, outcome, f"{model} activities and notified messages")

    # ------------------------------------------------------------------ context helpers

    def _replay_refused(self, attacks, context):
        """Replay, with the context, the first attack that a check of the product (not the
        access rights, which no context changes) refused without it. An attack accepted
        without the context is its own test's failure."""
        kind = "context: replayed write"
        plain = hostile.Tally()
        for attack in attacks:
            self.tally, tally = plain, self.tally
            try:
                outcome = self.run_attack(attack)
            finally:
                self.tally = tally
            if not outcome.accepted and outcome.error != "AccessError":
                self.run_attack(attack, context=context, kind=kind)
                return
        self.tally.skip(kind)

    def writable_sample(self, attack):
        """Whether the attack's first variant writes a record the role may write."""
        method, args, _check, _note = attack.variants[0]
        allowed = self.allowed_ids(attack.model, attack.role, "write")
        return method == "write" and args[0][0] in allowed

    def _default_attacks(self):
        """Create each model with ``default_<field>`` for each owned field, as the first
        role with the right to create it."""
        for surface in self.surfaces:
            role = next((r for r in ROLES if self.has_acl(surface.model, r, "create")), None)
            if role is None:
                continue
            Model = self.env[surface.model]
            defaults = Model.default_get(surface.owned)
            for field_name in surface.owned:
                if field_name in surface.set_at_creation:
                    continue
                fld = Model._fields[field_name]
                if fld.name == "state":
                    values = hostile.selection_values(self.env, fld)
                    values = [v for v in values if v != defaults.get("state")][-1:]
                    forged = (values[0], values[0]) if values else None
                else:
                    # what a new record gets anyway (a stored computation of its defaults)
                    current = Model.new({})[field_name]
                    forged = hostile.forge(self.env, fld, current, self.alternative(role))
                if not forged:
                    continue
                send, expected = forged
                if fld.type == "many2many":
                    send = [expected]
                check = self.check_value(surface.model, field_name, expected)
                variants = [
                    ("create", [values], check, f"create {surface.model}")
                    for values in self.create_values(surface.model, role)
                ]
                attack = Attack(
                    "context: default_*",
                    role,
                    surface.model,
                    field_name,
                    f"default_{field_name} = {send!r}",
                    variants,
                )
                yield attack, {f"default_{field_name}": send}
