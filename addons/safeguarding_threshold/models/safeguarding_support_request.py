"""The partner agencies' front door: the request-for-support form of the portal.

A professional of a partner agency (a school's safeguarding lead, a health visitor) is a
portal user: they may read nothing of the council's records. What they send is checked
here, field by field, with the same rules as the back office (the models' own
constraints, run on unsaved records); only a whole valid form creates anything, and it
is created in one step, as the intake of the front door: the children, their household,
the referral with its indicators, consent and attachments, submitted to the MASH.

What the professional may see afterwards (their own referrals, the decision once they
have been told it) is read here too, as a few plain values; the records stay out of
their reach (no access rights, no follower).
"""

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.translate import LazyTranslate

from ..tools import CONSENT_EXCEPTION_SELECTION, SEX_SELECTION, URGENCY_SELECTION

_lt = LazyTranslate(__name__)

MAX_CHILDREN = 8
MAX_ADULTS = 8
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "text/plain": "text",
}
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
ADULT_ROLE_SELECTION = [
    ("parent", "Parent"),
    ("carer", "Carer"),
    ("other_adult", "Other adult in the household"),
]
# the referral's consent statuses, as the form asks them
CONSENT_FORM_SELECTION = [
    ("parent", "Yes, a parent or carer agreed"),
    ("child", "Yes, the child agreed (old enough to decide)"),
    ("refused", "No, consent was refused"),
    ("not_sought", "No, consent was not asked for"),
]
# how a portal user's referral is called while the MASH works on it
PORTAL_STATUS = {
    "submitted": _lt("Received"),
    "screening": _lt("Being looked at by the MASH"),
    "decided": _lt("Decided"),
    "closed": _lt("Closed"),
}


@dataclass
class SupportForm:
    """A request for support as parsed from the form, with the errors found."""

    children: list = field(default_factory=list)
    adults: list = field(default_factory=list)
    referral: dict = field(default_factory=dict)
    indicators: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    consent_child: int = -1
    token: str = ""
    errors: dict = field(default_factory=dict)

    def error(self, name, message):
        self.errors.setdefault(name, message)


class SafeguardingSupportRequest(models.AbstractModel):
    _name = "safeguarding.support.request"
    _description = "Request for support (partner portal)"

    # ------------------------------------------------------------ who may send one

    @api.model
    def _agency(self):
        """The agency the current portal user refers for; a UserError for anyone else."""
        agency = self.env["safeguarding.agency"]._of_portal_user(self.env.user)
        if not agency:
            raise UserError(
                self.env._(
                    "Your account is not linked to a partner agency of the council, so you "
                    "cannot send a request for support here. Contact the early help hub."
                )
            )
        return agency

    @api.model
    def _framework(self, agency):
        company = agency.company_id
        return company.safeguarding_framework_id or self.env[
            "safeguarding.framework"
        ].sudo().search([], limit=1)

    # ------------------------------------------------------------ what the form offers

    @api.model
    def _options(self, agency):
        """What the form shows: the council's matrix (its domains, tiers or levels and
        indicators, as the back office's matrix picker lays them out) and the choices
        of each field."""
        framework = self._framework(agency).sudo()
        matrix = framework._indicator_matrix_structure()
        return {
            "framework": framework,
            "matrix": matrix,
            "tier_labels": {column["tier"]: column["label"] for column in matrix["columns"]},
            "sex": SEX_SELECTION,
            "adult_roles": ADULT_ROLE_SELECTION,
            "consent": CONSENT_FORM_SELECTION,
            "consent_exceptions": CONSENT_EXCEPTION_SELECTION,
            "urgency": URGENCY_SELECTION,
            "max_children": MAX_CHILDREN,
            "max_adults": MAX_ADULTS,
            "max_attachments": MAX_ATTACHMENTS,
        }

    @api.model
    def _domains_holding(self, matrix, indicator_ids):
        """The ids of the matrix's domains (and their parents) holding any of
        ``indicator_ids``: the headings the form shows open."""
        found = set()

        def walk(node):
            holds = any(
                indicator["id"] in indicator_ids
                for row in node["rows"]
                for cell in row["cells"]
                for indicator in cell["indicators"]
            )
            for child in node["children"]:
                holds = walk(child) or holds
            if holds:
                found.add(node["id"])
            return holds

        for node in matrix["domains"]:
            walk(node)
        return found

    @api.model
    def _search_indicators(self, query):
        """The indicators of the current user's council matching ``query``, best first
        (the back office's ranked search)."""
        framework = self._framework(self._agency())
        return (
            self.env["safeguarding.indicator"]
            .sudo()
            .search_ranked_ids(framework.id, query or "", limit=40)
        )

    # ------------------------------------------------------------ reading the form

    @api.model
    def _parse(self, form, files=(), agency=None):
        """Read a submitted form (a mapping of lists, as werkzeug's MultiDict gives
        ``getlist``) into a SupportForm, checking every field."""
        agency = agency or self._agency()
        parsed = SupportForm(token=self._value(form, "submission_token"))
        if not TOKEN_PATTERN.match(parsed.token):
            parsed.error("_form", self.env._("The form has expired: open it again and resend it."))
        self._parse_children(form, parsed)
        self._parse_adults(form, parsed)
        self._parse_referral(form, parsed, agency)
        self._parse_indicators(form, parsed, agency)
        self._parse_consent(form, parsed)
        self._parse_attachments(files, parsed)
        return parsed

    @staticmethod
    def _value(form, name):
        return (form.get(name) or "").strip()

    @staticmethod
    def _count(form, name, maximum):
        try:
            return max(1, min(int(form.get(name) or 1), maximum))
        except ValueError:
            return 1

    def _date(self, form, name, parsed):
        """A date typed as dd/mm/yyyy (or as a browser's date picker sends it)."""
        text = self._value(form, name)
        if not text:
            return False
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        parsed.error(name, self.env._("Enter the date as dd/mm/yyyy, for example 14/02/2015."))
        return False

    def _choice(self, form, name, selection, parsed, default=False):
        value = self._value(form, name) or default
        if value and value not in dict(selection):
            parsed.error(name, self.env._("Choose one of the options."))
            return False
        return value

    def _parse_children(self, form, parsed):
        Child = self.env["safeguarding.child"].sudo()
        for index in range(self._count(form, "child_count", MAX_CHILDREN)):
            prefix = f"child-{index}-"
            names = ("first_name", "last_name", "birthdate", "expected_birthdate", "nhs_number")
            names += ("upn", "school")
            if index and not any(self._value(form, prefix + name) for name in names):
                continue  # an empty block added by mistake
            birthdate = self._date(form, prefix + "birthdate", parsed)
            expected = self._date(form, prefix + "expected_birthdate", parsed)
            values = {
                "first_name": self._value(form, prefix + "first_name") or False,
                "last_name": self._value(form, prefix + "last_name"),
                "birthdate": birthdate,
                "expected_birthdate": expected,
                "is_unborn": bool(expected and not birthdate),
                "sex": self._choice(form, prefix + "sex", SEX_SELECTION, parsed, "U"),
                "nhs_number": self._value(form, prefix + "nhs_number") or False,
                "upn": self._value(form, prefix + "upn").upper() or False,
                "school": self._value(form, prefix + "school") or False,
            }
            if not values["last_name"]:
                parsed.error(prefix + "last_name", self.env._("Enter the child's last name."))
            if not values["first_name"] and not values["is_unborn"]:
                parsed.error(prefix + "first_name", self.env._("Enter the child's first name."))
            if not birthdate and not expected:
                parsed.error(
                    prefix + "birthdate",
                    self.env._(
                        "Enter the date of birth, or the expected date of birth of a baby not "
                        "yet born."
                    ),
                )
            elif birthdate and expected:
                parsed.error(
                    prefix + "expected_birthdate",
                    self.env._("Give a date of birth or an expected date of birth, not both."),
                )
            elif values["is_unborn"]:
                values["sex"] = "U"
            if values["last_name"]:
                self._check_with_model(
                    Child,
                    values,
                    {
                        "_check_names": prefix + "last_name",
                        "_check_birth_dates": prefix
                        + ("expected_birthdate" if expected else "birthdate"),
                    },
                    parsed,
                )
                for identifier in ("nhs_number", "upn"):
                    if values[identifier]:
                        self._check_with_model(
                            Child,
                            {"last_name": values["last_name"], identifier: values[identifier]},
                            {"_check_identifiers": prefix + identifier},
                            parsed,
                        )
            parsed.children.append(values)
        self._check_numbers_once(parsed)

    def _check_numbers_once(self, parsed):
        """Two children of one request cannot share an NHS number or a UPN."""
        labels = {"nhs_number": self.env._("NHS number"), "upn": self.env._("UPN")}
        for identifier, label in labels.items():
            seen = set()
            for index, values in enumerate(parsed.children):
                number = re.sub(r"\s", "", values[identifier] or "")
                if number and number in seen:
                    parsed.error(
                        f"child-{index}-{identifier}",
                        self.env._(
                            "Another child in this request has the same %(label)s.", label=label
                        ),
                    )
                seen.add(number)

    def _parse_adults(self, form, parsed):
        Adult = self.env["safeguarding.adult"].sudo()
        for index in range(self._count(form, "adult_count", MAX_ADULTS)):
            prefix = f"adult-{index}-"
            name = self._value(form, prefix + "name")
            relationship = self._value(form, prefix + "relationship")
            if not name and not relationship:
                continue
            if not name:
                parsed.error(prefix + "name", self.env._("Enter this adult's name."))
            values = {
                "name": name,
                "relationship": relationship or False,
                "role": self._choice(form, prefix + "role", ADULT_ROLE_SELECTION, parsed, "parent"),
                "parental_responsibility": bool(form.get(prefix + "parental_responsibility")),
                "phone": self._value(form, prefix + "phone") or False,
            }
            if name:
                self._check_with_model(
                    Adult, {"name": name}, {"_check_name_value": prefix + "name"}, parsed
                )
            parsed.adults.append(values)

    def _parse_referral(self, form, parsed, agency):
        user = self.env.user
        concerns = self._value(form, "concerns")
        if not concerns:
            parsed.error(
                "concerns",
                self.env._(
                    "Describe what you are worried about: what has happened, to whom, when."
                ),
            )
        parsed.referral = {
            "referrer_name": user.name,
            "referrer_email": email_normalize(user.email or "") or user.email or False,
            "referrer_phone": self._value(form, "referrer_phone") or False,
            "referrer_role": self._value(form, "referrer_role") or False,
            "agency_id": agency.id,
            "concerns": plaintext2html(concerns) if concerns else False,
            "support_tried": self._value(form, "support_tried") or False,
            "child_views": self._value(form, "child_views") or False,
            "urgency": self._choice(form, "urgency", URGENCY_SELECTION, parsed, "standard"),
        }
        if not parsed.referral["referrer_role"]:
            parsed.error(
                "referrer_role", self.env._("Enter your role, e.g. Designated safeguarding lead.")
            )

    def _parse_indicators(self, form, parsed, agency):
        framework = self._framework(agency)
        ids = []
        for value in form.getlist("indicator_ids"):
            if not str(value).isdigit():
                parsed.error("indicator_ids", self.env._("Choose indicators from the list."))
                return
            ids.append(int(value))
        found = (
            self.env["safeguarding.indicator"]
            .sudo()
            .search([("id", "in", ids), ("framework_id", "=", framework.id)])
        )
        if len(found) != len(set(ids)):
            parsed.error(
                "indicator_ids",
                self.env._("Choose indicators from your council's threshold document."),
            )
            return
        parsed.indicators = [
            {
                "indicator_id": indicator.id,
                "evidence": self._value(form, f"evidence-{indicator.id}") or False,
            }
            for indicator in found
        ]

    def _parse_consent(self, form, parsed):
        status = self._choice(form, "consent_status", CONSENT_FORM_SELECTION, parsed)
        if not status:
            parsed.error(
                "consent_status",
                self.env._("Say whether the family agreed to this request for support."),
            )
            return
        values = {"consent_status": status}
        if status in ("parent", "refused"):
            values["consent_given_by"] = self._value(form, "consent_given_by") or False
            if not values["consent_given_by"]:
                parsed.error(
                    "consent_given_by",
                    self.env._("Name the parent or carer who agreed or refused."),
                )
        if status in ("parent", "child", "refused"):
            values["consent_date"] = self._date(form, "consent_date", parsed)
            if not values["consent_date"] and "consent_date" not in parsed.errors:
                parsed.error("consent_date", self.env._("Enter when you asked for consent."))
            elif values["consent_date"] and values["consent_date"] > fields.Date.context_today(
                self
            ):
                parsed.error(
                    "consent_date", self.env._("The date you asked for consent is in the future.")
                )
        if status == "child":
            try:
                parsed.consent_child = int(form.get("consent_child") or -1)
            except ValueError:
                parsed.consent_child = -1
            if not 0 <= parsed.consent_child < len(parsed.children):
                parsed.error("consent_child", self.env._("Choose which child agreed."))
            values["consent_child_understands"] = bool(form.get("consent_child_understands"))
            if not values["consent_child_understands"]:
                parsed.error(
                    "consent_child_understands",
                    self.env._(
                        "Confirm that the child understands what they agreed to, or ask a "
                        "parent or carer."
                    ),
                )
        if status == "not_sought":
            values["consent_exception"] = self._choice(
                form, "consent_exception", CONSENT_EXCEPTION_SELECTION, parsed
            )
            values["consent_exception_note"] = self._value(form, "consent_exception_note") or False
            if not values["consent_exception"]:
                parsed.error(
                    "consent_exception", self.env._("Choose why consent was not asked for.")
                )
            if not values["consent_exception_note"]:
                parsed.error(
                    "consent_exception_note", self.env._("Explain why consent was not asked for.")
                )
        parsed.referral.update(values)

    def _parse_attachments(self, files, parsed):
        files = [upload for upload in files if upload and upload.filename]
        if len(files) > MAX_ATTACHMENTS:
            parsed.error(
                "attachments",
                self.env._("Attach at most %(count)s files.", count=MAX_ATTACHMENTS),
            )
            return
        for upload in files:
            content = upload.read(MAX_ATTACHMENT_BYTES + 1)
            mimetype = (upload.mimetype or "").split(";")[0].strip()
            if len(content) > MAX_ATTACHMENT_BYTES:
                parsed.error(
                    "attachments",
                    self.env._("%(file)s is larger than 10 MB.", file=upload.filename),
                )
            elif mimetype not in ATTACHMENT_TYPES:
                parsed.error(
                    "attachments",
                    self.env._(
                        "%(file)s cannot be attached: send PDF, Word, OpenDocument, text, JPEG "
                        "or PNG files.",
                        file=upload.filename,
                    ),
                )
            else:
                parsed.attachments.append((upload.filename, mimetype, content))

    def _check_with_model(self, model, values, checks, parsed):
        """Run the model's own constraint methods on an unsaved record of ``values``:
        the form refuses what the back office refuses, in the same words."""
        record = model.new(values)
        for method, form_field in checks.items():
            try:
                getattr(record, method)()
            except ValidationError as error:
                parsed.error(form_field, error.args[0])

    # ------------------------------------------------------------ sending it

    @api.model
    def _submit(self, form, files=()):
        """Create and submit the referral the form describes, or create nothing.

        :returns: (referral, errors): the referral (sudo) when sent, or an empty
            recordset and the errors by form field (``_form`` for the whole form)
        """
        agency = self._agency()
        parsed = self._parse(form, files, agency)
        Referral = self.env["safeguarding.referral"].sudo()
        if parsed.token and not parsed.errors:
            already = self._already_sent(parsed.token)
            if already:
                return already, {}
        if parsed.errors:
            return Referral, parsed.errors
        try:
            with self.env.cr.savepoint():
                referral = self._create_referral(parsed, agency)
        except (ValidationError, UserError) as error:
            return Referral, {"_form": error.args[0]}
        except psycopg2.IntegrityError:
            # most likely the same form sent twice at the same moment
            return Referral, {
                "_form": self.env._(
                    "The request could not be sent: it clashed with another one sent at the "
                    "same moment. Check My referrals before sending it again."
                )
            }
        self._confirm(referral)
        return referral, {}

    def _already_sent(self, token):
        return (
            self.env["safeguarding.referral"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("referrer_user_id", "=", self.env.uid), ("portal_submission_token", "=", token)],
                limit=1,
            )
        )

    def _create_referral(self, parsed, agency):
        company = agency.company_id
        env = self.with_company(company).env(su=True)
        env = env(context=dict(env.context, mail_create_nosubscribe=True, tracking_disable=False))
        children, matched = self._children(env, parsed, company)
        family = self._create_household(env, parsed, children - matched, company)
        referral_values = dict(
            parsed.referral,
            referrer_user_id=self.env.uid,
            channel="online",
            framework_id=self._framework(agency).id,
            company_id=company.id,
            family_id=family.id,
            child_ids=[Command.set(children.ids)],
            indicator_line_ids=[Command.create(line) for line in parsed.indicators],
            portal_submission_token=parsed.token,
        )
        if parsed.referral["consent_status"] == "child":
            referral_values["consent_child_id"] = children[parsed.consent_child].id
        referral = env["safeguarding.referral"].create(referral_values)
        referral.action_submit()
        env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "mimetype": mimetype,
                    "datas": base64.b64encode(content),
                    "res_model": referral._name,
                    "res_id": referral.id,
                    "company_id": company.id,
                }
                for name, mimetype, content in parsed.attachments
            ]
        )
        referral.message_post(
            body=Markup("%s")
            % self.env._(
                "Sent through the partner portal by %(name)s (%(agency)s).",
                name=self.env.user.name,
                agency=agency.name,
            ),
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        self._note_matched_children(referral, matched, parsed)
        return referral

    def _children(self, env, parsed, company):
        """The children of the request. A child the council already knows by NHS number
        or UPN, born on the date given, is that record (not a duplicate, and left as the
        council recorded it); the others are created. A number the council knows for a
        child born on another day is left off the new record (the MASH is told): it is
        mistyped, or one of the records is wrong.

        :returns: (the children in the form's order, the known ones)"""
        Child = env["safeguarding.child"].with_context(active_test=False)
        children, matched = Child.browse(), Child.browse()
        for values in parsed.children:
            known = Child.browse()
            values["_withheld"] = []
            for identifier in ("nhs_number", "upn"):
                if not values[identifier] or known:
                    continue
                number = Child._normalise_child_vals({identifier: values[identifier]})[identifier]
                holder = Child.search(
                    [(identifier, "=", number), ("company_id", "=", company.id)], limit=1
                )
                if holder and self._same_birth(holder, values):
                    known = holder
                elif holder:
                    values["_withheld"].append(identifier)
            if known:
                matched |= known
                children |= known
                values["_matched"] = known.id
            else:
                create = {
                    name: False if name in values["_withheld"] else value
                    for name, value in values.items()
                    if not name.startswith("_")
                }
                children |= Child.create(dict(create, company_id=company.id))
        return children, matched

    @staticmethod
    def _same_birth(child, values):
        return (child.birthdate or False) == (values["birthdate"] or False) and (
            child.expected_birthdate or False
        ) == (values["expected_birthdate"] or False)

    def _note_matched_children(self, referral, matched, parsed):
        """Tell the MASH which children were found by their NHS number or UPN (or had a
        number the council knows for another child), and what the referrer wrote about
        them, to check while screening."""
        for values in parsed.children:
            child = matched.filtered(
                lambda known, values=values: known.id == values.get("_matched")
            )
            if not child and not values.get("_withheld"):
                continue
            given = ", ".join(
                str(part)
                for part in (
                    " ".join(filter(None, (values["first_name"], values["last_name"]))),
                    values["birthdate"] and values["birthdate"].strftime("%d/%m/%Y"),
                    values["expected_birthdate"]
                    and values["expected_birthdate"].strftime("%d/%m/%Y"),
                    values["nhs_number"] and f"NHS {values['nhs_number']}",
                    values["upn"] and f"UPN {values['upn']}",
                    values["school"],
                )
                if part
            )
            if child:
                body = self.env._(
                    "The referrer's child %(given)s was matched by NHS number or UPN to the "
                    "council's record of %(child)s. Check that it is the same child.",
                    given=given,
                    child=child.display_name,
                )
            else:
                body = self.env._(
                    "The NHS number or UPN the referrer gave for %(given)s belongs to a child "
                    "born on another day, so it was left off the new record. Check which "
                    "record is right.",
                    given=given,
                )
            referral.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _create_household(self, env, parsed, children, company):
        # the children the council knows keep their households; the MASH links them
        if not children or (not parsed.adults and len(children) < 2):
            return env["safeguarding.family"]
        adults = env["safeguarding.adult"].create(
            [
                {"name": adult["name"], "phone": adult["phone"], "company_id": company.id}
                for adult in parsed.adults
            ]
        )
        members = [Command.create({"role": "child", "child_id": child.id}) for child in children]
        members += [
            Command.create(
                {
                    "role": values["role"],
                    "adult_id": adult.id,
                    "relationship": values["relationship"],
                    "parental_responsibility": values["parental_responsibility"],
                }
            )
            for adult, values in zip(adults, parsed.adults, strict=True)
        ]
        return env["safeguarding.family"].create(
            {
                "name": self.env._("%(name)s household", name=children[0].last_name),
                "company_id": company.id,
                "member_ids": members,
            }
        )

    def _confirm(self, referral):
        """E-mail the professional the reference and what happens next."""
        template = self.env.ref(
            "safeguarding_threshold.mail_template_referral_received", raise_if_not_found=False
        )
        if template and email_normalize(referral.referrer_email or ""):
            template.sudo().send_mail(referral.id)

    # ------------------------------------------------------------ "My referrals"

    @api.model
    def _my_referrals_domain(self):
        return Domain("referrer_user_id", "=", self.env.uid) & Domain("state", "!=", "draft")

    @api.model
    def _my_referrals(self, offset=0, limit=None):
        """The current user's own referrals (sudo: they have no access to the model)."""
        return (
            self.env["safeguarding.referral"]
            .sudo()
            .search(
                self._my_referrals_domain(),
                offset=offset,
                limit=limit,
                order="received_on desc, id desc",
            )
        )

    @api.model
    def _my_referral_count(self):
        return self.env["safeguarding.referral"].sudo().search_count(self._my_referrals_domain())

    @api.model
    def _my_referral(self, referral_id):
        """One of the current user's own referrals, or an empty recordset."""
        return (
            self.env["safeguarding.referral"]
            .sudo()
            .search(self._my_referrals_domain() & Domain("id", "=", int(referral_id)), limit=1)
        )

    @api.model
    def _summary(self, referral):
        """What the referrer may know of their referral: no child, no rationale, and
        the outcome only once the MASH has recorded that they were told it."""
        told = bool(referral.feedback_on)
        outcomes = dict(referral._fields["decision_outcome"]._description_selection(self.env))
        return {
            "id": referral.id,
            "reference": referral.name,
            "received_on": referral.received_on,
            "status": str(PORTAL_STATUS.get(referral.state, referral.state)),
            "decided_on": referral.decided_on,
            "told_on": referral.feedback_on,
            "outcome": outcomes.get(referral.decision_outcome) if told else False,
            "record": referral if told else referral.browse(),
            "child_count": len(referral.child_ids),
            "urgency": dict(URGENCY_SELECTION).get(referral.urgency),
        }
