"""The parties of an invoice: the seller (BG-4) and the buyer (BG-7), with their addresses.

Example:
    >>> from otccore.invoicing import Party
    >>> Party.create("S1", name="Seller AG", country="de").country
    'DE'
"""

from __future__ import annotations

from typing import TypedDict, Unpack

import attrs

from otccore._kernel import keyword_only, opt_text, text
from otccore.errors import InvalidInput
from otccore.receivables import Customer, CustomerId

__all__ = ["Party", "PartyDetails"]


class PartyDetails(TypedDict, total=False):
    """The optional keywords of :meth:`Party.create` and :meth:`Party.from_customer`.

    ``vat_id`` (BT-31 / BT-48), ``street``, ``city``, ``postal_zone`` (the postal
    address) and ``endpoint`` with its ``endpoint_scheme`` (the electronic
    address BT-34 / BT-49 and its scheme), each a non-empty ``str`` or ``None``.
    """

    vat_id: str | None
    street: str | None
    city: str | None
    postal_zone: str | None
    endpoint: str | None
    endpoint_scheme: str | None


@attrs.frozen
class Party:
    """Seller (BG-4) or buyer (BG-7).

    ``id`` is the party identifier (BT-29 / BT-46): for the buyer it is the
    receivables customer id. ``endpoint`` is the electronic address (BT-34 /
    BT-49) and ``endpoint_scheme`` its scheme (BT-34-1 / BT-49-1), a code of the
    Electronic Address Scheme list, for example ``"0088"`` GLN, ``"0192"``
    Norwegian organisation number, ``"0208"`` Belgian enterprise number or
    ``"9930"`` German VAT number. Peppol BIS Billing 3.0, the default profile of
    :func:`~otccore.invoicing.validate`, needs one on both parties
    (PEPPOL-EN16931-R020 / R010) with a scheme Peppol accepts
    (PEPPOL-EN16931-CL008, :data:`~otccore.invoicing.PEPPOL_EAS_CODES`). The
    value itself accepts any scheme, so that a document read from a file can be
    represented; an endpoint without its scheme (BR-62 / BR-63) is refused.

    Example:
        >>> from otccore.invoicing import Party
        >>> from otccore.receivables import Customer
        >>> buyer = Party.from_customer(Customer.create("C1", "Acme GmbH", "EUR"), country="DE",
        ...                             endpoint="4000001000005", endpoint_scheme="0088")
        >>> buyer.id, buyer.name, buyer.country, buyer.endpoint_scheme
        ('C1', 'Acme GmbH', 'DE', '0088')
        >>> Party.create("C2", name="Beta AS", country="NO", endpoint="974760673")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: party 'C2': an electronic address needs its scheme and a scheme its address (BR-62/BR-63): endpoint='974760673', endpoint_scheme=None
    """

    id: str
    name: str
    country: str
    vat_id: str | None = None
    street: str | None = None
    city: str | None = None
    postal_zone: str | None = None
    endpoint: str | None = None
    endpoint_scheme: str | None = None

    def __attrs_post_init__(self) -> None:
        text(self.id, "party id")
        text(self.name, "party name")
        if (
            not isinstance(self.country, str)
            or len(self.country) != 2
            or not self.country.isupper()
        ):
            raise InvalidInput(f"country must be an ISO 3166 alpha-2 code: {self.country!r}")
        for field in ("vat_id", "street", "city", "postal_zone", "endpoint", "endpoint_scheme"):
            opt_text(getattr(self, field), field)
        if (self.endpoint is None) != (self.endpoint_scheme is None):
            raise InvalidInput(
                f"party {self.id!r}: an electronic address needs its scheme and a scheme "
                f"its address (BR-62/BR-63): endpoint={self.endpoint!r}, "
                f"endpoint_scheme={self.endpoint_scheme!r}"
            )

    @classmethod
    @keyword_only
    def create(cls, id: str, *, name: str, country: str, **details: Unpack[PartyDetails]) -> Party:
        """Named constructor: upper-cases the country code; ``details`` are
        :class:`PartyDetails` (VAT id, address, electronic address).

        ``name`` is keyword-only (``id`` and ``name`` are both text); passing it
        by position still works and warns.

        Example:
            >>> from otccore.invoicing import Party
            >>> Party.create("S1", name="Seller AG", country="de").country
            'DE'
        """
        upper = country.strip().upper() if isinstance(country, str) else country
        return cls(id=id, name=name, country=upper, **details)

    @classmethod
    def from_customer(
        cls, customer: object, *, country: str, **details: Unpack[PartyDetails]
    ) -> Party:
        """The buyer party of a receivables :class:`~otccore.receivables.Customer`.

        A :class:`~otccore.receivables.Customer` has no electronic address, so
        give ``endpoint`` and ``endpoint_scheme`` for an invoice that goes over
        Peppol (without them the default validation reports PEPPOL-EN16931-R010).

        Example:
            >>> from otccore.invoicing import Party
            >>> from otccore.receivables import Customer
            >>> beta = Party.from_customer(Customer.create("C9", "Beta", "EUR"), country="FR",
            ...                            endpoint="FR12345678901", endpoint_scheme="9957")
            >>> beta.id, beta.endpoint, beta.endpoint_scheme
            ('C9', 'FR12345678901', '9957')
        """
        if not isinstance(customer, Customer):
            raise InvalidInput(f"expected a Customer, not {type(customer).__name__}: {customer!r}")
        return cls.create(customer.id, name=customer.name, country=country, **details)

    @property
    def customer_id(self) -> CustomerId:
        """The party id as a receivables customer id."""
        return CustomerId(self.id)
