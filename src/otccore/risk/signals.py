"""Fraud and anomaly signals over documents, orders, payments and refunds.

Each signal returns a tuple of :class:`~otccore.risk.Finding` (what, why, which
records), sorted by stable keys so the same input in any order gives the same
findings. Every threshold is a keyword parameter. Amounts are ``Money``,
``Decimal`` or ``int`` — a float is refused with ``InvalidAmount``.

- :func:`exact_duplicates` — same party + number + amount.
- :func:`same_same_same` — records equal on every chosen field (Nigrini's SSS;
  default: party, amount, date).
- :func:`same_same_different` — equal on the chosen fields, different on one
  (Nigrini's SSD; default: same number and amount, different party).
- :func:`near_duplicate_numbers` — the same party's document numbers one edit
  apart (insert, delete, substitute) or with two adjacent characters transposed.
- :func:`round_numbers` — share of amounts that are multiples of 100, 1,000 …
- :func:`relative_size_factor` — largest ÷ second largest amount per party.
- :func:`order_spikes` — an order far above the party's own history.
- :func:`new_payer_accounts` — a payment from an account never seen for that customer.
- :func:`refunds_to_changed_accounts` — refunds to bank details changed recently.

Example:
    >>> from otccore.risk import Document, exact_duplicates
    >>> docs = [Document.create("1", "C1", "INV-7", 100, date(2026, 1, 2)),
    ...         Document.create("2", "C1", "INV-7", 100, date(2026, 1, 9))]
    >>> [(f.code, f.subjects) for f in exact_duplicates(docs)]
    [('exact_duplicate', ('1', '2'))]
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from otccore.errors import DuplicateId, InvalidInput
from otccore.receivables import Customer, Payment
from otccore.risk._common import (
    CTX,
    Finding,
    amount_decimal,
    as_list,
    from_fields,
    plain,
    present,
    ratio_decimal,
    rows_of,
)

__all__ = [
    "BankDetailsChange",
    "Document",
    "Refund",
    "exact_duplicates",
    "near_duplicate_numbers",
    "new_payer_accounts",
    "order_spikes",
    "refunds_to_changed_accounts",
    "relative_size_factor",
    "round_numbers",
    "same_same_different",
    "same_same_same",
]

_FIELDS = ("party", "number", "amount", "date")
_FIELDS_OF_DOCUMENT = ("id", "party", "number", "amount", "date")
_Date = date


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must be a non-empty str: {value!r}")
    return value


def _day(value: object, what: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(
            f"{what} must be a datetime.date, not {type(value).__name__} "
            f"(for a pandas column use .dt.date): {value!r}"
        )
    return value


@attrs.frozen
class Document:
    """A document (invoice, order, payment) for the signals: id, party, number, amount, date.

    Build with :meth:`create` (or pass ``(id, party, number, amount, date)`` tuples or
    mappings with those keys — or a DataFrame with those columns — wherever documents
    are expected).

    Example:
        >>> Document.create("1", "C1", "INV-1", money("10.00", "EUR"), date(2026, 1, 1)).amount
        Decimal('10.00')
    """

    id: str
    party: str
    number: str
    amount: Decimal
    date: _Date

    @classmethod
    def create(cls, id: str, party: str, number: str, amount: object, on: _Date) -> Document:
        """Check and convert (amount: Money, Decimal or int; never float).

        Example:
            >>> Document.create("1", "C1", "INV-1", 10.5, date(2026, 1, 1))
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidAmount: amount of document '1' must be Money, Decimal or int, not float: 10.5
        """
        return cls(
            id=_text(id, "document id"),
            party=_text(party, "party"),
            number=_text(number, "document number"),
            amount=amount_decimal(amount, f"amount of document {id!r}"),
            date=_day(on, f"date of document {id!r}"),
        )

    @classmethod
    def of(cls, value: Document | Sequence[Any] | Mapping[str, Any]) -> Document:
        """A document from a document, a 5-tuple or a mapping (id, party, number, amount, date).

        Example:
            >>> Document.of({"id": "1", "party": "C1", "number": "INV-1", "amount": 5,
            ...              "date": date(2026, 1, 1), "note": "ignored"}).number
            'INV-1'
        """
        if isinstance(value, Document):
            return value
        return from_fields(cls.create, value, _FIELDS_OF_DOCUMENT, "document")


def _docs(records: Iterable[Any]) -> list[Document]:
    docs = [Document.of(r) for r in as_list(rows_of(records))]
    seen: set[str] = set()
    for d in docs:
        if d.id in seen:
            raise DuplicateId(f"document id {d.id!r} appears twice")
        seen.add(d.id)
    return sorted(docs, key=lambda d: d.id)


def _check_fields(fields: Sequence[str], what: str) -> tuple[str, ...]:
    chosen = tuple(fields)
    if not chosen or any(f not in _FIELDS for f in chosen):
        raise InvalidInput(f"{what} must be fields among {_FIELDS}: {fields!r}")
    return chosen


def _groups(
    docs: list[Document], fields: tuple[str, ...]
) -> dict[tuple[object, ...], list[Document]]:
    groups: dict[tuple[object, ...], list[Document]] = defaultdict(list)
    for d in docs:
        groups[tuple(getattr(d, f) for f in fields)].append(d)
    return groups


def exact_duplicates(records: Iterable[Any]) -> tuple[Finding, ...]:
    """Groups of documents with the same party, number and amount (one finding per group).

    Example:
        >>> exact_duplicates([("1", "C1", "A", 5, date(2026, 1, 1)),
        ...                   ("2", "C1", "A", 6, date(2026, 1, 1))])
        ()
    """
    return _same(records, ("party", "number", "amount"), "exact_duplicates", "exact_duplicate")


def _same(
    records: Iterable[Any], fields: tuple[str, ...], signal: str, code: str
) -> tuple[Finding, ...]:
    docs = _docs(records)
    out = []
    for key, group in sorted(_groups(docs, fields).items(), key=lambda kv: kv[1][0].id):
        if len(group) > 1:
            parties = sorted({d.party for d in group})
            out.append(
                Finding.create(
                    signal,
                    code,
                    f"{len(group)} records share "
                    + ", ".join(f"{f} {v}" for f, v in zip(fields, key, strict=True)),
                    party=parties[0] if len(parties) == 1 else None,
                    subjects=[d.id for d in group],
                    data=dict(zip(fields, (str(k) for k in key), strict=True)),
                )
            )
    return tuple(out)


def same_same_same(
    records: Iterable[Any], *, fields: Sequence[str] = ("party", "amount", "date")
) -> tuple[Finding, ...]:
    """Nigrini's same-same-same test: records equal on every field in ``fields``.

    Example:
        >>> rows = [("1", "C1", "A", 5, date(2026, 1, 1)), ("2", "C1", "B", 5, date(2026, 1, 1))]
        >>> [f.subjects for f in same_same_same(rows)]
        [('1', '2')]
    """
    return _same(records, _check_fields(fields, "fields"), "same_same_same", "same_same_same")


def same_same_different(
    records: Iterable[Any],
    *,
    same: Sequence[str] = ("number", "amount"),
    different: str = "party",
) -> tuple[Finding, ...]:
    """Nigrini's same-same-different test: equal on ``same``, differing in ``different``.

    One finding per group of records equal on ``same`` that holds more than one
    value of ``different`` (for example one invoice number and amount billed to two
    parties).

    Example:
        >>> rows = [("1", "C1", "A", 5, date(2026, 1, 1)), ("2", "C2", "A", 5, date(2026, 1, 3))]
        >>> [(f.code, f.subjects) for f in same_same_different(rows)]
        [('same_same_different', ('1', '2'))]
    """
    fields = _check_fields(same, "same")
    (other,) = _check_fields([different], "different")
    if other in fields:
        raise InvalidInput(f"different={different!r} is also in same={tuple(same)!r}")
    docs = _docs(records)
    out = []
    for key, group in sorted(_groups(docs, fields).items(), key=lambda kv: kv[1][0].id):
        values = sorted({str(getattr(d, other)) for d in group})
        if len(values) > 1:
            out.append(
                Finding.create(
                    "same_same_different",
                    "same_same_different",
                    f"{len(group)} records share "
                    + ", ".join(f"{f} {v}" for f, v in zip(fields, key, strict=True))
                    + f" but differ in {other}: {', '.join(values)}",
                    subjects=[d.id for d in group],
                    data={other: values, **dict(zip(fields, (str(k) for k in key), strict=True))},
                )
            )
    return tuple(out)


def _one_edit_or_transposed(a: str, b: str) -> str | None:
    """'transposed', 'one_edit' or None."""
    if a == b:
        return None
    la, lb = len(a), len(b)
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return "one_edit"
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i = diffs[0]
            if a[i] == b[i + 1] and a[i + 1] == b[i]:
                return "transposed"
        return None
    if abs(la - lb) != 1:
        return None
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return "one_edit" if short[i:] == long_[i + 1 :] else None


def _deletion_keys(text: str) -> set[str]:
    """The text and each text one character shorter (its deletion neighbourhood).

    Two texts one edit apart (insert, delete, substitute) or with two adjacent
    characters transposed always share a key: a substitution or a transposition at
    position i leaves the same text when position i (resp. the moved character) is
    deleted from both, and an insertion's longer text gives the shorter one.
    """
    return {text, *(text[:i] + text[i + 1 :] for i in range(len(text)))}


def near_duplicate_numbers(
    records: Iterable[Any], *, same_amount: bool = False, case_sensitive: bool = False
) -> tuple[Finding, ...]:
    """Pairs of one party's documents whose numbers differ by one edit or a transposition.

    With ``same_amount=True`` only pairs with equal amounts count (fewer false
    positives). Numbers are compared without case unless ``case_sensitive``.

    Only plausible pairs are compared: numbers are blocked by their deletion
    neighbourhoods (the number and each number one character shorter), which any
    two numbers one edit or one transposition apart share, so the work grows with
    the documents and their near pairs rather than with the square of a party's
    documents.

    Example:
        >>> rows = [("1", "C1", "INV-1234", 5, date(2026, 1, 1)),
        ...         ("2", "C1", "INV-1243", 5, date(2026, 1, 2)),
        ...         ("3", "C1", "INV-1235", 7, date(2026, 1, 3))]
        >>> [(f.code, f.subjects) for f in near_duplicate_numbers(rows)]
        [('transposed', ('1', '2')), ('one_edit', ('1', '3'))]
    """
    docs = _docs(records)
    by_party: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        by_party[d.party].append(d)
    out = []
    for party in sorted(by_party):
        group = by_party[party]  # sorted by id: the earlier document of a pair comes first
        positions: dict[str, list[int]] = defaultdict(list)  # compared number → documents
        for index, d in enumerate(group):
            positions[d.number if case_sensitive else d.number.upper()].append(index)
        blocks: dict[str, list[str]] = defaultdict(list)
        for number in positions:
            for key in _deletion_keys(number):
                blocks[key].append(number)
        candidates = {
            (x, y) if x < y else (y, x)
            for block in blocks.values()
            for x, y in itertools.combinations(block, 2)
        }
        for x, y in candidates:
            kind = _one_edit_or_transposed(x, y)
            if kind is None:
                continue
            for i in positions[x]:
                for j in positions[y]:
                    a, b = (group[i], group[j]) if i < j else (group[j], group[i])
                    if same_amount and a.amount != b.amount:
                        continue
                    out.append(
                        Finding.create(
                            "near_duplicate_numbers",
                            kind,
                            f"numbers {a.number!r} and {b.number!r} of party {party} differ by "
                            + ("two transposed characters" if kind == "transposed" else "one edit"),
                            party=party,
                            subjects=[a.id, b.id],
                            data={"numbers": [a.number, b.number]},
                        )
                    )
    return tuple(sorted(out, key=lambda f: (f.party or "", f.subjects)))


def round_numbers(
    records: Iterable[Any],
    *,
    multiples: Mapping[int, object] | None = None,
    min_count: int = 10,
    by_party: bool = True,
) -> tuple[Finding, ...]:
    """Parties (or the whole set) whose share of round amounts exceeds a threshold.

    ``multiples`` maps a multiple to the highest acceptable share of amounts that
    are exact multiples of it; default ``{100: 0.2, 1000: 0.1}``. Groups with fewer
    than ``min_count`` documents are not judged.

    Example:
        >>> rows = [(str(i), "C1", f"N{i}", 500 if i < 4 else 123 + i, date(2026, 1, 1))
        ...         for i in range(10)]
        >>> [(f.code, f.details["share"]) for f in round_numbers(rows)]
        [('round_100', Decimal('0.4'))]
    """
    limits = {100: Decimal("0.2"), 1000: Decimal("0.1")} if multiples is None else {}
    for m, share in (multiples or {}).items():
        if isinstance(m, bool) or not isinstance(m, int) or m <= 0:
            raise InvalidInput(f"multiples must be positive ints: {m!r}")
        limits[m] = ratio_decimal(share, f"share for {m}")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise InvalidInput(f"min_count must be a positive int: {min_count!r}")
    docs = _docs(records)
    groups: dict[str | None, list[Document]] = defaultdict(list)
    for d in docs:
        groups[d.party if by_party else None].append(d)
    out = []
    for party in sorted(groups, key=lambda p: p or ""):
        group = groups[party]
        if len(group) < min_count:
            continue
        for m in sorted(limits):
            hits = [d for d in group if d.amount != 0 and CTX.remainder(d.amount, m) == 0]
            share = plain(CTX.divide(len(hits), len(group)))
            if share > limits[m]:
                out.append(
                    Finding.create(
                        "round_numbers",
                        f"round_{m}",
                        f"{len(hits)} of {len(group)} amounts are multiples of {m} "
                        f"({share:%} > {limits[m]:%})",
                        party=party,
                        subjects=[d.id for d in hits],
                        data={"share": share, "multiple": m, "limit": limits[m]},
                    )
                )
    return tuple(out)


def relative_size_factor(
    records: Iterable[Any], *, threshold: object = 10, min_count: int = 2
) -> tuple[Finding, ...]:
    """Parties whose largest amount is at least ``threshold`` × their second largest.

    Only positive amounts count; parties with fewer than ``min_count`` of them are
    skipped.

    Example:
        >>> rows = [("1", "C1", "A", 100, date(2026, 1, 1)), ("2", "C1", "B", 5000, date(2026, 1, 2))]
        >>> [(f.party, f.details["rsf"]) for f in relative_size_factor(rows)]
        [('C1', Decimal('50'))]
    """
    limit = ratio_decimal(threshold, "threshold")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 2:
        raise InvalidInput(f"min_count must be an int ≥ 2: {min_count!r}")
    docs = _docs(records)
    by_party: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        if d.amount > 0:
            by_party[d.party].append(d)
    out = []
    for party in sorted(by_party):
        group = sorted(by_party[party], key=lambda d: (-d.amount, d.id))
        if len(group) < min_count:
            continue
        largest, second = group[0], group[1]
        rsf = plain(CTX.divide(largest.amount, second.amount))
        if rsf >= limit:
            out.append(
                Finding.create(
                    "relative_size_factor",
                    "relative_size_factor",
                    f"largest amount {largest.amount} is {rsf} × the next largest {second.amount}",
                    party=party,
                    subjects=[largest.id],
                    data={"rsf": rsf, "largest": largest.amount, "second": second.amount},
                )
            )
    return tuple(out)


def _median(ordered: list[Decimal]) -> Decimal:
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return CTX.divide(CTX.add(ordered[mid - 1], ordered[mid]), 2)


def order_spikes(
    records: Iterable[Any],
    *,
    multiple: object = 3,
    min_history: int = 3,
    lookback_days: int | None = 365,
) -> tuple[Finding, ...]:
    """Orders above ``multiple`` × the median of the same party's earlier orders.

    Earlier means a strictly earlier date within ``lookback_days`` (``None``: all
    history); an order is judged only with at least ``min_history`` earlier orders.
    Each party's history is walked once in date order with a sliding window kept
    sorted (bisect), so the median of the window is read off, not recomputed.

    Example:
        >>> rows = [(str(i), "C1", f"O{i}", 100, date(2026, 1, 1 + i)) for i in range(4)]
        >>> rows.append(("9", "C1", "O9", 450, date(2026, 2, 1)))
        >>> [(f.subjects, f.details["ratio"]) for f in order_spikes(rows)]
        [(('9',), Decimal('4.5'))]
    """
    factor = ratio_decimal(multiple, "multiple")
    if isinstance(min_history, bool) or not isinstance(min_history, int) or min_history < 1:
        raise InvalidInput(f"min_history must be a positive int: {min_history!r}")
    if lookback_days is not None and (
        isinstance(lookback_days, bool) or not isinstance(lookback_days, int) or lookback_days < 1
    ):
        raise InvalidInput(f"lookback_days must be a positive int or None: {lookback_days!r}")
    docs = _docs(records)
    by_party: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        by_party[d.party].append(d)
    out = []
    for party in sorted(by_party):
        group = sorted(by_party[party], key=lambda d: (d.date, d.id))
        window: list[Decimal] = []  # amounts of the orders in [start, day), ascending
        entered = left = 0  # group[left:entered] is the window
        for day, orders in itertools.groupby(group, key=lambda d: d.date):
            while entered < len(group) and group[entered].date < day:
                bisect.insort(window, group[entered].amount)
                entered += 1
            if lookback_days is not None:
                start = date.fromordinal(max(1, day.toordinal() - lookback_days))
                while left < entered and group[left].date < start:
                    del window[bisect.bisect_left(window, group[left].amount)]
                    left += 1
            if len(window) < min_history:
                continue
            median = _median(window)
            if median <= 0:
                continue
            for order in orders:
                if order.amount > CTX.multiply(factor, median):
                    ratio = plain(CTX.divide(order.amount, median))
                    out.append(
                        Finding.create(
                            "order_spikes",
                            "order_spike",
                            f"order {order.number} of {order.amount} is {ratio} × the median "
                            f"{median} of {len(window)} earlier orders",
                            party=party,
                            subjects=[order.id],
                            data={"ratio": ratio, "median": median, "history": len(window)},
                        )
                    )
    return tuple(out)


_Row = TypeVar("_Row", Payment, Customer)


def _record(kind: type[_Row], value: object, what: str) -> _Row:
    """``value`` when it is a ``kind``, else a ``kind`` read from a row by its ``from_row``."""
    if isinstance(value, kind):
        return value
    if isinstance(value, Mapping):
        return kind.from_row(present(value))
    raise InvalidInput(f"not a {kind.__name__} or a {what} row: {value!r}")


def new_payer_accounts(
    payments: Iterable[Payment | Mapping[str, Any]] | Any,
    *,
    customers: Iterable[Customer | Mapping[str, Any]] | Any = (),
    flag_first: bool = False,
) -> tuple[Finding, ...]:
    """Payments from an account never seen for that customer before.

    Known accounts are the customer's master-data ``bank_accounts`` plus the
    accounts of its earlier payments (by value date, then id). A customer with no
    known account at all is judged only when ``flag_first`` (otherwise its first
    account becomes the known one). Payments without customer or account are skipped.

    Payments are :class:`~otccore.receivables.Payment` values, mappings or a
    DataFrame with the columns of :meth:`Payment.from_row
    <otccore.receivables.Payment.from_row>` (``id``, ``amount``, ``currency``,
    ``value_date``, ``payer_account``, ``customer_id`` …); customers likewise
    (:meth:`Customer.from_row <otccore.receivables.Customer.from_row>`). Empty
    cells (None, NaN) count as not given.

    Example:
        >>> from otccore.receivables import Customer, Payment
        >>> c = Customer.create("C1", "Acme", "EUR", bank_accounts=["DE11"])
        >>> ps = [Payment.create("P1", money(5, "EUR"), value_date=date(2026, 1, 1),
        ...                      payer_account="DE11", customer_id="C1"),
        ...       Payment.create("P2", money(5, "EUR"), value_date=date(2026, 1, 2),
        ...                      payer_account="GB22", customer_id="C1")]
        >>> [(f.party, f.subjects) for f in new_payer_accounts(ps, customers=[c])]
        [('C1', ('P2',))]
    """
    known: dict[str, set[str]] = defaultdict(set)
    for c in as_list(rows_of(customers)):
        customer = _record(Customer, c, "customer")
        known[customer.id].update(customer.bank_accounts)
    rows = [_record(Payment, p, "payment") for p in as_list(rows_of(payments))]
    out = []
    for p in sorted(rows, key=lambda p: (p.value_date, p.id)):
        if p.customer_id is None or not p.payer_account:
            continue
        seen = known[p.customer_id]
        if p.payer_account not in seen and (seen or flag_first):
            out.append(
                Finding.create(
                    "new_payer_accounts",
                    "new_payer_account",
                    f"payment {p.id} comes from account {p.payer_account}, never seen for "
                    f"customer {p.customer_id} (known: {', '.join(sorted(seen)) or 'none'})",
                    party=p.customer_id,
                    subjects=[p.id],
                    data={"account": p.payer_account, "known": sorted(seen)},
                )
            )
        seen.add(p.payer_account)
    return tuple(sorted(out, key=lambda f: (f.party or "", f.subjects)))


def _account(value: object, what: str) -> str:
    return _text(value, what).replace(" ", "").upper()


@attrs.frozen
class Refund:
    """An outgoing refund to a party's bank account.

    Example:
        >>> Refund.create("R1", "C1", "de89 3704", money(50, "EUR"), date(2026, 3, 1)).account
        'DE893704'
    """

    id: str
    party: str
    account: str
    amount: Decimal
    date: _Date

    @classmethod
    def create(cls, id: str, party: str, account: str, amount: object, on: _Date) -> Refund:
        """Check and normalise (account without spaces, upper case; amount never float).

        Example:
            >>> Refund.create("R1", "C1", "de89 3704", 50, date(2026, 3, 1))
            Refund(id='R1', party='C1', account='DE893704', amount=Decimal('50'), date=datetime.date(2026, 3, 1))
        """
        return cls(
            id=_text(id, "refund id"),
            party=_text(party, "party"),
            account=_account(account, "account"),
            amount=amount_decimal(amount, f"amount of refund {id!r}"),
            date=_day(on, f"date of refund {id!r}"),
        )

    @classmethod
    def of(cls, value: Refund | Sequence[Any] | Mapping[str, Any]) -> Refund:
        """A refund from a refund, a 5-tuple or a mapping (id, party, account, amount, date).

        Example:
            >>> Refund.of({"id": "R1", "party": "C1", "account": "gb22", "amount": 50,
            ...            "date": date(2026, 3, 1)}).account
            'GB22'
        """
        if isinstance(value, Refund):
            return value
        return from_fields(
            cls.create, value, ("id", "party", "account", "amount", "date"), "refund"
        )


@attrs.frozen
class BankDetailsChange:
    """A change of a party's bank details: the new account and the day it changed.

    Example:
        >>> BankDetailsChange.create("C1", "GB22 0000", date(2026, 2, 20)).account
        'GB220000'
    """

    party: str
    account: str
    changed_on: date

    @classmethod
    def create(cls, party: str, account: str, changed_on: _Date) -> BankDetailsChange:
        """Check and normalise the account.

        Example:
            >>> BankDetailsChange.create("C1", "gb22 0000", date(2026, 2, 20))
            BankDetailsChange(party='C1', account='GB220000', changed_on=datetime.date(2026, 2, 20))
        """
        return cls(
            party=_text(party, "party"),
            account=_account(account, "account"),
            changed_on=_day(changed_on, "changed_on"),
        )

    @classmethod
    def of(cls, value: BankDetailsChange | Sequence[Any] | Mapping[str, Any]) -> BankDetailsChange:
        """A change from a change, a 3-tuple or a mapping (party, account, changed_on).

        Example:
            >>> BankDetailsChange.of(("C1", "GB22", date(2026, 2, 20))).changed_on
            datetime.date(2026, 2, 20)
        """
        if isinstance(value, BankDetailsChange):
            return value
        return from_fields(
            cls.create, value, ("party", "account", "changed_on"), "bank details change"
        )


def refunds_to_changed_accounts(
    refunds: Iterable[Refund | Sequence[Any] | Mapping[str, Any]] | Any,
    changes: Iterable[BankDetailsChange | Sequence[Any] | Mapping[str, Any]] | Any,
    *,
    days: int = 30,
    same_account_only: bool = True,
) -> tuple[Finding, ...]:
    """Refunds paid within ``days`` days after the party's bank details changed.

    With ``same_account_only`` (default) the refund must go to the new account;
    otherwise any change of the party's details in the window counts. Refunds and
    changes are values, tuples, mappings or DataFrames with the fields of
    :meth:`Refund.of` and :meth:`BankDetailsChange.of`.

    Example:
        >>> r = [Refund.create("R1", "C1", "GB22", 50, date(2026, 3, 1))]
        >>> ch = [BankDetailsChange.create("C1", "GB22", date(2026, 2, 20))]
        >>> [(f.subjects, f.details["days_since_change"]) for f in refunds_to_changed_accounts(r, ch)]
        [(('R1',), 9)]
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise InvalidInput(f"days must be a non-negative int: {days!r}")
    by_party: dict[str, list[BankDetailsChange]] = defaultdict(list)
    for c in as_list(rows_of(changes)):
        change = BankDetailsChange.of(c)
        by_party[change.party].append(change)
    out = []
    for r in sorted((Refund.of(r) for r in as_list(rows_of(refunds))), key=lambda r: r.id):
        recent = [
            c
            for c in by_party.get(r.party, [])
            if 0 <= (r.date - c.changed_on).days <= days
            and (not same_account_only or c.account == r.account)
        ]
        if recent:
            latest = max(recent, key=lambda c: (c.changed_on, c.account))
            since = (r.date - latest.changed_on).days
            out.append(
                Finding.create(
                    "refunds_to_changed_accounts",
                    "refund_to_changed_account",
                    f"refund {r.id} of {r.amount} goes to account {r.account}, "
                    f"bank details changed {since} days before",
                    party=r.party,
                    subjects=[r.id],
                    data={"account": r.account, "days_since_change": since},
                )
            )
    return tuple(out)
