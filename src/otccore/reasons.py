"""One shape for every explanation otccore gives: :class:`Reason`.

A reason is a stable machine-readable ``code`` (a member of the area's code
enumeration: :class:`~otccore.credit.CheckCode`, :class:`~otccore.matching.ReasonCode`,
the EN 16931 rule ids of invoicing, the signal codes of risk), a ``message`` for
people, and ``data``: the figures behind it as ``(key, value)`` pairs sorted by key.
Each area builds on it: a credit step's result wraps reasons with the configured
reaction, an invoicing violation is a reason whose data holds the location, and
a risk finding carries a reason plus the customer and the records concerned.

Example:
    >>> from otccore.reasons import Reason
    >>> r = Reason.of("limit_exceeded", "over the limit by 5.00 EUR", exposure="105.00")
    >>> r.code, r.details
    ('limit_exceeded', {'exposure': '105.00'})
    >>> r.to_record()
    {'code': 'limit_exceeded', 'message': 'over the limit by 5.00 EUR', 'data.exposure': '105.00'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import attrs

from otccore.errors import InvalidInput

__all__ = ["Reason"]


def _freeze(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple((str(k), _freeze(v)) for k, v in sorted(value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(_freeze(v) for v in sorted(value, key=repr))
    return value


@attrs.frozen
class Reason:
    """Why: a stable code, a message for people, and the data behind it.

    Build it with :meth:`of` (data as keywords, written as text) or :meth:`create`
    (data as a mapping, values kept as they are). ``code`` is a ``str``; an area's
    code enumeration is a ``StrEnum``, so its members are codes as they stand and
    compare equal to their text.

    Example:
        >>> from otccore.reasons import Reason
        >>> Reason.of("no_payer", "no customer found for the payment")
        Reason(code='no_payer', message='no customer found for the payment', data=())
        >>> str(Reason.of("no_payer", "no customer found for the payment"))
        'no_payer: no customer found for the payment'
    """

    code: str
    message: str
    data: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, message: str, **data: object) -> Reason:
        """A reason with ``data`` written as text, keys sorted (stable to store and compare).

        Example:
            >>> from decimal import Decimal
            >>> from otccore.reasons import Reason
            >>> Reason.of("write_off", "short by 0.40", limit="5.00", amount=Decimal("0.40")).data
            (('amount', '0.40'), ('limit', '5.00'))
        """
        return cls(code, message, tuple(sorted((k, str(v)) for k, v in data.items())))

    @classmethod
    def create(
        cls, code: object, message: object, data: Mapping[str, object] | None = None
    ) -> Reason:
        """A reason from raw arguments, checked; ``data`` values are kept as they are
        (frozen: lists become tuples, mappings sorted pairs).

        Example:
            >>> from decimal import Decimal
            >>> from otccore.reasons import Reason
            >>> Reason.create("round_share", "60% of amounts are round", {"share": Decimal("0.6")}).details
            {'share': Decimal('0.6')}
            >>> Reason.create("", "why")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: a reason code must be a non-empty str: ''
        """
        if not isinstance(code, str) or not code:
            raise InvalidInput(f"a reason code must be a non-empty str: {code!r}")
        if not isinstance(message, str):
            raise InvalidInput(f"a reason message must be a str: {message!r}")
        if data is not None and not isinstance(data, Mapping):
            raise InvalidInput(f"reason data must be a mapping: {data!r}")
        frozen = cast(tuple[tuple[str, object], ...], _freeze(dict(data or {})))
        return cls(code, message, frozen)

    @property
    def details(self) -> dict[str, object]:
        """``data`` as a dict."""
        return dict(self.data)

    def to_record(self) -> dict[str, object]:
        """One table row: ``code``, ``message`` and a ``data.<key>`` column per datum.

        Example:
            >>> from otccore.reasons import Reason
            >>> Reason.of("x", "why", level="C1").to_record()
            {'code': 'x', 'message': 'why', 'data.level': 'C1'}
        """
        return {
            "code": str(self.code),
            "message": self.message,
            **{f"data.{k}": v for k, v in self.data},
        }

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class ReasonFields:
    """``code``, ``message``, ``data`` and ``details``, read through to ``self.reason``.

    The one base of the values that wrap a shared :class:`Reason`
    (risk's :class:`~otccore.risk.Finding`, credit's :class:`~otccore.credit.CheckReason`).
    """

    __slots__ = ()
    reason: Reason

    @property
    def code(self) -> str:
        """The reason's code."""
        return self.reason.code

    @property
    def message(self) -> str:
        """The reason's message."""
        return self.reason.message

    @property
    def data(self) -> tuple[tuple[str, object], ...]:
        """The reason's data: ``(key, value)`` pairs sorted by key."""
        return self.reason.data

    @property
    def details(self) -> dict[str, object]:
        """The reason's data as a dict."""
        return self.reason.details
