"""The stages of ``otccore demo`` (not public API)."""
