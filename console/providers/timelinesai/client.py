"""TimelinesAI: send text and files through a workspace's inbound webhook.

Wire format (API.md §5): `POST {webhook_url}` with `{"action": "send", "text", one of
"phone" (+E.164) / "chat_id" / "jid" / "chat_name", optional "file_url" + "file_name",
optional "whatsapp_account_phone"}`. Success is 200 `{"status": "success", "data":
{"message_id": "wa_backend:..."}}`; errors are 40X `{"status": 40X, "data": {},
"message": ...}`. The webhook URL is the only credential, so it is kept out of every
message, log line and repr. The webhook gives no delivery reports.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from console.domain.content import Content, MediaContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState
from console.domain.network import is_loopback_host
from console.domain.notices import Notice, Wording
from console.domain.payloads import kept_payload
from console.domain.phones import parse_phone
from console.domain.recipients import Recipient, RecipientKind
from console.providers.base import SendOptions, SendReceipt
from console.providers.errors import (
    AuthenticationFailed,
    MalformedAnswer,
    OutcomeUnknown,
    Rejected,
)
from console.providers.transport import classified_transport_errors, raise_if_rate_limited

PROVIDER = "TimelinesAI"
WHERE_TO_FIND = "TimelinesAI → Integrations → Inbound webhook"
WEBHOOK_NOT_FOUND = Wording(
    "timelinesai.webhook_not_found",
    "TimelinesAI does not know this webhook URL (404): it may have been regenerated or deleted, "
    "or pasted incompletely; paste the current one ({where}).",
)
REFUSED_SAYING = Wording("timelinesai.refused_saying", "TimelinesAI refused the message: {reason}.")
REFUSED = Wording("timelinesai.refused", "TimelinesAI refused the message ({status}).")
FAILED_WHILE_TAKING = Wording(
    "timelinesai.failed_while_taking",
    "TimelinesAI failed while taking the message ({status}); it may or may not have been queued. "
    "Look at the chat in TimelinesAI before sending it again.",
)
UNEXPECTED_STATUS = Wording(
    "timelinesai.unexpected_status",
    "TimelinesAI answered {status}, which its webhook never does; check that the webhook URL was pasted whole.",
)
NOT_ITS_ANSWER = Wording(
    "timelinesai.not_its_answer",
    "TimelinesAI answered {status} but not with its own answer, so the message may or may not have been queued. "
    "Look at the chat in TimelinesAI before sending it again.",
)
NO_MESSAGE_ID = Wording("timelinesai.no_message_id", "TimelinesAI queued the message but its answer carries no message id.")
BAD_WEBHOOK_URL = Wording("timelinesai.bad_webhook_url", "The TimelinesAI webhook URL {problem}; copy it again from {where}.")
BAD_ACCOUNT_PHONE = Wording(
    "timelinesai.bad_account_phone",
    "The WhatsApp account to send from is not usable ({reason}); fix it in the account settings.",
)
EMPTY_MESSAGE = Wording(
    "timelinesai.empty_message", "TimelinesAI cannot send an empty message: write some text or attach a file."
)
TEXT_AND_FILES_ONLY = Wording("timelinesai.text_and_files_only", "TimelinesAI can only send text and files.")
NEEDS_FILE_NAME = Wording(
    "timelinesai.needs_file_name", "TimelinesAI needs a file name for this attachment: its link does not end in one."
)
NEEDS_PHONE = Wording("timelinesai.needs_phone", "TimelinesAI needs the recipient's phone number.")
NEEDS_REFERENCE = Wording("timelinesai.needs_reference", "TimelinesAI needs the recipient's {reference}.")
REFERENCES = {
    RecipientKind.CHAT_ID: Wording("timelinesai.reference.chat_id", "chat id"),
    RecipientKind.JID: Wording("timelinesai.reference.jid", "jid"),
    RecipientKind.CHAT_NAME: Wording("timelinesai.reference.chat_name", "chat name"),
}
# What makes a pasted webhook URL unusable.
URL_EMPTY = Wording("timelinesai.url.empty", "is empty")
URL_NOT_WEB = Wording("timelinesai.url.not_web", "is not a web address")
URL_NOT_HTTPS = Wording("timelinesai.url.not_https", "must start with https://")
URL_NO_WEBHOOK_PART = Wording("timelinesai.url.no_webhook_part", "has no webhook part after the address")
_URL_PLACEHOLDER = "[TimelinesAI webhook URL]"
_MIN_ID_LENGTH = 8  # shorter path segments are words, not a webhook's id


class WebhookNotFound(AuthenticationFailed):
    """TimelinesAI does not know the webhook URL: regenerated, deleted, or pasted wrong."""


class BadWebhookUrl(AuthenticationFailed):
    """What was pasted as the webhook URL cannot be one."""


class UnreadableAcceptance(OutcomeUnknown, MalformedAnswer):
    """A success status with an answer we cannot read: the message may have been queued."""


@dataclass(frozen=True, slots=True)
class TimelinesAISettings:
    """Non-secret settings. `account_phone` (+E.164) picks the WhatsApp account to send
    from; without it TimelinesAI uses the workspace's most recently connected account."""

    account_phone: str | None = None


class _RedactWebhookUrls(logging.Filter):
    """httpx logs every request's URL at INFO; the webhook URL must not reach a log."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(str(arg) in self.secrets for arg in record.args):
            record.args = tuple(_URL_PLACEHOLDER if str(arg) in self.secrets else arg for arg in record.args)
        return True


_REDACTION = _RedactWebhookUrls()


class TimelinesAIClient:
    """Sends through one TimelinesAI inbound webhook. Safe to share between tasks."""

    def __init__(self, http: httpx.AsyncClient, settings: TimelinesAISettings, webhook_url: str) -> None:
        self._http = http
        self._settings = settings
        self._webhook_url = webhook_url.strip()
        if _url_problem(self._webhook_url) is None:  # any other URL is never requested
            _REDACTION.secrets.add(str(httpx.URL(self._webhook_url)))
            logging.getLogger("httpx").addFilter(_REDACTION)  # adding it again is a no-op

    def __repr__(self) -> str:
        return f"TimelinesAIClient(settings={self._settings!r}, webhook_url=<hidden>)"

    @property
    def settings(self) -> TimelinesAISettings:
        return self._settings

    async def check(self) -> None:
        """Validate the webhook URL's form without any request; see `CHECK_SCOPE`.

        Any POST to the webhook is a sending attempt in TimelinesAI's log and may use
        quota, so whether TimelinesAI still knows the URL is only learnt at a send.
        """
        self._checked_url()
        self._account_phone()

    async def send(self, to: Recipient, content: Content, options: SendOptions) -> SendReceipt:
        """Queue one message. `options` has nothing to steer here."""
        body = {"action": "send", **_content_fields(content), **_recipient_fields(to)}
        account_phone = self._account_phone()
        # TimelinesAI ignores the account with chat_id (the chat has its own), so it is left out.
        # The Spanish document writes this key "whatsapp account phone", spaces and all; its
        # English documents and TimelinesAI's REST API write `whatsapp_account_phone`, which
        # we send (an assumption: the seed document alone does not settle it).
        if account_phone is not None and to.kind is not RecipientKind.CHAT_ID:
            body["whatsapp_account_phone"] = account_phone
        url = self._checked_url()
        async with classified_transport_errors(PROVIDER):
            response = await self._http.post(url, json=body)
        raise_if_rate_limited(response, PROVIDER)
        return self._receipt(response)

    def _receipt(self, response: httpx.Response) -> SendReceipt:
        status = response.status_code
        if status == 404:
            # "Webhook not found" says no more: a URL regenerated, deleted or pasted wrong look alike.
            raise WebhookNotFound(WEBHOOK_NOT_FOUND(where=WHERE_TO_FIND), status_code=404)
        if 400 <= status < 500:
            reason = self._provider_message(response)
            raise Rejected(REFUSED_SAYING(reason=reason) if reason else REFUSED(status=status), status_code=status)
        if status >= 500:
            raise OutcomeUnknown(FAILED_WHILE_TAKING(status=status), status_code=status)
        if not 200 <= status < 300:
            raise MalformedAnswer(UNEXPECTED_STATUS(status=status), status_code=status)
        answer = _answer(response)
        if answer is None or answer.get("status", "success") != "success":
            raise UnreadableAcceptance(NOT_ITS_ANSWER(status=status), status_code=status)
        # The doc: a 200 means "la solicitud fue validada y aceptada para envío". Without a
        # message id it is still queued; there is just no id to show.
        message_id = _message_id(answer)
        note = None if message_id is not None else NO_MESSAGE_ID()
        return SendReceipt(message_id, "success", DeliveryState.ACCEPTED, payload=self._payload(response), note=note)

    def _payload(self, response: httpx.Response) -> str | None:
        """The answer's body as it may be kept: the webhook URL and its secret part never are."""
        secret_part = httpx.URL(self._webhook_url).path.rstrip("/").rsplit("/", 1)[-1]
        return kept_payload(response.text, (self._webhook_url, secret_part))

    def _checked_url(self) -> httpx.URL:
        problem = _url_problem(self._webhook_url)
        if problem is not None:
            raise BadWebhookUrl(BAD_WEBHOOK_URL(problem=problem, where=WHERE_TO_FIND))
        return httpx.URL(self._webhook_url)

    def _account_phone(self) -> str | None:
        typed = self._settings.account_phone
        if typed is None:
            return None
        try:
            return parse_phone(typed).e164
        except InvalidInput as error:
            raise Rejected(BAD_ACCOUNT_PHONE(reason=error.reason)) from None

    def _provider_message(self, response: httpx.Response) -> str | None:
        """The error's `message` (tolerating a missing or non-JSON body), never the URL."""
        try:
            body: Any = response.json()
        except ValueError:
            return None
        message = body.get("message") if isinstance(body, dict) else None
        if not isinstance(message, str) or not message.strip():
            return None
        text = message.strip().rstrip(".")
        webhook_id = self._webhook_url.rstrip("/").rpartition("/")[2]
        for secret in (self._webhook_url, webhook_id if len(webhook_id) >= _MIN_ID_LENGTH else ""):
            if secret:
                text = text.replace(secret, "the webhook URL")
        return text


def _content_fields(content: Content) -> dict[str, str]:
    if isinstance(content, TextContent):
        if not content.body.strip():
            raise Rejected(EMPTY_MESSAGE())
        return {"text": content.body}
    if isinstance(content, MediaContent):
        return {"text": content.caption or "", "file_url": content.url, "file_name": _file_name(content)}
    raise Rejected(TEXT_AND_FILES_ONLY())


def _file_name(media: MediaContent) -> str:
    """TimelinesAI requires a name with every file. Without one we use the link's last
    path segment (what a browser would save it as); a link without one is refused."""
    if media.filename and media.filename.strip():
        return media.filename.strip()
    try:
        segment = httpx.URL(media.url).path.rstrip("/").rpartition("/")[2]
    except httpx.InvalidURL:
        segment = ""
    if not segment:
        raise Rejected(NEEDS_FILE_NAME())
    return segment


def _recipient_fields(to: Recipient) -> dict[str, str]:
    if to.kind is RecipientKind.PHONE:
        if to.phone is None:
            raise Rejected(NEEDS_PHONE())
        return {"phone": to.phone.e164}
    reference = (to.reference or "").strip()
    if not reference:
        raise Rejected(NEEDS_REFERENCE(reference=REFERENCES[to.kind]()))
    return {to.kind.value: reference}


def _answer(response: httpx.Response) -> dict[str, Any] | None:
    """The answer's JSON object, or None when the body is something else (a web page...)."""
    try:
        body: Any = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _message_id(answer: dict[str, Any]) -> str | None:
    data = answer.get("data")
    message_id = data.get("message_id") if isinstance(data, dict) else None
    return message_id.strip() if isinstance(message_id, str) and message_id.strip() else None


def _url_problem(text: str) -> Notice | None:
    """What makes `text` unusable as a webhook URL: https (http only to this computer,
    i.e. the sandbox) with a host and a path. Never quotes the URL."""
    if not text:
        return URL_EMPTY()
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        return URL_NOT_WEB()
    if url.scheme not in ("http", "https") or not url.host:
        return URL_NOT_WEB()
    if url.scheme == "http" and not is_loopback_host(url.host):
        return URL_NOT_HTTPS()
    if not url.path.strip("/"):
        return URL_NO_WEBHOOK_PART()
    return None
