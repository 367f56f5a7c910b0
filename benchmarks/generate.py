"""Generate a synthetic council for benchmarks: deterministic from a seed, fictional names.

Usage (through ``bin/generate``, which creates the database when missing)::

    python3 -m benchmarks.generate --db sg_bench_s --size S [--seed 42] [--today 2026-03-02]

The big tables are bulk-loaded with COPY through the Odoo cursor. Every stored
computed field is then either set from the models' own functions (suggested tier
and its explanation from ``_suggest_tier``, decision deadline from
``_decision_deadline``) or recomputed by the ORM in large batches. Activities,
review reminders and overdue flags are made by the models' own code (the plan
action activities, the review cron, the escalation stage entry and cron).
"""

import random
import sys
from datetime import date, datetime, time, timedelta

from benchmarks import names
from benchmarks.common import (
    SIZES,
    Clock,
    copy_rows,
    database_parser,
    environment,
    next_id,
    open_registry_of,
    reset_sequence,
)

REFERRAL_COLUMNS = (
    "id name state referrer_user_id referrer_name referrer_role agency_id urgency received_on "
    "decision_deadline feedback_on channel concerns family_id framework_id suggested_tier "
    "suggestion_explanation decided_tier decision_rationale decision_outcome decided_by_id "
    "decided_on consent_status consent_given_by consent_date consent_exception "
    "consent_exception_note consent_overridden consent_child_understands active company_id "
    "create_uid create_date write_uid write_date primary_need_code"
).split()
# CIN census characteristics, roughly as England's children in need are recorded
ETHNICITY_WEIGHTS = {
    "WBRI": 0.62, "WOTH": 0.06, "WROM": 0.01, "MWBC": 0.03, "MOTH": 0.03, "AIND": 0.02,
    "APKN": 0.04, "ABAN": 0.03, "AOTH": 0.02, "BAFR": 0.05, "BCRB": 0.02, "OOTH": 0.03,
    "NOBT": 0.03, "REFU": 0.01,
}  # fmt: skip
PRIMARY_NEED_WEIGHTS = {"N1": 0.55, "N2": 0.08, "N3": 0.04, "N4": 0.09, "N5": 0.16, "N6": 0.03,
                        "N8": 0.03, "N9": 0.02}  # fmt: skip
PREGNANCY = timedelta(weeks=40)
TIER_WEIGHTS = {"1": 0.05, "2": 0.5, "3": 0.33, "4": 0.12}
CHUNK = 20000


def _rand_dt(rng, day):
    """A receipt time on ``day`` (UTC, naive), mostly in office hours."""
    if rng.random() < 0.85:
        hour = rng.randint(8, 16)
    else:
        hour = rng.randint(0, 23)
    return datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(0, 59)))


def _postcode(rng, format_postcode):
    area = rng.choice(names.POSTCODE_AREAS)
    raw = f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    raw += rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    return format_postcode(raw) or raw


class Generator:
    def __init__(self, env, size, seed, today, clock):
        self.env = env
        self.cr = env.cr
        self.spec = SIZES[size]
        self.size = size
        self.rng = random.Random(seed)
        # the census characteristics draw from their own stream, so that adding them
        # left every other generated value as it was
        self.census_rng = random.Random(f"{seed}-census")
        self.today = today
        self.now = datetime.combine(today, time(12, 0))
        self.clock = clock
        self.company = env.company
        self.uid = env.uid

    def _due_by(self, child_id, moment):
        """The child is born, or due within 40 weeks of ``moment`` (CIN census 8606)."""
        return self.child_due[child_id] - moment.date() <= PREGNANCY

    def _weighted(self, weights):
        """A code drawn from ``weights`` with the census stream."""
        return self.census_rng.choices(list(weights), weights=list(weights.values()))[0]

    # ------------------------------------------------------------------ setup

    def setup(self):
        env = self.env
        rng = self.rng
        framework = env.ref("safeguarding_threshold.framework_thurrock")
        self.framework = framework
        self.other_framework = env.ref("safeguarding_threshold.framework_norfolk")
        self.company.safeguarding_framework_id = framework
        self.company.cin_la_code = "883"  # the CIN census return's LA code
        group = {
            name: env.ref(f"safeguarding_threshold.group_safeguarding_{name}")
            for name in ("practitioner", "hub", "mash", "manager")
        }
        staff = self.spec["staff"]
        counts = {
            "practitioner": staff,
            "hub": max(2, staff // 8),
            "mash": max(2, staff // 8),
            "manager": max(3, staff // 20),
        }
        Users = env["res.users"].with_context(
            no_reset_password=True, mail_create_nosubscribe=True, mail_create_nolog=True
        )
        existing = Users.search([("login", "=like", "bench.%")])
        self.users = {}
        for role, count in counts.items():
            vals = []
            for index in range(count):
                login = f"bench.{role}{index + 1:03d}"
                first = rng.choice(names.ADULT_FIRST)
                last = rng.choice(names.SURNAMES)
                if login in existing.mapped("login"):
                    continue
                vals.append(
                    {
                        "name": f"{first} {last}",
                        "login": login,
                        "group_ids": [(6, 0, [group[role].id])],
                    }
                )
            Users.create(vals)
            self.users[role] = Users.search([("login", "=like", f"bench.{role}%")], order="login")
        managers = self.users["manager"]
        head, senior, first_line = managers[0], managers[1], managers[2:]
        senior.safeguarding_manager_id = head
        first_line.safeguarding_manager_id = senior
        for users in (self.users["practitioner"], self.users["hub"], self.users["mash"]):
            for index, user in enumerate(users):
                user.safeguarding_manager_id = first_line[index % len(first_line)]
        policy = env.ref("safeguarding_escalation.policy_thurrock")
        policy.partnership_user_ids = head
        self.company.safeguarding_hub_manager_id = senior
        self.practitioner_ids = self.users["practitioner"].ids
        self.hub_ids = self.users["hub"].ids
        self.mash_ids = self.users["mash"].ids
        self.user_names = {u.id: u.name for u in Users.browse(Users.search([]).ids)}
        self.user_partner = {u.id: u.partner_id.id for u in Users.search([])}

        Agency = env["safeguarding.agency"]
        agencies = Agency.search([("company_id", "=", self.company.id)])
        known = set(agencies.mapped("name"))
        Agency.create(
            [
                {"name": name, "referral_source": source}
                for name, source in names.AGENCIES
                if name not in known
            ]
        )
        self.agencies = [(agency.id, agency.name) for agency in Agency.search([], order="name, id")]
        self.cr.commit()
        self.clock.step("users, agencies, company settings")

    # ------------------------------------------------------- families, people

    def people(self):
        from odoo.addons.safeguarding_threshold.tools import format_nhs_number, format_postcode

        rng, cr, spec = self.rng, self.cr, self.spec
        uid, company = self.uid, self.company.id
        start = self.today - timedelta(days=365 * spec["years"])
        family_id0 = next_id(cr, "safeguarding_family")
        n_families = spec["families"]
        families = []
        self.family_surname = []
        self.family_address = []
        for index in range(n_families):
            surname = rng.choice(names.SURNAMES)
            address = (
                f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}",
                rng.choice(names.TOWNS),
                _postcode(rng, format_postcode),
            )
            created = datetime.combine(
                start + timedelta(days=rng.randint(0, 365 * spec["years"])), time(9)
            )
            self.family_surname.append(surname)
            self.family_address.append(address)
            families.append(
                (
                    family_id0 + index,
                    f"{surname} household",
                    f"FAM/{index + 1:06d}",
                    *address,
                    True,
                    company,
                    uid,
                    created,
                    uid,
                    created,
                )
            )
        count = copy_rows(
            cr,
            "safeguarding_family",
            "id name reference street city postcode active company_id create_uid create_date "
            "write_uid write_date".split(),
            families,
        )
        self.family_ids = [row[0] for row in families]
        self.clock.step("families", count)

        # children: every family has at least one
        n_children = spec["children"]
        owner = list(range(n_families)) + [
            rng.randrange(n_families) for _ in range(n_children - n_families)
        ]
        owner.sort()
        child_id0 = next_id(cr, "safeguarding_child")
        children = []
        self.family_children = [[] for _ in range(n_families)]
        self.child_birth = {}
        # the date of birth, or the expected one: no referral is about a child more than
        # 40 weeks before it (CIN census rule 8606)
        self.child_due = {}
        nhs_base = 400000000
        for index, family in enumerate(owner):
            child_id = child_id0 + index
            sex = rng.choice("MF")
            first = rng.choice(names.GIRLS if sex == "F" else names.BOYS)
            last = self.family_surname[family]
            unborn = rng.random() < 0.01
            birthdate = None if unborn else self.today - timedelta(days=rng.randint(30, 17 * 365))
            expected = self.today + timedelta(days=rng.randint(20, 200)) if unborn else None
            nhs = None
            if not unborn and rng.random() < 0.7:
                while nhs is None:
                    nhs_base += rng.randint(1, 9)
                    for digit in range(10):
                        nhs = format_nhs_number(f"{nhs_base}{digit}")
                        if nhs:
                            break
            self.family_children[family].append(child_id)
            self.child_birth[child_id] = birthdate
            self.child_due[child_id] = birthdate or expected
            created = datetime.combine(start, time(9))
            children.append(
                (
                    child_id,
                    first,
                    last,
                    f"{first} {last}",
                    "U" if unborn else sex,
                    unborn,
                    birthdate,
                    expected,
                    nhs,
                    f"C{child_id:07d}",
                    *self.family_address[family],
                    True,
                    company,
                    uid,
                    created,
                    uid,
                    created,
                    self._weighted(ETHNICITY_WEIGHTS),
                )
            )
        count = copy_rows(
            cr,
            "safeguarding_child",
            "id first_name last_name name sex is_unborn birthdate expected_birthdate "
            "nhs_number local_reference street city postcode active company_id create_uid "
            "create_date write_uid write_date ethnicity".split(),
            children,
        )
        self.clock.step("children", count)

        adult_id0 = next_id(cr, "safeguarding_adult")
        adults = []
        members = []
        member_id0 = next_id(cr, "safeguarding_family_member")
        family_adults = []
        for family in range(n_families):
            ids = []
            for _ in range(1 if rng.random() < 0.45 else 2):
                adult_id = adult_id0 + len(adults)
                name = f"{rng.choice(names.ADULT_FIRST)} {self.family_surname[family]}"
                adults.append(
                    (
                        adult_id,
                        name,
                        self.today - timedelta(days=rng.randint(19 * 365, 55 * 365)),
                        f"07700 9{rng.randint(0, 99999):05d}",
                        *self.family_address[family],
                        True,
                        company,
                        uid,
                        self.now,
                        uid,
                        self.now,
                    )
                )
                ids.append(adult_id)
            family_adults.append(ids)
        count = copy_rows(
            cr,
            "safeguarding_adult",
            "id name birthdate phone street city postcode active company_id create_uid "
            "create_date write_uid write_date".split(),
            adults,
        )
        self.clock.step("adults", count)

        for family in range(n_families):
            family_id = self.family_ids[family]
            for child_id in self.family_children[family]:
                since = self.child_birth[child_id] or self.today
                members.append((family_id, "child", child_id, None, None, False, since, None))
            for position, adult_id in enumerate(family_adults[family]):
                role = "parent" if position == 0 or rng.random() < 0.6 else "carer"
                members.append(
                    (
                        family_id,
                        role,
                        None,
                        adult_id,
                        rng.choice(("mother", "father", "stepfather", "grandmother")),
                        role == "parent",
                        start - timedelta(days=rng.randint(0, 3000)),
                        None,
                    )
                )
        # some children lived in a second household before
        for family in range(0, n_families, 17):
            other = (family * 7 + 3) % n_families
            if other == family:
                continue
            for child_id in self.family_children[family][:1]:
                born = self.child_birth[child_id] or self.today
                left = max(born, start - timedelta(days=30))
                members.append(
                    (self.family_ids[other], "child", child_id, None, None, False, born, left)
                )
        count = copy_rows(
            cr,
            "safeguarding_family_member",
            "id family_id role child_id adult_id relationship parental_responsibility date_from "
            "date_to company_id create_uid create_date write_uid write_date".split(),
            (
                (member_id0 + index, *row, company, uid, self.now, uid, self.now)
                for index, row in enumerate(members)
            ),
        )
        self.cr.commit()
        self.clock.step("household members", count)

    # -------------------------------------------------------------- referrals

    def _profiles(self, framework, count):
        """Sets of indicators a referral records, each with its suggestion from the model."""
        rng = self.rng
        Indicator = self.env["safeguarding.indicator"]
        indicators = Indicator.search([("framework_id", "=", framework.id)], order="id")
        strengths = [i.id for i in indicators if i.is_protective]
        needs = {}
        for indicator in indicators:
            if not indicator.is_protective and indicator.tier != "1":
                needs.setdefault(indicator.tier, []).append(indicator.id)
        tiers = sorted(needs)
        profiles = []
        for _ in range(count):
            target = rng.choices(list(TIER_WEIGHTS), weights=list(TIER_WEIGHTS.values()))[0]
            chosen = set()
            if target == "1" or not tiers:
                chosen.update(rng.sample(strengths, rng.randint(1, 2)))
            else:
                target = target if target in needs else tiers[-1]
                chosen.add(rng.choice(needs[target]))
                lower = [tier for tier in tiers if tier <= target]
                for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                    chosen.add(rng.choice(needs[rng.choice(lower)]))
                if rng.random() < 0.3:
                    chosen.add(rng.choice(strengths))
            ids = tuple(sorted(chosen))
            tier, lines = framework._suggest_tier(Indicator.browse(ids))
            profiles.append((ids, tier or None, "\n".join(lines) or None))
        return profiles

    def referrals(self):  # noqa: C901
        rng, cr, spec, env = self.rng, self.cr, self.spec, self.env
        company = self.company.id
        n = spec["referrals"]
        days = 365 * spec["years"]
        start = self.today - timedelta(days=days)
        received = []
        while len(received) < n:
            day = start + timedelta(days=rng.randint(0, days))
            if day.weekday() >= 5 and rng.random() < 0.75:
                continue
            moment = _rand_dt(rng, day)
            if moment <= self.now - timedelta(minutes=5):
                received.append(moment)
        received.sort()
        n_profiles = min(3000, max(50, n // 10))
        frameworks = {
            self.framework.id: (self.framework, self._profiles(self.framework, n_profiles)),
            self.other_framework.id: (
                self.other_framework,
                self._profiles(self.other_framework, max(20, n_profiles // 10)),
            ),
        }
        self.clock.step("indicator profiles (suggestions from _suggest_tier)")
        Framework = env["safeguarding.framework"]
        holidays = Framework._deadline_holidays(received)

        referral_id0 = next_id(cr, "safeguarding_referral")
        line_id0 = next_id(cr, "safeguarding_referral_indicator")
        rows, lines, child_rel = [], [], []
        self.referral_info = []
        n_families = len(self.family_ids)
        frequent = max(1, n_families // 5)
        deadline_cache = {}
        line_count = 0
        for index, moment in enumerate(received):
            referral_id = referral_id0 + index
            family = rng.randrange(frequent) if rng.random() < 0.4 else rng.randrange(n_families)
            kids = self.family_children[family]
            kids = kids if rng.random() < 0.3 else [rng.choice(kids)]
            kids = [kid for kid in kids if self._due_by(kid, moment)]
            while not kids:
                # no child of this family was due yet: the next family's eldest (no draw,
                # so the other values stay as they were)
                family = (family + 1) % n_families
                eldest = min(self.family_children[family], key=self.child_due.__getitem__)
                kids = [eldest] if self._due_by(eldest, moment) else []
            framework_id = self.other_framework.id if rng.random() < 0.03 else self.framework.id
            framework, profiles = frameworks[framework_id]
            indicator_ids, suggested, explanation = rng.choice(profiles)
            urgent = rng.random() < 0.05
            key = (framework_id, moment, urgent)
            deadline = deadline_cache.get(key)
            if deadline is None:
                deadline = framework._decision_deadline(
                    moment, urgency="urgent" if urgent else "standard", holidays=holidays
                )
                deadline_cache[key] = deadline
            age = self.now - moment
            r = rng.random()
            if age < timedelta(days=3):
                state = (
                    "draft" if r < 0.12 else "submitted" if r < 0.5
                    else "screening" if r < 0.78 else "decided"
                )  # fmt: skip
            elif age < timedelta(days=10) and r < 0.04:
                state = "screening"  # backlog past the deadline
            elif age < timedelta(days=90):
                state = "decided" if r < 0.6 else "closed"
            elif age < timedelta(days=365):
                state = "decided" if r < 0.12 else "closed"
            else:
                state = "decided" if r < 0.012 else "closed"
            agency_id, agency_name = rng.choice(self.agencies)
            by_practitioner = rng.random() < 0.35
            referrer_user = (
                rng.choice(self.practitioner_ids) if by_practitioner else rng.choice(self.hub_ids)
            )
            referrer_name = (
                self.user_names[referrer_user]
                if by_practitioner
                else f"{rng.choice(names.ADULT_FIRST)} {rng.choice(names.SURNAMES)}"
            )
            decided = state in ("decided", "closed")
            decided_tier = outcome = rationale = decided_by = decided_on = feedback_on = None
            if decided:
                decided_tier = suggested or "1"
                if rng.random() < 0.15:
                    decided_tier = str(min(4, max(1, int(decided_tier) + rng.choice((-1, 1)))))
                if decided_tier != suggested:
                    rationale = (
                        "Discussed with the referrer and the school: the family's own "
                        "support changes the level of need."
                    )
                outcome = {
                    "1": rng.choice(("nfa", "universal")),
                    "2": "early_help" if rng.random() < 0.75 else "universal",
                    "3": "s17",
                    "4": "s47" if rng.random() < 0.9 else "allocated",
                }[decided_tier]
                decided_by = rng.choice(self.mash_ids)
                if rng.random() < 0.88:
                    decided_on = moment + (deadline - moment) * rng.uniform(0.1, 0.95)
                else:
                    decided_on = deadline + timedelta(minutes=rng.randint(30, 1800))
                decided_on = min(decided_on, self.now - timedelta(minutes=1)).replace(microsecond=0)
                late = rng.random() < 0.1
                feedback_on = decided_on + timedelta(
                    minutes=rng.randint(1200, 4000) if late else rng.randint(5, 240)
                )
                feedback_on = None if feedback_on > self.now else feedback_on
            consent = dict.fromkeys(("status", "given_by", "date", "exception", "note"), None)
            if state != "draft" or rng.random() < 0.5:
                if outcome in ("s47", "allocated") and rng.random() < 0.6:
                    consent.update(
                        status="not_sought",
                        exception="risk_child",
                        note="Seeking consent would alert the adult the child is afraid of.",
                    )
                elif outcome in (None, "nfa", "universal") and rng.random() < 0.08:
                    adult = f"{rng.choice(names.ADULT_FIRST)} {self.family_surname[family]}"
                    consent.update(
                        status="refused", given_by=f"{adult}, parent", date=moment.date()
                    )
                else:
                    adult = f"{rng.choice(names.ADULT_FIRST)} {self.family_surname[family]}"
                    consent.update(status="parent", given_by=f"{adult}, parent", date=moment.date())
            concern = rng.choice(names.CONCERNS)
            rows.append(
                (
                    referral_id,
                    f"REF/{moment.year}/{index + 1:05d}",
                    state,
                    referrer_user,
                    referrer_name,
                    rng.choice(names.ROLES),
                    agency_id,
                    "urgent" if urgent else "standard",
                    moment,
                    deadline,
                    feedback_on,
                    rng.choice(("phone", "email", "online", "online", "online")),
                    f"<p>The child {concern}.</p>",
                    self.family_ids[family],
                    framework_id,
                    suggested,
                    explanation,
                    decided_tier,
                    rationale,
                    outcome,
                    decided_by,
                    decided_on,
                    consent["status"],
                    consent["given_by"],
                    consent["date"],
                    consent["exception"],
                    consent["note"],
                    False,
                    False,
                    True,
                    company,
                    referrer_user,
                    moment,
                    decided_by or referrer_user,
                    decided_on or moment,
                    # a referral to children's social care has its census primary need
                    self._weighted(PRIMARY_NEED_WEIGHTS) if outcome in ("s17", "s47") else None,
                )
            )
            for indicator_id in indicator_ids:
                line_count += 1
                lines.append(
                    (
                        line_id0 + line_count - 1,
                        referral_id,
                        indicator_id,
                        "Seen and reported by the referrer.",
                        company,
                        referrer_user,
                        moment,
                        referrer_user,
                        moment,
                    )
                )
            for child_id in kids:
                child_rel.append((child_id, referral_id))
            self.referral_info.append(
                (referral_id, family, kids, state, outcome, decided_on, decided_tier, framework_id)
            )
            if len(rows) >= CHUNK:
                self._flush_referrals(rows, lines, child_rel)
        self._flush_referrals(rows, lines, child_rel)
        self.n_referrals = n
        self.cr.commit()
        self.clock.step("referrals, indicator lines, children (COPY)", n)

    def _flush_referrals(self, rows, lines, child_rel):
        copy_rows(self.cr, "safeguarding_referral", REFERRAL_COLUMNS, rows)
        copy_rows(
            self.cr,
            "safeguarding_referral_indicator",
            "id referral_id indicator_id evidence company_id create_uid create_date write_uid "
            "write_date".split(),
            lines,
        )
        copy_rows(
            self.cr, "safeguarding_child_referral_rel", ("child_id", "referral_id"), child_rel
        )
        self.n_lines = getattr(self, "n_lines", 0) + len(lines)
        rows.clear()
        lines.clear()
        child_rel.clear()

    # --------------------------------------------------------- TAF cases

    def cases(self):  # noqa: C901
        rng, cr, spec = self.rng, self.cr, self.spec
        uid, company = self.uid, self.company.id
        framework = self.framework
        interval = timedelta(weeks=framework.review_interval_weeks or 6)
        eligible = [
            info for info in self.referral_info if info[4] == "early_help" and info[5] is not None
        ]
        chosen = sorted(rng.sample(eligible, min(spec["tafs"], len(eligible))))
        taf_id0 = next_id(cr, "safeguarding_taf")
        ids = {
            table: next_id(cr, table)
            for table in (
                "safeguarding_taf_lead",
                "safeguarding_taf_member",
                "safeguarding_taf_action",
                "safeguarding_taf_review",
            )
        }
        tafs, child_rel, leads, members, actions, reviews, followers = [], [], [], [], [], [], []
        self.taf_info = []
        for index, info in enumerate(chosen):
            referral_id, family, kids, _state, _outcome, decided_on, tier, framework_id = info
            taf_id = taf_id0 + index
            start = min(decided_on.date() + timedelta(days=rng.randint(1, 7)), self.today)
            end = start + timedelta(days=rng.randint(90, 400))
            step_down_date = close_date = None
            family_informed = referrer_informed = None
            if end >= self.today:
                state, end = "open", None
            elif end < self.today - timedelta(days=180):
                state = "closed" if rng.random() < 0.9 else "stepped_up"
            else:
                r = rng.random()
                state = "closed" if r < 0.6 else "stepped_down" if r < 0.9 else "stepped_up"
            case_tier = tier if tier in ("2", "3") else "2"
            step_down_to = None
            if state == "closed":
                close_date = family_informed = referrer_informed = end
            elif state == "stepped_down":
                step_down_date, step_down_to, case_tier = end, "universal", "1"
            lead = rng.choice(self.practitioner_ids)
            handover = None
            second_lead = lead
            if rng.random() < 0.15:
                handover = start + (((end or self.today) - start) / 2)
                second_lead = rng.choice(self.practitioner_ids)
                if second_lead == lead:
                    handover = None
            name = f"TAF/{start.year}/{index + 1:05d}"
            created = datetime.combine(start, time(10))
            tafs.append(
                (
                    taf_id,
                    name,
                    state,
                    self.family_ids[family],
                    case_tier,
                    referral_id,
                    second_lead,
                    framework.id,
                    start,
                    start,
                    step_down_date,
                    step_down_to,
                    close_date,
                    family_informed,
                    referrer_informed,
                    True,
                    company,
                    uid,
                    created,
                    uid,
                    created,
                )
            )
            for child_id in kids:
                child_rel.append((child_id, taf_id))
            if handover:
                leads.append((taf_id, lead, start, handover, "Lead professional from the start"))
                leads.append((taf_id, second_lead, handover, None, "Moved to another team"))
            else:
                leads.append((taf_id, lead, start, None, "Lead professional from the start"))
            followers.append((taf_id, self.user_partner[second_lead]))
            # the team: agency contacts and sometimes a colleague with a login
            team_users = []
            member_ids = []
            for _ in range(rng.randint(1, 3)):
                agency_id, agency_name = rng.choice(self.agencies)
                member_id = ids["safeguarding_taf_member"] + len(members)
                contact = f"{rng.choice(names.ADULT_FIRST)} {rng.choice(names.SURNAMES)}"
                members.append(
                    (member_id, taf_id, None, contact, contact, agency_id, rng.choice(names.ROLES))
                )
                member_ids.append(member_id)
            if rng.random() < 0.4:
                colleague = rng.choice(self.practitioner_ids)
                if colleague != second_lead:
                    members.append(
                        (
                            ids["safeguarding_taf_member"] + len(members),
                            taf_id,
                            colleague,
                            None,
                            self.user_names[colleague],
                            None,
                            "Family support worker",
                        )
                    )
                    team_users.append(colleague)
                    followers.append((taf_id, self.user_partner[colleague]))
            # the plan
            horizon = end or self.today + timedelta(days=90)
            for _ in range(rng.randint(3, 6)):
                need, action = rng.choice(names.ACTIONS)
                due = start + timedelta(days=rng.randint(14, max(15, (horizon - start).days)))
                if end or due < self.today:
                    done = rng.random() < (0.88 if end else 0.7)
                    action_state = "done" if done else ("not_done" if end else "todo")
                else:
                    action_state = "todo"
                owner_user = owner_member = owner_name = None
                if rng.random() < 0.6 or not member_ids:
                    owner_user = rng.choice([second_lead, *team_users])
                    owner_name = self.user_names[owner_user]
                else:
                    owner_member = rng.choice(member_ids)
                actions.append(
                    (
                        taf_id,
                        need,
                        action,
                        owner_user,
                        owner_member,
                        owner_name,
                        due,
                        action_state,
                        "The family moved before it could happen."
                        if action_state == "not_done"
                        else None,
                    )
                )
            # reviews every interval, then the one that ends the case
            day = start + interval
            last = end or self.today
            while day <= last and (not end or day < end):
                reviews.append((taf_id, "regular", day, "held", rng.randint(3, 9), "continue"))
                day += interval
            if state == "open":
                if reviews and reviews[-1][0] == taf_id and rng.random() < 0.08:
                    # the last review did not happen: it is overdue
                    reviews[-1] = (taf_id, "regular", reviews[-1][2], "planned", 0, None)
                else:
                    reviews.append((taf_id, "regular", day, "planned", 0, None))
            elif state == "closed":
                reviews.append((taf_id, "closing", end, "held", rng.randint(7, 10), "close"))
            elif state == "stepped_up":
                reviews.append((taf_id, "regular", end, "held", rng.randint(1, 3), "step_up"))
            else:
                reviews.append((taf_id, "regular", end, "held", rng.randint(7, 9), "step_down"))
                review_day = end + timedelta(days=rng.randint(92, 180))
                reviews.append((taf_id, "step_down", review_day, "planned", 0, None))
            self.taf_info.append((taf_id, referral_id, state, start, end, second_lead, team_users))

        def stamp(rows, id0):
            return (
                (id0 + index, *row, company, uid, self.now, uid, self.now)
                for index, row in enumerate(rows)
            )

        count = copy_rows(
            cr,
            "safeguarding_taf",
            "id name state family_id tier referral_id lead_professional_id framework_id "
            "start_date early_help_start step_down_date step_down_to close_date "
            "family_informed_on referrer_informed_on active company_id create_uid create_date "
            "write_uid write_date".split(),
            tafs,
        )
        copy_rows(cr, "safeguarding_child_taf_rel", ("child_id", "taf_id"), child_rel)
        copy_rows(
            cr,
            "safeguarding_taf_lead",
            "id taf_id user_id date_from date_to reason company_id create_uid create_date "
            "write_uid write_date".split(),
            stamp(leads, ids["safeguarding_taf_lead"]),
        )
        copy_rows(
            cr,
            "safeguarding_taf_member",
            "id taf_id user_id contact_name name agency_id role company_id create_uid "
            "create_date write_uid write_date".split(),
            ((*row, company, uid, self.now, uid, self.now) for row in members),
        )
        copy_rows(
            cr,
            "safeguarding_taf_action",
            "id taf_id need name owner_user_id owner_member_id owner_name due_date state "
            "outcome_note company_id create_uid create_date write_uid write_date".split(),
            stamp(actions, ids["safeguarding_taf_action"]),
        )
        copy_rows(
            cr,
            "safeguarding_taf_review",
            "id taf_id kind date state scaling decision company_id create_uid create_date "
            "write_uid write_date".split(),
            stamp(reviews, ids["safeguarding_taf_review"]),
        )
        copy_rows(
            cr,
            "mail_followers",
            ("res_model", "res_id", "partner_id"),
            sorted({("safeguarding.taf", taf_id, partner) for taf_id, partner in followers}),
        )
        self.n_tafs = count
        self.counts = {
            "taf_lead": len(leads),
            "taf_member": len(members),
            "taf_action": len(actions),
            "taf_review": len(reviews),
        }
        cr.commit()
        self.clock.step(
            f"TAF cases (+{len(leads):,} leads, {len(members):,} members, "
            f"{len(actions):,} actions, {len(reviews):,} reviews)",
            count,
        )

    # ------------------------------------------------------------ escalations

    def escalations(self):
        rng, cr, env = self.rng, self.cr, self.env
        uid, company = self.uid, self.company.id
        policy = env.ref("safeguarding_escalation.policy_thurrock")
        stages = policy.stage_ids.sorted()
        manager_of = {
            user.id: user.safeguarding_manager_id.id
            for user in env["res.users"].search([("login", "=like", "bench.%")])
        }
        n_taf = len(self.taf_info) // 12
        n_ref = self.n_referrals // 300
        decided = [info for info in self.referral_info if info[5] is not None]
        rows, participants, discussions = [], [], []
        self.open_escalations = []
        esc_id0 = next_id(cr, "safeguarding_escalation")
        subjects = [("referral", info) for info in rng.sample(decided, min(n_ref, len(decided)))]
        subjects += [
            ("taf", info) for info in rng.sample(self.taf_info, min(n_taf, len(self.taf_info)))
        ]
        subjects.sort(key=lambda item: item[1][0])
        for index, (kind, info) in enumerate(subjects):
            esc_id = esc_id0 + index
            if kind == "referral":
                referral_id, _f, _k, _s, _o, decided_on, _t, framework_id = info
                if framework_id != self.framework.id:
                    continue
                raised_by = rng.choice(self.practitioner_ids)
                other = rng.choice(self.mash_ids)
                raised_on = min(decided_on.date() + timedelta(days=rng.randint(1, 10)), self.today)
                taf_id, category = None, "referral_decision"
            else:
                taf_id, referral_id, state, start, end, lead, team = info
                other = lead
                raised_by = rng.choice(team) if team else rng.choice(self.practitioner_ids)
                if raised_by == other:
                    continue
                span = max(1, ((end or self.today) - start).days)
                raised_on = start + timedelta(days=rng.randint(0, span))
                category = {"stepped_down": "step_down", "closed": "closure"}.get(state, "plan")
                referral_id = None
            reached = rng.choices((1, 2, 3, 4), weights=(60, 25, 10, 5))[0]
            started = raised_on
            for _ in range(reached - 1):
                started += timedelta(days=rng.randint(3, 8))
            started = min(started, self.today)
            still_open = raised_on > self.today - timedelta(days=30) and rng.random() < 0.7
            closed_on = resolution = outcome = decision = withdrawal = None
            state = "open"
            if not still_open:
                closed_on = min(started + timedelta(days=rng.randint(1, 10)), self.today)
                r = rng.random()
                if reached == 4:
                    state, resolution = "closed", rng.choice(("upheld", "changed"))
                    decision = "The partnership agreed the plan with both agencies."
                elif r < 0.85:
                    state, resolution = "resolved", rng.choice(("upheld", "changed", "other"))
                    outcome = "Agreed after discussion between the professionals."
                else:
                    state, withdrawal = "withdrawn", "Resolved informally by the referrer."
            stage = stages[reached - 1]
            rows.append(
                (
                    esc_id,
                    f"ESC/{raised_on.year}/{index + 1:05d}",
                    state,
                    category,
                    referral_id,
                    taf_id,
                    "The decision does not reflect what the school sees every day.",
                    "A fresh look at the level of need with the school.",
                    raised_by,
                    other,
                    raised_on,
                    None if state == "open" else stage.id,
                    None if state == "open" else started,
                    closed_on,
                    resolution,
                    outcome,
                    decision,
                    withdrawal,
                    False,
                    company,
                    raised_by,
                    datetime.combine(raised_on, time(11)),
                    raised_by,
                    datetime.combine(closed_on or raised_on, time(11)),
                )
            )
            if state == "open":
                self.open_escalations.append((esc_id, stage.id, started))
            else:
                people = {raised_by, other}
                if reached >= 2:
                    people |= {manager_of.get(raised_by), manager_of.get(other)}
                if reached >= 3:
                    people |= {manager_of.get(manager_of.get(raised_by))}
                participants += [(esc_id, user) for user in sorted(people - {None})]
            day = raised_on
            for number in range(1, reached + (0 if state == "open" else 1)):
                discussions.append(
                    (
                        esc_id,
                        stages[min(number, reached) - 1].id,
                        min(day, self.today),
                        "Both professionals set out their view.",
                        "Not resolved at this stage." if number < reached else "Agreed.",
                    )
                )
                day += timedelta(days=3)
        count = copy_rows(
            cr,
            "safeguarding_escalation",
            "id name state category referral_id taf_id disputed desired_outcome raised_by_id "
            "other_user_id raised_on current_stage_id stage_started_on closed_on resolution "
            "outcome partnership_decision withdrawal_reason is_overdue company_id create_uid "
            "create_date write_uid write_date".split(),
            rows,
        )
        copy_rows(
            cr,
            "safeguarding_escalation_participant_rel",
            ("escalation_id", "user_id"),
            participants,
        )
        disc_id0 = next_id(cr, "safeguarding_escalation_discussion")
        copy_rows(
            cr,
            "safeguarding_escalation_discussion",
            "id escalation_id stage_id date summary outcome company_id create_uid create_date "
            "write_uid write_date".split(),
            (
                (disc_id0 + index, *row, company, uid, self.now, uid, self.now)
                for index, row in enumerate(discussions)
            ),
        )
        self.n_escalations = count
        cr.commit()
        self.clock.step(f"escalations (+{len(discussions):,} discussions)", count)

    # ------------------------------------------------- computed fields (ORM)

    SET_EXPLICITLY = {
        "safeguarding.referral": {"suggested_tier", "suggestion_explanation", "decision_deadline"},
        # the escalation's stage is entered by the model's own code below
        "safeguarding.escalation": set(),
    }
    MODELS = (
        "safeguarding.family",
        "safeguarding.child",
        "safeguarding.adult",
        "safeguarding.family.member",
        "safeguarding.referral",
        "safeguarding.referral.indicator",
        "safeguarding.taf",
        "safeguarding.taf.lead",
        "safeguarding.taf.member",
        "safeguarding.taf.action",
        "safeguarding.taf.review",
        "safeguarding.escalation",
        "safeguarding.escalation.discussion",
    )

    def stored_fields(self, model_name):
        model = self.env[model_name]
        skip = self.SET_EXPLICITLY.get(model_name, set())
        return [
            field
            for field in model._fields.values()
            if field.store and field.compute and field.name not in skip
        ]

    def recompute(self):
        env, cr = self.env, self.cr
        for model_name in self.MODELS:
            model = env[model_name]
            fields_ = self.stored_fields(model_name)
            if not fields_:
                continue
            cr.execute(f"SELECT id FROM {model._table} ORDER BY id")  # noqa: S608
            ids = [row[0] for row in cr.fetchall()]
            for offset in range(0, len(ids), CHUNK):
                records = model.browse(ids[offset : offset + CHUNK])
                for field in fields_:
                    env.add_to_compute(field, records)
                env.flush_all()
                cr.commit()
                env.invalidate_all()
            self.clock.step(
                f"{model_name}: ORM recompute of {', '.join(f.name for f in fields_)}", len(ids)
            )

    # ------------------------------------------------ activities, histories

    def activities(self):
        env, cr = self.env, self.cr
        quiet = {
            "mail_activity_quick_update": True,
            "mail_notify_force_send": False,
            "tracking_disable": True,
            "mail_create_nosubscribe": True,
        }
        # plan actions of running cases: the owner's activity, by the model's own code
        cr.execute(
            """SELECT action.id FROM safeguarding_taf_action action
                 JOIN safeguarding_taf case_ ON case_.id = action.taf_id
                WHERE action.state = 'todo' AND action.owner_user_id IS NOT NULL
                  AND case_.state IN ('open', 'stepped_down')
                ORDER BY action.id"""
        )
        action_ids = [row[0] for row in cr.fetchall()]
        Action = env["safeguarding.taf.action"].with_context(**quiet)
        for offset in range(0, len(action_ids), 2000):
            Action.browse(action_ids[offset : offset + 2000]).activity_update()
            env.flush_all()
            cr.commit()
            env.invalidate_all()
        self.clock.step("plan action activities (activity_update)", len(action_ids))

        # open escalations enter their stage: participants, activities, deadline
        Escalation = env["safeguarding.escalation"].with_context(**quiet)
        Stage = env["safeguarding.escalation.stage"]
        for esc_id, stage_id, started in self.open_escalations:
            Escalation.browse(esc_id)._enter_stage(Stage.browse(stage_id), start=started)
        env.flush_all()
        cr.commit()
        self.clock.step(
            "open escalations enter their stage (_enter_stage)", len(self.open_escalations)
        )

        # the daily crons, as they run on the day of generation
        env["safeguarding.taf.review"].with_context(**quiet)._cron_review_reminders()
        env.flush_all()
        cr.commit()
        cr.execute(
            "SELECT count(*) FILTER (WHERE activity_scheduled), count(*) FILTER (WHERE "
            "overdue_flagged) FROM safeguarding_taf_review"
        )
        reminded, flagged = cr.fetchone()
        self.clock.step(f"review cron: {reminded:,} reminders, {flagged:,} overdue flags")
        env["safeguarding.escalation"].with_context(**quiet)._cron_flag_overdue_stages()
        env.flush_all()
        cr.commit()
        self.clock.step("escalation overdue cron")

    def tier_history(self):
        cr = self.cr
        framework = self.framework.id
        uid, company = self.uid, self.company.id
        history_id0 = next_id(cr, "safeguarding_child_tier")
        # closed periods: the tier of each finished case, from its start to its end
        cr.execute(
            """
            INSERT INTO safeguarding_child_tier (id, child_id, tier, framework_id, date_from,
                   date_to, reason, taf_id, changed_by_id, company_id, create_uid, create_date,
                   write_uid, write_date)
            SELECT %(id0)s + row_number() OVER (ORDER BY case_.start_date, rel.child_id) - 1,
                   rel.child_id, case_.tier, %(framework)s, case_.start_date,
                   COALESCE(case_.close_date, case_.step_down_date, case_.start_date + 90),
                   'Case ' || case_.name || ' opened', case_.id, %(uid)s, %(company)s,
                   %(uid)s, now(), %(uid)s, now()
              FROM safeguarding_taf case_
              JOIN safeguarding_child_taf_rel rel ON rel.taf_id = case_.id
             WHERE case_.state IN ('closed', 'stepped_up')
            """,
            {"id0": history_id0, "framework": framework, "uid": uid, "company": company},
        )
        closed = cr.rowcount
        # open periods: the current tier of every child with open work
        cr.execute(
            """
            INSERT INTO safeguarding_child_tier (id, child_id, tier, framework_id, date_from,
                   reason, changed_by_id, company_id, create_uid, create_date, write_uid,
                   write_date)
            SELECT %(id0)s + row_number() OVER (ORDER BY child.id) - 1, child.id,
                   child.current_tier, %(framework)s,
                   COALESCE(decided.decided_on, now() - interval '30 days'),
                   'Tier on record when the history began', %(uid)s, %(company)s, %(uid)s,
                   now(), %(uid)s, now()
              FROM safeguarding_child child
              -- one pass over the decisions: a subquery for each child, planned before
              -- the tables are analysed, scanned every referral for each (4 minutes at L)
              LEFT JOIN (SELECT rr.child_id, max(r.decided_on) AS decided_on
                           FROM safeguarding_child_referral_rel rr
                           JOIN safeguarding_referral r ON r.id = rr.referral_id
                          WHERE r.state = 'decided'
                          GROUP BY rr.child_id) decided ON decided.child_id = child.id
             WHERE child.current_tier IS NOT NULL
            """,
            {"id0": history_id0 + closed, "framework": framework, "uid": uid, "company": company},
        )
        opened = cr.rowcount
        cr.commit()
        self.clock.step("child tier history (INSERT ... SELECT)", closed + opened)

    def sequences(self):
        cr, env = self.cr, self.env
        for table in (
            "safeguarding_family",
            "safeguarding_child",
            "safeguarding_adult",
            "safeguarding_family_member",
            "safeguarding_referral",
            "safeguarding_referral_indicator",
            "safeguarding_taf",
            "safeguarding_taf_lead",
            "safeguarding_taf_member",
            "safeguarding_taf_action",
            "safeguarding_taf_review",
            "safeguarding_escalation",
            "safeguarding_escalation_discussion",
            "safeguarding_child_tier",
            "mail_followers",
        ):
            reset_sequence(cr, table)
        Sequence = env["ir.sequence"]
        for code, table in (
            ("safeguarding.referral", "safeguarding_referral"),
            ("safeguarding.taf", "safeguarding_taf"),
            ("safeguarding.family", "safeguarding_family"),
            ("safeguarding.escalation", "safeguarding_escalation"),
        ):
            cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            number_next = cr.fetchone()[0] + 1
            Sequence.search([("code", "=", code)]).write({"number_next": number_next})
        cr.commit()
        self.clock.step("id sequences and reference numbers")

    def referral_figures(self):
        """The manager's referral figures were kept by the database's triggers through
        the COPY and the recomputes: fold their changes into the totals."""
        moved = self.env["safeguarding.referral.figure"]._fold_deltas()
        self.cr.commit()
        self.clock.step(f"referral figures: {moved:,} changes folded into the totals")

    # ----------------------------------------------------------- verification

    def verify_figures(self):
        """The referral figures against a count of the referrals: every difference."""
        from odoo.addons.safeguarding_threshold.models.safeguarding_referral_figure import (
            COUNTED_SQL,
            DIMENSIONS,
        )

        columns = ", ".join(DIMENSIONS)
        live = (
            f"SELECT {columns}, count(*)::integer FROM safeguarding_referral referral "  # noqa: S608
            f"WHERE {COUNTED_SQL.format(row='referral')} GROUP BY {columns}"
        )
        figures = f"SELECT {columns}, referral_count FROM safeguarding_referral_figure"  # noqa: S608
        self.cr.execute(
            f"(({live}) EXCEPT ({figures})) UNION ALL (({figures}) EXCEPT ({live}))"  # noqa: S608
        )
        mismatches = [("safeguarding.referral.figure", *row) for row in self.cr.fetchall()]
        self.cr.execute(
            "SELECT count(*), COALESCE(sum(referral_count), 0) FROM safeguarding_referral_figure"
        )
        rows, referrals = self.cr.fetchone()
        self.clock.step(
            f"referral figures: {rows:,} figures of {referrals:,} referrals, "
            f"{len(mismatches)} differences from the referrals"
        )
        return mismatches

    def verify(self, sample=200):
        """Recompute the stored computed fields of a sample through the ORM and compare."""
        env, cr = self.env, self.cr
        rng = random.Random(1)
        mismatches = []
        checked = 0
        for model_name in self.MODELS:
            model = env[model_name]
            fields_ = [f for f in model._fields.values() if f.store and f.compute]
            if not fields_:
                continue
            cr.execute(f"SELECT id FROM {model._table} ORDER BY id")  # noqa: S608
            ids = [row[0] for row in cr.fetchall()]
            records = model.browse(sorted(rng.sample(ids, min(sample, len(ids)))))
            columns = [f.name for f in fields_]
            query = f"SELECT id, {', '.join(columns)} FROM {model._table} WHERE id IN %s"  # noqa: S608
            cr.execute(query, [tuple(records.ids) or (0,)])
            before = {row[0]: row[1:] for row in cr.fetchall()}
            savepoint = cr.savepoint()
            for field in fields_:
                env.add_to_compute(field, records)
            env.flush_all()
            cr.execute(query, [tuple(records.ids) or (0,)])
            after = {row[0]: row[1:] for row in cr.fetchall()}
            savepoint.close(rollback=True)
            env.invalidate_all()
            for record_id, values in before.items():
                for column, old, new in zip(columns, values, after[record_id], strict=True):
                    if old != new:
                        mismatches.append((model_name, record_id, column, old, new))
            checked += len(records)
        self.clock.step(f"verified {checked:,} records: {len(mismatches)} mismatches")
        return mismatches

    def summary(self):
        cr = self.cr
        counts = {}
        for table in (
            "safeguarding_family",
            "safeguarding_child",
            "safeguarding_adult",
            "safeguarding_family_member",
            "safeguarding_referral",
            "safeguarding_referral_indicator",
            "safeguarding_child_referral_rel",
            "safeguarding_taf",
            "safeguarding_taf_lead",
            "safeguarding_taf_member",
            "safeguarding_taf_action",
            "safeguarding_taf_review",
            "safeguarding_escalation",
            "safeguarding_escalation_discussion",
            "safeguarding_child_tier",
            "mail_activity",
            "mail_message",
        ):
            cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            counts[table] = cr.fetchone()[0]
        return counts

    def run(self, verify=True):
        self.setup()
        self.people()
        self.referrals()
        self.cases()
        self.escalations()
        self.sequences()
        self.recompute()
        if self.today == date.today():
            self.activities()
        else:
            # the crons and the activities see the chosen day as today
            from freezegun import freeze_time

            with freeze_time(self.now):
                self.activities()
        self.tier_history()
        self.sequences()
        self.referral_figures()
        self.cr.execute("ANALYZE")
        self.clock.step("ANALYZE")
        mismatches = self.verify() + self.verify_figures() if verify else []
        return self.summary(), mismatches


def main(argv=None):
    parser = database_parser(__doc__.split("\n")[0], sizes=sorted(SIZES))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--no-verify", action="store_true")
    args = parser.parse_args(argv)
    registry = open_registry_of(args)
    clock = Clock()
    today = args.today or date.today()
    print(f"==> generating size {args.size} (seed {args.seed}, today {today}) into {args.db}")
    with environment(registry, context={"tracking_disable": True}) as env:
        env.cr.execute("SELECT count(*) FROM safeguarding_referral")
        if env.cr.fetchone()[0]:
            print(f"error: {args.db} already has referrals; generate into a fresh database")
            return 2
        generator = Generator(env, args.size, args.seed, today, clock)
        counts, mismatches = generator.run(verify=not args.no_verify)
    print(f"==> done in {clock.total():.1f} s")
    for table, count in counts.items():
        print(f"    {table:<40} {count:>10,}")
    for mismatch in mismatches[:20]:
        print("    MISMATCH", *mismatch)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
