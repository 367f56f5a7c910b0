"""Selections shared by several models, so that one vocabulary is used everywhere."""

# The four steps of the continuum of need. Each framework names them in its own
# words (Tier or Level); these neutral labels are only used where no framework
# applies, e.g. on group-by headers.
TIER_SELECTION = [
    ("1", "1 - Universal"),
    ("2", "2 - Early help"),
    ("3", "3 - Complex / child in need"),
    ("4", "4 - Acute / child protection"),
]

# CIN census "Sex" (from 2024-25): M, F, U.
SEX_SELECTION = [
    ("M", "Male"),
    ("F", "Female"),
    ("U", "Not known"),
]

# CIN census ethnicity codes (the DfE's main categories, as the census spells them).
ETHNICITY_SELECTION = [
    ("WBRI", "White: British"),
    ("WIRI", "White: Irish"),
    ("WIRT", "White: Traveller of Irish heritage"),
    ("WROM", "White: Gypsy/Roma"),
    ("WOTH", "White: any other White background"),
    ("MWBC", "Mixed: White and Black Caribbean"),
    ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"),
    ("MOTH", "Mixed: any other mixed background"),
    ("AIND", "Asian or Asian British: Indian"),
    ("APKN", "Asian or Asian British: Pakistani"),
    ("ABAN", "Asian or Asian British: Bangladeshi"),
    ("AOTH", "Asian or Asian British: any other Asian background"),
    ("BCRB", "Black or Black British: Caribbean"),
    ("BAFR", "Black or Black British: African"),
    ("BOTH", "Black or Black British: any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
]
# what the census return says for a child whose ethnicity is not recorded
ETHNICITY_NOT_OBTAINED = "NOBT"

# CIN census primary need codes: the main reason a child is referred to children's
# social care, chosen with the decision.
PRIMARY_NEED_SELECTION = [
    ("N1", "N1 Abuse or neglect"),
    ("N2", "N2 Child's disability"),
    ("N3", "N3 Parental disability or illness"),
    ("N4", "N4 Family in acute stress"),
    ("N5", "N5 Family dysfunction"),
    ("N6", "N6 Socially unacceptable behaviour"),
    ("N7", "N7 Low income"),
    ("N8", "N8 Absent parenting"),
    ("N9", "N9 Cases other than children in need"),
    ("N0", "N0 Not stated"),
]

# How quickly the front door must decide a referral. Each framework sets the hours of
# each (Tower Hamlets' Appendix E: urgent 4, complex child in need 7, early help 24);
# one it does not set falls back to the framework's standard timescale.
URGENCY_SELECTION = [
    ("standard", "Standard"),
    ("complex", "Complex child in need"),
    ("urgent", "Urgent"),
]

# CIN census referral source codes.
REFERRAL_SOURCE_SELECTION = [
    ("1A", "Individual: family member, relative or carer"),
    ("1B", "Individual: acquaintance (including neighbours and child minders)"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other (including strangers)"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health services: general practitioner (GP)"),
    ("3B", "Health services: health visitor"),
    ("3C", "Health services: school nurse"),
    ("3D", "Health services: other primary health services"),
    ("3E", "Health services: A&E (accident and emergency department)"),
    ("3F", "Health services: other (for example hospice)"),
    ("4", "Housing: local authority housing or housing association"),
    ("5A", "LA services: social care, for example adult social care"),
    ("5B", "LA services: other internal, for example youth offending"),
    ("5C", "LA services: external, for example another local authority"),
    ("5D", "LA services: early help"),
    ("6", "Police"),
    ("7", "Other legal agency (courts, probation, immigration, CAFCASS, prison)"),
    ("8", "Other (children's centres, independent or voluntary organisations)"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
]

# How consent to the referral (and to sharing its information) stands.
CONSENT_STATUS_SELECTION = [
    ("parent", "Given by a parent or carer"),
    ("child", "Given by the child"),
    ("refused", "Refused"),
    ("not_sought", "Not sought"),
]
# the consent statuses that give consent (to the referral and to sharing its information)
CONSENT_GIVEN = ("parent", "child")

# When consent should not be sought, or may be overridden. Wording from Thurrock's
# "DO YOU HAVE CONSENT TO SHARE?"; the other councils name the same grounds.
CONSENT_EXCEPTION_SELECTION = [
    ("risk_child", "Place a child at increased risk of significant harm"),
    ("risk_adult", "Place an adult at increased risk of significant harm"),
    ("serious_crime", "Prejudice the prevention, detection or prosecution of a serious crime"),
    (
        "undue_delay",
        "Lead to unjustified delay in making enquiries about allegations of significant harm",
    ),
]
