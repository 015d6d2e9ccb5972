"""pandas frames from otccore results (extra ``pandas``).

Tabular risk results have their own ``to_frame()`` method (``WoeTable``,
``Binning``, ``Scorecard``, ``ScoreResult``, ``BenfordResult``, ``RatingScale``).
:func:`to_frame` is the general form: it takes any result with ``to_records()``
(a list of dicts) or ``to_record()`` (one dict) — or a sequence of them, such as the
tuple of findings a fraud signal returns — and builds one ``DataFrame``. Inputs
need no adapter: risk functions accept pandas Series and DataFrames as they are.

Example:
    >>> from otccore.adapters.pandas import to_frame
    >>> from otccore.risk import woe_table
    >>> frame = to_frame(woe_table([("low", 80, 20), ("high", 20, 80)]))
    >>> list(frame.columns[:3]), len(frame)
    (['label', 'goods', 'bads'], 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from otccore.errors import InvalidInput
from otccore.risk._frames import frame_of

__all__ = ["to_frame"]


def _rows_of(item: Any) -> list[Mapping[str, object]]:
    if hasattr(item, "to_records"):
        return list(item.to_records())
    if hasattr(item, "to_record"):
        return [item.to_record()]
    if isinstance(item, Mapping):
        return [item]
    raise InvalidInput(f"cannot make a table row from {type(item).__name__}: {item!r}")


def to_frame(result: Any, *, index: str | None = None) -> Any:
    """A ``pandas.DataFrame`` from a result with ``to_records()``/``to_record()``, or an
    iterable of such results or of dicts (one row per ``to_record()`` or dict, rows from
    ``to_records()`` concatenated). ``index`` names a column to use as the index.

    Anything else is refused with :class:`~otccore.errors.InvalidInput`.

    Example:
        >>> from otccore.risk import Finding
        >>> to_frame([Finding.create("s", "c", "why", party="C1")])["party"].tolist()
        ['C1']
        >>> to_frame(42)
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: cannot make a frame from int: 42
    """
    if hasattr(result, "to_records") or hasattr(result, "to_record"):
        rows = _rows_of(result)
    elif isinstance(result, Iterable) and not isinstance(result, str | bytes | Mapping):
        rows = [row for item in result for row in _rows_of(item)]
    else:
        raise InvalidInput(f"cannot make a frame from {type(result).__name__}: {result!r}")
    return frame_of(rows, index=index)
