"""`centralita account show` for a person: one labelled line each, in the user's language.

`--json` prints the same facts with stable keys and English values for scripts.
"""

from __future__ import annotations

from console.cli.wording import say
from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.capabilities import OPERATION_NAMES, Capabilities
from console.domain.content import MediaKind
from console.domain.notices import ByteSize, Notice, Wording
from console.providers import registry
from console.services.callback_routes import CallbackMode

LINE = Wording("cli.show.line", "{label}: {value}")
NAME = Wording("cli.show.name", "Name")
PROVIDER = Wording("cli.show.provider", "Provider")
SANDBOX = Wording("cli.show.sandbox", "Sandbox")
SECRET = Wording("cli.show.secret_kept", "kept in the {where}")
OPERATIONS = Wording("cli.show.operations", "Can")
DELIVERY_REPORTS = Wording("cli.show.delivery_reports", "Reports delivery states")
SEND_INTERVAL = Wording("cli.show.send_interval", "Seconds between two sends")
MEDIA_LIMITS = Wording("cli.show.media_limits", "Largest media")
MEDIA_LIMIT = Wording("cli.show.media_limit", "{kind} {size}")
CALLBACKS = Wording("cli.show.callbacks", "Callbacks")
CALLBACK_URL = Wording("cli.show.callback_url", "Callback URL")
YES = Wording("cli.yes", "yes")
NO = Wording("cli.no", "no")
NOT_YET = Wording("cli.show.no_callback_url", "none yet")

MEDIA_NAMES = {
    MediaKind.IMAGE: Wording("cli.media.image", "image"),
    MediaKind.VIDEO: Wording("cli.media.video", "video"),
    MediaKind.AUDIO: Wording("cli.media.audio", "audio"),
    MediaKind.DOCUMENT: Wording("cli.media.document", "document"),
}
CALLBACK_MODES = {
    CallbackMode.OFF: Wording("cli.callbacks.off", "off"),
    CallbackMode.EMBEDDED: Wording("cli.callbacks.embedded", "received on this computer"),
    CallbackMode.TEAM: Wording("cli.callbacks.team", "received by the team relay"),
}


def shown_lines(
    account: Account,
    settings: dict[str, object],
    capabilities: Capabilities,
    secrets_where: Notice | str,
    callbacks: tuple[CallbackMode, str | None] | None,
) -> list[Notice]:
    """The lines of `account show`: settings under their fields' labels, secrets by label
    only (never their values), then what the provider can do."""
    fields = registry.definition(account.provider).fields
    lines = [
        LINE(label=NAME(), value=account.name),
        LINE(label=PROVIDER(), value=PROVIDER_TITLES[account.provider]),
        LINE(label=SANDBOX(), value=_yes_no(account.sandbox)),
    ]
    for field in fields:
        if field.secret:
            lines.append(LINE(label=field.label, value=SECRET(where=secrets_where)))
        elif field.key in settings:
            lines.append(LINE(label=field.label, value=str(settings[field.key])))
    lines.append(LINE(label=OPERATIONS(), value=_listed([OPERATION_NAMES[op]() for op in sorted(capabilities.operations)])))
    lines.append(LINE(label=DELIVERY_REPORTS(), value=_yes_no(capabilities.delivery_reports)))
    lines.append(LINE(label=SEND_INTERVAL(), value=capabilities.min_send_interval))
    limits = [MEDIA_LIMIT(kind=MEDIA_NAMES[kind](), size=ByteSize(rule.max_bytes)) for kind, rule in capabilities.media.items()]
    if limits:
        lines.append(LINE(label=MEDIA_LIMITS(), value=_listed(limits)))
    if callbacks is not None:
        mode, url = callbacks
        lines.append(LINE(label=CALLBACKS(), value=CALLBACK_MODES[mode]()))
        lines.append(LINE(label=CALLBACK_URL(), value=url or NOT_YET()))
    return lines


def _yes_no(value: bool) -> Notice:
    return YES() if value else NO()


def _listed(items: list[Notice]) -> str:
    """Items worded in the user's language, separated by commas."""
    return ", ".join(say(item) for item in items)
