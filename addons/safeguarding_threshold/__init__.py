from . import controllers
from . import models
from . import report
from . import tools
from . import wizards
