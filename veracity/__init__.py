"""veracity: outcome observability for AI agents. Was the agent right?"""

__version__ = "0.1.0"

__all__ = ["__version__"]
