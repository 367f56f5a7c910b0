from . import controllers
from . import models
from . import report
from . import tools
from . import wizards


def uninstall_hook(env):
    env["safeguarding.referral.figure"]._drop_database_objects()
