import pytest

from console.domain.errors import InvalidInput
from console.domain.phones import parse_phone


@pytest.mark.parametrize(
    ("typed", "region", "digits"),
    [
        ("+598 99 123 456", None, "59899123456"),
        ("59899123456", None, "59899123456"),
        ("099 123 456", "UY", "59899123456"),
        ("+54 9 11 2345-6789", None, "5491123456789"),
        ("5491123456789", "UY", "5491123456789"),
    ],
)
def test_valid_numbers_become_digits_with_country_code(typed: str, region: str | None, digits: str) -> None:
    assert parse_phone(typed, region).digits == digits


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "empty"),
        ("hola", "not a phone number"),
        ("+598 1", "too short"),
        ("099 123 456", "country code"),  # local form with no country to assume
        ("+598 99 123 456 789 012", "wrong number of digits"),
    ],
)
def test_unusable_numbers_say_why(typed: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_phone(typed)
    assert error.value.field.code == "field.phone"
    assert reason in str(error.value)


def test_whatsapp_ids_keep_the_national_quirks() -> None:
    from console.domain.phones import parse_wa_id, wa_id

    mexico = parse_phone("+52 55 4433 2211")
    assert wa_id(mexico) == "5215544332211"
    assert parse_wa_id("5215544332211") == mexico  # the legacy form reads back as the same number
    argentina = parse_phone("011 15 2345-6789", "AR")  # domestic form with 15
    assert wa_id(argentina) == "5491123456789"
    assert wa_id(parse_phone("+598 99 123 456")) == "59899123456"
    with pytest.raises(InvalidInput):
        parse_wa_id("52-55-4433")


def test_local_number_and_country_for_providers_that_want_them_apart() -> None:
    from console.domain.phones import local_number

    assert local_number(parse_phone("+52 55 4433 2211")) == ("5544332211", "MX")
    assert local_number(parse_phone("+598 99 123 456")) == ("99123456", "UY")


def test_a_short_local_number_is_read_in_the_default_region() -> None:
    assert parse_phone("95163032", "UY").e164 == "+59895163032"  # not Myanmar's +95 163032
    assert parse_phone("59899123456", "UY").e164 == "+59899123456"  # the region's own country code
    assert parse_phone("5491122334455", "UY").e164 == "+5491122334455"  # a foreign number in full


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("+52 1 55 1234 5678", None),  # Mexican mobile with the 1 Mexico dropped in 2019
        ("+5215512345678", None),
        ("5215512345678", "UY"),
        ("1 55 1234 5678", "MX"),
        ("55 1234 5678", "MX"),
    ],
)
def test_mexican_mobiles_are_read_with_or_without_the_old_1(typed: str, region: str | None) -> None:
    assert parse_phone(typed, region).e164 == "+525512345678"


def test_a_number_the_plan_does_not_list_is_refused_unless_the_caller_warns() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_phone("+1 415 123 1234")  # the TimelinesAI document's own example
    assert "numbering plan" in str(refused.value.reason)
    unlisted = parse_phone("+1 415 123 1234", allow_unlisted=True)
    assert (unlisted.e164, unlisted.in_numbering_plan) == ("+14151231234", False)
    assert parse_phone("+598 99 123 456", allow_unlisted=True).in_numbering_plan
    with pytest.raises(InvalidInput):  # the wrong length stays a refusal
        parse_phone("+598 99 123 456 789 012", allow_unlisted=True)


def test_argentine_mobiles_without_the_9_as_cliengos_examples_write_them() -> None:
    from console.domain.phones import without_mobile_nine

    assert without_mobile_nine(parse_phone("+54 9 299 484 3975")) == "542994843975"
    assert without_mobile_nine(parse_phone("011 15 2345-6789", "AR")) == "541123456789"
    assert without_mobile_nine(parse_phone("+54 11 2345 6789")) == "541123456789"  # a landline has no 9
    assert without_mobile_nine(parse_phone("+598 99 123 456")) == "59899123456"
