from .identifiers import (
    format_nhs_number,
    format_postcode,
    format_upn,
    is_valid_local_reference,
)
from .selections import (
    CONSENT_EXCEPTION_SELECTION,
    CONSENT_GIVEN,
    CONSENT_STATUS_SELECTION,
    REFERRAL_SOURCE_SELECTION,
    SEX_SELECTION,
    TIER_SELECTION,
    URGENCY_SELECTION,
)
