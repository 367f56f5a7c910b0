from . import test_access_rights
from . import test_child
from . import test_family
from . import test_frameworks
from . import test_identifiers
from . import test_referral
from . import test_taf
from . import test_ui
