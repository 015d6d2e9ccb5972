"""A violation: a :class:`~otccore.reasons.Reason` whose data holds where the rule broke.

Example:
    >>> from otccore.invoicing import Violation
    >>> v = Violation.create("BR-CO-10", "document", "BT-106 must be the sum of line net amounts",
    ...                      (("BT-106", "10.00"), ("sum of BT-131", "10.01")))
    >>> v.rule, v.location, v.details["sum of BT-131"]
    ('BR-CO-10', 'document', '10.01')
    >>> str(v)
    '[BR-CO-10] document: BT-106 must be the sum of line net amounts (BT-106=10.00, sum of BT-131=10.01)'
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any, SupportsIndex, overload

import attrs

from otccore._kernel import text
from otccore.errors import InvalidInput
from otccore.reasons import Reason

__all__ = ["Violation"]

_LOCATION = "location"


def _warn_dict(what: str) -> None:
    warnings.warn(
        f"Violation.data{what} as a dict is deprecated: data is the reason's (key, value) "
        "pairs; use Violation.details (a dict with the location) or dict(Violation.values)",
        DeprecationWarning,
        stacklevel=3,
    )


class _Pairs(tuple[tuple[str, object], ...]):
    """The reason's data pairs, still readable as the dict ``Violation.data`` used to be."""

    __slots__ = ()

    def _values(self) -> dict[str, object]:
        return {k: v for k, v in self if k != _LOCATION}

    @overload
    def __getitem__(self, key: SupportsIndex) -> tuple[str, object]: ...
    @overload
    def __getitem__(self, key: slice) -> tuple[tuple[str, object], ...]: ...
    @overload
    def __getitem__(self, key: str) -> object: ...
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            _warn_dict("[key]")
            return self._values()[key]
        return super().__getitem__(key)

    def get(self, key: str, default: object = None) -> object:
        """Deprecated dict read: the value of ``key``."""
        _warn_dict(".get()")
        return self._values().get(key, default)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            _warn_dict(" == {...}")
            return self._values() == dict(other)
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__


@attrs.frozen(init=False)
class Violation(Reason):
    """One broken rule: a reason whose ``code`` is the rule id and whose data holds where.

    ``data`` is ``("location", where)`` followed by the values involved, in the
    order the rule states them; :attr:`rule`, :attr:`location` and
    :attr:`values` read them back and :attr:`details` gives them as a dict.
    Build one with :meth:`create`. The old positional form
    ``Violation(rule, location, message, values)`` still works and warns.

    Example:
        >>> from otccore.invoicing import Violation
        >>> v = Violation.create("BR-53", "document", "a tax currency needs BT-111",
        ...                      (("BT-6", "SEK"),))
        >>> v.data
        (('location', 'document'), ('BT-6', 'SEK'))
        >>> v.to_record()
        {'code': 'BR-53', 'location': 'document', 'message': 'a tax currency needs BT-111', 'data.BT-6': 'SEK'}
    """

    def __init__(
        self,
        code: str,
        message: str,
        data: Iterable[tuple[str, object]] | str = (),
        values: Iterable[tuple[str, object]] = (),
    ) -> None:
        if isinstance(data, str):  # the old order: rule, location, message, values
            warnings.warn(
                "Violation(rule, location, message, values) is deprecated; "
                "use Violation.create(rule, location, message, values)",
                DeprecationWarning,
                stacklevel=2,
            )
            code, location, message = code, message, data
            data = ((_LOCATION, location), *values)
        self.__attrs_init__(code, message, _Pairs(data))

    @classmethod
    def create(  # type: ignore[override]  # a violation also takes its location
        cls,
        rule: object,
        location: object,
        message: object,
        values: Iterable[tuple[str, object]] = (),
    ) -> Violation:
        """A violation of ``rule`` at ``location``, checked; ``values`` are (term, value) pairs.

        Example:
            >>> from otccore.invoicing import Violation
            >>> Violation.create("BR-16", "document", "an invoice has at least one line").location
            'document'
            >>> Violation.create("BR-16", "", "no lines")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: violation location must not be empty: ''
        """
        pairs = tuple(values)
        for pair in pairs:
            if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
                raise InvalidInput(f"violation values must be (str, value) pairs: {pair!r}")
        return cls(
            text(rule, "violation rule"),
            text(message, "violation message"),
            ((_LOCATION, text(location, "violation location")), *pairs),
        )

    @property
    def rule(self) -> str:
        """The rule id (the reason's ``code``)."""
        return self.code

    @property
    def location(self) -> str:
        """Where: ``document``, ``line 2``, ``seller``, ``VAT breakdown S 19`` …"""
        for key, value in self.data:
            if key == _LOCATION:
                return str(value)
        return ""

    @property
    def values(self) -> tuple[tuple[str, object], ...]:
        """The values involved, as (term, value) pairs (the data without the location)."""
        return tuple(pair for pair in self.data if pair[0] != _LOCATION)

    def to_record(self) -> dict[str, object]:
        """One table row: ``code``, ``location``, ``message`` and a ``data.<key>`` column per value.

        Like :meth:`Reason.to_record <otccore.reasons.Reason.to_record>`, with the
        location in its own column, so a list of violations is a table.

        Example:
            >>> from otccore.invoicing import Violation
            >>> Violation.create("BR-27", "line 2", "the item net price must not be negative",
            ...                  (("BT-146", "-5.00"),)).to_record()
            {'code': 'BR-27', 'location': 'line 2', 'message': 'the item net price must not be negative', 'data.BT-146': '-5.00'}
        """
        return {
            "code": str(self.code),
            "location": self.location,
            "message": self.message,
            **{f"data.{k}": v for k, v in self.values},
        }

    def __str__(self) -> str:
        vals = ", ".join(f"{k}={v}" for k, v in self.values)
        return f"[{self.code}] {self.location}: {self.message}" + (f" ({vals})" if vals else "")
