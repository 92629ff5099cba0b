"""Notices kept as text (a database column, a file): the code and the values as JSON, worded when shown.

A stored reason (why a send failed, a note on a message's timeline, a recipient's outcome)
is kept as its code and values so that it reads in the agent's language whenever it is
shown, not in the language of the day it was written. The English text is kept alongside:
a code no module declares any more still reads as it was. Rows written before notices were
stored hold plain English; they read as an untranslated notice.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from console.domain.notices import ByteSize, Notice, Wording, as_notice, registered_wordings

_MARK = '{"code":'


def stored(message: Notice | str | None) -> str | None:
    """What a TEXT column keeps for `message`: JSON for a notice, a plain string as it is."""
    if message is None or isinstance(message, str):
        return message
    return json.dumps(_encoded(message), ensure_ascii=False, separators=(",", ":"))


def restored(text: str | None) -> Notice | None:
    """The notice a TEXT column holds (old plain English: as an untranslated notice)."""
    if text is None:
        return None
    if text.startswith(_MARK):
        try:
            return _decoded(json.loads(text))
        except (ValueError, KeyError, TypeError):
            pass
    return as_notice(text)


def _encoded(notice: Notice) -> dict[str, object]:
    return {"code": notice.code, "english": notice.english(), "values": {k: _value(v) for k, v in notice.values.items()}}


def _value(value: object) -> object:
    if isinstance(value, Notice):
        return {"notice": _encoded(value)}
    if isinstance(value, ByteSize):
        return {"bytes": value.bytes}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, timedelta):
        return {"seconds": value.total_seconds()}
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def _decoded(data: dict) -> Notice:
    wording = registered_wordings("").get(data["code"])
    values = {name: _restored_value(value) for name, value in data["values"].items()}
    if not isinstance(wording, Wording) or not wording.values <= values.keys():
        return as_notice(str(data["english"]))
    return wording(**values)


def _restored_value(value: object) -> object:
    if isinstance(value, dict):
        if "notice" in value:
            return _decoded(value["notice"])
        if "bytes" in value:
            return ByteSize(int(value["bytes"]))
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "seconds" in value:
            return timedelta(seconds=float(value["seconds"]))
    return value
