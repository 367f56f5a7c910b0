from .identifiers import (
    format_nhs_number,
    format_postcode,
    format_upn,
    is_valid_la_child_id,
    is_valid_local_reference,
    la_child_id,
)
from .selections import (
    CONSENT_EXCEPTION_SELECTION,
    CONSENT_GIVEN,
    CONSENT_STATUS_SELECTION,
    ETHNICITY_SELECTION,
    PRIMARY_NEED_SELECTION,
    REFERRAL_SOURCE_SELECTION,
    SEX_SELECTION,
    TIER_SELECTION,
    URGENCY_SELECTION,
)
