"""Cliengo HSM notifications: one call that sends a pre-approved template.

Wire format (API.md §4): `POST {base}/website/{websiteId}/hsm/notifications`, header
`apikey`, body `{"templateId","destination","params"(,"media":{"link","filename"})}`.
Every answer is `{"code","statusCode","description","result"}`. There are no message
ids and no delivery reports: an accepted notification stays ACCEPTED.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from console.domain.content import Content, TemplateContent
from console.domain.lifecycle import DeliveryState
from console.domain.notices import Notice, Wording
from console.domain.payloads import kept_payload
from console.domain.phones import Phone, without_mobile_nine
from console.domain.recipients import Recipient
from console.providers.base import SendOptions, SendReceipt
from console.providers.cliengo import WITH_NINE, WITHOUT_NINE
from console.providers.errors import (
    AuthenticationFailed,
    MalformedAnswer,
    NotFound,
    OutcomeUnknown,
    ProviderUnavailable,
    Rejected,
)
from console.providers.media_check import allowed_mimes, describe_mime, describe_sizes, shown_link
from console.providers.transport import classified_transport_errors, json_body, raise_if_rate_limited

PROVIDER = "Cliengo"
SUCCESS = "SUCCESS"

_TEMPLATE_KINDS = {
    "IMAGE": Wording("cliengo.templates.image", "image templates"),
    "VIDEO": Wording("cliengo.templates.video", "video templates"),
    "DOCUMENT": Wording("cliengo.templates.document", "document templates"),
    "TEXT": Wording("cliengo.templates.text", "text templates"),
}
THESE_TEMPLATES = Wording("cliengo.templates.this", "this templates")

INTERNAL_ERROR = Wording("cliengo.internal_error", "Cliengo had an internal error ({status}); try again later.")
KEY_UNCHECKED = Wording("cliengo.key_unchecked", "Cliengo accepted an empty notification, so the api key could not be checked.")
TEMPLATES_ONLY = Wording("cliengo.templates_only", "Cliengo sends templates only")
PHONES_ONLY = Wording("cliengo.phones_only", "Cliengo sends to phone numbers only, not to {recipient}.")
NAMED_VARIABLES_ONLY = Wording("cliengo.named_variables_only", "Cliengo templates take named variables, not numbered ones.")
FILE_NAME_NEEDS_LINK = Wording(
    "cliengo.file_name_needs_link", "A file name needs a media link: Cliengo names only the file sent with the template."
)
FAILED_WHILE_SENDING = Wording(
    "cliengo.failed_while_sending", "Cliengo failed while sending ({status}); the notification may or may not have left."
)
UNREADABLE_ANSWER = Wording(
    "cliengo.unreadable_answer",
    "Cliengo answered {status} but its answer could not be read; the notification may or may not have left.",
)
UNEXPECTED_CODE = Wording("cliengo.unexpected_code", "Cliengo answered {status} with the unexpected code '{code}'.")
BAD_KEY = Wording("cliengo.bad_key", "The Cliengo api key is empty or has characters no api key has; enter it again.")
MOVED = Wording("cliengo.moved", "Cliengo has moved to {address}; change the account's base URL to it. Nothing was sent.")
NO_SERVICE_THERE = Wording("cliengo.no_service_there", "Cliengo has no notifications service at {address}; check the base URL.")
NOT_AN_OBJECT = Wording("cliengo.not_an_object", "Cliengo answered {status} with something that is not an object.")
KEY_REFUSED = Wording(
    "cliengo.key_refused", "Cliengo refused the api key for website {website}; check the key and the website id."
)
UNKNOWN_WEBSITE = Wording("cliengo.unknown_website", "Cliengo does not know website {website}.")
UNKNOWN_TEMPLATE = Wording(
    "cliengo.unknown_template",
    "Cliengo has no template '{template}' for website {website}; check the template id in Cliengo's HSM Manager.",
)
NO_DETAILS_GIVEN = Wording("cliengo.no_details_given", "no details given")
NOTIFICATION_REFUSED = Wording("cliengo.notification_refused", "Cliengo refused the notification: {problems}.")
NO_REASON_GIVEN = Wording("cliengo.no_reason_given", "no reason given")
REFUSED_WITH_LABEL = Wording("cliengo.refused_with_label", "Cliengo refused the notification ({label}): {description}.")
NO_LINK_GIVEN = Wording("cliengo.no_link_given", "(no link given)")
THE_FILE_IS = Wording("cliengo.the_file_is", "the file is {type}")
NO_CONTENT_TYPE = Wording("cliengo.no_content_type", "its server does not say what kind of file it is (no content-type header)")
TAKE_ONLY = Wording("cliengo.take_only", "{problem}; {templates} take only {allowed}")
MEDIA_REFUSED = Wording("cliengo.media_refused", "Cliengo refused the media link {link}: {problem}.")
NO_LENGTH = Wording(
    "cliengo.no_length",
    "Cliengo refused the media link {link}: its server does not say how big the file is (no content-length header).",
)
HEAD_REFUSED = Wording(
    "cliengo.head_refused",
    "Cliengo could not check the media link {link}: the link must be public and answer HEAD requests with the file's headers.",
)
TOO_BIG = Wording(
    "cliengo.too_big", "Cliengo refused the media link {link}: the file is {size}; {templates} take only files below {limit}."
)
TOO_BIG_UNSIZED = Wording(
    "cliengo.too_big_unsized", "Cliengo refused the media link {link}: the file is too big for {templates}."
)


class TemplateNotFound(NotFound):
    pass


class InvalidNotification(Rejected):
    """INVALID_BODY: `fields` are the dotted paths Cliengo named (`params.pedido`)."""

    def __init__(self, message: Notice, fields: tuple[str, ...], *, status_code: int | None = None) -> None:
        super().__init__(message, status_code=status_code)
        self.fields = fields


class MediaRefused(Rejected):
    """Cliengo's check of the media link failed; `code` is its answer code."""

    def __init__(self, message: Notice, code: str, *, status_code: int | None = None) -> None:
        super().__init__(message, status_code=status_code)
        self.code = code




@dataclass(frozen=True, slots=True)
class CliengoSettings:
    base_url: str
    website_id: str
    argentina_mobile_prefix: str = WITHOUT_NINE  # how `destination` starts for an Argentine mobile


class CliengoClient:
    """Sends HSM templates for one Cliengo website. Safe to share between tasks."""

    def __init__(self, http: httpx.AsyncClient, settings: CliengoSettings, api_key: str) -> None:
        self._http = http
        self._settings = settings
        self._api_key = api_key

    def __repr__(self) -> str:
        return f"CliengoClient(base_url={self._settings.base_url!r}, website_id={self._settings.website_id!r}, api_key=<hidden>)"

    @property
    def settings(self) -> CliengoSettings:
        return self._settings

    async def check(self) -> None:
        """Prove the api key with an empty body, which can never send anything.

        The doc does not say whether the key is checked before the body. Its UNAUTHORIZED
        answer carries only the path's websiteId, as a check made before reading the body
        would, and the sandbox checks in that order: a wrong key answers 401, a right one
        400 INVALID_BODY. Were the real order the other way round, a wrong key would pass
        here and the first send would report it with the same sentence.
        """
        response = await self._post({})
        if response.status_code >= 500:
            raise ProviderUnavailable(INTERNAL_ERROR(status=response.status_code), status_code=response.status_code)
        answer = self._answer(response)
        if answer.get("code") == "INVALID_BODY" or response.status_code == 400:
            return
        self._raise_refusal(response.status_code, answer, template_id=None)
        raise MalformedAnswer(KEY_UNCHECKED())

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt:
        """Send a template (`name` = templateId, `named_params` = params, `media_url`/`filename` = media)."""
        if not isinstance(content, TemplateContent):
            raise Rejected(TEMPLATES_ONLY())
        if to.phone is None:
            raise Rejected(PHONES_ONLY(recipient=to.label))
        if content.params:
            raise Rejected(NAMED_VARIABLES_ONLY())
        if content.filename is not None and content.media_url is None:
            raise Rejected(FILE_NAME_NEEDS_LINK())
        # Cliengo templates have one language, fixed in its HSM Manager: `content.language` has no field here.
        body: dict[str, Any] = {
            "templateId": content.name,
            "destination": self._destination(to.phone),
            "params": dict(content.named_params),
        }
        if content.media_url is not None:
            body["media"] = {"link": content.media_url}
            if content.filename is not None:
                body["media"]["filename"] = content.filename
        response = await self._post(body)
        if response.status_code >= 500:
            raise OutcomeUnknown(FAILED_WHILE_SENDING(status=response.status_code), status_code=response.status_code)
        try:
            answer = self._answer(response)
        except MalformedAnswer:
            if not 200 <= response.status_code < 300:
                raise
            # A success status whose body cannot be read: Cliengo took something.
            raise OutcomeUnknown(UNREADABLE_ANSWER(status=response.status_code), status_code=response.status_code) from None
        code = answer.get("code")
        if 200 <= response.status_code < 300 and code not in _ERROR_CODES:
            # Any 2xx took the notification; an unexpected code is kept as the raw state.
            raw = code if isinstance(code, str) and code else SUCCESS
            payload = kept_payload(response.text, (self._api_key.strip(),))
            return SendReceipt(_notification_id(answer.get("result")), raw, DeliveryState.ACCEPTED, payload=payload)
        self._raise_refusal(response.status_code, answer, template_id=content.name)
        raise MalformedAnswer(UNEXPECTED_CODE(status=response.status_code, code=str(code)))

    def _destination(self, phone: Phone) -> str:
        return phone.digits if self._settings.argentina_mobile_prefix == WITH_NINE else without_mobile_nine(phone)

    # ---- the wire -------------------------------------------------------------------

    def _url(self) -> str:
        return f"{self._settings.base_url.rstrip('/')}/website/{quote(self._settings.website_id, safe='')}/hsm/notifications"

    async def _post(self, body: dict[str, Any]) -> httpx.Response:
        """POST one notification. A redirect is refused: it means the base URL is outdated
        (the doc's http:// address may move to https://), and a POST must not be replayed."""
        key = self._api_key.strip()
        if not key or not key.isascii() or not key.isprintable():
            raise AuthenticationFailed(BAD_KEY())
        async with classified_transport_errors(PROVIDER):
            response = await self._http.post(self._url(), json=body, headers={"apikey": key}, follow_redirects=False)
        raise_if_rate_limited(response, PROVIDER)
        location = response.headers.get("location")
        if response.is_redirect and location:
            moved = str(response.url.join(location)).split("/website/", 1)[0]
            raise Rejected(MOVED(address=shown_link(moved)), status_code=response.status_code)
        return response

    def _answer(self, response: httpx.Response) -> dict[str, Any]:
        """The answer object. A 404 that is not Cliengo's means the base URL is wrong."""
        try:
            answer = json_body(response, PROVIDER)
        except MalformedAnswer:
            if response.status_code == 404:
                raise NotFound(NO_SERVICE_THERE(address=self._settings.base_url), status_code=404) from None
            if response.status_code in (401, 403):
                return {}  # the status alone says the key was refused
            raise
        if not isinstance(answer, dict):
            raise MalformedAnswer(NOT_AN_OBJECT(status=response.status_code))
        return answer

    def _raise_refusal(self, status: int, answer: dict[str, Any], template_id: str | None) -> None:
        """Raise the typed error for a documented code (or status); return for anything else."""
        code, result = answer.get("code"), answer.get("result")
        details = result if isinstance(result, dict) else {}
        if code == "UNAUTHORIZED" or status in (401, 403):
            raise AuthenticationFailed(KEY_REFUSED(website=self._settings.website_id), status_code=status)
        if code == "NOT_FOUND" or status == 404:
            template = details.get("templateId", template_id)
            if template is None:
                raise NotFound(UNKNOWN_WEBSITE(website=self._settings.website_id), status_code=status)
            raise TemplateNotFound(
                UNKNOWN_TEMPLATE(template=str(template), website=self._settings.website_id), status_code=status
            )
        if code == "INVALID_BODY":
            fields, problems = _field_problems(result)
            shown = "; ".join(problems) if problems else (str(answer.get("description") or "") or NO_DETAILS_GIVEN())
            raise InvalidNotification(NOTIFICATION_REFUSED(problems=shown), fields, status_code=status)
        if isinstance(code, str) and code in _MEDIA_MESSAGES:
            raise MediaRefused(_MEDIA_MESSAGES[code](details), code, status_code=status)
        if 400 <= status < 500:
            label = f"{status} {code}" if isinstance(code, str) and code else str(status)
            description = str(answer.get("description") or "") or NO_REASON_GIVEN()
            raise Rejected(REFUSED_WITH_LABEL(label=label, description=description), status_code=status)


def _field_problems(result: Any) -> tuple[tuple[str, ...], list[str]]:
    """(`params.pedido`, ...) and sentences like `params.pedido is required` from Joi field errors."""
    fields: list[str] = []
    problems: list[str] = []
    for item in result if isinstance(result, list) else []:
        if not isinstance(item, dict):
            continue
        path = item.get("path")
        field = ".".join(str(part) for part in path) if isinstance(path, list) and path else None
        message = str(item.get("message") or "is not valid")
        if field is None:
            field = str((item.get("context") or {}).get("label") or "the body")
        quoted = f'"{field}"'
        problems.append(message.replace(quoted, field, 1) if quoted in message else f"{field}: {message}")
        fields.append(field)
    return tuple(fields), problems


def _link(details: Mapping[str, Any]) -> Notice | str:
    link = details.get("link")
    return shown_link(link) if isinstance(link, str) else NO_LINK_GIVEN()


def _kind(details: Mapping[str, Any]) -> Notice:
    return _TEMPLATE_KINDS.get(str(details.get("templateType")), THESE_TEMPLATES)()


def _wrong_type(details: Mapping[str, Any]) -> Notice:
    found, allowed = details.get("contentType"), details.get("allowedMimeTypes")
    problem = THE_FILE_IS(type=describe_mime(found)) if isinstance(found, str) and found else NO_CONTENT_TYPE()
    if isinstance(allowed, list) and allowed:
        problem = TAKE_ONLY(problem=problem, templates=_kind(details), allowed=allowed_mimes([str(mime) for mime in allowed]))
    return MEDIA_REFUSED(link=_link(details), problem=problem)


def _no_length(details: Mapping[str, Any]) -> Notice:
    return NO_LENGTH(link=_link(details))


def _head_refused(details: Mapping[str, Any]) -> Notice:
    return HEAD_REFUSED(link=_link(details))


def _too_big(details: Mapping[str, Any]) -> Notice:
    size, limit = details.get("contentLength"), details.get("maxFileSize")
    if isinstance(size, int) and isinstance(limit, int):
        shown_size, shown_limit = describe_sizes(size, limit)
        # "el tamaño debe ser menor al máximo": a file of exactly maxFileSize is refused too.
        return TOO_BIG(link=_link(details), size=shown_size, templates=_kind(details), limit=shown_limit)
    return TOO_BIG_UNSIZED(link=_link(details), templates=_kind(details))


_MEDIA_MESSAGES = {
    "INVALID_CONTENT_TYPE": _wrong_type,
    "INVALID_CONTENT_LENGTH": _no_length,
    "HEAD_METHOD_NOT_ALLOWED": _head_refused,
    "FILE_SIZE_EXCEEDED": _too_big,
}


_ERROR_CODES = frozenset({"INVALID_BODY", "UNAUTHORIZED", "NOT_FOUND", *_MEDIA_MESSAGES})


def _notification_id(result: Any) -> str | None:
    """The doc's success answer has no id (`result` is a sentence); take one if a future answer carries it."""
    if isinstance(result, dict):
        for key in ("id", "notificationId", "messageId"):
            value = result.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                return str(value)
    return None
