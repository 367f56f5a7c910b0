"""The children in need (CIN) census return, as the Department for Education reads it.

Pure Python (no Odoo import): ``models/safeguarding_cin_census.py`` reads what the
product records in a few batched queries and hands plain values here; this module
works out each child's CIN episodes and writes the ``<Message>`` XML of the 2024-25
specification (no namespace, ISO dates), which the Department's published rules
(``csc-validator-be-cin``, ruleset ``cin2024_25``) check.

What the product knows of an episode: it starts with a referral decided to children's
social care (a child in need assessment or a strategy discussion) in the census year;
a later such referral while it is open belongs to the same episode; a team around the
family case opened for the child afterwards closes it, referred to early help (RC9).
"""

from collections import namedtuple
from datetime import date, datetime

from lxml import etree

# a referral decided to children's social care: one row per child
CensusReferral = namedtuple(
    "CensusReferral", "child_id referral_date referral_source primary_need_code"
)
# a child as the return identifies and describes them
CensusChild = namedtuple(
    "CensusChild",
    "child_id la_child_id upn birthdate expected_birthdate sex ethnicity disabilities",
)
Episode = namedtuple(
    "Episode", "referral_date referral_source primary_need_code closure_date closure_reason"
)

CLOSED_TO_EARLY_HELP = "RC9"
UNKNOWN_SOURCE = "10"
NOT_STATED_NEED = "N0"
NOT_OBTAINED_ETHNICITY = "NOBT"
NO_DISABILITY = "NONE"
SOFTWARE_CODE = "Safeguarding Thresholds for Odoo"
RELEASE = "19.0"


def census_period(year):
    """The census year ``year`` (e.g. 2025 for 2024-25): 1 April of the year before to
    31 March, both included."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def child_episodes(referrals, early_help_starts):
    """The episodes of one child.

    :param referrals: the child's ``CensusReferral`` rows, any order
    :param early_help_starts: the start dates of the child's team around the family cases
    :return: list of ``Episode``, oldest first; only the last may be open
    """
    events = sorted(
        [(ref.referral_date, 1, ref) for ref in referrals]
        + [(day, 0, None) for day in early_help_starts]
    )
    episodes = []
    current = None
    for day, is_referral, referral in events:
        if is_referral and current is None:
            current = referral
        elif not is_referral and current is not None and day >= current.referral_date:
            episodes.append(_episode(current, day, CLOSED_TO_EARLY_HELP))
            current = None
    if current is not None:
        episodes.append(_episode(current, None, None))
    return episodes


def _episode(referral, closure_date, closure_reason):
    return Episode(
        referral.referral_date,
        referral.referral_source or UNKNOWN_SOURCE,
        referral.primary_need_code or NOT_STATED_NEED,
        closure_date,
        closure_reason,
    )


def _add(parent, tag, value):
    """Append ``<tag>value</tag>`` when there is a value; dates in ISO form."""
    if value is None or value is False or value == "":
        return None
    element = etree.SubElement(parent, tag)
    if isinstance(value, datetime):
        element.text = value.strftime("%Y-%m-%dT%H:%M:%S")
    elif isinstance(value, date):
        element.text = value.isoformat()
    else:
        element.text = str(value)
    return element


def _header(message, year, la_code, created):
    header = etree.SubElement(message, "Header")
    collection = etree.SubElement(header, "CollectionDetails")
    _add(collection, "Collection", "CIN")
    _add(collection, "Year", year)
    _add(collection, "ReferenceDate", census_period(year)[1])
    source = etree.SubElement(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", la_code)
    _add(source, "SoftwareCode", SOFTWARE_CODE)
    _add(source, "Release", RELEASE)
    _add(source, "SerialNo", "001")
    _add(source, "DateTime", created)


def _child(children, child, episodes):
    element = etree.SubElement(children, "Child")
    identifiers = etree.SubElement(element, "ChildIdentifiers")
    _add(identifiers, "LAchildID", child.la_child_id)
    _add(identifiers, "UPN", child.upn)
    _add(identifiers, "PersonBirthDate", child.birthdate)
    _add(identifiers, "ExpectedPersonBirthDate", child.expected_birthdate)
    _add(identifiers, "Sex", child.sex or "U")
    characteristics = etree.SubElement(element, "ChildCharacteristics")
    _add(characteristics, "Ethnicity", child.ethnicity or NOT_OBTAINED_ETHNICITY)
    disabilities = etree.SubElement(characteristics, "Disabilities")
    for code in child.disabilities or [NO_DISABILITY]:
        _add(disabilities, "Disability", code)
    for episode in episodes:
        details = etree.SubElement(element, "CINdetails")
        _add(details, "CINreferralDate", episode.referral_date)
        _add(details, "ReferralSource", episode.referral_source)
        _add(details, "PrimaryNeedCode", episode.primary_need_code)
        _add(details, "CINclosureDate", episode.closure_date)
        _add(details, "ReasonForClosure", episode.closure_reason)
        _add(details, "ReferralNFA", "false")


def census_message(year, la_code, children, episodes_by_child, created):
    """The ``<Message>`` element of the return.

    :param int year: census year (2025 for 2024-25)
    :param str la_code: the council's three-digit DfE LA code
    :param children: ``CensusChild`` rows, in the order to write them
    :param dict episodes_by_child: child id -> list of ``Episode``
    :param datetime created: when the return was made
    """
    message = etree.Element("Message")
    _header(message, year, la_code, created)
    children_element = etree.SubElement(message, "Children")
    for child in children:
        _child(children_element, child, episodes_by_child[child.child_id])
    return message


def census_xml(message):
    """The return as bytes, UTF-8 with an XML declaration."""
    return etree.tostring(message, xml_declaration=True, encoding="utf-8", pretty_print=True)
