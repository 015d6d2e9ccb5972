"""Who paid: bank account, references, remittance, learned aliases, fuzzy name.

The sources are tried in that order, strongest evidence first (the rule and its
reasons: docs page "How cash application decides", ``docs/matching/pipeline.md``,
section 2): an account that belongs to one customer is the strongest;
references and remittance lines name documents whose customer is known; a
learned alias (the host's memory of "ACME GMBH NL" = C17) is as good as an
account; a payer name is compared with customer names after normalisation
(case, punctuation, legal forms), exactly first and then fuzzily with rapidfuzz
(``token_sort_ratio``), where the best must be unique. :class:`PayerIndex`
shows each source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs
from rapidfuzz import fuzz, process

from otccore.errors import InvalidInput
from otccore.receivables import Customer, CustomerId, Payment

__all__ = ["PayerEvidence", "PayerIndex", "normalise_name"]

_LEGAL_FORMS = frozenset(
    {
        "ag", "bv", "bvba", "co", "company", "corp", "corporation", "gmbh", "inc", "kg",
        "limited", "llc", "ltd", "nv", "oy", "plc", "sa", "sarl", "sas", "spa", "srl", "the",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def normalise_name(name: str) -> str:
    """Lower case, words only, legal forms dropped, words in their original order.

    Example:
        >>> from otccore.matching import normalise_name
        >>> normalise_name("ACME Trading G.m.b.H."), normalise_name("The Beta Co., Ltd")
        ('acme trading', 'beta')
    """
    text = name.lower().replace(".", "")
    words = [w for w in _WORD.findall(text) if w not in _LEGAL_FORMS]
    return " ".join(words)


def _block_keys(name: str) -> set[str]:
    words = name.split()
    return set(words) | {w[:3] + "*" for w in words if len(w) > 3}


@attrs.frozen
class PayerEvidence:
    """The customers a payment is attributed to, and how.

    ``method`` is the :class:`~otccore.matching.ReasonCode` value of the source
    (``payer_bank_account``, ``payer_name`` …) or ``""`` when nobody was found;
    ``points`` is its weight in the match score.

    Example:
        >>> from otccore.matching import PayerEvidence
        >>> PayerEvidence((), "", 0, "").found
        False
    """

    customers: tuple[CustomerId, ...]
    method: str
    points: int
    detail: str

    @property
    def found(self) -> bool:
        """True when at least one customer was identified."""
        return bool(self.customers)


_NONE = PayerEvidence((), "", 0, "")


class PayerIndex:
    """Customers indexed by bank account, normalised name and learned alias.

    Build it with :meth:`build`. Fuzzy lookups are cached per payer name, so an
    index is a working object for one run, not a value.

    Example:
        >>> from datetime import date
        >>> from otccore.matching import PayerIndex
        >>> from otccore.money import money
        >>> from otccore.receivables import Customer, Payment
        >>> idx = PayerIndex.build(
        ...     [Customer.create("C1", "Acme Trading GmbH", "EUR",
        ...                      bank_accounts=["DE89370400440532013000"]),
        ...      Customer.create("C2", "Beta Foods Ltd", "EUR")],
        ...     aliases={"ACME NL BRANCH": "C1"})
        >>> def paid_by(**payer):
        ...     p = Payment.create("P", money(1, "EUR"), value_date=date(2026, 1, 1), **payer)
        ...     found = idx.identify(p)
        ...     return found.customers, found.method, found.points
        >>> paid_by(payer_account="DE89 3704 0044 0532 0130 00")
        (('C1',), 'payer_bank_account', 20)
        >>> paid_by(payer_name="ACME NL BRANCH")          # a learned alias
        (('C1',), 'payer_alias', 20)
        >>> paid_by(payer_name="beta foods ltd.")         # the normalised name, exactly
        (('C2',), 'payer_name', 20)
        >>> paid_by(payer_name="ACME TRADNG")             # fuzzily: the best, and unique
        (('C1',), 'payer_name', 10)
        >>> paid_by(payer_name="Gamma AG")
        ((), '', 0)
    """

    def __init__(
        self,
        accounts: Mapping[str, CustomerId],
        names: Mapping[str, tuple[CustomerId, ...]],
        aliases: Mapping[str, CustomerId],
        *,
        name_score: int = 90,
    ) -> None:
        self.accounts = dict(accounts)
        self.names = dict(names)
        self.aliases = dict(aliases)
        self.choices = tuple(sorted(self.names))
        self.name_score = name_score
        # blocking for fuzzy lookups: a name is only compared with the customer
        # names that share a word or a word's first three letters with it. A
        # full scan costs O(customers) per payer name, which measured at about
        # 25 ms against 125,000 customers; a name scoring >= 90 against another
        # always shares a word or a prefix with it in practice.
        # Blocks hold the names themselves, so a lookup's candidates are one
        # set union in C (the order of the candidates cannot change the outcome:
        # a tie at the top, or a runner-up within 3 points, identifies nobody).
        self._blocks: dict[str, list[str]] = {}
        for name in self.choices:
            for key in _block_keys(name):
                self._blocks.setdefault(key, []).append(name)
        self._cache: dict[str, PayerEvidence] = {}
        self._by_account: dict[str, PayerEvidence] = {}
        self._named: dict[str, tuple[CustomerId, ...]] = {}

    @classmethod
    def build(
        cls,
        customers: Iterable[Customer],
        *,
        aliases: Mapping[str, str] | None = None,
        name_score: int = 90,
    ) -> PayerIndex:
        """Index ``customers``; an account shared by two customers identifies neither.

        ``aliases`` maps a payer name (as banks print it) to a customer id.

        Example:
            >>> from otccore.matching import PayerIndex
            >>> from otccore.receivables import Customer
            >>> shared = "DE89370400440532013000"
            >>> idx = PayerIndex.build(
            ...     [Customer.create("C1", "Acme GmbH", "EUR", bank_accounts=[shared, "NL01"]),
            ...      Customer.create("C2", "Acme Trading", "EUR", bank_accounts=[shared])],
            ...     aliases={"ACME NL BRANCH": "C1"})
            >>> sorted(idx.accounts), sorted(idx.aliases.values())
            (['NL01'], ['C1'])
            >>> PayerIndex.build([], aliases={"X": "C9"})
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: alias 'X' names an unknown customer: 'C9'
        """
        accounts: dict[str, CustomerId] = {}
        shared: set[str] = set()
        names: dict[str, list[CustomerId]] = {}
        known: set[str] = set()
        for c in sorted(customers, key=lambda c: c.id):
            known.add(c.id)
            for acc in c.bank_accounts:
                if acc in accounts and accounts[acc] != c.id:
                    shared.add(acc)
                accounts[acc] = c.id
            key = normalise_name(c.name)
            if key:
                names.setdefault(key, []).append(c.id)
        for acc in shared:
            del accounts[acc]
        alias_map: dict[str, CustomerId] = {}
        for alias, cid in sorted((aliases or {}).items()):
            if cid not in known:
                raise InvalidInput(f"alias {alias!r} names an unknown customer: {cid!r}")
            key = normalise_name(alias)
            if key:
                alias_map[key] = CustomerId(cid)
        return cls(
            accounts, {k: tuple(v) for k, v in names.items()}, alias_map, name_score=name_score
        )

    def identify(self, payment: Payment) -> PayerEvidence:
        """Bank account, then alias, then exact and fuzzy name (references come from the caller)."""
        found = self.by_account(payment)
        return found if found.found else self.by_name(payment)

    def by_account(self, payment: Payment) -> PayerEvidence:
        """The customer owning the payer's bank account, if exactly one does."""
        account = payment.payer_account
        if account:
            found = self._by_account.get(account)
            if found is not None:
                return found
            cid = self.accounts.get(account)
            if cid is not None:
                found = PayerEvidence((cid,), "payer_bank_account", 20, f"account {account}")
                self._by_account[account] = found
                return found
        return _NONE

    def by_name(self, payment: Payment) -> PayerEvidence:
        """The customer named by a learned alias, or by the payer name (exact, then fuzzy)."""
        if not payment.payer_name:
            return _NONE
        return self._by_name(payment.payer_name)

    def named(self, raw: str) -> tuple[CustomerId, ...]:
        """The customers a payer name names *exactly*: a learned alias, else every
        customer whose normalised name it is; ``()`` for a name no customer has.

        Two dict lookups (cached per name), never a fuzzy search: this is for
        checking a payer already identified another way, not for finding one.

        Example:
            >>> from otccore.matching import PayerIndex
            >>> from otccore.receivables import Customer
            >>> idx = PayerIndex.build([Customer.create("C1", "Acme Trading GmbH", "EUR")])
            >>> idx.named("ACME TRADING"), idx.named("Acme Tradng"), idx.named("")
            (('C1',), (), ())
        """
        found = self._named.get(raw)
        if found is None:
            key = normalise_name(raw)
            alias = self.aliases.get(key)
            found = (alias,) if alias is not None else self.names.get(key, ())
            self._named[raw] = found
        return found

    def _by_name(self, raw: str) -> PayerEvidence:
        cached = self._cache.get(raw)
        if cached is not None:
            return cached
        key = normalise_name(raw)
        found = _NONE
        if key:
            if key in self.aliases:
                found = PayerEvidence((self.aliases[key],), "payer_alias", 20, f"alias {raw!r}")
            elif len(self.names.get(key, ())) == 1:
                found = PayerEvidence(self.names[key], "payer_name", 20, f"name {raw!r}")
            elif self.choices and key not in self.names:
                found = self._fuzzy(key, raw)
        self._cache[raw] = found
        return found

    def _fuzzy(self, key: str, raw: str) -> PayerEvidence:
        blocks = [self._blocks[k] for k in _block_keys(key) if k in self._blocks]
        choices = list(set().union(*blocks))
        best = process.extract(
            key, choices, scorer=fuzz.token_sort_ratio, limit=2, score_cutoff=self.name_score
        )
        if not best:
            return _NONE
        top_name, top_score, _ = best[0]
        if len(best) > 1 and best[1][1] >= top_score - 3:
            return _NONE  # two names about as close: not a payer identification
        ids = self.names[top_name]
        if len(ids) != 1:
            return _NONE
        return PayerEvidence(
            ids, "payer_name", 10, f"name {raw!r} ~ {top_name!r} ({top_score:.0f})"
        )
