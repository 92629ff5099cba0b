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

    Digits without `+` are read first in `default_region` (a local number as the agent
    types it; the region's own country code is recognised), then as an international
    number (country code included, the form providers use) when that fails. The other
    order would read a short local number such as Uruguay's 95163032 as Myanmar's.
    Raises `InvalidInput` naming the reason.
    """
    text = typed.strip()
    if not text:
        raise InvalidInput("phone", "the number is empty")
    candidates: list[tuple[str, str | None]] = []
    if text.startswith("+"):
        candidates.append((text, None))
    else:
        if default_region:
            candidates.append((text, default_region.upper()))
        candidates.append(("+" + text, None))
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


# WhatsApp ids keep two national quirks: Mexican mobiles as 521 + 10 digits, Argentine
# mobiles as 549 + area + number (phonenumbers already turns a domestic 15 into that 9).
_MEXICO = 52
_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def parse_wa_id(wa_id: str) -> Phone:
    """A Cloud API `wa_id` (digits) as a phone number, undoing Mexico's legacy `521`."""
    digits = wa_id.strip().removeprefix("+")
    if not digits.isdigit():
        raise InvalidInput("phone", f"'{wa_id}' is not a WhatsApp id (digits only)")
    if digits.startswith("521") and len(digits) == 13:
        digits = "52" + digits[3:]
    return parse_phone("+" + digits)


def wa_id(phone: Phone) -> str:
    """The number as WhatsApp ids write it (Mexican mobiles with the legacy `1`)."""
    number = phone.number
    national = str(number.national_number)
    if number.country_code == _MEXICO and phonenumbers.number_type(number) in _MOBILE_TYPES and len(national) == 10:
        return f"521{national}"
    return phone.digits


def local_number(phone: Phone) -> tuple[str, str]:
    """(national number, ISO country) for providers that want them apart."""
    region = phone.region
    if region is None:
        raise InvalidInput("phone", f"{phone.e164} belongs to no single country")
    return str(phone.number.national_number), region
