"""An OSDI person from a partner's request (validated by :mod:`undersigned.api.schema`), read as
the sign form's fields: given and family name, the primary e-mail address, the postal address's
country and region, and the campaign's own fields from ``custom_fields``."""
from __future__ import annotations

from typing import Any

from undersigned.api.schema import SignatureRequest
from undersigned.campaigns.fields import EMAIL, FIRST_NAME, LAST_NAME, LETTER_NAME, all_fields
from undersigned.contract import Campaign

#: Where each shared field is in an OSDI person, for the problems a 400 names.
SHARED = {FIRST_NAME.name: "person.given_name", LAST_NAME.name: "person.family_name",
          EMAIL.name: "person.email_addresses.address"}
PLACES = {"country": "person.postal_addresses.country", "us_state": "person.postal_addresses.region"}


def property_of(campaign: Campaign, name: str) -> str:
    """The OSDI property the form field ``name`` is read from."""
    if name in SHARED:
        return SHARED[name]
    spec = next((s for s in campaign.fields if s.name == name), None)
    if spec is not None and spec.type in PLACES:
        return PLACES[spec.type]
    return f"person.custom_fields.{name}"


def form_values(campaign: Campaign, request: SignatureRequest) -> dict[str, str]:
    """The sign form's values from a validated request."""
    person = request.person
    first_email = person.email_addresses[0].address if person.email_addresses else ""
    address = person.postal_addresses[0] if person.postal_addresses else None
    places = {"country": address.country if address else None, "us_state": address.region if address else None}
    values: dict[str, Any] = {FIRST_NAME.name: person.given_name or "", LAST_NAME.name: person.family_name or "",
                              EMAIL.name: first_email}
    for spec in all_fields(campaign):
        if spec.name in values:
            continue
        answer = places[spec.type] if spec.type in PLACES else person.custom_fields.get(spec.name)
        if spec.type == "checkbox":
            values[spec.name] = "y" if answer is True else ""
        else:
            values[spec.name] = answer if isinstance(answer, str) else ""
    if LETTER_NAME.name in values and not values[LETTER_NAME.name]:  # as the person's name, if Latin
        values[LETTER_NAME.name] = " ".join(filter(None, (values[FIRST_NAME.name], values[LAST_NAME.name])))
    return values
