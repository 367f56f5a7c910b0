"""Partner agencies and their portal professionals, for the portal's tests."""

from werkzeug.datastructures import MultiDict

from odoo.addons.mail.tests.common import mail_new_test_user

GOOD_NHS = "943 476 5919"
TOKEN = "0123456789abcdef0123456789abcdef"


def make_agency(env, name, login):
    """An agency with its organisation and one portal professional ``login``."""
    organisation = env["res.partner"].create({"name": name, "is_company": True})
    agency = env["safeguarding.agency"].create(
        {"name": name, "partner_id": organisation.id, "referral_source": "2A"}
    )
    user = mail_new_test_user(
        env,
        login=login,
        name=f"{login.title()} Lead",
        email=f"{login}@example.org",
        groups="base.group_portal",
    )
    user.partner_id.parent_id = organisation
    return agency, user


def valid_form(**overrides):
    """A complete, valid request for support, as the browser posts it."""
    values = {
        "submission_token": TOKEN,
        "child_count": "1",
        "adult_count": "1",
        "child-0-first_name": "Poppy",
        "child-0-last_name": "Hartwell",
        "child-0-birthdate": "14/02/2015",
        "child-0-sex": "F",
        "child-0-school": "Grays Primary School",
        "child-0-nhs_number": GOOD_NHS,
        "adult-0-name": "Jade Hartwell",
        "adult-0-relationship": "Mother",
        "adult-0-role": "parent",
        "adult-0-parental_responsibility": "1",
        "referrer_role": "Designated safeguarding lead",
        "referrer_phone": "01375 000000",
        "concerns": "Poppy has come to school hungry every day this week.",
        "support_tried": "Breakfast club since September.",
        "child_views": "She says there is no food at home.",
        "urgency": "standard",
        "consent_status": "parent",
        "consent_given_by": "Jade Hartwell, mother",
        "consent_date": "01/12/2026",
    }
    indicators = overrides.pop("indicator_ids", [])
    values.update(overrides)
    form = MultiDict({key: value for key, value in values.items() if value is not None})
    for indicator_id in indicators:
        form.add("indicator_ids", str(indicator_id))
    return form


# what a request for support creates: counted before and after to show it made nothing
INTAKE_MODELS = (
    "safeguarding.referral",
    "safeguarding.child",
    "safeguarding.family",
    "safeguarding.adult",
    "ir.attachment",
)


def intake_counts(env):
    """How many records of each INTAKE_MODELS there are, archived ones included."""
    return {
        model: env[model].sudo().with_context(active_test=False).search_count([])
        for model in INTAKE_MODELS
    }
