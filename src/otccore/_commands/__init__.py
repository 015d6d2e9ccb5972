"""Subcommands of the ``otccore`` console script, one module each (not public API)."""
