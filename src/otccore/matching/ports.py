"""Ports of cash application: where outcomes (suggestions, exceptions) are kept.

Allocations go to the receivables :class:`~otccore.receivables.AllocationLedger`;
what a person still has to look at — suggestions and exceptions — goes to a
:class:`MatchOutcomeStore`, one current :class:`PaymentOutcome` per payment (a new run
replaces the payment's earlier outcome, so running twice stores nothing twice;
a posted outcome is never replaced by a stale suggestion or exception).

(``PaymentOutcome`` was called ``Outcome`` before 0.10; the old name still works
and warns.)

Example:
    >>> from datetime import date
    >>> from otccore.adapters.memory import MemoryMatchOutcomes
    >>> from otccore.matching import Band, MatchOutcomeStore, PaymentOutcome, ReasonCode
    >>> store: MatchOutcomeStore = MemoryMatchOutcomes()
    >>> store.record_outcomes([PaymentOutcome("P1", Band.EXCEPTION, ReasonCode.NO_PAYER, (),
    ...                                       "no payer", date(2026, 3, 31))])
    >>> [o.code for o in store.list_outcomes()]
    [<ReasonCode.NO_PAYER: 'no_payer'>]
"""

from __future__ import annotations

import abc
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Protocol, cast

import attrs

from otccore import _kernel
from otccore.errors import DuplicateId, InvalidInput
from otccore.matching.result import Band, ExceptionCase, Match, ReasonCode, ReconciliationResult
from otccore.receivables import PaymentId

__all__ = ["MatchOutcomeStore", "PaymentOutcome"]


@attrs.frozen
class PaymentOutcome:
    """The current state of one payment after a run: posted, suggested or an exception.

    ``matches`` holds the posted match, the suggestions, or an exception's proposals;
    ``code`` is the exception's reason code (``None`` otherwise).

    Example:
        >>> from datetime import date
        >>> from otccore.matching import Band, PaymentOutcome
        >>> PaymentOutcome("P1", Band.SUGGEST, None, (), "two candidates", date(2026, 1, 2)).band
        <Band.SUGGEST: 'suggest'>
    """

    payment_id: PaymentId
    band: Band
    code: ReasonCode | None
    matches: tuple[Match, ...]
    explanation: str
    as_of: date

    def to_record(self) -> dict[str, object]:
        """One row for a table of the queue (:meth:`RunReport.to_records
        <otccore.matching.RunReport.to_records>`, ``otccore.adapters.pandas.to_frame``).

        ``customer_id`` is the first match's customer (empty without one); ``items``
        lists each match's items, matches separated by ``" | "``.

        Example:
            >>> from datetime import date
            >>> from otccore.matching import Band, PaymentOutcome, ReasonCode
            >>> PaymentOutcome("P1", Band.EXCEPTION, ReasonCode.NO_PAYER, (), "no payer",
            ...                date(2026, 1, 2)).to_record()
            {'payment_id': 'P1', 'band': 'exception', 'code': 'no_payer', 'customer_id': '', 'items': '', 'explanation': 'no payer', 'as_of': datetime.date(2026, 1, 2)}
        """
        return {
            "payment_id": self.payment_id,
            "band": self.band.value,
            "code": self.code.value if self.code is not None else "",
            "customer_id": next((m.customer_id for m in self.matches if m.customer_id), ""),
            "items": " | ".join(" ".join(m.item_ids) for m in self.matches),
            "explanation": self.explanation,
            "as_of": self.as_of,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, object]) -> PaymentOutcome:
        """An outcome from a stored row: the columns of :meth:`to_record` without
        ``customer_id`` and ``items``, plus ``matches`` (the decoded matches).

        ``band`` and ``code`` are their text values (``code`` empty or ``None``
        for none), ``as_of`` a date or its ISO text; a bad value raises
        :class:`~otccore.errors.InvalidInput` naming it.

        Example:
            >>> from otccore.matching import PaymentOutcome
            >>> o = PaymentOutcome.from_row({"payment_id": "P1", "band": "exception",
            ...     "code": "no_payer", "as_of": "2026-01-02", "explanation": "?", "matches": ()})
            >>> o.code, o.as_of
            (<ReasonCode.NO_PAYER: 'no_payer'>, datetime.date(2026, 1, 2))
        """
        as_of = row["as_of"]
        if isinstance(as_of, str):
            try:
                as_of = date.fromisoformat(as_of)
            except ValueError:
                raise InvalidInput(f"as_of must be an ISO date: {as_of!r}") from None
        code = row.get("code")
        return cls(
            PaymentId(_kernel.text(row["payment_id"], "payment_id")),
            _kernel.choice(Band, row["band"], "band"),
            _kernel.choice(ReasonCode, code, "code") if code else None,
            tuple(cast(Sequence[Match], row.get("matches", ()))),
            _kernel.text(row["explanation"], "explanation", allow_empty=True),
            _kernel.day(as_of, "as_of"),
        )

    def refusal(self, new: PaymentOutcome) -> str | None:
        """Why ``new`` may not replace this outcome, or ``None`` when it may.

        A posted (auto-apply) outcome is final: only another posting replaces it.

        Example:
            >>> from datetime import date
            >>> from otccore.matching import Band, PaymentOutcome
            >>> posted = PaymentOutcome("P1", Band.AUTO_APPLY, None, (), "posted", date(2026, 1, 2))
            >>> print(posted.refusal(PaymentOutcome("P1", Band.SUGGEST, None, (), "?", date(2026, 1, 3))))
            payment 'P1' is already posted (auto-apply outcome of 2026-01-02): a suggest outcome cannot replace it
        """
        if self.band is not Band.AUTO_APPLY or new.band is Band.AUTO_APPLY:
            return None
        return refusal_message(self.payment_id, self.as_of, new.band)

    @classmethod
    def posted(cls, match: Match, payment_id: PaymentId, as_of: date) -> PaymentOutcome:
        """The outcome of ``payment_id`` once ``match`` is posted (band auto-apply).

        Example:
            >>> from datetime import date
            >>> from otccore.matching import Band, Match, PaymentOutcome, Tier
            >>> m = Match(("P1",), ("I1",), "C1", Tier.REFERENCE, Band.AUTO_APPLY, 95, (), (), ())
            >>> PaymentOutcome.posted(m, "P1", date(2026, 1, 2)).band
            <Band.AUTO_APPLY: 'auto_apply'>
        """
        return cls(payment_id, Band.AUTO_APPLY, None, (match,), match.explanation, as_of)

    @classmethod
    def exception(
        cls, case: ExceptionCase, as_of: date, *, payment_id: PaymentId | None = None
    ) -> PaymentOutcome:
        """The outcome of an exception case: its code, proposals and explanation.

        ``payment_id`` names another payment of the case's match (default: the
        case's own payment).

        Example:
            >>> from datetime import date
            >>> from otccore.matching import ExceptionCase, PaymentOutcome, Reason, ReasonCode
            >>> why = Reason.of(ReasonCode.NO_PAYER, "no payer")
            >>> case = ExceptionCase("P1", ReasonCode.NO_PAYER, None, (why,), "no payer", ())
            >>> o = PaymentOutcome.exception(case, date(2026, 1, 2), payment_id="P2")
            >>> o.payment_id, o.band.value, o.code.value
            ('P2', 'exception', 'no_payer')
        """
        return cls(
            case.payment_id if payment_id is None else payment_id,
            Band.EXCEPTION,
            case.code,
            case.proposals,
            case.explanation,
            as_of,
        )

    @classmethod
    def from_result(cls, result: ReconciliationResult, as_of: date) -> list[PaymentOutcome]:
        """One outcome per payment of ``result``, sorted by payment id.

        Example:
            >>> from datetime import date
            >>> from otccore.matching import PaymentOutcome, reconcile
            >>> PaymentOutcome.from_result(reconcile([], [], as_of=date(2026, 1, 2)), date(2026, 1, 2))
            []
        """
        by_payment: dict[PaymentId, list[Match]] = {}
        for m in result.matches:
            for pid in m.payment_ids:
                by_payment.setdefault(pid, []).append(m)
        out: list[PaymentOutcome] = []
        for pid, matches in by_payment.items():
            band = Band.AUTO_APPLY if matches[0].band is Band.AUTO_APPLY else Band.SUGGEST
            kept = tuple(
                m for m in matches if (m.band is Band.AUTO_APPLY) == (band is Band.AUTO_APPLY)
            )
            out.append(cls(PaymentId(pid), band, None, kept, kept[0].explanation, as_of))
        out.extend(cls.exception(case, as_of) for case in result.exceptions)
        return sorted(out, key=lambda o: o.payment_id)


def refusal_message(payment_id: str, posted_on: object, band: Band) -> str:
    """The conflict message of every store refusing to replace a posted outcome."""
    return (
        f"payment {payment_id!r} is already posted (auto-apply outcome of {posted_on}): "
        f"a {band.value} outcome cannot replace it"
    )


def checked_outcomes(outcomes: Sequence[PaymentOutcome]) -> dict[str, PaymentOutcome]:
    """``outcomes`` by payment id, refusing what a store must not record (for adapters).

    Raises :class:`~otccore.errors.InvalidInput` for anything not a
    :class:`PaymentOutcome` and :class:`~otccore.errors.DuplicateId` for a second
    outcome of one payment, before anything is stored.
    """
    by_payment: dict[str, PaymentOutcome] = {}
    for o in outcomes:
        if not isinstance(o, PaymentOutcome):
            raise InvalidInput(f"not a PaymentOutcome: {o!r}")
        if o.payment_id in by_payment:
            raise DuplicateId(f"two outcomes for payment {o.payment_id!r}")
        by_payment[o.payment_id] = o
    return by_payment


def wanted_ids(payment_ids: Collection[str] | None) -> set[str] | None:
    """The ``payment_ids`` filter of ``list_outcomes`` as a set (``None``: no filter)."""
    if payment_ids is None:
        return None
    if isinstance(payment_ids, str | bytes):
        raise InvalidInput(f"payment_ids must be a collection of ids, not {payment_ids!r}")
    return set(payment_ids)


class MatchOutcomeStore(Protocol):
    """Port: the current outcome of each payment, for the people who work the queue.

    Rules every implementation keeps (the contract suite in
    :mod:`otccore.testing.matching` checks them):

    - ``record_outcomes`` is all or nothing and replaces each payment's earlier
      outcome;
    - **a posted outcome is final**: an auto-apply outcome is replaced only by
      another auto-apply outcome (a later posting of the same payment). Recording
      a suggestion or an exception over it raises
      :class:`~otccore.errors.ConcurrencyConflict` and stores nothing of the
      call — it means the writer decided from data older than the posting;
    - ``list_outcomes(payment_id=...)`` is a key lookup and
      ``list_outcomes(payment_ids=...)`` one query for many payments (the service
      reads the outcomes of a run's payments with it, once per attempt); lists
      come back sorted by payment id.

    An adapter may subclass :class:`OutcomeStoreBase` (not required): it checks
    the arguments of both methods and leaves the adapter only the storage.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryMatchOutcomes
        >>> from otccore.errors import ConcurrencyConflict
        >>> from otccore.matching import Band, MatchOutcomeStore, PaymentOutcome, ReasonCode
        >>> store: MatchOutcomeStore = MemoryMatchOutcomes()
        >>> day = date(2026, 3, 31)
        >>> store.record_outcomes([
        ...     PaymentOutcome("P1", Band.AUTO_APPLY, None, (), "posted", day),
        ...     PaymentOutcome("P2", Band.EXCEPTION, ReasonCode.NO_PAYER, (), "?", day),
        ... ])
        >>> try:
        ...     store.record_outcomes([PaymentOutcome("P1", Band.SUGGEST, None, (), "stale", day)])
        ... except ConcurrencyConflict as exc:
        ...     print(exc)
        payment 'P1' is already posted (auto-apply outcome of 2026-03-31): a suggest outcome cannot replace it
        >>> [o.band.value for o in store.list_outcomes(payment_ids=["P2", "P1", "P9"])]
        ['auto_apply', 'exception']
        >>> [o.payment_id for o in store.list_outcomes(band=Band.EXCEPTION)]
        ['P2']
    """

    def record_outcomes(self, outcomes: Sequence[PaymentOutcome]) -> None:
        """Store ``outcomes`` atomically, replacing each payment's earlier outcome.

        A non-auto-apply outcome for a payment whose stored outcome is auto-apply
        raises :class:`~otccore.errors.ConcurrencyConflict`; a second outcome for
        one payment in the same call raises :class:`~otccore.errors.DuplicateId`.
        Either way nothing of the call is stored.
        """
        ...

    def list_outcomes(
        self,
        *,
        band: Band | None = None,
        payment_id: PaymentId | None = None,
        payment_ids: Collection[str] | None = None,
    ) -> list[PaymentOutcome]:
        """Stored outcomes matching every given filter, sorted by payment id.

        ``payment_ids`` keeps the outcomes of those payments (an empty collection
        keeps none); ids without an outcome are left out.
        """
        ...


class OutcomeStoreBase(abc.ABC):
    """A :class:`MatchOutcomeStore` less its storage: the shared argument checks.

    :meth:`record_outcomes` refuses what is not an outcome and a second outcome
    of one payment, then hands the outcomes by payment id to :meth:`_replace`;
    :meth:`list_outcomes` folds ``payment_id`` and ``payment_ids`` into one set of
    ids (``None``: every payment) and hands it with the band to :meth:`_find`.
    The memory and SQLite stores are built on it.

    Example:
        >>> from datetime import date
        >>> from otccore.matching import Band, PaymentOutcome
        >>> from otccore.matching.ports import OutcomeStoreBase
        >>> class DictOutcomes(OutcomeStoreBase):  # no locking: one thread only
        ...     def __init__(self):
        ...         self.rows = {}
        ...     def _replace(self, outcomes):
        ...         self.rows.update(outcomes)
        ...     def _find(self, band, ids):
        ...         found = [o for k, o in sorted(self.rows.items()) if ids is None or k in ids]
        ...         return [o for o in found if band is None or o.band is band]
        >>> store = DictOutcomes()
        >>> store.record_outcomes([PaymentOutcome("P1", Band.SUGGEST, None, (), "?", date(2026, 1, 2))])
        >>> [o.payment_id for o in store.list_outcomes(band="suggest", payment_ids=["P1", "P2"])]
        ['P1']
    """

    def record_outcomes(self, outcomes: Sequence[PaymentOutcome]) -> None:
        """See :meth:`MatchOutcomeStore.record_outcomes`."""
        self._replace(checked_outcomes(outcomes))

    def list_outcomes(
        self,
        *,
        band: Band | None = None,
        payment_id: PaymentId | None = None,
        payment_ids: Collection[str] | None = None,
    ) -> list[PaymentOutcome]:
        """See :meth:`MatchOutcomeStore.list_outcomes`."""
        ids = wanted_ids(payment_ids)
        if payment_id is not None:
            ids = {payment_id} if ids is None else ids & {payment_id}
        return self._find(None if band is None else _kernel.choice(Band, band, "band"), ids)

    @abc.abstractmethod
    def _replace(self, outcomes: Mapping[str, PaymentOutcome]) -> None:
        """Store ``outcomes`` (one per payment id) all or nothing; a posted outcome is final."""

    @abc.abstractmethod
    def _find(self, band: Band | None, ids: set[str] | None) -> list[PaymentOutcome]:
        """The outcomes in ``band`` of the payments ``ids`` (``None``: any), sorted by id."""


__getattr__ = _kernel.deprecated_names(__name__, {"Outcome": ("PaymentOutcome", PaymentOutcome)})
