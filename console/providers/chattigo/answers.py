"""What the chat shows of a bot's answer (a valid Cloud API send payload): a file, a place or
a template where the console has a kind for it; a notice describing reactions, contacts,
interactive messages and files it cannot fetch, worded in each reader's language; None for
a text, which the chat shows as the bot's words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from console.domain.content import DescribedContent, LocationContent, MediaContent, MediaKind, TemplateContent
from console.domain.notices import Wording
from console.providers.cloud_api.envelopes import MEDIA_TYPES

Shown = TemplateContent | MediaContent | LocationContent | DescribedContent

# The bot's answers the console has no content of its own for, as the chat says them: a
# notice in the chat is no bubble labelled "Bot", so each names the bot.
REACTED = Wording("chattigo.bot_answer.reacted", "The bot reacted with {emoji}")
REACTION_REMOVED = Wording("chattigo.bot_answer.reaction_removed", "The bot removed its reaction")
SHARED_CONTACTS = Wording(
    "chattigo.bot_answer.shared_contacts",
    "The bot shared {count} contact: {names}",
    "The bot shared {count} contacts: {names}",
    "count",
)
OFFERED = Wording("chattigo.bot_answer.offered", "The bot offered a choice: {body} (options: {options})")
INTERACTIVE = Wording("chattigo.bot_answer.interactive", "The bot sent an interactive message: {body}")
UNSHOWN_INTERACTIVE = Wording(
    "chattigo.bot_answer.unshown_interactive", "The bot sent an interactive message this console cannot show ({kind})"
)
FILE_BY_ID = Wording("chattigo.bot_answer.file_by_id", "The bot sent a file that cannot be fetched: no link came with it")
CAPTIONED_FILE_BY_ID = Wording(
    "chattigo.bot_answer.captioned_file_by_id", "The bot sent a file that cannot be fetched (no link came with it): {caption}"
)
OPTIONS_SEPARATOR = " · "


def shown_content(payload: Mapping[str, Any]) -> Shown | None:
    """`payload` as the chat shows it; the payload has been validated (`parse_send_payload`)."""
    kind = payload.get("type", "text")
    if kind == "contacts":
        names = [card["name"]["formatted_name"] for card in payload["contacts"]]
        return DescribedContent(SHARED_CONTACTS(count=len(names), names=", ".join(names)))
    content = payload.get(kind)
    if not isinstance(content, Mapping):
        return None
    if kind == "template":
        return _template(content)
    if kind in MEDIA_TYPES:  # a sticker is an image (image/webp)
        return _file(MediaKind.IMAGE if kind == "sticker" else MediaKind(kind), content)
    if kind == "location":
        return LocationContent(
            float(content["latitude"]), float(content["longitude"]), content.get("name"), content.get("address")
        )
    if kind == "reaction":
        return DescribedContent(REACTED(emoji=content["emoji"]) if content["emoji"] else REACTION_REMOVED())
    if kind == "interactive":
        return _interactive(content)
    return None


def _file(kind: MediaKind, content: Mapping[str, Any]) -> MediaContent | DescribedContent:
    """A file by link; one sent by the id of an upload to Chattigo cannot be fetched here."""
    if isinstance(content.get("link"), str):
        return MediaContent(kind, content["link"], content.get("caption"), content.get("filename"))
    filename = content.get("filename")
    caption = " ".join(part for part in (content.get("caption"), f"({filename})" if filename else None) if part)
    return DescribedContent(CAPTIONED_FILE_BY_ID(caption=caption) if caption else FILE_BY_ID())


def _interactive(content: Mapping[str, Any]) -> DescribedContent:
    """Buttons and lists with their text and the titles the customer may choose from."""
    kind = content["type"]
    body = content.get("body")
    text = body.get("text") if isinstance(body, Mapping) and isinstance(body.get("text"), str) else ""
    action = content["action"]
    if kind == "button":
        titles = [button["reply"]["title"] for button in action["buttons"]]
    elif kind == "list":
        titles = [row["title"] for section in action["sections"] for row in section["rows"]]
    else:
        titles = []
    if titles:
        return DescribedContent(OFFERED(body=text, options=OPTIONS_SEPARATOR.join(titles)))
    return DescribedContent(INTERACTIVE(body=text) if text else UNSHOWN_INTERACTIVE(kind=kind))


def _template(content: Mapping[str, Any]) -> TemplateContent:
    params: list[str] = []
    media_url = None
    for component in content.get("components", []):
        for parameter in component.get("parameters", []):
            kind = parameter.get("type")
            if component["type"] == "body" and isinstance(parameter.get("text"), str):
                params.append(parameter["text"])
            elif component["type"] == "header" and isinstance(parameter.get(kind), Mapping):
                media_url = parameter[kind].get("link") if isinstance(parameter[kind].get("link"), str) else media_url
    return TemplateContent(content["name"], tuple(params), language=content["language"]["code"], media_url=media_url)
