"""Turning what an agent types into the number forms each provider wants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.domain.errors import InvalidInput
from console.domain.field_names import PHONE
from console.domain.notices import Wording

# phonenumbers is imported where a number is read or written, not with this module: its
# metadata costs a noticeable part of the window's first paint, which shows named contacts
# without it.
if TYPE_CHECKING:
    import phonenumbers

_MEXICO = 52

_PARSE_ERRORS = {  # by the name of NumberParseException's error type
    "INVALID_COUNTRY_CODE": Wording("phone.unknown_country_code", "the country code is missing or unknown"),
    "NOT_A_NUMBER": Wording("phone.not_a_number", "it is not a phone number"),
    "TOO_SHORT_AFTER_IDD": Wording("phone.too_short_after_idd", "too short after the international prefix"),
    "TOO_SHORT_NSN": Wording("phone.too_short", "too short"),
    "TOO_LONG": Wording("phone.too_long", "too long"),
}
EMPTY = Wording("phone.empty", "the number is empty")
NOT_VALID = Wording("phone.not_valid", "it is not a valid number")
WRONG_LENGTH = Wording("phone.wrong_length", "it has the wrong number of digits for its country")
NOT_IN_PLAN = Wording("phone.not_in_plan", "no such number exists in its country's numbering plan")
NOT_USABLE = Wording("phone.not_usable", "'{text}' is not usable: {reason}")
NOT_A_WA_ID = Wording("phone.not_a_wa_id", "'{wa_id}' is not a WhatsApp id (digits only)")
NO_SINGLE_COUNTRY = Wording("phone.no_single_country", "{phone} belongs to no single country")


@dataclass(frozen=True, slots=True)
class Phone:
    """A validated phone number."""

    number: phonenumbers.PhoneNumber

    @property
    def e164(self) -> str:
        """`+59899123456`."""
        import phonenumbers

        return phonenumbers.format_number(self.number, phonenumbers.PhoneNumberFormat.E164)

    @property
    def digits(self) -> str:
        """Country code and national number, digits only: `59899123456`."""
        return self.e164.removeprefix("+")

    @property
    def region(self) -> str | None:
        import phonenumbers

        return phonenumbers.region_code_for_number(self.number)

    @property
    def international(self) -> str:
        """`+598 99 123 456`, as an agent reads it."""
        import phonenumbers

        return phonenumbers.format_number(self.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @property
    def in_numbering_plan(self) -> bool:
        """False for a number of the right length in a range the numbering plan we ship
        does not list (yet): plans lag the ranges countries open."""
        import phonenumbers

        return phonenumbers.is_valid_number(self.number)


def parse_phone(typed: str, default_region: str | None = None, *, allow_unlisted: bool = False) -> Phone:
    """Parse and validate a number typed by an agent or received from a provider.

    Digits without `+` are read first in `default_region` (a local number as the agent
    types it; the region's own country code is recognised), then as an international
    number (country code included, the form providers use) when that fails. The other
    order would read a short local number such as Uruguay's 95163032 as Myanmar's.
    Mexican mobiles written with the `1` Mexico dropped in 2019 (`+52 1 55 1234 5678`,
    as many agents still type them) are read without it.
    With `allow_unlisted`, a number of a possible length that its country's plan does not
    list is returned (`in_numbering_plan` False) instead of refused, for callers that warn.
    Raises `InvalidInput` naming the reason.
    """
    import phonenumbers

    text = typed.strip()
    if not text:
        raise InvalidInput(PHONE(), EMPTY())
    candidates: list[tuple[str, str | None]] = []
    if text.startswith("+"):
        candidates.append((text, None))
    else:
        if default_region:
            candidates.append((text, default_region.upper()))
        candidates.append(("+" + text, None))
    reason = NOT_VALID
    unlisted: Phone | None = None
    for candidate, region in candidates:
        try:
            number = _without_mexican_mobile_one(phonenumbers.parse(candidate, region))
        except phonenumbers.NumberParseException as error:
            reason = next(
                (said for name, said in _PARSE_ERRORS.items() if getattr(error, name, None) == error.error_type), reason
            )
            continue
        if phonenumbers.is_valid_number(number):
            return Phone(number)
        if not phonenumbers.is_possible_number(number):
            reason = WRONG_LENGTH
        else:
            reason = NOT_IN_PLAN
            unlisted = unlisted or Phone(number)
    if allow_unlisted and unlisted is not None:
        return unlisted
    raise InvalidInput(PHONE(), NOT_USABLE(text=text, reason=reason()))


def _without_mexican_mobile_one(number: phonenumbers.PhoneNumber) -> phonenumbers.PhoneNumber:
    """`+52 1 55 1234 5678` -> `+52 55 1234 5678`: the `1` that once marked Mexican mobiles
    is no longer dialled, and the numbering plan no longer knows the 11-digit form."""
    import phonenumbers

    national = str(number.national_number)
    if number.country_code != _MEXICO or len(national) != 11 or not national.startswith("1"):
        return number
    shortened = phonenumbers.PhoneNumber(country_code=_MEXICO, national_number=int(national[1:]))
    return shortened if phonenumbers.is_valid_number(shortened) else number


# WhatsApp ids keep two national quirks: Mexican mobiles as 521 + 10 digits, Argentine
# mobiles as 549 + area + number (phonenumbers already turns a domestic 15 into that 9).
_ARGENTINA = 54


def parse_wa_id(wa_id: str) -> Phone:
    """A Cloud API `wa_id` (digits) as a phone number (`parse_phone` undoes Mexico's legacy `521`)."""
    digits = wa_id.strip().removeprefix("+")
    if not digits.isdigit():
        raise InvalidInput(PHONE(), NOT_A_WA_ID(wa_id=wa_id))
    return parse_phone("+" + digits)


def wa_id(phone: Phone) -> str:
    """The number as WhatsApp ids write it (Mexican mobiles with the legacy `1`)."""
    number = phone.number
    national = str(number.national_number)
    if number.country_code == _MEXICO and _is_mobile(phone) and len(national) == 10:
        return f"521{national}"
    return phone.digits


def without_mobile_nine(phone: Phone) -> str:
    """Digits with country code, an Argentine mobile without the `9` that follows `54`
    (`542994843975`, the form of Cliengo's examples); any other number as `digits`."""
    national = str(phone.number.national_number)
    if phone.number.country_code == _ARGENTINA and national.startswith("9") and _is_mobile(phone):
        return f"{_ARGENTINA}{national[1:]}"
    return phone.digits


def _is_mobile(phone: Phone) -> bool:
    import phonenumbers

    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return phonenumbers.number_type(phone.number) in mobile


def local_number(phone: Phone) -> tuple[str, str]:
    """(national number, ISO country) for providers that want them apart."""
    region = phone.region
    if region is None:
        raise InvalidInput(PHONE(), NO_SINGLE_COUNTRY(phone=phone.e164))
    return str(phone.number.national_number), region
