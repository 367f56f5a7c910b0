from . import safeguarding_taf_handover
from . import safeguarding_taf_step_down
