"""The bottom of the open chat: where the attendant writes to the customer, or a Comentário
interno to the team.

What may be sent is decided by the domain rules on the cached chat, the same the service
applies: a chat that is not yours takes only internal comments, and on WhatsApp, 24 hours
after the customer's last message, free text is locked and an approved template is offered
instead. The lock follows the chat live (the customer writes again, the chat is assumed, the
window closes while the chat is open).

Sending only puts the message in the outbox (stored at once, delivered when the service can be
reached), so it works offline. Each chat keeps its draft (text, internal toggle, quoted
message) in the cache: saved as the attendant types and when another chat is opened.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.domain import (
    WHATSAPP_ORIGINS,
    Message,
    Refusal,
    check_assume,
    check_internal_comment,
    check_public_message,
    window_closes_at,
)
from tiflux_desktop.net import AttachmentRejected, OutgoingFile
from tiflux_desktop.services import ChatService, Composer, LookupService
from tiflux_desktop.store import ChatEntry, Draft, OutboxItem, OutboxState

from ..dialogs.reply_templates import ReplyTemplatesDialog
from ..icons import icon
from ..shortcuts import Command, keys_for
from ..signals import AppSignals
from ..tasks import Tasks
from ..theme import Theme
from ..widgets.attachment_tray import AttachmentTray, TrayItem
from ..widgets.composer_notice import ComposerNotice
from ..widgets.message_editor import MessageEditor
from ..widgets.quote_strip import QuoteStrip
from ..wording import attachment_refusal, error_text, refusal_text, size_text

DRAFT_DELAY_MS = 600  # save the draft this long after the last keystroke
QUOTE_LOOKUP = 200  # cached messages searched for a draft's quoted message
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

# The keys come from the window's one shortcut table (the help dialog lists it).
SHORTCUT_INTERNAL = keys_for(Command.INTERNAL_COMMENT)
SHORTCUT_REPLIES = keys_for(Command.REPLY_TEMPLATES)
SHORTCUT_ATTACH = keys_for(Command.ATTACH)
SHORTCUT_WHATSAPP_TEMPLATE = keys_for(Command.WHATSAPP_TEMPLATE)


@dataclass(frozen=True, slots=True)
class PendingFile:
    path: Path
    filename: str
    size: int


@dataclass(frozen=True, slots=True)
class QuotedPreview:
    message_id: int
    author: str | None  # None when the message is not in the cache any more
    text: str | None


class ComposerPane(QWidget):
    sent = Signal(object)  # OutboxItem just queued
    template_requested = Signal(int)  # "Send a template" asked for this chat

    def __init__(
        self,
        chats: ChatService,
        composer: Composer,
        lookups: LookupService,
        signals: AppSignals,
        theme: Theme,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        shortcuts: bool = True,
    ) -> None:
        """``shortcuts``: bind its keys inside the pane (the Chats screen binds them
        window-wide instead, so they work wherever the focus is)."""
        super().__init__(parent)
        self._chats = chats
        self._composer = composer
        self._lookups = lookups
        self._theme = theme
        self._tasks = tasks
        self._chat_id: int | None = None
        self._entry: ChatEntry | None = None
        self._loading = False
        self._internal = False
        self._sending = False
        self._dirty = False
        self._restoring = False
        self._files: dict[int, list[PendingFile]] = {}
        self._quotes: dict[int, QuotedPreview] = {}
        self._upload: tuple[int, str] | None = None  # (chat_id, client_message_id)
        self._paste_dir: tempfile.TemporaryDirectory[str] | None = None
        self._public_refusal: Refusal | None = None
        self._internal_refusal: Refusal | None = None
        self._notice_action: str | None = None  # "assume" | "template"
        self._style_key: tuple[object, ...] | None = None
        self.reply_dialog: ReplyTemplatesDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.template_dialog: QWidget | None = None

        self.setObjectName("composerPane")
        self.setAcceptDrops(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.notice = ComposerNotice()
        self.notice.action_requested.connect(self._notice_acted)
        self.quote_strip = QuoteStrip()
        self.quote_strip.dismissed.connect(self.clear_quote)
        self.tray = AttachmentTray()
        self.tray.remove_requested.connect(self._remove_file)

        self.editor_frame = QFrame()
        self.editor_frame.setObjectName("editorFrame")
        self.internal_banner = QLabel(
            self.tr("Internal comment: only your team will see it, never the customer.")
        )
        self.internal_banner.setObjectName("internalBanner")
        self.internal_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.internal_banner.setVisible(False)
        self.editor = MessageEditor()
        self.editor.setAccessibleName(self.tr("Message"))
        self.editor.send_requested.connect(self._send)
        self.editor.templates_requested.connect(self.open_reply_templates)
        self.editor.files_added.connect(self.add_files)
        self.editor.image_pasted.connect(self._paste_image)
        self.editor.escape_pressed.connect(self._escape)
        self.editor.textChanged.connect(self._edited)
        inside = QVBoxLayout(self.editor_frame)
        inside.setContentsMargins(8, 4, 8, 4)
        inside.setSpacing(2)
        inside.addWidget(self.internal_banner)
        inside.addWidget(self.editor)

        self.attach_button = self._tool_button(
            "compose-attach", self.tr("Attach files"), SHORTCUT_ATTACH, self.attach
        )
        self.replies_button = self._tool_button(
            "compose-templates",
            self.tr("Reply templates"),
            SHORTCUT_REPLIES,
            self.open_reply_templates,
            extra=self.tr("or type / in an empty message"),
        )
        self.internal_toggle = QPushButton(self.tr("Internal comment"))
        self.internal_toggle.setObjectName("internalToggle")
        self.internal_toggle.setIcon(icon("compose-internal"))
        self.internal_toggle.setCheckable(True)
        self.internal_toggle.setToolTip(
            self.tr("Write to your team only (%1)").replace("%1", _native(SHORTCUT_INTERNAL))
        )
        self.internal_toggle.toggled.connect(self._set_internal)
        self.status = QLabel()
        self.status.setObjectName("composerStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar()
        self.progress.setObjectName("uploadProgress")
        self.progress.setFixedWidth(120)
        self.progress.setMaximumHeight(10)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Upload progress"))
        self.progress.setVisible(False)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setIcon(icon("compose-send"))
        self.send_button.clicked.connect(self._send)

        tools = QHBoxLayout()
        tools.setSpacing(6)
        tools.addWidget(self.attach_button)
        tools.addWidget(self.replies_button)
        tools.addWidget(self.internal_toggle)
        tools.addWidget(self.status, 1)
        tools.addWidget(self.progress)
        tools.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(6)
        layout.addStretch(1)  # any height beyond the content goes above it, not between
        layout.addWidget(self.notice)
        layout.addWidget(self.quote_strip)
        layout.addWidget(self.tray)
        layout.addWidget(self.editor_frame)
        layout.addLayout(tools)

        QWidget.setTabOrder(self.notice.button, self.quote_strip.remove)
        QWidget.setTabOrder(self.quote_strip.remove, self.editor)
        QWidget.setTabOrder(self.editor, self.attach_button)
        QWidget.setTabOrder(self.attach_button, self.replies_button)
        QWidget.setTabOrder(self.replies_button, self.internal_toggle)
        QWidget.setTabOrder(self.internal_toggle, self.send_button)

        for keys, slot in (
            (
                (SHORTCUT_INTERNAL, self.toggle_internal),
                (SHORTCUT_REPLIES, self.open_reply_templates),
                (SHORTCUT_ATTACH, self.attach),
                (SHORTCUT_WHATSAPP_TEMPLATE, self._template_shortcut),
            )
            if shortcuts
            else ()
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.flush_draft)
        # Fires when the WhatsApp window of the open chat closes, to lock free text then.
        self._window_timer = QTimer(self)
        self._window_timer.setSingleShot(True)
        self._window_timer.timeout.connect(self._update_lock)

        signals.chats_changed.connect(self._chats_changed)
        signals.me_changed.connect(self._me_changed)
        signals.resynced.connect(self._resynced)
        signals.uploads_progressed.connect(self._uploads_progressed)
        signals.outbox_changed.connect(self._outbox_changed)
        theme.changed.connect(self._restyle)
        self._restyle()
        self._update_lock()

    def _tool_button(
        self, name: str, label: str, keys: str, slot: object, extra: str | None = None
    ) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon(name))
        button.setAutoRaise(True)
        button.setAccessibleName(label)
        hint = f"{label} ({_native(keys)})"
        button.setToolTip(f"{hint}, {extra}" if extra else hint)
        button.setProperty("baseToolTip", button.toolTip())
        button.clicked.connect(slot)  # type: ignore[arg-type]
        return button

    # --- public API ---------------------------------------------------------------------------

    @property
    def chat_id(self) -> int | None:
        return self._chat_id

    @property
    def internal(self) -> bool:
        return self._internal

    @property
    def files(self) -> list[Path]:
        """The files that will go with the next message of the open chat."""
        if self._chat_id is None:
            return []
        return [f.path for f in self._files.get(self._chat_id, [])]

    @property
    def quoted_message_id(self) -> int | None:
        quoted = self._quotes.get(self._chat_id) if self._chat_id is not None else None
        return quoted.message_id if quoted else None

    @property
    def public_refusal(self) -> Refusal | None:
        """Why a message to the customer cannot go now (None: it can)."""
        return self._public_refusal

    def show_chat(self, chat_id: int | None) -> None:
        """Save the previous chat's draft, load this one's and update the lock."""
        if chat_id == self._chat_id:
            if chat_id is not None:
                self._tasks.spawn(self._refresh_entry(chat_id), key="composer-entry")
            return
        self.flush_draft()
        self._tasks.cancel("composer-open")
        self._chat_id = chat_id
        self._entry = None
        self._loading = chat_id is not None
        self._restoring = True
        try:
            self.editor.clear()
            self._set_internal_silently(False)
        finally:
            self._restoring = False
        self._dirty = False
        self.status.clear()
        self._show_files()
        self._show_quote()
        self._show_progress(None)
        self._update_lock()
        if chat_id is not None:
            self._tasks.spawn(self._open(chat_id), key="composer-open", on_error=self._failed)

    def quote(self, message: Message) -> None:
        """Reply to ``message``: shown as a removable strip above the editor."""
        if self._chat_id is None or message.chat_id != self._chat_id:
            return
        text = message.text
        if not (text and text.strip()) and message.media is not None:
            text = message.media.caption or message.media.filename
        self._quotes[self._chat_id] = QuotedPreview(message.id, message.author.name, text)
        self._show_quote()
        self._changed_draft()
        self.focus_editor()

    def clear_quote(self) -> None:
        if self._chat_id is not None and self._quotes.pop(self._chat_id, None) is not None:
            self._show_quote()
            self._changed_draft()

    def add_files(self, paths: Iterable[Path]) -> None:
        """Attach files to the next message, refusing (with the reason, naming the file) any
        that cannot be read or is over the organisation's limit for its kind."""
        paths = list(paths)
        if self._chat_id is None or not paths:
            return
        refusal = self._mode_refusal()
        if refusal is not None:
            self._say(refusal_text(refusal), error=True)
            return
        limits = self._lookups.limits
        current = self._files.setdefault(self._chat_id, [])
        problems: list[str] = []
        for path in paths:
            if any(f.path == path for f in current):
                continue
            try:
                outgoing = OutgoingFile.from_path(path)
            except AttachmentRejected as exc:
                problems.append(attachment_refusal(exc))
                continue
            limit = limits.too_large(outgoing.content_type, outgoing.filename, outgoing.size)
            if limit is not None:
                problems.append(
                    attachment_refusal(
                        AttachmentRejected(outgoing.filename, outgoing.size, limit, "too_large")
                    )
                )
                continue
            if len(current) >= limits.max_files_per_message:
                problems.append(
                    attachment_refusal(
                        AttachmentRejected(
                            outgoing.filename,
                            len(current) + 1,
                            limits.max_files_per_message,
                            "too_many",
                        )
                    )
                )
                break
            current.append(PendingFile(path, outgoing.filename, outgoing.size))
        self._show_files()
        if problems:
            self._say("\n".join(problems), error=True)
        else:
            self.status.clear()

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_internal(self) -> None:
        """Comentário interno on/off (also the visible toggle, and its shortcut)."""
        if self.internal_toggle.isEnabled():
            self.internal_toggle.setChecked(not self._internal)
            self.focus_editor()

    def open_reply_templates(self) -> None:
        """Modelos de respostas: pick one; its text, filled from the chat, goes in at the
        cursor."""
        chat_id = self._chat_id
        if chat_id is None or self._entry is None:
            return
        refusal = self._mode_refusal()
        if refusal is not None:
            self._say(refusal_text(refusal), error=True)
            return
        dialog = ReplyTemplatesDialog(self._composer, chat_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(lambda text: self._insert_reply(chat_id, text))
        dialog.finished.connect(self.focus_editor)
        self.reply_dialog = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "reply_dialog", None))
        dialog.open()

    def attach(self) -> None:
        """Choose files to attach (a non-modal file dialog)."""
        if self._chat_id is None:
            return
        refusal = self._mode_refusal()
        if refusal is not None:
            self._say(refusal_text(refusal), error=True)
            return
        dialog = QFileDialog(self, self.tr("Attach files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda names: self.add_files(Path(n) for n in names))
        self.file_dialog = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "file_dialog", None))
        dialog.open()

    def open_whatsapp_templates(self) -> None:
        """Send an approved WhatsApp template: the only way to write 24 h after the
        customer's last message."""
        entry = self._entry
        if entry is None:
            return
        self.template_requested.emit(entry.id)
        # Imported here: the dialog (and its template form) is needed only past the window.
        from ..dialogs.send_template import SendTemplateDialog

        dialog = SendTemplateDialog(self._composer, self._lookups, self._tasks, entry, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sent.connect(self.sent)
        self.template_dialog = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "template_dialog", None))
        dialog.open()

    def flush_draft(self) -> None:
        """Save the open chat's draft now if it changed (also before quitting)."""
        self._draft_timer.stop()
        if not self._dirty or self._chat_id is None or self._loading:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # Qt events after the loop ended (widgets torn down at quit emit focus and text
            # changes): nothing can be saved any more; the window flushes before that.
            return
        self._dirty = False
        draft = Draft(
            self._chat_id,
            self.editor.toPlainText(),
            internal=self._internal,
            quoted_message_id=self.quoted_message_id,
        )
        self._tasks.spawn(self._chats.save_draft(draft), key=f"composer-draft-{draft.chat_id}")

    def _me_changed(self, _me: object) -> None:
        self._update_lock()

    # --- loading the open chat ----------------------------------------------------------------

    async def _open(self, chat_id: int) -> None:
        try:
            await self._load(chat_id)
        finally:
            if self._chat_id == chat_id and self._loading:  # it failed: let drafts save again
                self._loading = False
                self._update_lock()

    async def _load(self, chat_id: int) -> None:
        entry = await self._chats.chat(chat_id)
        draft = await self._chats.draft(chat_id)
        quoted = self._quotes.get(chat_id)
        if (
            draft is not None
            and draft.quoted_message_id is not None
            and (quoted is None or quoted.message_id != draft.quoted_message_id)
        ):
            quoted = await self._find_quote(chat_id, draft.quoted_message_id)
        if self._chat_id != chat_id:
            return
        self._entry = entry
        self._loading = False
        if draft is not None:
            self._restoring = True
            try:
                if not self.editor.toPlainText():
                    self.editor.setPlainText(draft.text)
                    self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
                self._set_internal_silently(draft.internal)
            finally:
                self._restoring = False
            if quoted is not None:
                self._quotes[chat_id] = quoted
        elif quoted is not None and draft is None:
            self._quotes.pop(chat_id, None)  # sent or cleared elsewhere
        typed = self.editor.toPlainText()
        if typed and (draft is None or typed != draft.text):
            self._changed_draft()  # typed while the chat was loading: keep it as the draft
        self._show_quote()
        self._update_lock()  # a chat gone from the cache says so in the notice

    async def _find_quote(self, chat_id: int, message_id: int) -> QuotedPreview:
        page = await self._chats.cached_messages(chat_id, limit=QUOTE_LOOKUP)
        for message in page.messages:
            if message.id == message_id:
                text = message.text or (message.media.filename if message.media else None)
                return QuotedPreview(message_id, message.author.name, text)
        return QuotedPreview(message_id, None, None)

    async def _refresh_entry(self, chat_id: int) -> None:
        entry = await self._chats.chat(chat_id)
        if self._chat_id == chat_id and not self._loading:
            self._entry = entry
            self._update_lock()

    def _chats_changed(self, upserted: tuple[ChatEntry, ...], removed: frozenset[int]) -> None:
        if self._chat_id is None or self._loading:
            return
        if self._chat_id in removed:
            self._entry = None
            self._update_lock()
            return
        for entry in upserted:
            if entry.id == self._chat_id:
                self._entry = entry
                self._update_lock()

    def _resynced(self) -> None:
        if self._chat_id is not None and not self._loading:
            self._tasks.spawn(self._refresh_entry(self._chat_id), key="composer-entry")

    # --- what may be sent ---------------------------------------------------------------------

    def _mode_refusal(self) -> Refusal | None:
        """Why the current mode (public or internal) cannot send now."""
        self._evaluate()
        if self._entry is None:
            return Refusal.NOT_VISIBLE
        return self._internal_refusal if self._internal else self._public_refusal

    def _evaluate(self) -> None:
        entry = self._entry
        if entry is None:
            self._public_refusal = self._internal_refusal = None
            return
        me = self._lookups.me
        self._public_refusal = check_public_message(
            me, entry.chat, template=False, now=datetime.now(UTC)
        )
        self._internal_refusal = check_internal_comment(me, entry.chat)

    def _update_lock(self) -> None:
        """Enable what the rules allow for the open chat now, and say why not otherwise."""
        self._evaluate()
        self._window_timer.stop()
        entry = self._entry
        if entry is None:
            self.notice.clear()
            self._notice_action = None
            if self._chat_id is not None and not self._loading:
                self.notice.show_notice(self.tr("This chat is no longer available to you."))
            self.editor.setReadOnly(True)
            self.editor.setPlaceholderText(
                self.tr("Loading…") if self._loading else self.tr("Select a chat to write.")
            )
            for widget in (
                self.send_button,
                self.attach_button,
                self.replies_button,
                self.internal_toggle,
            ):
                widget.setEnabled(False)
            self._restyle()
            return
        chat = entry.chat
        public, internal = self._public_refusal, self._internal_refusal
        self._show_notice(entry, public, internal)
        if internal is not None and self._internal:
            self._set_internal_silently(False)
        mode = internal if self._internal else public
        self.internal_toggle.setEnabled(internal is None)
        self.editor.setReadOnly(mode is not None)
        if mode is None:
            self.editor.setPlaceholderText(
                self.tr("Write an internal comment for your team…")
                if self._internal
                else self.tr("Write a message… (Enter sends, Shift+Enter breaks the line)")
            )
        elif mode is Refusal.OUTSIDE_WINDOW:
            self.editor.setPlaceholderText(
                self.tr("Free text is locked: send an approved template.")
            )
        elif mode is Refusal.NOT_RESPONSIBLE:
            self.editor.setPlaceholderText(
                self.tr("Assume this chat to reply, or switch on Internal comment.")
            )
        else:
            self.editor.setPlaceholderText(refusal_text(mode))
        why = "" if mode is None else refusal_text(mode)
        for button in (self.attach_button, self.replies_button):
            button.setEnabled(mode is None)
            base = str(button.property("baseToolTip"))
            button.setToolTip(base if mode is None else f"{base}\n{why}")
        self._restyle()
        self.send_button.setEnabled(mode is None and not self._sending)
        self.send_button.setToolTip(why or self.tr("Send (Enter); Shift+Enter breaks the line"))
        closes = window_closes_at(chat.last_client_message_at)
        if public is None and chat.origin in WHATSAPP_ORIGINS and closes is not None:
            left_ms = (closes - datetime.now(UTC)).total_seconds() * 1000
            self._window_timer.start(max(0, min(int(left_ms) + 50, 2**31 - 1)))

    def _show_notice(
        self, entry: ChatEntry, public: Refusal | None, internal: Refusal | None
    ) -> None:
        chat = entry.chat
        self._notice_action = None
        if internal is not None:
            self.notice.show_notice(refusal_text(internal))
        elif public is Refusal.OUTSIDE_WINDOW:
            self._notice_action = "template"
            self.notice.show_notice(
                refusal_text(public),
                self.tr("Send a te&mplate"),
                icon("compose-whatsapp-template"),
            )
            self.notice.button.setToolTip(_native(SHORTCUT_WHATSAPP_TEMPLATE))
            self.notice.button.setEnabled(True)
        elif public is Refusal.NOT_RESPONSIBLE:
            me = self._lookups.me
            if chat.responsible is not None and chat.status.taken and chat.responsible_id != me.id:
                self.notice.show_notice(
                    self.tr(
                        "%1 is responsible for this chat: only they can reply to the customer. "
                        "Internal comments are still possible."
                    ).replace("%1", chat.responsible.name)
                )
            else:
                self._notice_action = "assume"
                self.notice.show_notice(
                    self.tr(
                        "Assume this chat to reply to the customer. "
                        "Internal comments are still possible."
                    ),
                    self.tr("Assume"),
                )
                assume = check_assume(me, chat)
                self.notice.button.setEnabled(assume is None)
                self.notice.button.setToolTip("" if assume is None else refusal_text(assume))
        elif public is not None:
            self.notice.show_notice(refusal_text(public))
        else:
            self.notice.clear()

    def _notice_acted(self) -> None:
        if self._notice_action == "template":
            self.open_whatsapp_templates()
        elif self._notice_action == "assume" and self._entry is not None:
            self.notice.button.setEnabled(False)
            self._tasks.spawn(self._assume(self._entry.id), on_error=self._failed)

    def _template_shortcut(self) -> None:
        if self._notice_action == "template":
            self.open_whatsapp_templates()

    async def _assume(self, chat_id: int) -> None:
        try:
            entry = await self._chats.assume(chat_id)
        finally:
            self._update_lock()
        if self._chat_id == chat_id:
            self._entry = entry
            self._update_lock()
            self.focus_editor()

    # --- writing ------------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._restoring:
            self._changed_draft()

    def _changed_draft(self) -> None:
        if self._chat_id is None or self._loading:
            return
        self._dirty = True
        self._draft_timer.start()

    def _set_internal(self, on: bool) -> None:
        if on == self._internal:
            return
        self._internal = on
        self._restyle()
        self._update_lock()
        if not self._restoring:
            self._changed_draft()

    def _set_internal_silently(self, on: bool) -> None:
        restoring, self._restoring = self._restoring, True
        try:
            self.internal_toggle.setChecked(on)
            self._set_internal(on)
        finally:
            self._restoring = restoring

    def _insert_reply(self, chat_id: int, text: str) -> None:
        if chat_id != self._chat_id or self.editor.isReadOnly():
            return
        self.editor.textCursor().insertText(text)
        self.editor.ensureCursorVisible()
        self.focus_editor()

    def _escape(self) -> None:
        if self.quoted_message_id is not None:
            self.clear_quote()

    def _paste_image(self, image: QImage) -> None:
        """An image on the clipboard (a screenshot) is attached as a PNG file."""
        if self._chat_id is None:
            return
        if self._paste_dir is None:
            # Removed when the pane goes; the outbox keeps its own copy of what is sent.
            self._paste_dir = tempfile.TemporaryDirectory(prefix="tiflux-paste-")
        stem = _UNSAFE_NAME.sub("-", self.tr("Pasted image"))
        stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
        folder = Path(self._paste_dir.name)
        path = folder / f"{stem} {stamp}.png"
        n = 2
        while path.exists():
            path = folder / f"{stem} {stamp} ({n}).png"
            n += 1
        if not image.save(str(path)):  # PNG, from the suffix
            self._say(self.tr("The pasted image could not be saved."), error=True)
            return
        self.add_files([path])

    def _remove_file(self, index: int) -> None:
        if self._chat_id is None:
            return
        files = self._files.get(self._chat_id, [])
        if 0 <= index < len(files):
            del files[index]
            self._show_files()
            self.status.clear()

    def _send(self) -> None:
        chat_id = self._chat_id
        if chat_id is None or self._entry is None or self._sending:
            return
        refusal = self._mode_refusal()
        if refusal is not None:
            self._update_lock()
            self._say(refusal_text(refusal), error=True)
            return
        text = self.editor.toPlainText()
        files = list(self._files.get(chat_id, []))
        if not text.strip() and not files:
            return
        self._sending = True
        self.send_button.setEnabled(False)
        self._tasks.spawn(
            self._deliver(chat_id, text, self._internal, files, self.quoted_message_id),
            on_error=self._failed,
        )

    async def _deliver(
        self,
        chat_id: int,
        text: str,
        internal: bool,
        files: list[PendingFile],
        quoted_message_id: int | None,
    ) -> None:
        try:
            item = await self._composer.send(
                chat_id,
                text,
                internal=internal,
                files=[f.path for f in files],
                quoted_message_id=quoted_message_id,
            )
        finally:
            self._sending = False
            self._update_lock()
        # Take away what went, and only that: the attendant may have typed on meanwhile.
        sent_paths = {f.path for f in files}
        left = [f for f in self._files.get(chat_id, []) if f.path not in sent_paths]
        self._files[chat_id] = left
        quoted = self._quotes.get(chat_id)
        if quoted is not None and quoted.message_id == quoted_message_id:
            del self._quotes[chat_id]
        remaining = ""
        if self._chat_id == chat_id:
            self._restoring = True
            try:
                if self.editor.toPlainText() == text:
                    self.editor.clear()
                remaining = self.editor.toPlainText()
            finally:
                self._restoring = False
            self._draft_timer.stop()
            self._dirty = False
            self._show_files()
            self._show_quote()
            self.status.clear()
            if item.files:
                self._upload = (chat_id, item.client_message_id)
                self._show_progress((0, sum(f.size for f in item.files)))
        self._tasks.spawn(
            self._chats.save_draft(
                Draft(
                    chat_id,
                    remaining,
                    internal=internal,
                    quoted_message_id=self._quotes[chat_id].message_id
                    if chat_id in self._quotes
                    else None,
                )
            ),
            key=f"composer-draft-{chat_id}",
        )
        self.sent.emit(item)

    def _failed(self, exc: BaseException) -> None:
        self._say(error_text(exc), error=True)

    # --- upload progress ----------------------------------------------------------------------

    def _uploads_progressed(self, progress: tuple[tuple[str, int, int], ...]) -> None:
        if self._upload is None or self._upload[0] != self._chat_id:
            return
        for cmid, done, total in progress:
            if cmid == self._upload[1]:
                self._show_progress((done, total) if done < total else None)

    def _outbox_changed(self, items: tuple[OutboxItem, ...], removed: frozenset[str]) -> None:
        if self._upload is None:
            return
        cmid = self._upload[1]
        finished = cmid in removed or any(
            i.client_message_id == cmid and i.state is OutboxState.FAILED for i in items
        )
        if finished:
            self._upload = None
            self._show_progress(None)

    # --- showing ------------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setProperty("error", error)
        self.status.setText(text)
        self._restyle_status()

    def _show_files(self) -> None:
        files = self._files.get(self._chat_id, []) if self._chat_id is not None else []
        self.tray.set_items([TrayItem(f.filename, size_text(f.size)) for f in files])

    def _show_quote(self) -> None:
        quoted = self._quotes.get(self._chat_id) if self._chat_id is not None else None
        if quoted is None:
            self.quote_strip.setVisible(False)
        else:
            self.quote_strip.show_quote(quoted.author, quoted.text)

    def _show_progress(self, value: tuple[int, int] | None) -> None:
        if value is None:
            self.progress.setVisible(False)
            return
        done, total = value
        # Scaled to thousandths: QProgressBar counts in int, files go past 2 GiB... never,
        # but megabytes of bytes do go past what a tooltip should show.
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(1000 * done / total) if total else 0)
        self.progress.setToolTip(
            self.tr("Uploading: %1 of %2")
            .replace("%1", size_text(done))
            .replace("%2", size_text(total))
        )
        self.progress.setVisible(True)

    def _restyle(self) -> None:
        c = self._theme.colors
        internal = self._internal
        locked = self.editor.isReadOnly()
        key = (c, internal, locked)
        if key == self._style_key:
            return
        self._style_key = key
        if internal:
            frame_bg, frame_border, width = c.internal_bubble, c.internal_border, 2
        else:
            frame_bg, frame_border, width = (c.window if locked else c.panel), c.border, 1
        self.setStyleSheet(
            f"""
            #editorFrame {{ background: {frame_bg.name()};
                border: {width}px solid {frame_border.name()}; border-radius: 6px; }}
            #messageEditor {{ background: transparent; color: {c.text.name()}; }}
            #internalBanner {{ color: {c.text.name()}; font-weight: bold; }}
            #internalToggle {{ border: 1px solid {c.border.name()}; border-radius: 4px;
                padding: 4px 10px; background: {c.panel.name()}; color: {c.text.name()}; }}
            #internalToggle:checked {{ background: {c.internal_bubble.name()};
                border: 2px solid {c.internal_border.name()}; padding: 3px 9px; }}
            #internalToggle:disabled {{ color: {c.muted.name()}; }}
            #composerNotice {{ background: {c.hover.name()};
                border-left: 3px solid {c.warning.name()}; border-radius: 4px; }}
            #composerNoticeText {{ color: {c.text.name()}; }}
            #quoteStrip {{ background: {c.hover.name()};
                border-left: 3px solid {c.accent.name()}; border-radius: 4px; }}
            #quoteText {{ color: {c.muted.name()}; }}
            #attachmentChip {{ background: {c.chip.name()}; border: none; border-radius: 4px; }}
            #attachmentSize {{ color: {c.muted.name()}; }}
            """
        )
        self.internal_banner.setVisible(internal)
        self.send_button.setText(self.tr("Comment") if internal else self.tr("Send"))
        self._restyle_status()

    def _restyle_status(self) -> None:
        c = self._theme.colors
        colour = c.danger if self.status.property("error") else c.muted
        self.status.setStyleSheet(f"color: {colour.name()};")

    # --- Qt overrides -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._chat_id is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._chat_id is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)


def _native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
