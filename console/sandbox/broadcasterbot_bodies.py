"""Validation of Broadcasterbot request bodies, field by field as the doc's attribute tables.

Every problem found is named in an `errors` object keyed by the doc's field path
(`contacts[0].country`, `media.url`), so one 400 tells everything that was wrong.
"""

from __future__ import annotations

import json
import math
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import phonenumbers

# When several content fields arrive "only one is taken into account" (doc §5.1) without
# saying which: we use the first present in this order, the order of the doc's examples.
CONTENT_FIELDS: tuple[str, ...] = ("template", "text", "media", "location")
MEDIA_TYPES = frozenset({"image", "video", "audio", "document"})
MAX_TEXT = 4096  # WhatsApp's limit for a text body


class Contact(NamedTuple):
    phone: str  # local number
    country: str  # ISO 3166 alpha-2

    def wire(self) -> dict[str, str]:
        return {"phone": self.phone, "country": self.country}


class InvalidBody(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidBody({"body": "is not valid JSON"}) from None
    if not isinstance(body, dict):
        raise InvalidBody({"body": "must be a JSON object"})
    return body


def contact_problem(phone: Any, country: Any) -> tuple[str, str] | None:
    """(field, reason) when `phone`/`country` is not a usable contact, else None.

    The document (§4.1) asks for `phone` "Numero local" and `country` "según ISO 3166
    Alfa-2", and answers 1300 for "Valores invalidos, campos faltantes": it never says the
    provider checks a number against a numbering plan. So we assume it refuses only what
    cannot be a local number of that country (not digits, a length the country never
    uses, a trunk prefix or country code written in), and accepts a range newer than any
    plan, as the console's "send anyway" expects.
    """
    if not isinstance(country, str) or country not in phonenumbers.SUPPORTED_REGIONS:
        return "country", "must be an ISO 3166 alpha-2 code such as MX"
    if not isinstance(phone, str) or not phone.isdigit():
        return "phone", "must be the local number, digits only"
    try:
        number = phonenumbers.parse(phone, country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number) or str(number.national_number) != phone:
        return "phone", f"is not a local number of {country}"
    return None


def contacts_of(body: dict[str, Any]) -> list[Contact]:
    items = body.get("contacts")
    if not isinstance(items, list):
        raise InvalidBody({"contacts": "is required and must be an array of contacts"})
    if not items:
        raise InvalidBody({"contacts": "must list at least one contact"})
    errors: dict[str, str] = {}
    contacts = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors[f"contacts[{index}]"] = "must be an object with phone and country"
            continue
        problem = contact_problem(item.get("phone"), item.get("country"))
        if problem is None:
            contacts.append(Contact(item["phone"], item["country"]))
        else:
            errors[f"contacts[{index}].{problem[0]}"] = problem[1]
    if errors:
        raise InvalidBody(errors)
    return contacts


def content_of(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(field, value) of the content the message carries; null fields count as absent."""
    for field in CONTENT_FIELDS:
        value = body.get(field)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise InvalidBody({field: "must be an object"})
        errors: dict[str, str] = {}
        _CHECKS[field](value, errors)
        if errors:
            raise InvalidBody({f"{field}.{key}": reason for key, reason in errors.items()})
        return field, value
    raise InvalidBody({"template|text|media|location": "one of them is required"})


def _required_text(value: dict[str, Any], key: str, errors: dict[str, str]) -> None:
    if not isinstance(value.get(key), str) or not value[key].strip():
        errors[key] = "is required and must be a non-empty string"


def _optional_text(value: dict[str, Any], key: str, errors: dict[str, str]) -> None:
    if value.get(key) is not None and not isinstance(value[key], str):
        errors[key] = "must be a string"


def _template(value: dict[str, Any], errors: dict[str, str]) -> None:
    _required_text(value, "name", errors)
    params = value.get("params")
    if not isinstance(params, list) or not all(isinstance(p, str) for p in params):
        errors["params"] = "is required and must be an array of strings"
    _required_text(value, "language", errors)


def _text(value: dict[str, Any], errors: dict[str, str]) -> None:
    _required_text(value, "body", errors)
    if isinstance(value.get("body"), str) and len(value["body"]) > MAX_TEXT:
        errors["body"] = f"must be at most {MAX_TEXT} characters"
    if not isinstance(value.get("previewUrl"), bool):
        errors["previewUrl"] = "is required and must be a boolean"


def _media(value: dict[str, Any], errors: dict[str, str]) -> None:
    if value.get("type") not in MEDIA_TYPES:
        errors["type"] = "must be one of image, video, audio, document"
    url = value.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        errors["url"] = "must be a public HTTP or HTTPS link"
    _optional_text(value, "caption", errors)
    _required_text(value, "filename", errors)
    mime = value.get("mimeType")
    if not isinstance(mime, str) or mime.count("/") != 1 or not all(mime.split("/")):
        errors["mimeType"] = "is required and must be a MIME type such as application/pdf"


def _location(value: dict[str, Any], errors: dict[str, str]) -> None:
    for key, limit in (("latitud", 90.0), ("longitud", 180.0)):
        raw = value.get(key)
        if not isinstance(raw, str):
            errors[key] = "is required and must be a string"
            continue
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not -limit <= number <= limit:
            errors[key] = f"must be a decimal number between -{limit:g} and {limit:g}"
    _optional_text(value, "placeName", errors)
    _optional_text(value, "address", errors)


_CHECKS = {"template": _template, "text": _text, "media": _media, "location": _location}
