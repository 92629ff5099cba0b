"""What the composer's Attach menu asks for: a link to a file, or a place.

Only the form is checked here; whether the provider can fetch and send it is the
pre-flight's job, run once the attachment is in the composer.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from console.domain.attachments import parse_coordinates
from console.domain.content import LocationContent, MediaContent, MediaKind
from console.domain.errors import InvalidInput
from console.domain.quick_replies import guess_media_kind
from console.ui.sender.feedback import FeedbackLabel

# Spelled out at each call so that `make translations` (lupdate) finds the strings.
translate = QCoreApplication.translate


def media_kind_label(kind: MediaKind) -> str:
    return {
        MediaKind.IMAGE: translate("attachments", "image"),
        MediaKind.VIDEO: translate("attachments", "video"),
        MediaKind.AUDIO: translate("attachments", "audio"),
        MediaKind.DOCUMENT: translate("attachments", "document"),
    }[kind]


def follow_link(kinds: QComboBox, url: str) -> None:
    """Choose in `kinds` the kind of file the link's name suggests, when it is offered."""
    index = kinds.findData(guess_media_kind(url.strip()))
    if index >= 0:
        kinds.setCurrentIndex(index)


class _FormDialog(QDialog):
    """Rows of fields, a line for what is wrong, OK and Cancel; the first field has the keyboard."""

    def _build(self, rows: list[tuple[str, QWidget]]) -> None:
        form = QFormLayout()
        for label, field in rows:
            form.addRow(label, field)
        self.error = FeedbackLabel()
        # Made after the fields: Tab goes through them first, then to the buttons.
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        rows[0][1].setFocus()


class MediaLinkDialog(_FormDialog):
    """A link the provider will fetch, of one of the kinds it sends."""

    def __init__(self, kinds: Iterable[MediaKind], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Attach a file by its link"))
        self.content: MediaContent | None = None
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://…/factura.pdf")
        self.kind_combo = QComboBox()
        self.url_edit.textEdited.connect(lambda url: follow_link(self.kind_combo, url))
        for kind in kinds:
            self.kind_combo.addItem(media_kind_label(kind), kind)
        self.filename_edit = QLineEdit()
        self.filename_edit.setPlaceholderText(self.tr("optional: the name the customer sees"))
        rows = [(self.tr("Link"), self.url_edit), (self.tr("Kind"), self.kind_combo), (self.tr("File name"), self.filename_edit)]
        self._build(rows)

    def accept(self) -> None:
        url = self.url_edit.text().strip()
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            self.error.error(self.tr("Type a link that starts with https:// (or http://)."))
            return
        filename = self.filename_edit.text().strip() or None
        self.content = MediaContent(MediaKind(self.kind_combo.currentData()), url, filename=filename)
        super().accept()


class PlaceDialog(_FormDialog):
    """Coordinates as a map shows them, and the place's name and address if the agent has them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send a place"))
        self.content: LocationContent | None = None
        self.coordinates_edit = QLineEdit()
        self.coordinates_edit.setPlaceholderText("-34.9058, -56.1913")
        self.name_edit = QLineEdit()
        self.address_edit = QLineEdit()
        rows = [
            (self.tr("Latitude, longitude"), self.coordinates_edit),
            (self.tr("Name"), self.name_edit),
            (self.tr("Address"), self.address_edit),
        ]
        self._build(rows)

    def accept(self) -> None:
        try:
            latitude, longitude = parse_coordinates(self.coordinates_edit.text().strip())
        except InvalidInput:
            self.error.error(self.tr("Type the latitude and longitude separated by a comma, e.g. -34.9058, -56.1913."))
            return
        name = self.name_edit.text().strip() or None
        address = self.address_edit.text().strip() or None
        self.content = LocationContent(latitude, longitude, name, address)
        super().accept()
