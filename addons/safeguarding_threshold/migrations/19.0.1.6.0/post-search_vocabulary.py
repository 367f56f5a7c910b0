from odoo import SUPERUSER_ID, api

# the alternatives 19.0.1.6.0 adds to terms shipped before (the vocabulary is noupdate data:
# an upgrade creates the new terms but leaves the existing ones as they are)
ADDED_MEANINGS = {
    "coercive_control": ("domestic violence",),
    "autism": ("SEN support", "condition or disability"),
    "asd": ("SEN support", "condition or disability"),
    "autistic": ("SEN support", "condition or disability"),
    "speech_delay": ("milestones", "developmental delay"),
    "late_talker": ("milestones", "developmental delay"),
    "not_talking": ("milestones", "developmental delay"),
    "young_carer": ("look after siblings",),
    "looks_after_mum": ("young carers",),
    "looks_after_dad": ("young carers",),
    "no_food_at_home": ("diet", "physical needs", "physical neglect"),
    "no_food_in_the_house": ("diet", "physical needs", "physical neglect"),
    "hungry": ("diet",),
    "starving": ("diet",),
    "sexting": (
        "inappropriate sexual",
        "harmful sexual behaviour",
        "social media",
        "online grooming",
    ),
    "nudes": (
        "inappropriate sexual",
        "harmful sexual behaviour",
        "social media",
        "online grooming",
    ),
    "nai": ("injuries not accounted for",),
    "psychotic": ("delusions",),
    "rso": ("posing a risk to children",),
    "female_circumcision": ("harmful practices",),
    "fgm": ("harmful practices",),
    "witchcraft": ("harmful practices",),
    "hbv": ("harmful practices",),
    "honour_based_abuse": ("harmful practices",),
    "forced_to_marry": ("harmful practices",),
    "neighborhood": ("locality",),
    "no_friends": ("peer relationships",),
    "arrested": ("criminal offence",),
    "close_family": ("stable and affectionate",),
    "smelly": ("self-presentation",),
    "truancy": ("missing from education",),
    "lashing_out": ("self-control",),
    "underweight": ("thin",),
    "obesity": ("diet",),
    "filthy": ("clean and tidy",),
    "dropped_out": ("engage with education",),
    "rent_arrears": ("budget", "financial resources"),
    "snapchat": ("online",),
    "instagram": ("online",),
    "tiktok": ("online",),
    "whatsapp": ("online",),
    "facebook": ("online",),
    "lonely": ("alienates self",),
}


def migrate(cr, version):
    """Databases installed before 19.0.1.6.0: the search vocabulary's shipped terms take
    the alternatives added since, after whatever they hold (an administrator's own
    changes are kept); a term that was deleted stays deleted."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name, added in ADDED_MEANINGS.items():
        term = env.ref(f"safeguarding_threshold.search_term_{name}", raise_if_not_found=False)
        if not term:
            continue
        alternatives = [alternative.strip() for alternative in term.meaning.split(";")]
        known = {alternative.lower() for alternative in alternatives}
        missing = [alternative for alternative in added if alternative.lower() not in known]
        if missing:
            term.meaning = "; ".join([*filter(None, alternatives), *missing])
