"""The main window: composes the panes around the chat, its menus, shortcuts and status bar."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QShowEvent
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QMainWindow, QWidget

from console.domain.accounts import Account
from console.domain.contact_views import ContactView
from console.domain.unread import UnreadTotals
from console.logging_setup import log_dir
from console.services.workspace import Workspace
from console.ui.banner import SandboxBanner, banner_bar
from console.ui.bridge import TopicsBridge
from console.ui.chat.team_bar import TeamBar
from console.ui.dock_fit import DockSizes, fold_to_fit, readable_tabs
from console.ui.elided_label import ElidedLabel
from console.ui.i18n import SYSTEM, resolve
from console.ui.inbox.actions import InboxKeys
from console.ui.inbox.notes_panel import ContactNotesPanel
from console.ui.inbox.pane import InboxPane
from console.ui.inbox.unread import UnreadWatcher
from console.ui.models.set_aside import SetAsideCallbacks
from console.ui.notice_area import NoticeArea
from console.ui.notifications import Notifier
from console.ui.panes.accounts import AccountsPane
from console.ui.panes.agenda import AgendaPane
from console.ui.panes.chat import ChatPane
from console.ui.panes.sender import SenderPane
from console.ui.panes.timeline import TimelinePane
from console.ui.preferences import SavedLayout
from console.ui.resources import app_icon
from console.ui.screen_fit import PREFERRED, first_geometry, room, same_screen
from console.ui.search.window_search import WindowSearch
from console.ui.selection import Selection
from console.ui.status import HealthStatus
from console.ui.tab_order import follow_the_screen
from console.ui.tasks import stop_work
from console.ui.team_offline import TeamOfflineBanner
from console.ui.window_keys import WindowKeys
from console.ui.wording import say

if TYPE_CHECKING:  # the dialogs load when first opened, not with the window
    from console.team_trial.team import StartedTeam
    from console.ui.dialogs.about import AboutDialog
    from console.ui.dialogs.join_team import JoinTeamDialog
    from console.ui.dialogs.quick_replies import QuickRepliesDialog
    from console.ui.dialogs.set_aside import SetAsideDialog
    from console.ui.dialogs.settings import SettingsDialog
    from console.ui.dialogs.shortcuts import ShortcutsDialog
    from console.ui.dialogs.team_trial import TeamTrialDialog
    from console.ui.dialogs.transfer_conversation import TransferDialog

RESET_LAYOUT_KEYS = QKeySequence("Ctrl+Shift+R")
LATEST_NOTICE_KEYS = QKeySequence("Ctrl+Shift+N")
TAKE_KEYS = QKeySequence("Ctrl+Shift+H")  # "hold": Ctrl+Shift+T takes a conversation from a bot
TRANSFER_KEYS = QKeySequence("Ctrl+Shift+P")  # "pass it on"
RELEASE_KEYS = QKeySequence("Ctrl+Shift+L")  # "let it go"
SEND_KEYS = QKeySequence("Ctrl+Enter")
CLOSE_KEYS = QKeySequence(Qt.Key.Key_Escape)


class MainWindow(QMainWindow):
    language_requested = Signal(str)  # a language code or SYSTEM, picked in Settings
    sound_requested = Signal(bool)  # the message sound turned on or off in Settings

    def __init__(
        self,
        workspace: Workspace,
        *,
        sandbox: bool = False,
        can_leave_sandbox: bool = False,
        language: str = SYSTEM,
        sound: bool = False,
        account: Account | None = None,
        contact: ContactView | None = None,
        message_id: int | None = None,
        try_team: Callable[[], Awaitable[StartedTeam]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`account`, `contact` and `message_id` open the window where the agent left off;
        `try_team` (the sandbox's) starts a team server to try team mode (File → Try team mode…)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Centralita"))
        self.setWindowIcon(app_icon())
        self.language = language
        self._shut_down = False
        self._data_dir, self._secrets_description = workspace.data_dir, workspace.accounts.secrets_description
        self._quick_replies, self._accounts = workspace.quick_replies, workspace.accounts
        self._team = workspace.team
        self._try_team = try_team
        self.bridge = TopicsBridge(workspace.topics, self)
        self.set_aside = SetAsideCallbacks(self)
        self.bridge.callback_problem.connect(self.set_aside.add)
        self.selection = Selection(self)
        self.selection.set_account(account)
        if account is not None and contact is not None and contact.account_id == account.id:
            self.selection.set_contact(contact)
            self.selection.set_message(message_id)

        self.accounts_pane = AccountsPane(
            workspace.accounts, workspace.clients, workspace.callback_setup, self.bridge, self.selection,
            workspace.team_guard.problem,
        )
        self.inbox_pane = InboxPane(
            workspace.inbox, workspace.accounts, workspace.conversations, workspace.contact_notes, self.bridge, self.selection
        )
        self.agenda_pane = AgendaPane(workspace.agenda, workspace.accounts, self.bridge, self.selection)
        self.chat_pane = ChatPane(workspace.conversations, self.bridge, self.selection)
        self.team_bar = TeamBar(workspace.team, self.bridge, self.selection)
        self.chat_pane.add_bar(self.team_bar)
        self.sender_pane = SenderPane(
            workspace.outbox,
            workspace.accounts,
            workspace.bots,
            workspace.templates,
            workspace.bulk,
            workspace.quick_replies,
            self.selection,
        )
        self.notes_panel = ContactNotesPanel(workspace.contact_notes, self.selection, self.bridge)
        self.notes_panel.labels_changed.connect(self.inbox_pane.reload_scopes)
        self.timeline_pane = TimelinePane(workspace.history, self.bridge, self.selection)
        self.chat_pane.session_window_changed.connect(self.sender_pane.set_session_window)
        self.bridge.templates_changed.connect(self.sender_pane.templates.catalogue_changed)
        self.bridge.bulk_run_changed.connect(self.sender_pane.bulk.team_run_changed)

        self.banner = SandboxBanner(can_leave_sandbox) if sandbox else None
        if self.banner is not None:
            banner_bar(self, self.tr("Sandbox"), "sandboxBar", self.banner)
        self.offline_banner = TeamOfflineBanner(self.bridge, workspace.team_guard.problem)
        self._offline_bar = banner_bar(self, self.tr("Team server"), "teamOfflineBar", self.offline_banner)
        self.offline_banner.shown_changed.connect(self._offline_bar.setVisible)
        self._show_offline_bar()

        self.setCentralWidget(self.chat_pane)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.docks = [
            self._dock(self.tr("Accounts"), "accountsDock", self.accounts_pane, Qt.DockWidgetArea.LeftDockWidgetArea),
            self._dock(self.tr("Inbox"), "inboxDock", self.inbox_pane, Qt.DockWidgetArea.LeftDockWidgetArea),
            self._dock(self.tr("Agenda"), "agendaDock", self.agenda_pane, Qt.DockWidgetArea.LeftDockWidgetArea),
            self._dock(self.tr("Sender"), "senderDock", self.sender_pane, Qt.DockWidgetArea.BottomDockWidgetArea),
            self._dock(self.tr("Timeline"), "timelineDock", self.timeline_pane, Qt.DockWidgetArea.RightDockWidgetArea),
            self._dock(self.tr("Contact"), "contactDock", self.notes_panel, Qt.DockWidgetArea.RightDockWidgetArea),
        ]
        self.tabifyDockWidget(self.docks[1], self.docks[2])  # the agenda behind the inbox
        self.docks[1].raise_()
        self._default_state = self.saveState()  # what View → Reset layout goes back to
        self._available = QRect(QPoint(0, 0), PREFERRED)  # the screen area the window was fitted to
        self.setGeometry(first_geometry(self._available))
        self._default_sizes_pending = True

        self.inbox_keys = InboxKeys(
            self,
            self.inbox_pane,
            self.sender_pane,
            self.selection,
            workspace.inbox,
            workspace.conversations,
            workspace.accounts,
            workspace.new_conversations,
        )
        self._build_menus()
        self.bridge.team_agent.connect(self._on_team_agent)
        self._on_team_agent(workspace.team.agent)
        self.search = WindowSearch(
            workspace.message_search,
            workspace.accounts,
            workspace.conversations,
            self.selection,
            self.chat_pane,
            self.sender_pane,
            self.go_menu,
        )
        # Esc stays the focused widget's to claim first (a find bar, a popup closes itself).
        window_keys = [keys for action in self.shortcut_actions for keys in action.shortcuts() if keys != CLOSE_KEYS]
        self._keys = WindowKeys(window_keys, self)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)  # type: ignore[union-attr]

        self.health = HealthStatus(workspace, self.bridge)
        self.statusBar().addPermanentWidget(self.health)
        self.secrets_label = ElidedLabel(self.tr("Secrets: {where}").format(where=say(workspace.accounts.secrets_description)))
        self.statusBar().addPermanentWidget(self.secrets_label, 1)
        self.notices = NoticeArea(self)  # sentences in full; the status bar keeps short state
        for pane in (self.accounts_pane, self.agenda_pane, self.sender_pane, self.team_bar, self.inbox_keys):
            pane.notice.connect(self.notices.post)

        self.notifier = Notifier(self.bridge, self.selection, workspace.conversations, self, app_icon(), self)
        self.notifier.sound = sound
        self.notifier.posted.connect(lambda title, body, warning: self.notices.post(body, title, warning=warning))
        self.unread = UnreadWatcher(workspace.inbox, self.bridge, self)
        self.unread.changed.connect(self._on_unread)
        panes = (self.accounts_pane, self.inbox_pane, self.agenda_pane, self.chat_pane, self.sender_pane)
        areas = [self.banner] if self.banner is not None else []
        follow_the_screen(self, [*areas, *panes, self.timeline_pane, self.notes_panel, self.statusBar()])

    def _show_offline_bar(self) -> None:
        """As the team server is now (a restored layout says how it was when saved)."""
        self._offline_bar.setVisible(self.offline_banner.offline)

    def _on_team_agent(self, agent: str | None) -> None:
        """Team mode began (as `agent`) or ended: its menu entries, keys and inbox buttons follow."""
        for action in self.team_actions:
            action.setVisible(agent is not None)
        self.inbox_keys.set_team_mode(agent is not None)
        self.inbox_pane.set_team_agent(agent)

    def _on_unread(self, totals: UnreadTotals) -> None:
        """The title, the accounts' badges and the tray say how many conversations wait unread."""
        waiting = totals.conversations
        title = self.tr("Centralita")
        self.setWindowTitle(f"({waiting}) {title}" if waiting else title)
        self.accounts_pane.model.set_unread({account.account_id: account.conversations for account in totals.accounts})
        self.notifier.set_unread(waiting)

    def _dock(self, title: str, name: str, pane: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self, objectName=name)
        dock.setWidget(pane)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, keys: QKeySequence | None, slot: object) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        self.quick_replies_action = self._action(self.tr("&Quick replies…"), None, self.show_quick_replies)
        file_menu.addAction(self.quick_replies_action)
        self.join_team_action = self._action(self.tr("&Join a team…"), None, self.show_join_team)
        file_menu.addAction(self.join_team_action)
        self.try_team_action: QAction | None = None
        if self._try_team is not None:
            self.try_team_action = self._action(self.tr("&Try team mode…"), None, self.show_team_trial)
            file_menu.addAction(self.try_team_action)
        self.settings_action = self._action(self.tr("&Settings…"), QKeySequence("Ctrl+,"), self.open_settings)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence(QKeySequence.StandardKey.Quit), self.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        go_menu = self.go_menu = menus.addMenu(self.tr("&Go"))
        self.jump_action = self._action(self.tr("Find a contact in the agenda"), QKeySequence("Ctrl+Shift+K"), self._jump)
        self.templates_action = self._action(
            self.tr("Send a template"), QKeySequence("Ctrl+T"), lambda: self.sender_pane.show_templates()
        )
        self.take_action = self._action(self.tr("Take the conversation (team)"), TAKE_KEYS, self.team_bar.take)
        self.transfer_action = self._action(self.tr("Transfer the conversation… (team)"), TRANSFER_KEYS, self.show_transfer)
        self.release_action = self._action(self.tr("Release the conversation (team)"), RELEASE_KEYS, self.team_bar.release)
        self.team_bar.transfer_button.clicked.connect(self.transfer_action.trigger)
        for action in self.team_actions:
            action.setEnabled(False)  # solo mode, or no conversation open
            self.team_bar.takeable.connect(action.setEnabled)
        for action in (*self.inbox_keys.actions, self.jump_action, self.templates_action, *self.team_actions):
            go_menu.addAction(action)

        view_menu = menus.addMenu(self.tr("&View"))
        for dock in self.docks:
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.reset_layout_action = self._action(self.tr("&Reset layout"), RESET_LAYOUT_KEYS, self.reset_layout)
        view_menu.addAction(self.reset_layout_action)
        view_menu.addSeparator()
        self.latest_notice_action = self._action(
            self.tr("Latest &notice"), LATEST_NOTICE_KEYS, lambda: self.notices.focus_latest()
        )
        view_menu.addAction(self.latest_notice_action)
        self.set_aside_action = self._action(self.tr("Set-aside &callbacks…"), None, self.show_set_aside)
        view_menu.addAction(self.set_aside_action)

        help_menu = menus.addMenu(self.tr("&Help"))
        self.shortcuts_action = self._action(self.tr("&Keyboard shortcuts"), QKeySequence("F1"), self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.logs_action = self._action(self.tr("Open &logs folder"), None, self.open_logs_folder)
        self.about_action = self._action(self.tr("&About Centralita"), None, self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addSeparator()
        help_menu.addAction(self.logs_action)
        help_menu.addAction(self.about_action)

    @property
    def team_actions(self) -> list[QAction]:
        """Take, transfer and release: enabled while a conversation is open in team mode."""
        return [self.take_action, self.transfer_action, self.release_action]

    @property
    def shortcut_actions(self) -> list[QAction]:
        """The window's own shortcuts, the ones text fields must not swallow."""
        return [
            *self.inbox_keys.actions,
            self.jump_action,
            self.templates_action,
            *self.team_actions,
            *self.search.actions,
            self.reset_layout_action,
            self.latest_notice_action,
        ]

    def _jump(self) -> None:
        """The agenda's tab comes up first: a hidden field takes no focus."""
        self.docks[2].raise_()
        QTimer.singleShot(0, self.agenda_pane.focus_filter)

    def shortcuts(self) -> list[tuple[str, str]]:
        """Every shortcut as the Help dialog lists it: what it does and its keys."""
        native = QKeySequence.SequenceFormat.NativeText
        shown = [action for action in self.shortcut_actions if action.isVisible()]  # team mode's only in team mode
        listed = [(action.text().replace("&", ""), action.shortcut().toString(native)) for action in shown]
        listed.insert(1, (self.tr("Send the message"), SEND_KEYS.toString(native)))
        listed.insert(2, (self.tr("Send anyway, after a warning"), self.sender_pane.composer.send_anyway.keys()))
        listed.append((self.tr("Close a dialog"), CLOSE_KEYS.toString(native)))
        for action in (self.settings_action, self.shortcuts_action, self.quit_action):
            listed.append((action.text().replace("&", "").rstrip("…"), action.shortcut().toString(native)))
        return listed

    def show_shortcuts(self) -> ShortcutsDialog:
        from console.ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcuts(), self)
        self._open_dialog(dialog)
        return dialog

    def show_join_team(self) -> JoinTeamDialog:
        from console.ui.dialogs.join_team import JoinTeamDialog

        dialog = JoinTeamDialog(self._team, self)
        self._open_dialog(dialog)
        return dialog

    def show_team_trial(self) -> TeamTrialDialog:
        """The sandbox's team to try: started the first time, shown again after."""
        from console.ui.dialogs.team_trial import TeamTrialDialog

        assert self._try_team is not None
        dialog = TeamTrialDialog(self._try_team, self)
        self._open_dialog(dialog)
        return dialog

    def show_transfer(self) -> TransferDialog | None:
        """The open conversation's transfer to a colleague (team mode); None when none is open."""
        from console.ui.dialogs.transfer_conversation import TransferDialog

        key, contact = self.team_bar.key, self.selection.contact
        if key is None or contact is None:
            return None
        dialog = TransferDialog(self._team, *key, contact.display_name or contact.phone, self)
        dialog.accepted.connect(self.team_bar.refresh)
        self._open_dialog(dialog)
        return dialog

    def show_quick_replies(self) -> QuickRepliesDialog:
        from console.ui.dialogs.quick_replies import QuickRepliesDialog

        dialog = QuickRepliesDialog(self._quick_replies, self._accounts, self)
        self._open_dialog(dialog)
        return dialog

    def show_set_aside(self) -> SetAsideDialog:
        from console.ui.dialogs.set_aside import SetAsideDialog

        dialog = SetAsideDialog(self.set_aside, self)
        self._open_dialog(dialog)
        return dialog

    def show_about(self) -> AboutDialog:
        from console.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self._data_dir, log_dir(), self._secrets_description, self)
        self._open_dialog(dialog)
        return dialog

    def open_logs_folder(self) -> None:
        """The folder `install_logging` made at start, in the system's file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def open_settings(self) -> SettingsDialog:
        from console.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.language, resolve(SYSTEM), self.notifier.sound, self)
        dialog.accepted.connect(lambda: self._sound_chosen(dialog.chosen_sound()))
        dialog.accepted.connect(lambda: self._language_chosen(dialog.chosen_language()))
        self._open_dialog(dialog)
        return dialog

    def _open_dialog(self, dialog: QDialog) -> None:
        """Open `dialog` no larger than the screen the window was fitted to (it scrolls inside)."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(dialog.size().boundedTo(room(self._available)))
        dialog.open()

    def _sound_chosen(self, on: bool) -> None:
        if on != self.notifier.sound:
            self.notifier.sound = on
            self.sound_requested.emit(on)

    def _language_chosen(self, choice: str) -> None:
        if choice != self.language:
            self.language_requested.emit(choice)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            new.installEventFilter(self._keys)

    def restore_layout(self, saved: SavedLayout, available: QRect) -> None:
        """Put the window and its panes back as saved, fitted to the screen's `available` area.

        Which panes show and where they sit always come back. The window's size and the
        panes' widths come back only when saved on a screen of this size: a layout made on a
        small screen would stay cramped on a big one, and one made on a big screen would not
        fit a small one. Otherwise (a fresh profile too) the window takes the default size
        for this screen, never larger than it, and the panes their default proportions.
        """
        self._available = available
        if saved.state is not None:
            self.restoreState(saved.state)
            self._show_offline_bar()
        restored = (
            saved.geometry is not None
            and same_screen(saved.screen, available.size())
            and self.restoreGeometry(saved.geometry)
            and self.geometry().width() <= available.width()
            and self.geometry().height() <= available.height()
        )
        if restored:
            self._default_sizes_pending = saved.state is None
        else:
            fold_to_fit(self, self.docks, available)
            self.setGeometry(first_geometry(available))
            self._default_sizes_pending = True

    @property
    def available_area(self) -> QRect:
        """The screen area the window was last fitted to (saved with the layout)."""
        return QRect(self._available)

    def reset_layout(self) -> None:
        """View → Reset layout: every pane back in its place at its default size, the window
        at its default size for the screen."""
        self.restoreState(self._default_state)
        self._show_offline_bar()
        for dock in self.docks:
            dock.setFloating(False)
            dock.show()
        fold_to_fit(self, self.docks, self._available)
        if not (self.isMaximized() or self.isFullScreen()):
            self.setGeometry(first_geometry(self._available))
        QTimer.singleShot(0, self._default_dock_sizes)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, lambda: readable_tabs(self))  # the dock tab bars exist once laid out
        if self._default_sizes_pending:
            # Dock sizes only hold once the window has its real size: after the first show.
            self._default_sizes_pending = False
            QTimer.singleShot(0, self._default_dock_sizes)

    def _default_dock_sizes(self) -> None:
        readable_tabs(self)
        accounts, _inbox, agenda, sender, timeline, contact = self.docks
        sizes = DockSizes.for_window(self.size())
        self.resizeDocks([timeline, contact], [sizes.timeline, self.height() - sizes.timeline], Qt.Orientation.Vertical)
        self.resizeDocks([accounts, agenda], [sizes.accounts, self.height() - sizes.accounts], Qt.Orientation.Vertical)
        self.resizeDocks([accounts, timeline], [sizes.left, sizes.right], Qt.Orientation.Horizontal)
        self.resizeDocks([sender], [sizes.sender], Qt.Orientation.Vertical)

    def shutdown(self) -> None:
        """Stop observing the workspace and stop all work under the window. Safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        QApplication.instance().focusChanged.disconnect(self._on_focus_changed)  # type: ignore[union-attr]
        self.bridge.detach()
        stop_work(self)
        if self.notifier.tray is not None:
            self.notifier.tray.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
