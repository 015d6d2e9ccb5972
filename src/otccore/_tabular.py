"""The tabular protocol: ``to_records()`` on every tabular result, and ``to_frame()``
built from it here, in the one module of the domain that may import pandas.

Column conventions, the same on every table:

- column names are snake_case; a customer is ``customer_id``;
- an amount is a ``Decimal`` column named for what it is (``open_amount``), with
  its currency in a separate text column (``currency``, or ``<what>_currency`` when
  a row holds amounts in several currencies): :func:`money_columns` writes both;
- enumerations are their text values, dates ``datetime.date``.

pandas stays an optional extra: it is imported when :func:`frame_of` runs, never
when a subpackage is imported, and without it the call raises an ``ImportError``
that names the extra. ``amounts=`` chooses how amount columns come out: exact
``Decimal`` objects (``"decimal"``, the default), floats for plotting
(``"float"``), or an Arrow decimal dtype (``"arrow"``, exact and vectorised).

Example:
    >>> from decimal import Decimal
    >>> from otccore._tabular import frame_of
    >>> rows = [{"customer_id": "C1", "open_amount": Decimal("10.50"), "currency": "EUR"}]
    >>> frame_of(rows)["open_amount"].tolist()
    [Decimal('10.50')]
    >>> str(frame_of(rows, amounts="float")["open_amount"].dtype)
    'float64'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import moneyed

from otccore.errors import InvalidInput

__all__ = ["AMOUNTS", "TableMixin", "Tabular", "frame_of", "money_columns"]

AMOUNTS = ("decimal", "float", "arrow")
"""The ways ``to_frame(amounts=...)`` can write amount columns."""


@runtime_checkable
class Tabular(Protocol):
    """What every tabular result offers: rows as dicts, and the same rows as a frame."""

    def to_records(self) -> list[dict[str, object]]:
        """One dict per row, with the column conventions of this module."""
        ...

    def to_frame(self, *, amounts: str = "decimal", index: str | None = None) -> Any:
        """A ``pandas.DataFrame`` of :meth:`to_records`."""
        ...


class TableMixin:
    """``to_frame()`` for a class that has ``to_records()`` (the one implementation)."""

    __slots__ = ()

    def to_records(self) -> list[dict[str, object]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_frame(self, *, amounts: str = "decimal", index: str | None = None) -> Any:
        """A ``pandas.DataFrame`` with one row per record (pandas is imported now).

        ``amounts`` is ``"decimal"`` (exact, the default), ``"float"`` (for plots) or
        ``"arrow"`` (an exact Arrow decimal dtype); ``index`` names a column to index by.
        """
        return frame_of(self.to_records(), amounts=amounts, index=index)


def money_columns(
    name: str, value: moneyed.Money | None, *, currency: str = "currency"
) -> dict[str, object]:
    """The two columns of an amount: ``{name: Decimal, currency: code}`` (``None`` stays ``None``).

    Example:
        >>> from otccore._tabular import money_columns
        >>> from otccore.money import money
        >>> money_columns("open_amount", money("12.50", "EUR"))
        {'open_amount': Decimal('12.50'), 'currency': 'EUR'}
    """
    if value is None:
        return {name: None, currency: None}
    return {name: value.amount, currency: value.currency.code}


def _decimal_columns(frame: Any) -> list[str]:
    columns = []
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object:
            present = values.dropna()
            if len(present) and all(isinstance(v, Decimal) for v in present):
                columns.append(column)
    return columns


def frame_of(
    rows: Iterable[Mapping[str, object]],
    *,
    amounts: str = "decimal",
    index: str | None = None,
) -> Any:
    """A ``pandas.DataFrame`` with one row per mapping.

    Example:
        >>> from otccore._tabular import frame_of
        >>> frame_of([{"a": 1}], index="b")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: no column 'b' to index by; columns: ['a']
        >>> frame_of([], amounts="cents")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: amounts must be one of 'decimal', 'float', 'arrow': 'cents'
    """
    if amounts not in AMOUNTS:
        raise InvalidInput(f"amounts must be one of {', '.join(map(repr, AMOUNTS))}: {amounts!r}")
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError('to_frame() needs pandas: pip install "otccore[pandas]"') from exc
    frame = pd.DataFrame.from_records(list(rows))
    if amounts != "decimal":
        for column in _decimal_columns(frame):
            if amounts == "float":
                frame[column] = frame[column].astype("float64")
            else:
                frame[column] = _arrow_decimal(pd, frame[column])
    if index is None:
        return frame
    if index not in frame.columns:
        raise InvalidInput(f"no column {index!r} to index by; columns: {list(frame.columns)}")
    return frame.set_index(index)


def _arrow_decimal(pd: Any, column: Any) -> Any:
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise ImportError('amounts="arrow" needs pyarrow: pip install pyarrow') from exc
    exponents = [v.as_tuple().exponent for v in column if isinstance(v, Decimal)]
    scale = max((-e for e in exponents if isinstance(e, int)), default=0)
    # 38 digits, Arrow's widest decimal128, with the finest scale the column holds.
    return column.astype(pd.ArrowDtype(pa.decimal128(38, max(scale, 0))))
