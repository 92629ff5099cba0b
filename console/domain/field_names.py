"""The names of the fields the domain's refusals point at ("phone: …", "params: …"), as the agent reads them.

A code here means the same field wherever it is declared: the services name some of these
fields too, with the same code and text.
"""

from __future__ import annotations

from console.domain.notices import Wording

ACCOUNT = Wording("field.account", "account")
LABEL = Wording("field.label", "label")
LISTEN = Wording("field.listen", "listen")
LOCATION = Wording("field.location", "location")
MEDIA_LINK = Wording("field.media_link", "media link")
MESSAGE = Wording("field.message", "message")
NAME = Wording("field.name", "name")
OPERATION = Wording("field.operation", "operation")
PARAMS = Wording("field.params", "params")
PHONE = Wording("field.phone", "phone")
TEXT = Wording("field.text", "text")
