"""Findings: what a fraud or anomaly test raised, as one shared :class:`~otccore.reasons.Reason`
plus the customer and the records concerned.

A signal returns :class:`Findings`, a tuple of :class:`Finding` that is also a
table (``to_records()`` and ``to_frame()``).

Example:
    >>> from decimal import Decimal
    >>> from otccore.risk import Finding, Findings
    >>> found = Findings([Finding.create("round_numbers", "round_100", "40% of amounts are round",
    ...                                  customer_id="C1", data={"share": Decimal("0.4")})])
    >>> found.to_records()
    [{'signal': 'round_numbers', 'code': 'round_100', 'customer_id': 'C1', 'subjects': '', 'message': '40% of amounts are round', 'data.share': Decimal('0.4')}]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from otccore import _kernel
from otccore._tabular import TableMixin
from otccore.reasons import Reason, ReasonFields

__all__ = ["Finding", "Findings"]


@attrs.frozen
class Finding(ReasonFields):
    """One signal raised by a fraud or anomaly test: the test, its reason, whom and what it concerns.

    ``signal`` names the test; ``reason`` is the shared :class:`~otccore.reasons.Reason`
    (a stable ``code``, a ``message`` that says why in words, and the figures behind it
    as ``data``); ``customer_id`` is the customer or vendor concerned (or ``None``) and
    ``subjects`` the ids of the records involved, sorted. ``code``, ``message``,
    ``data`` and ``details`` read through to the reason.

    Example:
        >>> from decimal import Decimal
        >>> from otccore.risk import Finding
        >>> f = Finding.create("round_numbers", "round_share", "60% of amounts are round",
        ...                    customer_id="C1", subjects=["b", "a"], data={"share": Decimal("0.6")})
        >>> f.code, f.details["share"], f.customer_id, f.subjects
        ('round_share', Decimal('0.6'), 'C1', ('a', 'b'))
        >>> str(f.reason)
        'round_share: 60% of amounts are round'
    """

    signal: str
    reason: Reason
    customer_id: str | None = None
    subjects: tuple[str, ...] = ()

    @classmethod
    def create(
        cls,
        signal: str,
        code: str,
        message: str,
        *,
        customer_id: str | None = None,
        subjects: Iterable[str] = (),
        data: Mapping[str, object] | None = None,
        party: str | None = None,
    ) -> Finding:
        """A finding from raw arguments: subjects sorted, ``data`` frozen into sorted pairs
        (``party=`` is the deprecated name of ``customer_id=``).

        Example:
            >>> from otccore.risk import Finding
            >>> f = Finding.create("s", "c", "why", data={"z": 1, "a": [1, 2]})
            >>> f.data
            (('a', (1, 2)), ('z', 1))
        """
        customer_id = _kernel.renamed(
            customer_id, party, new_name="customer_id", old_name="party", where="Finding.create"
        )
        return cls(
            signal=_kernel.text(signal, "signal"),
            reason=Reason.create(code, message, data),
            customer_id=_kernel.opt_text(customer_id, "customer_id"),
            subjects=tuple(sorted(str(s) for s in subjects)),
        )

    def __getattr__(self, name: str) -> Any:
        """``party``, the deprecated name of ``customer_id``, with a warning."""
        if name != "party":
            raise AttributeError(f"'Finding' object has no attribute {name!r}")
        warnings.warn(
            "Finding.party is deprecated; use Finding.customer_id",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.customer_id

    def to_record(self) -> dict[str, object]:
        """One table row: ``signal``, ``code``, ``customer_id``, ``subjects`` (joined with
        ", "), ``message`` and a ``data.<key>`` column per datum.

        Example:
            >>> from otccore.risk import Finding
            >>> Finding.create("x", "y", "why", customer_id="C1", subjects=["2", "1"]).to_record()
            {'signal': 'x', 'code': 'y', 'customer_id': 'C1', 'subjects': '1, 2', 'message': 'why'}
        """
        return {
            "signal": self.signal,
            "code": str(self.code),
            "customer_id": self.customer_id,
            "subjects": ", ".join(self.subjects),
            "message": self.message,
            **{f"data.{k}": v for k, v in self.data},
        }


class Findings(TableMixin, tuple[Finding, ...]):
    """The findings of a signal: a tuple of :class:`Finding` that is also a table.

    It compares, indexes and iterates as the plain tuple it is; ``to_records()``
    gives one :meth:`Finding.to_record` row per finding and ``to_frame()`` a
    ``pandas.DataFrame`` of them (extra ``pandas``).

    Example:
        >>> from datetime import date
        >>> from otccore.risk import Document, exact_duplicates
        >>> docs = [Document.create("1", customer_id="C1", number="INV-7", amount=100,
        ...                         document_date=date(2026, 1, 2)),
        ...         Document.create("2", customer_id="C1", number="INV-7", amount=100,
        ...                         document_date=date(2026, 1, 9))]
        >>> found = exact_duplicates(docs)
        >>> [(row["code"], row["customer_id"], row["subjects"]) for row in found.to_records()]
        [('exact_duplicate', 'C1', '1, 2')]
        >>> exact_duplicates(docs[:1]) == ()
        True
    """

    __slots__ = ()

    def to_records(self) -> list[dict[str, object]]:
        """One row per finding (:meth:`Finding.to_record`).

        Example:
            >>> from otccore.risk import Finding, Findings
            >>> Findings([Finding.create("s", "c", "why", customer_id="C1")]).to_records()
            [{'signal': 's', 'code': 'c', 'customer_id': 'C1', 'subjects': '', 'message': 'why'}]
        """
        return [f.to_record() for f in self]
