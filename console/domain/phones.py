"""Turning what an agent types into the number forms each provider wants."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from console.domain.errors import InvalidInput

_PARSE_ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: "the country code is missing or unknown",
    NumberParseException.NOT_A_NUMBER: "it is not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}


@dataclass(frozen=True, slots=True)
class Phone:
    """A validated phone number."""

    number: phonenumbers.PhoneNumber

    @property
    def e164(self) -> str:
        """`+59899123456`."""
        return phonenumbers.format_number(self.number, PhoneNumberFormat.E164)

    @property
    def digits(self) -> str:
        """Country code and national number, digits only: `59899123456`."""
        return self.e164.removeprefix("+")

    @property
    def region(self) -> str | None:
        return phonenumbers.region_code_for_number(self.number)

    @property
    def international(self) -> str:
        """`+598 99 123 456`, as an agent reads it."""
        return phonenumbers.format_number(self.number, PhoneNumberFormat.INTERNATIONAL)


def parse_phone(typed: str, default_region: str | None = None) -> Phone:
    """Parse and validate a number typed by an agent or received from a provider.

    Digits without `+` are read first as an international number (country code
    included, the form providers use), then in `default_region` when that fails.
    Raises `InvalidInput` naming the reason.
    """
    text = typed.strip()
    if not text:
        raise InvalidInput("phone", "the number is empty")
    candidates: list[tuple[str, str | None]] = []
    if text.startswith("+"):
        candidates.append((text, None))
    else:
        candidates.append(("+" + text, None))
        if default_region:
            candidates.append((text, default_region.upper()))
    reason = "it is not a valid number"
    for candidate, region in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except NumberParseException as error:
            reason = _PARSE_ERRORS.get(error.error_type, reason)
            continue
        if phonenumbers.is_valid_number(number):
            return Phone(number)
        if not phonenumbers.is_possible_number(number):
            reason = "it has the wrong number of digits for its country"
        else:
            reason = "no such number exists in its country's numbering plan"
    raise InvalidInput("phone", f"'{text}' is not usable: {reason}")
