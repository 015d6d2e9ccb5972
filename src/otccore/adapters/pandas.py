"""pandas frames from otccore results (extra ``pandas``).

Every tabular result has its own ``to_frame()`` method (the tabular protocol of
:mod:`otccore._tabular`). :func:`to_frame` is the general form: it takes any result
with ``to_records()`` (a list of dicts) or ``to_record()`` (one dict), or an
iterable of them (say the altman results of many companies), and builds one
``DataFrame`` through the same helper. Inputs need no adapter: risk functions
accept pandas Series and DataFrames as they are.

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

from otccore._tabular import frame_of
from otccore.errors import InvalidInput

__all__ = ["to_frame"]


def _rows_of(item: Any) -> list[Mapping[str, object]]:
    if hasattr(item, "to_records"):
        return list(item.to_records())
    if hasattr(item, "to_record"):
        return [item.to_record()]
    if isinstance(item, Mapping):
        return [item]
    raise InvalidInput(f"cannot make a table row from {type(item).__name__}: {item!r}")


def to_frame(result: Any, *, index: str | None = None, amounts: str = "decimal") -> Any:
    """A ``pandas.DataFrame`` from a result with ``to_records()``/``to_record()``, or an
    iterable of such results or of dicts (one row per ``to_record()`` or dict, rows from
    ``to_records()`` concatenated). ``index`` names a column to use as the index;
    ``amounts`` is ``"decimal"`` (exact, the default), ``"float"`` or ``"arrow"``, as in
    :func:`otccore._tabular.frame_of`.

    Anything else is refused with :class:`~otccore.errors.InvalidInput`.

    Example:
        >>> from otccore.adapters.pandas import to_frame
        >>> from otccore.risk import Finding
        >>> to_frame([Finding.create("s", "c", "why", customer_id="C1")])["customer_id"].tolist()
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
    return frame_of(rows, amounts=amounts, index=index)
