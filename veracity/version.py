"""The package version, recorded with every stored result (a result is rewritten when the checker changes)."""

__version__ = "0.1.0"
