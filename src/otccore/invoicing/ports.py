"""Ports of invoicing: what otccore needs from the host to number invoices.

Example:
    >>> from otccore.adapters.memory import MemoryNumberSequence
    >>> from otccore.invoicing import NumberSequence
    >>> seq: NumberSequence = MemoryNumberSequence()
    >>> seq.next_value("INV"), seq.next_value("INV"), seq.next_value("CN")
    (1, 2, 1)
"""

from __future__ import annotations

from typing import Protocol

from otccore._kernel import text

__all__ = ["NumberSequence", "check_series"]


def check_series(series: object) -> str:
    """The series name every :class:`NumberSequence` accepts: a non-empty ``str``.

    Adapters call it before taking a number, so a bad name takes none.

    Example:
        >>> from otccore.invoicing import check_series
        >>> check_series("INV")
        'INV'
        >>> check_series(" ")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: series must not be empty: ' '
    """
    return text(series, "series")


class NumberSequence(Protocol):
    """Port: consecutive numbers per series, handed out once each.

    ``next_value(series)`` returns the next number of ``series`` (1 for a new
    series) and never returns it again, even to another thread or process.
    ``gapless`` says whether the adapter guarantees that every handed-out number
    is used (numbers are only taken when an invoice is issued, after
    validation, so otccore never asks for a number it then throws away).
    ``current(series)`` is the last number handed out (0 for a new series).

    Example:
        >>> from otccore.adapters.memory import MemoryNumberSequence
        >>> seq = MemoryNumberSequence()
        >>> seq.current("INV"), seq.gapless
        (0, True)
    """

    @property
    def gapless(self) -> bool:
        """True when numbers are handed out without gaps."""
        ...

    def next_value(self, series: str) -> int:
        """Take the next number of ``series``.

        Example:
            >>> from otccore.adapters.memory import MemoryNumberSequence
            >>> seq = MemoryNumberSequence({"INV": 41})
            >>> seq.next_value("INV"), seq.next_value("CN")
            (42, 1)
        """
        ...

    def current(self, series: str) -> int:
        """The last number handed out in ``series`` (0 when none).

        Example:
            >>> from otccore.adapters.memory import MemoryNumberSequence
            >>> seq = MemoryNumberSequence()
            >>> _ = seq.next_value("INV")
            >>> seq.current("INV"), seq.current("CN")
            (1, 0)
        """
        ...
