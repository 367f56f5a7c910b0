from . import safeguarding_taf_workload
from . import safeguarding_child_chronology
