"""Older import path of :func:`otccore._kernel.choice` (not public); the kernel is its home."""

from __future__ import annotations

from otccore._kernel import choice

__all__ = ["choice"]
