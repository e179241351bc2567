"""The record-signature helper's request body as pydantic models: the API validates every request
with them, and the OpenAPI document (:mod:`undersigned.api.openapi`) is generated from them, so
the two never disagree. Text is strictly text: a number, a list or an object where a name
belongs is a 400 naming it, never a crash."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr


class _Lenient(BaseModel):
    """OSDI clients send more than we read (``primary``, ``locality``...): the rest is ignored."""

    model_config = ConfigDict(extra="ignore")


class EmailAddress(_Lenient):
    address: StrictStr = Field(description="The signer's e-mail address; the confirmation e-mail goes there.")
    primary: StrictBool | None = None


class PostalAddress(_Lenient):
    country: StrictStr | None = Field(None, description="ISO 3166-1 alpha-2 code, as the campaign's form lists.")
    region: StrictStr | None = Field(None, description="The US state's two-letter code, where the campaign asks.")


class Person(_Lenient):
    given_name: StrictStr | None = None
    family_name: StrictStr | None = None
    email_addresses: list[EmailAddress] = Field(default_factory=list, max_length=10)
    postal_addresses: list[PostalAddress] = Field(default_factory=list, max_length=10)
    languages_spoken: list[StrictStr] = Field(default_factory=list, max_length=10,
                                              description="The first of en, ru, be is the signer's language.")
    custom_fields: dict[StrictStr, StrictStr | StrictBool] = Field(
        default_factory=dict, description="The campaign's own fields by name (letter_name, title, ...).")


class ReferrerData(_Lenient):
    referrer: StrictStr | None = Field(None, description="A referral code (up to 16 letters, digits, - and _).")


class SignatureRequest(_Lenient):
    """OSDI's record-signature helper: a person signing a petition."""

    person: Person
    referrer_data: ReferrerData | None = None
    email_confirmed_by_partner: StrictBool = Field(
        False, description="The partner has confirmed the person's e-mail address itself: the signature is "
                           "confirmed and counts at once, with no confirmation e-mail. Only a token allowed to "
                           "confirm may send true (403 otherwise).")
