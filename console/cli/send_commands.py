"""`centralita send` and `centralita status`."""

from __future__ import annotations

import argparse
import asyncio

from console.cli.running import (
    EXIT_FAILED,
    EXIT_NEEDS_SEND_ANYWAY,
    EXIT_UNKNOWN,
    WARNING,
    CommandError,
    needs_send_anyway,
)
from console.cli.views import STATE_NAMES, message_json, print_json
from console.cli.wording import complain, echo, say
from console.domain.accounts import Account, ProviderKind
from console.domain.attachments import parse_coordinates
from console.domain.content import Content, LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.errors import InvalidInput
from console.domain.lifecycle import DeliveryState, EventSource, is_terminal
from console.domain.messages import MessageSummary
from console.domain.notices import Wording
from console.domain.send_warnings import NeedsSendAnyway, SendWarning
from console.domain.validation import MAX_WHOLE_NUMBER, shown
from console.providers.base import SendOptions
from console.services.preflight import TEMPLATE_NOT_IN_CATALOGUE
from console.services.workspace import Workspace

SENDING_ANYWAY = Wording("cli.sending_anyway", "warning, sending anyway: {warning}")


def _exit_for(message: MessageSummary) -> int:
    if message.state is DeliveryState.FAILED:
        return EXIT_FAILED
    if message.state is DeliveryState.UNKNOWN:
        return EXIT_UNKNOWN
    return 0


def _content(options: argparse.Namespace, account: Account) -> Content:
    """The send's content from its flags; flags that do not belong to it are an error."""
    if options.text is not None:
        _reject_flags(options, "--text", "param", "language", "media_url", "filename", "caption", "place_name", "address")
        return TextContent(options.text)
    if options.template is not None:
        _reject_flags(options, "--template", "caption", "place_name", "address")
        positional, named = _params(options.param, named=account.provider is ProviderKind.CLIENGO)
        return TemplateContent(options.template, positional, named, options.language, options.media_url, options.filename)
    if options.location is not None:
        _reject_flags(options, "--location", "param", "language", "media_url", "filename", "caption")
        latitude, longitude = parse_coordinates(options.location, "--location")
        return LocationContent(latitude, longitude, options.place_name, options.address)
    _reject_flags(options, "--media-type", "param", "language", "place_name", "address")
    if not options.media_url:
        raise InvalidInput("--media-url", MEDIA_NEEDS_LINK())
    return MediaContent(MediaKind(options.media_type), options.media_url, options.caption, options.filename)


MEDIA_NEEDS_LINK = Wording("cli.media_needs_link", "a media send needs the file's link")
FLAG_DOES_NOT_GO = Wording("cli.flag_does_not_go", "does not go with {kind}")
PARAM_KEY_VALUE = Wording("cli.param_key_value", "'{value}' must be key=value for Cliengo templates")


def _reject_flags(options: argparse.Namespace, kind: str, *names: str) -> None:
    for name in names:
        if getattr(options, name) not in (None, []):
            raise InvalidInput("--" + name.replace("_", "-"), FLAG_DOES_NOT_GO(kind=kind))


def _params(values: list[str], *, named: bool) -> tuple[tuple[str, ...], dict[str, str]]:
    if not named:
        return tuple(values), {}
    pairs: dict[str, str] = {}
    for value in values:
        key, separator, text = value.partition("=")
        if not separator or not key.strip():
            raise InvalidInput("--param", PARAM_KEY_VALUE(value=value))
        pairs[key.strip()] = text
    return (), pairs


async def send(options: argparse.Namespace, workspace: Workspace) -> int:
    account = await workspace.accounts.by_name(options.account)
    content = _content(options, account)
    send_options = SendOptions(options.mass, not options.no_contact_validation)
    anyway: tuple[SendWarning, ...] = ()
    if options.send_anyway:
        anyway = (await workspace.outbox.check(account, options.to, content, send_options)).warnings
        for warning in anyway:
            complain(SENDING_ANYWAY(warning=warning.notice))
    try:
        message = await workspace.outbox.send(account, options.to, content, send_options, anyway)
    except NeedsSendAnyway as error:
        raise CommandError(needs_send_anyway(NOT_SENT, error.warnings), EXIT_NEEDS_SEND_ANYWAY) from None
    if options.json:
        print_json(message_json(message))
    else:
        state, reference = STATE_NAMES[message.state](), message.provider_message_id
        if reference:
            echo(MESSAGE_STATE_AT_PROVIDER(id=str(message.id), state=state, reference=reference))
        else:
            echo(MESSAGE_STATE(id=str(message.id), state=state))
    for event in await workspace.conversations.timeline(message.id):
        if event.state is DeliveryState.PENDING and event.detail and event.detail.code == TEMPLATE_NOT_IN_CATALOGUE.code:
            complain(WARNING(warning=event.detail))
    if message.failure_reason and message.state in (DeliveryState.FAILED, DeliveryState.UNKNOWN):
        complain(message.failure_reason)
    return _exit_for(message)


MESSAGE_STATE = Wording("cli.message_state", "message {id}: {state}")
MESSAGE_STATE_AT_PROVIDER = Wording("cli.message_state_reference", "message {id}: {state} ({reference})")
NOT_SENT = Wording(
    "cli.not_sent_warnings",
    "not sent: {warnings} (--send-anyway sends it despite this warning)",
    "not sent: {warnings} (--send-anyway sends it despite these warnings)",
    "count",
)


async def status(options: argparse.Namespace, workspace: Workspace) -> int:
    if not 1 <= options.message_id <= MAX_WHOLE_NUMBER:
        raise CommandError(NO_MESSAGE(id=shown(str(options.message_id))))
    message = await workspace.conversations.message(options.message_id)
    if message is None:
        raise CommandError(NO_MESSAGE(id=str(options.message_id)))
    if options.poll and not is_terminal(message.state):
        try:
            await asyncio.wait_for(workspace.poller.follow(message.id), options.timeout)
        except TimeoutError:
            complain(STOPPED_WAITING(seconds=options.timeout))
        message = await workspace.conversations.message(options.message_id)
        assert message is not None
    events = await workspace.conversations.timeline(message.id)
    if options.json:
        body = message_json(message)
        body["events"] = [
            {
                "state": e.state.value,
                "raw_state": e.raw_state,
                "source": e.source.value,
                "at": e.at.isoformat(),
                "detail": e.detail,
            }
            for e in events
        ]
        print_json(body)
        return 0
    echo(MESSAGE_STATE(id=str(message.id), state=STATE_NAMES[message.state]()))
    for event in events:
        raw = f" [{event.raw_state}]" if event.raw_state else ""
        detail = f" — {say(event.detail)}" if event.detail else ""
        state = say(STATE_NAMES[event.state]())
        print(f"  {event.at:%Y-%m-%d %H:%M:%S}  {state:<9}{raw}  ({say(SOURCE_NAMES[event.source]())}){detail}")
    return 0


NO_MESSAGE = Wording("cli.no_message", "there is no message {id}")
STOPPED_WAITING = Wording("cli.stopped_waiting", "stopped waiting after {seconds} s")
SOURCE_NAMES = {
    EventSource.LOCAL: Wording("cli.source.local", "local"),
    EventSource.RESPONSE: Wording("cli.source.response", "response"),
    EventSource.POLL: Wording("cli.source.poll", "poll"),
    EventSource.CALLBACK: Wording("cli.source.callback", "callback"),
}
