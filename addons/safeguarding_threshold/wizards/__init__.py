from . import safeguarding_taf_handover
from . import safeguarding_taf_step_down
from . import safeguarding_referral_decision
from . import safeguarding_referral_reopen
from . import safeguarding_agency_invite
from . import safeguarding_cin_census
