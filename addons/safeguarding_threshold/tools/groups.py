"""The safeguarding roles' group XML ids, written once for both addons."""

PRACTITIONER_GROUP = "safeguarding_threshold.group_safeguarding_practitioner"
HUB_GROUP = "safeguarding_threshold.group_safeguarding_hub"
MASH_GROUP = "safeguarding_threshold.group_safeguarding_mash"
MANAGER_GROUP = "safeguarding_threshold.group_safeguarding_manager"
ADMIN_GROUP = "safeguarding_threshold.group_safeguarding_admin"
# for a field's ``groups``: the front door (the early help hub and the MASH)
FRONT_DOOR_GROUPS = f"{HUB_GROUP},{MASH_GROUP}"
