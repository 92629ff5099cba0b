"""The names of the fields the services' refusals point at ("to: …", "file: …"), as the agent reads them."""

from __future__ import annotations

from console.domain.notices import Notice, Wording

TO = Wording("field.to", "to")
TEXT = Wording("field.text", "text")
BODY = Wording("field.body", "body")
CAPTION = Wording("field.caption", "caption")
TEMPLATE = Wording("field.template", "template")
NAME = Wording("field.name", "name")
PARAMS = Wording("field.params", "params")
NAMED_PARAMS = Wording("field.named_params", "named params")
LANGUAGE = Wording("field.language", "language")
MEDIA_LINK = Wording("field.media_link", "media link")
MEDIA_TYPE = Wording("field.media_type", "media type")
FILENAME = Wording("field.filename", "filename")
MIME_TYPE = Wording("field.mime_type", "mime type")
LOCATION = Wording("field.location", "location")
PLACE_NAME = Wording("field.place_name", "place name")
ADDRESS = Wording("field.address", "address")
URL = Wording("field.url", "url")
SESSION = Wording("field.session", "session")
FILE = Wording("field.file", "file")
RECIPIENTS = Wording("field.recipients", "recipients")
NOTE = Wording("field.note", "note")
SEARCH = Wording("field.search", "search")
CALLBACKS = Wording("field.callbacks", "callbacks")
EVENTS_TOKEN = Wording("field.events_token", "events token")
ACCOUNT = Wording("field.account", "account")
QUICK_REPLY = Wording("field.quick_reply", "quick reply")
PUBLIC_URL = Wording("field.public_url", "public URL")
RELAY_URL = Wording("field.relay_url", "relay URL")

_OF_CONTENT = {
    "body": BODY,
    "caption": CAPTION,
    "name": NAME,
    "params": PARAMS,
    "named_params": NAMED_PARAMS,
    "language": LANGUAGE,
    "media_url": MEDIA_LINK,
    "url": URL,
    "filename": FILENAME,
    "mime_type": MIME_TYPE,
    "place_name": PLACE_NAME,
    "address": ADDRESS,
}


def content_field(name: str) -> Notice | str:
    """The label of a content's field (`TextContent.body` → "body"); an unknown one as it is named."""
    wording = _OF_CONTENT.get(name)
    return wording() if wording is not None else name.replace("_", " ")
