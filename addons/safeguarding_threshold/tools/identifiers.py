"""Format checks for the identifiers a child record can carry.

Each ``format_*`` function returns the identifier in its canonical form, or
``None`` when the value is not a valid identifier of that kind. NHS numbers
and Unique Pupil Numbers are checked with python-stdnum (an Odoo dependency),
which applies the modulus 11 and modulus 23 check characters.
"""

import re

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.gb import nhs, upn

_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_LOCAL_REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/\-]{0,29}$")
_LA_CHILD_ID_RE = re.compile(r"^[A-Za-z0-9]{1,20}$")
# the census ID of a child whose local ID is not one: the product's own record number
LA_CHILD_ID_PREFIX = "SG"


def format_nhs_number(value):
    """Return an NHS number as ``999 999 9999`` if its check digit holds."""
    try:
        return nhs.format(nhs.validate(value or ""))
    except StdnumValidationError:
        return None


def format_upn(value):
    """Return a Unique Pupil Number in upper case if it is well formed."""
    try:
        return upn.validate(value or "")
    except StdnumValidationError:
        return None


def format_postcode(value):
    """Return a UK postcode in upper case with one space, e.g. ``RM17 6SL``."""
    match = _POSTCODE_RE.match(re.sub(r"\s+", "", value or "").upper())
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def is_valid_local_reference(value):
    """A council's own case reference: letters, digits, ``/`` and ``-``, 1-30 long."""
    return bool(_LOCAL_REF_RE.match((value or "").strip()))


def is_valid_la_child_id(value):
    """A CIN census LAchildID: 1 to 20 letters and digits."""
    return bool(_LA_CHILD_ID_RE.match(value or ""))


def la_child_id(local_reference, record_id):
    """The child's LAchildID in the CIN census: the council's own reference when it is a
    valid LAchildID, otherwise ``SG`` and the child's record number (unique, stable)."""
    local_reference = (local_reference or "").strip()
    if is_valid_la_child_id(local_reference):
        return local_reference
    return f"{LA_CHILD_ID_PREFIX}{record_id}"
