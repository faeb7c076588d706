"""veracity: outcome observability for AI agents. Was the agent right?

>>> from veracity import decode, assemble, check_runs, Context
"""

__version__ = "0.1.0"

from veracity.checks import Context, register
from veracity.config import Config, load_config
from veracity.ingest import assemble, decode
from veracity.model import Finding, Label, Run, Source, Step, Verdict
from veracity.notebook import Veracity, open
from veracity.pipeline import check_runs

__all__ = [
    "Config",
    "Context",
    "Finding",
    "Label",
    "Run",
    "Source",
    "Step",
    "Veracity",
    "Verdict",
    "__version__",
    "assemble",
    "check_runs",
    "decode",
    "load_config",
    "open",
    "register",
]
