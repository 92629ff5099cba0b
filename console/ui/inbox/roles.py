"""The inbox list's data roles, shared by its live model, its start-up snapshot and its delegate."""

from __future__ import annotations

from PySide6.QtCore import Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the InboxRow itself, for the delegate
