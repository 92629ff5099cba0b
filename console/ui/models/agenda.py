"""The agenda as a table: the whole agenda knows its size and loads pages of rows on demand;
a filter shows its matches as they are found.

Typing a filter must answer every keystroke within a frame whatever the agenda's size, so a
filter never counts all its matches: each answer of the store is bounded work (`AgendaMatches`),
the first one a screenful. Once typing pauses, the model asks on by itself until it holds a
page of matches or the end is reached; the count says what is known ("1,000+"); scrolling
past them asks for more (`fetchMore`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Protocol

import phonenumbers
from PySide6.QtCore import QAbstractTableModel, QModelRoleDataSpan, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont

from console.domain.accounts import Account
from console.domain.capabilities import Operation
from console.domain.contact_views import AgendaMatches, AgendaPlace, ContactView
from console.domain.errors import InvalidInput
from console.domain.messages import Direction, MessageSummary
from console.domain.phones import parse_phone
from console.domain.sessions import session_remaining
from console.providers.registry import capabilities
from console.services.topics import UnreadChanged
from console.ui.labels import has_name, local_time
from console.ui.models.common import ROOT, Index
from console.ui.tasks import TaskHolder

PAGE_SIZE = 200
FIRST = 50  # a filter's first answer: a screenful, so a keystroke is answered within a frame
PAUSE = 0.12  # seconds: the rest of a filter's page is asked for once typing pauses this long
FILTER = "filter"
WINDOW_REFRESH_MS = 60_000  # the 24 h window column counts down
SECONDARY = QColor("#808080")
OPEN = QColor("#2e9d48")
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
    }
)


class AgendaSource(Protocol):
    async def count(self, account_id: int, query: str = "") -> int: ...
    async def page(self, account_id: int, query: str, offset: int, limit: int) -> list[ContactView]: ...
    async def matches(self, account_id: int, query: str, after: AgendaPlace | None, limit: int) -> AgendaMatches: ...
    async def conversation_contact(self, conversation_id: int) -> ContactView | None: ...


@lru_cache(maxsize=8192)
def agent_phone(raw: str, region: str | None) -> str:
    """A number as the agent writes it: national form in the account's region (`099 123 456`),
    international elsewhere (`+54 9 11 5555-1234`); `raw` unchanged when it is not a number."""
    try:
        phone = parse_phone(raw)
    except InvalidInput:
        return raw
    if region and phone.region == region.upper():
        return phonenumbers.format_number(phone.number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phone.international


def _hours_minutes(left: timedelta) -> tuple[int, int]:
    minutes = int(left.total_seconds() // 60)
    return minutes // 60, minutes % 60


class AgendaTableModel(QAbstractTableModel):
    """The whole agenda: rows come from `count`; a page is fetched when a row of it is first
    asked for. A filter: rows are its matches found so far (see the module's note).

    A new account or filter supersedes every request in flight, so a late answer for an
    older filter never lands in the table. A customer's message refreshes only its
    contact's row (unread count, last received).
    """

    NAME, PHONE, ACCOUNT, LAST_INBOUND, WINDOW, OPT_IN = range(6)
    counted = Signal(int)  # the rows shown, each time the agenda's or a filter's answer changes them
    replaced = Signal()  # the rows shown are another account's, filter's or reload's: row numbers mean other contacts

    def __init__(self, source: AgendaSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._tasks = TaskHolder(self)
        self._account: Account | None = None
        self._query = ""
        self._rows = 0
        self._pages: dict[int, list[ContactView]] = {}
        self._found: list[ContactView] | None = None  # a filter's matches so far; None: the whole agenda
        self._after: AgendaPlace | None = None  # where the filter's next answer goes on; None: the end
        self._total: int | None = None  # every match of the filter, once known
        self._more_than = 0  # else a number they are known to exceed
        self._gathering = False  # asking for more matches by itself
        self._waiting = False  # nothing known yet of the latest account or filter
        self._clock = QTimer(self, interval=WINDOW_REFRESH_MS)
        self._clock.timeout.connect(self._window_moved)
        self._clock.start()

    @property
    def query(self) -> str:
        return self._query

    @property
    def account(self) -> Account | None:
        return self._account

    @property
    def counting(self) -> bool:
        """True until the first rows of the latest account or filter are known (or that there are none)."""
        return self._waiting

    @property
    def filtered(self) -> bool:
        return self._found is not None

    @property
    def total(self) -> int | None:
        """How many contacts the shown filter (or the whole agenda) matches, when known."""
        return self._rows if self._found is None else self._total

    @property
    def more_than(self) -> int:
        """A number the shown filter's matches are known to exceed, when their total is not known."""
        return self._more_than

    @property
    def gathering(self) -> bool:
        """The filter's matches are still being asked for by the model itself."""
        return self._gathering

    def show(self, account: Account | None, query: str = "") -> None:
        """Count (and then page) the contacts of `account` matching `query`."""
        self._tasks.cancel_all()
        if account != self._account:
            self._account = account
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self._query = query
        self._gathering = self._waiting = False
        if account is None:
            self._show_rows(0)
            self.counted.emit(0)
            return
        self._waiting = True
        if query.strip():
            self._tasks.start(FILTER, self._gather(account.id, query, None, PAGE_SIZE, fresh=True))
        else:
            self._tasks.start("count", self._count(account.id, query))

    def reload(self) -> None:
        self.show(self._account, self._query)

    async def _count(self, account_id: int, query: str) -> None:
        rows = await self._source.count(account_id, query)
        self._show_rows(rows)
        self._waiting = False
        self.counted.emit(rows)

    async def _gather(self, account_id: int, query: str, after: AgendaPlace | None, goal: int, *, fresh: bool) -> None:
        """Ask for the filter's matches from `after` until `goal` rows are shown or the end."""
        limit = FIRST if fresh else PAGE_SIZE
        while True:
            answer = await self._source.matches(account_id, query, after, limit)
            if fresh:
                self._show_rows(len(answer.contacts), list(answer.contacts))
                self._total, self._more_than = None, 0
            found = self._found
            assert found is not None  # a filter's rows since the first answer
            if answer.contacts and not fresh:
                self.beginInsertRows(ROOT, len(found), len(found) + len(answer.contacts) - 1)
                found.extend(answer.contacts)
                self.endInsertRows()
            rows, fresh = len(found), False
            self._after = after = answer.after
            if answer.total is not None:
                self._total = answer.total
            elif after is None:
                self._total = rows
            self._more_than = max(self._more_than, answer.more_than, rows)
            self._gathering = after is not None and rows < goal
            self._waiting = rows == 0 and self._gathering
            self.counted.emit(rows)
            if not self._gathering:
                return
            # The next keystroke, if it comes now, makes the rest moot. Going on at once when the
            # first answer was short was tried: the steps it took while the agent typed made the
            # next keystrokes wait for the database thread and a core, and painted rows between
            # them (the median keystroke about a fifth slower, in processor time and wall clock).
            if limit == FIRST:
                await asyncio.sleep(PAUSE)
            limit = PAGE_SIZE

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and self._found is not None and self._after is not None and not self._tasks.running(FILTER)

    def fetchMore(self, parent: Index = ROOT) -> None:
        """Scrolled past a filter's matches gathered so far: the next ones."""
        if self.canFetchMore(parent) and self._account is not None and self._found is not None:
            goal = len(self._found) + PAGE_SIZE
            self._tasks.start(FILTER, self._gather(self._account.id, self._query, self._after, goal, fresh=False))

    # -- live: unread counts -------------------------------------------------------------

    def message_arrived(self, message: MessageSummary) -> None:
        """A customer wrote: refresh that contact's row (or the count, for a new contact)."""
        if message.direction is Direction.INCOMING and self._account is not None:
            key = f"inbound:{message.conversation_id}"
            self._tasks.start(key, self._refresh_contact(self._account.id, message.conversation_id))

    async def _refresh_contact(self, account_id: int, conversation_id: int) -> None:
        contact = await self._source.conversation_contact(conversation_id)
        if contact is None or contact.account_id != account_id:
            return
        if self._replace(contact.id, lambda _: contact):
            return
        # Not on a loaded page: a page loaded later reads it fresh, unless the contact is new.
        # A filter's matches are what was found when it was typed: they stay as they are.
        if self._tasks.running("count") or self._found is not None:
            return
        rows = await self._source.count(account_id, self._query)
        if rows != self._rows:
            self._show_rows(rows)
            self.counted.emit(rows)

    def unread_changed(self, change: UnreadChanged) -> None:
        """The agent opened a conversation: its contact's badge follows."""
        if self._account is not None and change.account_id == self._account.id:
            self._replace(change.contact_id, lambda contact: replace(contact, unread=change.unread))

    def _replace(self, contact_id: int, update: Callable[[ContactView], ContactView]) -> bool:
        """Update a loaded contact in place; False when no loaded page holds it."""
        if self._found is not None:
            for row, contact in enumerate(self._found):
                if contact.id == contact_id:
                    self._found[row] = update(contact)
                    self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
                    return True
            return False
        for number, page in self._pages.items():
            for offset, contact in enumerate(page):
                if contact.id == contact_id:
                    page[offset] = update(contact)
                    row = number * PAGE_SIZE + offset
                    self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
                    return True
        return False

    def _show_rows(self, rows: int, found: list[ContactView] | None = None) -> None:
        """Show `rows` rows instead of those shown: the whole agenda's (its pages load when
        asked for), or a filter's `found`. Rows go or come at the end and the others change
        in place. A reset instead made the view lay itself out again after painting, so it
        painted twice, header and scroll bar included, on every keystroke."""
        before = self.rowCount()
        shown = self._known_rows()
        if rows < before:
            self.beginRemoveRows(ROOT, rows, before - 1)
        elif rows > before:
            self.beginInsertRows(ROOT, before, rows - 1)
        self._rows = rows
        self._pages.clear()
        self._found, self._after = found, None
        if rows < before:
            self.endRemoveRows()
        elif rows > before:
            self.endInsertRows()
        self._repaint_changed(shown, min(rows, before))
        self.replaced.emit()

    def _known_rows(self) -> dict[int, ContactView]:
        """The contacts the rows show now, by row (a row whose page is loading shows none)."""
        if self._found is not None:
            return dict(enumerate(self._found))
        return {
            number * PAGE_SIZE + offset: contact for number, page in self._pages.items() for offset, contact in enumerate(page)
        }

    def _repaint_changed(self, shown: dict[int, ContactView], kept: int) -> None:
        """Tell the view which of the first `kept` rows show something else than `shown`: only
        those are painted again. Typing on often keeps the first rows (the same contacts
        match "mar" and "mart"), and painting a screenful was most of a keystroke's work."""
        now = self._known_rows()
        changed = sorted(row for row in shown.keys() | now.keys() if row < kept and shown.get(row) != now.get(row))
        start = 0
        for position, row in enumerate(changed):
            if position + 1 == len(changed) or changed[position + 1] != row + 1:
                self.dataChanged.emit(self.index(changed[start], 0), self.index(row, self.columnCount() - 1))
                start = position + 1

    def contact(self, row: int) -> ContactView | None:
        """The contact at `row`, or None while its page is still loading."""
        if self._found is not None:
            return self._found[row] if 0 <= row < len(self._found) else None
        page = self._pages.get(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        if page is None:
            self._request(row // PAGE_SIZE)
            return None
        return page[offset] if offset < len(page) else None

    def _request(self, page: int) -> None:
        key = f"page:{page}"
        if self._account is None or self._tasks.running(key) or self._tasks.running("count") or self._tasks.running(FILTER):
            return
        self._tasks.start(key, self._fetch(self._account.id, self._query, page))

    async def _fetch(self, account_id: int, query: str, page: int) -> None:
        contacts = await self._source.page(account_id, query, page * PAGE_SIZE, PAGE_SIZE)
        self._pages[page] = contacts
        first = page * PAGE_SIZE
        last = min(self._rows, first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _window_moved(self) -> None:
        if rows := self.rowCount():
            self.dataChanged.emit(self.index(0, self.WINDOW), self.index(rows - 1, self.WINDOW))

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid():
            return 0
        return self._rows if self._found is None else len(self._found)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is not Qt.Orientation.Horizontal:
            return super().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole:
            titles = (self.tr("Name"), self.tr("Phone"), self.tr("Account"), self.tr("Last received"), self.tr("24 h window"))
            return titles[section] if section < len(titles) else self._opt_in_title()
        if role == Qt.ItemDataRole.ToolTipRole and section == self.OPT_IN:
            return self._opt_in_help()
        if role == Qt.ItemDataRole.ToolTipRole and section == self.LAST_INBOUND:
            return self.tr("When the customer last wrote to this account")
        return None

    def _opt_in_title(self) -> str:
        operations = self._operations()
        if Operation.REGISTER_CONTACTS in operations:
            return self.tr("Registered")
        if Operation.DOWNLOAD_AGENDA in operations:
            return self.tr("In agenda")
        return self.tr("Opt-in")

    def _opt_in_help(self) -> str:
        operations = self._operations()
        if Operation.REGISTER_CONTACTS in operations:
            return self.tr("Registered with the provider: only registered contacts can receive messages")
        if Operation.DOWNLOAD_AGENDA in operations:
            return self.tr("Listed in the provider's agenda: channels that validate contacts only send to them")
        return self.tr("This provider keeps no opt-in list")

    def _operations(self) -> frozenset[Operation]:
        return frozenset() if self._account is None else capabilities(self._account.provider).operations

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in _ROLES:
            return None
        return self._value(self.contact(index.row()), index.column(), role)

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N802, N803 - Qt's names
        """Every role a cell's painting asks for (seven) in one call: each one asked of `data`
        was a call from Qt into Python, most of the work of painting a keystroke's rows. Every
        slot is written, the roles without a value cleared: the delegate reuses its slots."""
        contact = self.contact(index.row()) if index.isValid() else None
        column = index.column()
        for position in range(len(roleDataSpan)):
            slot = roleDataSpan[position]
            role = slot.role()
            value = self._value(contact, column, role) if role in _ROLES and index.isValid() else None
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def _value(self, contact: ContactView | None, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.FontRole:
            return self._font(contact) if column == self.NAME else None
        if contact is None or self._account is None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return SECONDARY if column == self.NAME else None
            return self.tr("Loading…") if column == self.NAME and role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(contact, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(self._account, contact, column)
        return self._text(self._account, contact, column)

    def _text(self, account: Account, contact: ContactView, column: int) -> str:
        if column == self.NAME:
            name = contact.display_name if has_name(contact) else self.tr("(no name)")
            return self.tr("{name} ({unread})").format(name=name, unread=contact.unread) if contact.unread else name
        if column == self.PHONE:
            return agent_phone(contact.phone, account.settings.get("default_region"))
        if column == self.ACCOUNT:
            return account.name
        if column == self.LAST_INBOUND:
            return local_time(contact.last_inbound_at) if contact.last_inbound_at else "—"
        if column == self.WINDOW:
            return self._window_text(account, contact)
        return self._opt_in_text(contact)

    def _window_text(self, account: Account, contact: ContactView) -> str:
        if not capabilities(account.provider).session_window:
            return self.tr("n.a.")
        if self._window_left(contact) is None:
            return self.tr("closed")
        assert contact.last_inbound_at is not None
        return self.tr("open until {time}").format(time=local_time(contact.last_inbound_at + timedelta(hours=24)))

    def _opt_in_text(self, contact: ContactView) -> str:
        operations = self._operations()
        if Operation.REGISTER_CONTACTS in operations:
            return self.tr("yes") if contact.registered_at else self.tr("no")
        if Operation.DOWNLOAD_AGENDA in operations:
            return self.tr("yes") if contact.in_agenda else self.tr("no")
        return self.tr("n.a.")

    def _tooltip(self, account: Account, contact: ContactView, column: int) -> str | None:
        if column == self.NAME and contact.unread:
            return self.tr("%n unread message(s)", "", contact.unread)
        if column == self.ACCOUNT:
            return account.title
        if column == self.WINDOW:
            if not capabilities(account.provider).session_window:
                return self.tr("This provider has no 24 h window")
            left = self._window_left(contact)
            if left is None:
                return self.tr("Session closed: only a template can reopen it")
            hours, minutes = _hours_minutes(left)
            return self.tr("Session open for {hours} h {minutes} min").format(hours=hours, minutes=minutes)
        if column == self.OPT_IN:
            if Operation.REGISTER_CONTACTS in self._operations() and contact.registered_at:
                return self.tr("Registered {time}").format(time=local_time(contact.registered_at))
            if Operation.DOWNLOAD_AGENDA in self._operations() and not contact.in_agenda:
                return self.tr("No longer listed in the provider's agenda")
        return None

    def _foreground(self, contact: ContactView, column: int) -> QColor | None:
        if column == self.NAME and not has_name(contact):
            return SECONDARY
        if column == self.WINDOW and self._account is not None and capabilities(self._account.provider).session_window:
            return OPEN if self._window_left(contact) is not None else SECONDARY
        return None

    @staticmethod
    def _window_left(contact: ContactView) -> timedelta | None:
        return session_remaining(contact.last_inbound_at, datetime.now(UTC))

    @staticmethod
    def _font(contact: ContactView | None) -> QFont | None:
        """Unnamed contacts in italics; those with unread messages in bold."""
        unnamed = contact is None or not has_name(contact)
        unread = contact is not None and contact.unread > 0
        if not (unnamed or unread):
            return None
        font = QFont()
        font.setItalic(unnamed)
        font.setBold(unread)
        return font
