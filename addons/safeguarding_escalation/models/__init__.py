from . import res_users
from . import safeguarding_escalation_policy
from . import safeguarding_escalation_stage
from . import safeguarding_escalation
from . import safeguarding_escalation_discussion
from . import safeguarding_escalation_subject
from . import safeguarding_referral
from . import safeguarding_taf
