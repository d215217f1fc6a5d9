"""The Chats screen: the conversation list on the left with the presence and connection
corner under it, the open chat on the right (header, messages, composer) and the
"+ Informações" panel beside it.

The screen is where intents meet services: panes and dialogs emit what the attendant asked
for, and the screen runs it through ``Tasks`` and shows the outcome.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.domain import Attendant, Message, Tab, check_assume
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.protocol import TicketOut, attendant_to_domain
from tiflux_desktop.services import Session
from tiflux_desktop.store import ChatEntry

from .dialogs.new_chat import NewChatDialog
from .dialogs.shortcuts_help import ShortcutsDialog
from .panes.chat_header import ChatHeader
from .panes.composer import ComposerPane
from .panes.contact_info import ContactInfoPanel
from .panes.conversations import ConversationsPane
from .panes.messages import MessagesPane
from .shortcuts import SHORTCUTS, Command
from .signals import AppSignals
from .tasks import Tasks
from .theme import Theme
from .widgets.notice_bar import NoticeBar
from .widgets.notification_banner import NotificationBanner
from .widgets.status_corner import StatusCorner
from .wording import error_text


class ChatsScreen(QWidget):
    sign_in_needed = Signal()  # the token was refused: the window asks for a new sign-in
    online_changed = Signal(bool)  # the attendant went Online or Offline (or the switch failed)

    def __init__(
        self,
        session: Session,
        signals: AppSignals,
        theme: Theme,
        tasks: Tasks,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._signals = signals
        self._theme = theme
        self._tasks = tasks
        self._me: Attendant = attendant_to_domain(session.me.user)
        self._open: ChatEntry | None = None
        self._dialogs: list[QWidget] = []  # open dialogs, kept alive until they close
        bot_name = session.me.organization.bot_name

        self.conversations = ConversationsPane(
            session.chats, session.lookups, signals, theme, tasks, self._me.id
        )
        self.corner = StatusCorner(theme)
        left = QWidget()
        left.setObjectName("conversationSide")
        left.setMinimumWidth(400)  # the four tabs and their counts, in pt_BR too
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.conversations, 1)
        left_layout.addWidget(self.corner)

        self.header = ChatHeader(theme)
        self.messages = MessagesPane(
            session.chats, session.composer, signals, theme, tasks, bot_name
        )
        self.composer = ComposerPane(
            session.chats, session.composer, session.lookups, signals, theme, tasks, shortcuts=False
        )
        self.info = ContactInfoPanel(session.chats, tasks)
        self.info.hide()
        conversation = QWidget()
        conversation_layout = QVBoxLayout(conversation)
        conversation_layout.setContentsMargins(0, 0, 0, 0)
        conversation_layout.setSpacing(0)
        conversation_layout.addWidget(self.header)
        talk = QSplitter(Qt.Orientation.Vertical)
        talk.addWidget(self.messages)
        talk.addWidget(self.composer)
        talk.setStretchFactor(0, 1)
        talk.setChildrenCollapsible(False)
        conversation_layout.addWidget(talk, 1)
        open_chat = QSplitter(Qt.Orientation.Horizontal)
        open_chat.addWidget(conversation)
        open_chat.addWidget(self.info)
        open_chat.setStretchFactor(0, 1)
        open_chat.setChildrenCollapsible(False)

        self.empty = QLabel(self.tr("Select a chat in the list to read and answer it."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(open_chat)

        self.notice = NoticeBar(theme)
        right_side = QWidget()
        right_layout = QVBoxLayout(right_side)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.notice)
        right_layout.addWidget(self.right, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right_side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 900])  # the four tabs with their counts fit, in pt_BR too
        self.splitter.setChildrenCollapsible(False)
        self.banner = NotificationBanner(theme)
        self.banner.open_requested.connect(self.show_chat)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        self._connect()
        self._bind_shortcuts()
        self.corner.set_online(self._me.online)
        self.corner.set_connection(session.connection)

    # --- wiring -------------------------------------------------------------------------

    def _connect(self) -> None:
        self.conversations.chat_opened.connect(self.open_chat)
        self.conversations.new_chat_requested.connect(self.new_chat)
        self.info.chat_opened.connect(self.open_chat)
        self.messages.reply_requested.connect(self.composer.quote)
        self.header.assume_requested.connect(self.assume)
        self.header.transfer_requested.connect(self.transfer)
        self.header.finish_requested.connect(self.finish)
        self.header.leave_requested.connect(self.leave)
        self.header.cancel_requested.connect(self.cancel)
        self.header.add_ticket_requested.connect(self.add_ticket)
        self.header.info_toggled.connect(self.info.setVisible)
        self.corner.online_toggled.connect(self.set_online)
        signals = self._signals
        signals.chats_changed.connect(self._chats_changed)
        signals.messages_changed.connect(self._messages_arrived)
        signals.me_changed.connect(self._me_changed)
        signals.connection_changed.connect(self._connection_changed)
        signals.login_required.connect(self.sign_in_needed)

    def _bind_shortcuts(self) -> None:
        actions = {
            Command.SEARCH: self.conversations.focus_search,
            Command.NEW_CHAT: lambda: self.new_chat(None),
            Command.NEXT_CHAT: lambda: self.conversations.step(1),
            Command.PREVIOUS_CHAT: lambda: self.conversations.step(-1),
            Command.TAB_INBOX: lambda: self.conversations.set_tab(Tab.INBOX),
            Command.TAB_MINE: lambda: self.conversations.set_tab(Tab.MINE),
            Command.TAB_IN_ATTENDANCE: lambda: self.conversations.set_tab(Tab.IN_ATTENDANCE),
            Command.TAB_ARCHIVED: lambda: self.conversations.set_tab(Tab.ARCHIVED),
            Command.FOCUS_COMPOSER: self._when_open(self.composer.focus_editor),
            Command.INTERNAL_COMMENT: self._when_open(self.composer.toggle_internal),
            Command.ATTACH: self._when_open(self.composer.attach),
            Command.REPLY_TEMPLATES: self._when_open(self.composer.open_reply_templates),
            Command.WHATSAPP_TEMPLATE: self._when_open(self.composer.open_whatsapp_templates),
            Command.ASSUME: lambda: self.header.assume.isEnabled() and self.header.assume.click(),
            Command.TRANSFER: lambda: (
                self.header.transfer.isEnabled() and self.header.transfer.click()
            ),
            Command.FINISH: lambda: self.header.finish.isEnabled() and self.header.finish.click(),
            Command.LEAVE: lambda: self.header.leave.isEnabled() and self.header.leave.click(),
            Command.CANCEL: lambda: self.header.cancel.isEnabled() and self.header.cancel.click(),
            Command.ADD_TICKET: lambda: (
                self.header.add_ticket.isEnabled() and self.header.add_ticket.click()
            ),
            Command.INFORMATION: lambda: self.header.info.isEnabled() and self.header.info.click(),
            Command.TOGGLE_ONLINE: lambda: self.set_online(not self._me.online),
            Command.HELP: self.show_shortcuts,
        }
        self.shortcuts: dict[Command, QShortcut] = {}
        for shortcut in SHORTCUTS:
            bound = QShortcut(shortcut.sequence, self)
            bound.setContext(Qt.ShortcutContext.WindowShortcut)
            bound.activated.connect(actions[shortcut.command])
            self.shortcuts[shortcut.command] = bound

    def _when_open(self, action):  # type: ignore[no-untyped-def]
        return lambda: self._open is not None and action()

    # --- loading ------------------------------------------------------------------------

    async def load(self) -> None:
        """Fill the lists from the cache (the first paint); the sync runs behind."""
        await self.conversations.load()

    def stop(self) -> None:
        """Dropped (sign-out, quit, a new language): its coroutines stop at once."""
        self._tasks.cancel_all()

    async def before_close(self) -> None:
        """Save what is unsaved (the open chat's draft) before the session closes."""
        self.composer.flush_draft()
        await self._tasks.finish("composer-draft")

    # --- the open chat ------------------------------------------------------------------

    @property
    def open_entry(self) -> ChatEntry | None:
        return self._open

    def show_chat(self, chat_id: int, tab: Tab) -> None:
        """Open a chat from a notification: the list shows the tab it was announced in."""
        self.conversations.set_tab(tab)
        self.open_chat(chat_id)

    def open_chat(self, chat_id: int) -> None:
        self._tasks.spawn(self._open_chat(chat_id), key="open-chat", on_error=self.show_error)

    async def _open_chat(self, chat_id: int) -> None:
        entry = await self.session.chats.chat(chat_id)
        if entry is None:
            self.notice.show_message(self.tr("This chat is no longer available to you."))
            return
        self._show(entry)
        self.conversations.select_chat(chat_id)
        self.messages.show_chat(chat_id)
        self.composer.show_chat(chat_id)

    def close_chat(self) -> None:
        self._open = None
        self.header.show_entry(None, None)
        self.info.show_chat(None)
        self.messages.show_chat(None)
        self.composer.show_chat(None)
        self.conversations.select_chat(None)
        self.right.setCurrentWidget(self.empty)

    def _show(self, entry: ChatEntry) -> None:
        self._open = entry
        self.header.show_entry(entry, self._me)
        self.info.show_chat(entry)
        self.right.setCurrentIndex(1)

    def _chats_changed(self, upserted: tuple[ChatEntry, ...], removed: frozenset[int]) -> None:
        if self._open is None:
            return
        if self._open.id in removed:
            self.notice.show_message(
                self.tr("The chat with %1 left your departments and was closed here.").replace(
                    "%1", self._requester(self._open)
                ),
                error=False,
            )
            self._close_chat_dialogs()
            self.close_chat()
            return
        for entry in upserted:
            if entry.id == self._open.id:
                self._show(entry)

    def _close_chat_dialogs(self) -> None:
        """The open chat left: its dialogs (transfer, finish, ticket, questions) go too, so
        none acts on a chat the attendant no longer sees."""
        keep = (ShortcutsDialog, NewChatDialog)
        for dialog in list(self._dialogs):
            if not isinstance(dialog, keep):
                dialog.close()

    def _messages_arrived(self, appended: tuple[Message, ...], _updated: object) -> None:
        """The open chat is being read: what arrives in it is read at once (no unread
        badge for the chat on the screen), unless the window is not in front."""
        if self._open is None or not self.isActiveWindow():
            return
        chat_id = self._open.id
        if any(m.chat_id == chat_id for m in appended):
            self._tasks.spawn(self.session.chats.mark_read(chat_id), key="mark-read")

    def _read_open_chat(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # Qt still delivers events after the loop stopped (quit, teardown)
        if self._open is not None and self.isActiveWindow():
            self._tasks.spawn(self.session.chats.mark_read(self._open.id), key="mark-read")

    def _me_changed(self, me: Attendant) -> None:
        if me.id != self._me.id:
            return
        self._me = me
        self.corner.set_online(me.online)
        self.online_changed.emit(me.online)
        if self._open is not None:
            self.header.show_entry(self._open, me)

    def _connection_changed(self, state: ConnectionState) -> None:
        problem = self.session.sync.problem if state is not ConnectionState.ONLINE else None
        self.corner.set_connection(state, str(problem) if problem else None)

    # --- actions ------------------------------------------------------------------------

    def assume(self, chat_id: int) -> None:
        entry = self._entry(chat_id)
        if entry is None:
            return
        other = entry.chat.responsible
        if other is not None and other.id != self._me.id and entry.chat.status.taken:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Assume"),
                self.tr("%1 is attending this chat. Take it over?").replace("%1", other.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
            box.accepted.connect(lambda: self._run(self._assume(chat_id, take_over=True)))
            self._keep(box)
            box.open()
            return
        self._run(self._assume(chat_id, take_over=False))

    async def _assume(self, chat_id: int, *, take_over: bool) -> None:
        entry = await self.session.chats.assume(chat_id, take_over=take_over)
        if self._open is None or self._open.id != chat_id:
            return  # the attendant moved on to another chat meanwhile: leave it be
        self._show(entry)
        self.conversations.set_tab(Tab.MINE)
        self.conversations.select_chat(chat_id)
        self.composer.focus_editor()

    def transfer(self, chat_id: int) -> None:
        from .dialogs.transfer import TransferDialog

        entry = self._entry(chat_id)
        if entry is None:
            return
        dialog = TransferDialog(
            self.session.chats, self.session.lookups, self._tasks, entry, parent=self
        )
        self._keep(dialog)
        dialog.open()

    def finish(self, chat_id: int) -> None:
        from .dialogs.finish import FinishDialog

        entry = self._entry(chat_id)
        if entry is None:
            return
        if FinishDialog.needed(self.session.lookups):
            dialog = FinishDialog(
                self.session.chats,
                self.session.lookups,
                self.session.tickets,
                self._tasks,
                entry,
                parent=self,
            )
            self._keep(dialog)
            dialog.open()
            return
        self._run(self.session.chats.finish(chat_id))

    def leave(self, chat_id: int) -> None:
        self._run(self.session.chats.leave(chat_id))

    def cancel(self, chat_id: int) -> None:
        entry = self._entry(chat_id)
        if entry is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Cancel chat"),
            self.tr(
                "Cancel the chat with %1? It is closed at once, without a ticket or a formal "
                "conclusion."
            ).replace("%1", self._requester(entry)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self._run(self.session.chats.cancel(chat_id)))
        self._keep(box)
        box.open()

    def add_ticket(self, chat_id: int) -> None:
        from .dialogs.add_ticket import AddTicketDialog

        entry = self._entry(chat_id)
        if entry is None:
            return
        dialog = AddTicketDialog(
            self.session.tickets,
            self.session.lookups,
            self._tasks,
            entry,
            parent=self,
            chats=self.session.chats,
        )
        dialog.done.connect(self._ticket_added)  # pyright: ignore[reportAttributeAccessIssue]
        self._keep(dialog)
        dialog.open()

    def _ticket_added(self, result: tuple[TicketOut, ChatEntry | None]) -> None:
        ticket, _entry = result
        self.notice.show_message(
            self.tr("Ticket #%1 created and linked to the chat.").replace(
                "%1", str(ticket.ticket_number)
            ),
            error=False,
        )

    def new_chat(self, prefill: ChatEntry | None) -> None:
        dialog = NewChatDialog(
            self.session.tickets,
            self.session.lookups,
            self.session.composer,
            self._tasks,
            prefill=prefill,
            parent=self,
        )
        dialog.done.connect(lambda created: self.open_chat(created.chat.id))  # pyright: ignore[reportAttributeAccessIssue]
        self._keep(dialog)
        dialog.open()

    def set_online(self, online: bool) -> None:
        self.corner.set_busy(True)

        async def switch() -> None:
            try:
                self._me = await self.session.chats.set_online(online)
            finally:
                self.corner.set_busy(False)
                self.corner.set_online(self._me.online)
                self.online_changed.emit(self._me.online)
            if self._open is not None:
                self.header.show_entry(self._open, self._me)

        self._run(switch())

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self)
        self._keep(dialog)
        dialog.open()

    # --- helpers ------------------------------------------------------------------------

    def _entry(self, chat_id: int) -> ChatEntry | None:
        if self._open is not None and self._open.id == chat_id:
            return self._open
        return None

    def _run(self, coro) -> None:  # type: ignore[no-untyped-def]
        self._tasks.spawn(coro, on_error=self.show_error)

    def show_error(self, exc: BaseException) -> None:
        self.notice.show_message(error_text(exc))

    def _keep(self, widget: QWidget) -> None:
        """Dialogs opened with open() live until they close."""
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(widget)
        widget.destroyed.connect(lambda *_: self._dialogs.remove(widget))

    # --- Qt overrides -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange:
            # Back in front: what arrived in the open chat meanwhile is read now.
            self._read_open_chat()

    @staticmethod
    def _requester(entry: ChatEntry) -> str:
        return entry.chat.requestor.name if entry.chat.requestor else f"#{entry.id}"

    def can_assume(self) -> bool:
        return self._open is not None and check_assume(self._me, self._open.chat) is None
