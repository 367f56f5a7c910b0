from . import safeguarding_taf_workload
