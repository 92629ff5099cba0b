"""What the agent reads when a file they chose cannot be used (shared by the importers and exporters)."""

from __future__ import annotations

from console.domain.notices import Wording

NOT_JSON = Wording("files.not_json", "{filename} is not valid JSON ({error})")
NOT_REGULAR = Wording("files.not_regular", "{filename} is not a regular file")
NOT_UTF8 = Wording("files.not_utf8", "{filename} is not UTF-8 text")
CANNOT_READ = Wording("files.cannot_read", "{path} cannot be read ({error})")
CANNOT_WRITE = Wording("files.cannot_write", "{path} cannot be written ({error})")
