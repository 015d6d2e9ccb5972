"""Duplicate tests: records equal on chosen fields, and near-duplicate document numbers.

- :func:`exact_duplicates`: same customer + number + amount.
- :func:`same_same_same`: records equal on every chosen field (Nigrini's SSS;
  default: customer, amount, date).
- :func:`same_same_different`: equal on the chosen fields, different on one
  (Nigrini's SSD; default: same number and amount, different customer).
- :func:`near_duplicate_numbers`: the same customer's document numbers one edit
  apart (insert, delete, substitute) or with two adjacent characters transposed.

The fields are those of :class:`~otccore.risk.Document`: ``customer_id``,
``number``, ``amount`` and ``document_date`` (the old names ``party`` and ``date``
still work, with a ``DeprecationWarning``).

Example:
    >>> from datetime import date
    >>> from otccore.risk import same_same_different
    >>> rows = [("1", "C1", "A", 5, date(2026, 1, 1)), ("2", "C2", "A", 5, date(2026, 1, 3))]
    >>> [(f.code, f.subjects, f.details["customer_id"]) for f in same_same_different(rows)]
    [(<SignalCode.SAME_SAME_DIFFERENT: 'same_same_different'>, ('1', '2'), ('C1', 'C2'))]
"""

from __future__ import annotations

import itertools
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from otccore.errors import InvalidInput
from otccore.risk.codes import SignalCode
from otccore.risk.documents import Document, documents, per_customer
from otccore.risk.findings import Finding, Findings

__all__ = [
    "exact_duplicates",
    "near_duplicate_numbers",
    "same_same_different",
    "same_same_same",
]

_FIELDS = ("customer_id", "number", "amount", "document_date")
_OLD_FIELDS = {"party": "customer_id", "date": "document_date"}


def _check_fields(fields: Sequence[str], what: str) -> tuple[str, ...]:
    chosen = tuple(fields)
    for old, new in _OLD_FIELDS.items():
        if old in chosen:
            warnings.warn(
                f"the field name {old!r} in {what}= is deprecated; use {new!r}",
                DeprecationWarning,
                stacklevel=3,
            )
            chosen = tuple(new if f == old else f for f in chosen)
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


def exact_duplicates(records: Iterable[Any]) -> Findings:
    """Groups of documents with the same customer, number and amount (one finding per group).

    Example:
        >>> from datetime import date
        >>> from otccore.risk import exact_duplicates
        >>> exact_duplicates([("1", "C1", "A", 5, date(2026, 1, 1)),
        ...                   ("2", "C1", "A", 6, date(2026, 1, 1))])
        ()
    """
    return _same(
        records, ("customer_id", "number", "amount"), "exact_duplicates", SignalCode.EXACT_DUPLICATE
    )


def _same(
    records: Iterable[Any], fields: tuple[str, ...], signal: str, code: SignalCode
) -> Findings:
    docs = documents(records)
    out = []
    for key, group in sorted(_groups(docs, fields).items(), key=lambda kv: kv[1][0].id):
        if len(group) > 1:
            customers = sorted({d.customer_id for d in group})
            out.append(
                Finding.create(
                    signal,
                    code,
                    f"{len(group)} records share "
                    + ", ".join(f"{f} {v}" for f, v in zip(fields, key, strict=True)),
                    customer_id=customers[0] if len(customers) == 1 else None,
                    subjects=[d.id for d in group],
                    data=dict(zip(fields, (str(k) for k in key), strict=True)),
                )
            )
    return Findings(out)


def same_same_same(
    records: Iterable[Any], *, fields: Sequence[str] = ("customer_id", "amount", "document_date")
) -> Findings:
    """Nigrini's same-same-same test: records equal on every field in ``fields``.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import same_same_same
        >>> rows = [("1", "C1", "A", 5, date(2026, 1, 1)), ("2", "C1", "B", 5, date(2026, 1, 1))]
        >>> [f.subjects for f in same_same_same(rows)]
        [('1', '2')]
    """
    return _same(
        records, _check_fields(fields, "fields"), "same_same_same", SignalCode.SAME_SAME_SAME
    )


def same_same_different(
    records: Iterable[Any],
    *,
    same: Sequence[str] = ("number", "amount"),
    different: str = "customer_id",
) -> Findings:
    """Nigrini's same-same-different test: equal on ``same``, differing in ``different``.

    One finding per group of records equal on ``same`` that holds more than one
    value of ``different`` (for example one invoice number and amount billed to two
    customers).

    Example:
        >>> from datetime import date
        >>> from otccore.risk import same_same_different
        >>> rows = [("1", "C1", "A", 5, date(2026, 1, 1)), ("2", "C2", "A", 5, date(2026, 1, 3))]
        >>> [(f.code, f.subjects) for f in same_same_different(rows)]
        [(<SignalCode.SAME_SAME_DIFFERENT: 'same_same_different'>, ('1', '2'))]
    """
    fields = _check_fields(same, "same")
    (other,) = _check_fields([different], "different")
    if other in fields:
        raise InvalidInput(f"different={different!r} is also in same={tuple(same)!r}")
    docs = documents(records)
    out = []
    for key, group in sorted(_groups(docs, fields).items(), key=lambda kv: kv[1][0].id):
        values = sorted({str(getattr(d, other)) for d in group})
        if len(values) > 1:
            out.append(
                Finding.create(
                    "same_same_different",
                    SignalCode.SAME_SAME_DIFFERENT,
                    f"{len(group)} records share "
                    + ", ".join(f"{f} {v}" for f, v in zip(fields, key, strict=True))
                    + f" but differ in {other}: {', '.join(values)}",
                    subjects=[d.id for d in group],
                    data={other: values, **dict(zip(fields, (str(k) for k in key), strict=True))},
                )
            )
    return Findings(out)


def _one_edit_or_transposed(a: str, b: str) -> SignalCode | None:
    """``TRANSPOSED``, ``ONE_EDIT`` or None."""
    if a == b:
        return None
    la, lb = len(a), len(b)
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return SignalCode.ONE_EDIT
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i = diffs[0]
            if a[i] == b[i + 1] and a[i + 1] == b[i]:
                return SignalCode.TRANSPOSED
        return None
    if abs(la - lb) != 1:
        return None
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return SignalCode.ONE_EDIT if short[i:] == long_[i + 1 :] else None


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
) -> Findings:
    """Pairs of one customer's documents whose numbers differ by one edit or a transposition.

    With ``same_amount=True`` only pairs with equal amounts count (fewer false
    positives). Numbers are compared without case unless ``case_sensitive``.

    Only plausible pairs are compared: numbers are blocked by their deletion
    neighbourhoods (the number and each number one character shorter), which any
    two numbers one edit or one transposition apart share, so the work grows with
    the documents and their near pairs rather than with the square of a customer's
    documents.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import near_duplicate_numbers
        >>> rows = [("1", "C1", "INV-1234", 5, date(2026, 1, 1)),
        ...         ("2", "C1", "INV-1243", 5, date(2026, 1, 2)),
        ...         ("3", "C1", "INV-1235", 7, date(2026, 1, 3))]
        >>> [(f.code, f.subjects) for f in near_duplicate_numbers(rows)]
        [(<SignalCode.TRANSPOSED: 'transposed'>, ('1', '2')), (<SignalCode.ONE_EDIT: 'one_edit'>, ('1', '3'))]
    """
    docs = documents(records)
    groups = per_customer(docs)
    out = []
    for customer in sorted(groups):
        group = groups[customer]  # sorted by id: the earlier document of a pair comes first
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
                            f"numbers {a.number!r} and {b.number!r} of customer {customer} differ by "
                            + (
                                "two transposed characters"
                                if kind is SignalCode.TRANSPOSED
                                else "one edit"
                            ),
                            customer_id=customer,
                            subjects=[a.id, b.id],
                            data={"numbers": [a.number, b.number]},
                        )
                    )
    return Findings(sorted(out, key=lambda f: (f.customer_id or "", f.subjects)))
