"""The window of one session: opened where the agent left off, in the chosen language.

Switching the language rebuilds the main window on the same session: every string is
read again through the new translators, while the workspace, its background work and the
selected account and contact carry over. Layout and selection are kept in `Preferences`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QGuiApplication

from console.domain.accounts import Account
from console.domain.contact_views import ContactView
from console.ui.i18n import Translations, resolve
from console.ui.main_window import MainWindow
from console.ui.preferences import Preferences
from console.ui.session import ConsoleSession
from console.ui.tasks import TaskHolder

LEAVE_SANDBOX = "leave sandbox"


def primary_screen_area() -> QRect:
    """The primary screen's area less the taskbars and panels: where the first window goes."""
    return QGuiApplication.primaryScreen().availableGeometry()


class Shell(QObject):
    def __init__(
        self,
        session: ConsoleSession,
        preferences: Preferences,
        translations: Translations,
        open_accounts: Callable[[], Awaitable[ConsoleSession]] | None = None,
        available: Callable[[], QRect] = primary_screen_area,
    ) -> None:
        """`open_accounts` opens the agent's own workspace, for leaving the sandbox;
        `available` tells the screen area a new window is fitted to."""
        super().__init__()
        self._session = session
        self._preferences = preferences
        self._translations = translations
        self._open_accounts = open_accounts
        self._available = available
        self._tasks = TaskHolder()
        self.window: MainWindow | None = None

    @property
    def session(self) -> ConsoleSession:
        """The session the window works on now (leaving the sandbox replaces it)."""
        return self._session

    async def open(self) -> MainWindow:
        """The first window, not shown yet, on the last account and contact when they still exist."""
        self._translations.apply(resolve(self._preferences.language))
        account, contact = await self._last_selection()
        return self._build(account, contact)

    async def _last_selection(self) -> tuple[Account | None, ContactView | None]:
        account_id, contact_id = self._preferences.selection(self._session.workspace.data_dir)
        if account_id is None:
            return None, None
        workspace = self._session.workspace
        try:
            account = await workspace.accounts.by_id(account_id)
        except LookupError:
            return None, None
        contact = None if contact_id is None else await workspace.agenda.contact(contact_id)
        return account, contact

    def _build(self, account: Account | None, contact: ContactView | None, message_id: int | None = None) -> MainWindow:
        window = MainWindow(
            self._session.workspace,
            sandbox=self._session.is_sandbox,
            can_leave_sandbox=self._open_accounts is not None,
            language=self._preferences.language,
            sound=self._preferences.message_sound,
            account=account,
            contact=contact,
            message_id=message_id,
            try_team=self._session.try_team if self._session.is_sandbox else None,
        )
        window.restore_layout(self._preferences.layout(), self._available())
        window.language_requested.connect(self.switch_language)
        window.sound_requested.connect(self._save_sound)
        if window.banner is not None:
            window.banner.leave_requested.connect(self.leave_sandbox)
        window.selection.account_changed.connect(lambda _account: self._save_selection(window))
        window.selection.contact_changed.connect(lambda _contact: self._save_selection(window))
        self.window = window
        return window

    def _save_sound(self, on: bool) -> None:
        self._preferences.message_sound = on

    def switch_language(self, choice: str) -> MainWindow:
        """Show everything in `choice` from now on: a new window replaces the current one."""
        self._preferences.language = choice
        self._translations.apply(resolve(choice))
        old = self.window
        if old is None:
            raise RuntimeError("no window to rebuild")
        self.save()
        new = self._build(old.selection.account, old.selection.contact, old.selection.message_id)
        # What the agent was typing comes along too.
        new.agenda_pane.filter_edit.setText(old.agenda_pane.filter_edit.text())
        new.inbox_pane.filter_edit.setText(old.inbox_pane.filter_edit.text())
        new.sender_pane.take_over(old.sender_pane)
        new.set_aside.take_over(old.set_aside)
        if old.isVisible():
            new.show()
        old.shutdown()
        old.close()
        old.deleteLater()
        return new

    def leave_sandbox(self) -> None:
        self._tasks.start(LEAVE_SANDBOX, self._leave_sandbox())

    async def _leave_sandbox(self) -> MainWindow:
        """Put the agent's own workspace in the window: the new window is shown before the
        sandbox's closes (closing the last window would quit), then the sandbox stops."""
        if self._open_accounts is None or not self._session.is_sandbox:
            raise RuntimeError("not in a sandbox that can be left")
        accounts = await self._open_accounts()
        old_window, old_session = self.window, self._session
        self.save()
        self._session = accounts
        new = await self.open()
        await accounts.workspace.start_background()
        new.show()
        if old_window is not None:
            old_window.shutdown()
            old_window.close()
            old_window.deleteLater()
        await old_session.close()
        new.accounts_pane.offer_first_account()
        return new

    def _save_selection(self, window: MainWindow) -> None:
        if window is self.window:
            account, contact = window.selection.account, window.selection.contact
            account_id = None if account is None else account.id
            contact_id = None if contact is None else contact.id
            self._preferences.save_selection(self._session.workspace.data_dir, account_id, contact_id)

    def save(self) -> None:
        """Remember the window's layout and selection now."""
        if self.window is not None:
            window = self.window
            self._preferences.save_layout(window.saveGeometry(), window.saveState(), window.available_area.size())
            self._save_selection(self.window)
            self._preferences.sync()

    def close(self) -> None:
        self._tasks.cancel_all()
        self.save()
        if self.window is not None:
            self.window.shutdown()
