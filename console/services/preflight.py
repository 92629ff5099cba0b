"""Pre-flight checks: what the provider would reject is refused here, before anything is
stored or sent, naming the field; what the console could not confirm is a warning the
agent may override (`domain.send_warnings`). Also what is kept of a send (`serialize`)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from console.domain.accounts import PROVIDER_TITLES, Account
from console.domain.capabilities import Capabilities
from console.domain.content import Content, LocationContent, MediaContent, MediaKind, TemplateContent, TextContent
from console.domain.content_codec import content_fields, without_link_secrets
from console.domain.errors import InvalidInput
from console.domain.links import is_private_host
from console.domain.messages import MAX_TEXT_LENGTH
from console.domain.notices import Notice, Wording
from console.domain.number_warnings import number_not_in_plan
from console.domain.phones import Phone, local_number, parse_phone
from console.domain.recipients import Recipient, RecipientKind
from console.domain.send_warnings import PreflightReport, SendWarning, WarningKind
from console.domain.sessions import session_remaining
from console.domain.templates import Template
from console.domain.user_ids import is_user_id
from console.domain.validation import check_account_address
from console.providers import registry
from console.providers.base import SendOptions
from console.providers.fields import FieldKind
from console.services import field_labels as labels
from console.services.link_preflight import check_media_link
from console.services.templates import TemplateService
from console.store import contacts as contact_queries
from console.store.database import Database
from console.store.secrets import SecretStore
from console.store.types import utcnow

if TYPE_CHECKING:
    import httpx

# A team account's setting the team server gives (`team_server.accounts.window_settings`): its
# provider sits on a private network, as the server knows from the address it keeps.
PRIVATE_LINKS = "private_links"
# TimelinesAI also addresses chats: `chat:ID`, `jid:JID` or `name:CHAT NAME`; a chat's contact keeps
# its recipient's label (`chat_id:ID`, `jid:JID`, `chat_name:NAME`), read back as the same chat.
_CHAT_PREFIXES = {
    "chat:": RecipientKind.CHAT_ID,
    "jid:": RecipientKind.JID,
    "name:": RecipientKind.CHAT_NAME,
    "chat_id:": RecipientKind.CHAT_ID,
    "chat_name:": RecipientKind.CHAT_NAME,
}

BROKEN_CHARACTER = Wording("preflight.broken_character", "it contains a broken character (half of an emoji?); type it again")
CHAT_RECIPIENTS_ONLY = Wording(
    "preflight.chat_recipients_only", "'{prefix}' recipients are for TimelinesAI accounts; give a phone number"
)
PREFIX_NEEDS_VALUE = Wording("preflight.prefix_needs_value", "'{prefix}' needs a value after it")
EMPTY_MESSAGE = Wording("preflight.empty_message", "the message is empty")
TEXT_TOO_LONG = Wording("preflight.text_too_long", "the message has {length} characters; WhatsApp allows {limit}")
CAPTION_TOO_LONG = Wording("preflight.caption_too_long", "the caption is longer than {limit} characters")
WINDOW_NEVER_SEEN = Wording(
    "preflight.window_never_seen",
    "this console has received no message from this customer, so it cannot tell whether their 24 h window is open; "
    "outside it {provider} refuses free text, as only templates can open a conversation",
)
WINDOW_LIKELY_CLOSED = Wording(
    "preflight.window_likely_closed",
    "the last message this console received from this customer is over 24 hours old: their window is likely closed; "
    "outside it {provider} refuses free text, as only templates can open a conversation",
)
EMPTY_TEMPLATE_NAME = Wording("preflight.empty_template_name", "the template name is empty")
TEMPLATE_NOT_IN_CATALOGUE = Wording(
    "preflight.template_not_in_catalogue", "Template {name} is not in this account's catalogue: its parameters were not checked."
)
PLAIN_TEMPLATE_MEDIA = Wording(
    "preflight.plain_template_media", "{provider} templates carry no media: send the file as a message of its own"
)
PLAIN_TEMPLATE_NAMED = Wording(
    "preflight.plain_template_named", "{provider} templates take positional parameters only, not named ones"
)
LATITUDE_OUT_OF_RANGE = Wording("preflight.latitude_out_of_range", "latitude {latitude} is outside -90..90")
LONGITUDE_OUT_OF_RANGE = Wording("preflight.longitude_out_of_range", "longitude {longitude} is outside -180..180")


def require_valid_text(content: Content) -> None:
    """Every text of `content` must be storable and sendable: a lone half of a character pair
    (a broken emoji pasted from elsewhere) cannot be written as UTF-8 and would fail later."""
    for name in content.__slots__:  # type: ignore[union-attr]
        value = getattr(content, name)
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, tuple):
            texts = [item for item in value if isinstance(item, str)]
        elif isinstance(value, Mapping):
            texts = [str(item) for pair in value.items() for item in pair]
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise InvalidInput(labels.content_field(name), BROKEN_CHARACTER()) from None


def resolve_recipient(account: Account, to: str, *, allow_unlisted: bool = False) -> Recipient:
    """The recipient `to` names; with `allow_unlisted`, also a number its country's plan does
    not list (`Preflight.check` then warns about it)."""
    text = to.strip()
    for prefix, kind in _CHAT_PREFIXES.items():
        if text.lower().startswith(prefix):
            if not registry.capabilities(account.provider).chat_recipients:
                raise InvalidInput(labels.TO(), CHAT_RECIPIENTS_ONLY(prefix=prefix))
            reference = text[len(prefix) :].strip()
            if not reference:
                raise InvalidInput(labels.TO(), PREFIX_NEEDS_VALUE(prefix=prefix))
            return Recipient(kind, reference=reference)
    if registry.capabilities(account.provider).user_ids and is_user_id(text):
        return Recipient(RecipientKind.USER_ID, reference=text)
    region = account.settings.get("default_region")
    return Recipient.of_phone(parse_phone(text, region, allow_unlisted=allow_unlisted))


def validate_text(text: str, field: Notice | None = None) -> None:
    field = field or labels.TEXT()
    if not text.strip():
        raise InvalidInput(field, EMPTY_MESSAGE())
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidInput(field, TEXT_TOO_LONG(length=len(text), limit=MAX_TEXT_LENGTH))


class Preflight:
    def __init__(self, db: Database, templates: TemplateService, http: httpx.AsyncClient, secrets: SecretStore) -> None:
        self._db = db
        self._templates = templates
        self._http = http
        self._secrets = secrets

    async def check(self, account: Account, recipient: Recipient, content: Content) -> PreflightReport:
        """Raise `InvalidInput` for what would be rejected; report what needs a go-ahead and notes."""
        template = None
        if isinstance(content, TemplateContent) and content.name.strip():
            template = await self._templates.find(account, content.name, content.language)
        warnings = list(check_content(account, recipient, content, template))
        capabilities = registry.capabilities(account.provider)
        if not isinstance(content, TemplateContent):
            warnings += await self._check_session(account, capabilities, recipient)
        notes: tuple[Notice, ...] = ()
        if isinstance(content, MediaContent):
            warnings += await self._media_link(account, capabilities, content.url, content.kind)
        elif isinstance(content, TemplateContent):
            template_warnings, notes = await self._check_template(account, capabilities, content, template)
            warnings += template_warnings
        return PreflightReport(tuple(warnings), notes)

    async def _check_session(self, account: Account, capabilities: Capabilities, recipient: Recipient) -> list[SendWarning]:
        """Outside the customer's 24 h window only a template may be sent (Broadcasterbot).

        The console knows the window only from the messages it received: a customer who
        wrote before it was installed, or while its callbacks were off, has a window it did
        not see. The provider refuses outside the window itself, so that is a warning.
        """
        customer = recipient.phone.digits if recipient.phone is not None else recipient.reference
        if (
            not capabilities.session_window
            or customer is None
            or recipient.kind not in (RecipientKind.PHONE, RecipientKind.USER_ID)
        ):
            return []
        last = await self._db.run(contact_queries.last_inbound, account.id, customer)
        if session_remaining(last, utcnow()) is not None:
            return []
        reason = (WINDOW_NEVER_SEEN if last is None else WINDOW_LIKELY_CLOSED)(provider=PROVIDER_TITLES[account.provider])
        return [SendWarning(WarningKind.WINDOW_NOT_SEEN, labels.SESSION(), reason)]

    async def _check_template(
        self, account: Account, capabilities: Capabilities, content: TemplateContent, template: Template | None
    ) -> tuple[list[SendWarning], tuple[Notice, ...]]:
        if template is None:
            warnings = await self._template_link(account, capabilities, content, None)
            return warnings, (TEMPLATE_NOT_IN_CATALOGUE(name=content.name),)
        return await self._template_link(account, capabilities, content, template.kind.media_kind), ()

    async def _template_link(
        self, account: Account, capabilities: Capabilities, content: TemplateContent, kind: MediaKind | None
    ) -> list[SendWarning]:
        if content.media_url is None:  # an empty link is checked too: it would be sent
            return []
        return list(await self._media_link(account, capabilities, content.media_url, kind))

    async def _media_link(
        self, account: Account, capabilities: Capabilities, url: str, kind: MediaKind | None
    ) -> tuple[SendWarning, ...]:
        allow_private = may_fetch_private_links(account, await self._secret_addresses(account))
        return await check_media_link(self._http, capabilities, url, kind, allow_private=allow_private)

    async def _secret_addresses(self, account: Account) -> list[str]:
        """The provider's addresses kept as secrets (TimelinesAI's webhook URL), read now so a
        changed one counts at once."""
        addresses: list[str] = []
        for field in registry.definition(account.provider).fields:
            if field.secret and field.kind is FieldKind.URL:
                value = await asyncio.to_thread(self._secrets.get, account.name, field.key)
                addresses += [value] if value else []
        return addresses


def check_content(
    account: Account, recipient: Recipient, content: Content, template: Template | None = None
) -> tuple[SendWarning, ...]:
    """The checks that need nothing but the account, the recipient, the content and the template's
    catalogue entry when one is known: `InvalidInput` for what the provider would reject, else
    the numbering plan's warnings. `Preflight.check` runs them first; the team server, which
    keeps no catalogue or chats yet, runs only these. The catalogue's own words come before the
    plain-template rules ("needs a value for dia", not "parameter 2 is empty")."""
    check_account_address(account.name, account.settings)  # before a pending message is stored for it
    require_valid_text(content)
    capabilities = registry.capabilities(account.provider)
    warnings = _number_warnings(capabilities, recipient.phone) if recipient.phone is not None else []
    if isinstance(content, TextContent):
        validate_text(content.body)
    elif isinstance(content, LocationContent):
        _check_location(content)
    elif isinstance(content, MediaContent):
        if content.caption is not None and len(content.caption) > MAX_TEXT_LENGTH:
            raise InvalidInput(labels.CAPTION(), CAPTION_TOO_LONG(limit=MAX_TEXT_LENGTH))
    elif isinstance(content, TemplateContent):
        if not content.name.strip():
            raise InvalidInput(labels.TEMPLATE(), EMPTY_TEMPLATE_NAME())
        if template is not None:
            template.check(content)
        if capabilities.plain_templates:
            _check_plain_template(account, content)
    return tuple(warnings)


def _number_warnings(capabilities: Capabilities, phone: Phone) -> list[SendWarning]:
    """A number whose range the numbering plan does not list may be new: a warning. Providers
    that address by country still need to tell its country (`local_number` refuses)."""
    if capabilities.phones_by_country:
        local_number(phone)
    warning = number_not_in_plan(phone)
    return [] if warning is None else [warning]


def _check_plain_template(account: Account, content: TemplateContent) -> None:
    """Providers whose templates carry positional parameters only refuse media and names."""
    title = PROVIDER_TITLES[account.provider]
    if content.media_url is not None:
        raise InvalidInput(labels.MEDIA_LINK(), PLAIN_TEMPLATE_MEDIA(provider=title))
    if content.named_params:
        raise InvalidInput(labels.PARAMS(), PLAIN_TEMPLATE_NAMED(provider=title))


def _check_location(content: LocationContent) -> None:
    if not -90 <= content.latitude <= 90:
        raise InvalidInput(labels.LOCATION(), LATITUDE_OUT_OF_RANGE(latitude=content.latitude))
    if not -180 <= content.longitude <= 180:
        raise InvalidInput(labels.LOCATION(), LONGITUDE_OUT_OF_RANGE(longitude=content.longitude))


def serialize(content: Content, options: SendOptions) -> dict[str, Any]:
    """What was asked, kept with the message (verification, disputes, exports); media links
    without their secrets."""
    fields = without_link_secrets(content_fields(content))
    return {**fields, "mass": options.mass, "contact_validation": options.contact_validation}


def may_fetch_private_links(account: Account, secret_addresses: Iterable[str] = ()) -> bool:
    """Whether the account's provider may be handed media on this computer or a private network:
    the sandbox, or a provider whose own address (its base URL, the Cloud API's Graph address, or
    one of `secret_addresses`: TimelinesAI's webhook URL) is on one, since it sits on the same
    network. A provider whose address is unknown gets public links only; a team account's address
    is the server's to know (`PRIVATE_LINKS`)."""
    if account.team:
        return account.settings.get(PRIVATE_LINKS) is True
    fields = registry.definition(account.provider).fields
    kept = (account.settings.get(field.key) for field in fields if field.kind is FieldKind.URL and not field.secret)
    addresses = [str(address) for address in kept if address]
    return account.sandbox or any(_is_private_address(address) for address in [*addresses, *secret_addresses])


def _is_private_address(url: str) -> bool:
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return False
    return is_private_host(host or "")
