"""The open chat's messages, in the middle of the chat window above the composer.

Opening a chat shows the cached newest page at once (with the outbox items not yet
confirmed), then the service's newest page; scrolling near the top loads older pages
(latest wins, one at a time, the position kept). Offline the cached history stays
browsable. Failed sends offer Retry and Discard; attachments download with progress into
a per-session folder (thumbnails, Open) or into Downloads. There is no delete: Tiflux
cannot delete chat messages.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImageReader, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.domain import DeliveryStatus, Media, Message
from tiflux_desktop.domain.attachments import (
    NAME_MAX_BYTES,
    SNIFF_BYTES,
    image_type_of,
    numbered_filename,
    runs_as_program,
    safe_filename,
)
from tiflux_desktop.services import ChatService, Composer
from tiflux_desktop.store import OutboxItem, OutboxState

from ..delegates.bubble_layout import THUMB_MAX, body_text
from ..delegates.message_actions import MessageAction, is_image
from ..delegates.message_bubble import MessageBubbleDelegate
from ..models.message_list import MessageListModel, MessageRole, Transfer
from ..signals import AppSignals
from ..tasks import Tasks
from ..theme import Theme
from ..widgets.message_view import MessageView
from ..wording import error_text

log = logging.getLogger(__name__)

OPEN_KEY = "messages.open"
OLDER_KEY = "messages.older"
THUMBNAILS_AT_ONCE = 3


def _save_copy(source: Path, folder: Path, name: str) -> Path:
    """``source`` copied into ``folder`` as ``name`` (a safe name), or report (1).pdf, ...:
    created exclusively, so never over a file the attendant already has, even one that
    appeared a moment ago."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(10_000):
        candidate = folder / numbered_filename(name, n)
        try:
            out = candidate.open("xb")
        except FileExistsError:
            continue
        try:
            with out, source.open("rb") as src:
                shutil.copyfileobj(src, out)
        except BaseException:
            candidate.unlink(missing_ok=True)
            raise
        return candidate
    raise FileExistsError(folder / name)


def _head(path: Path) -> bytes:
    """The file's first bytes (nothing when it cannot be read): what it really is."""
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError:
        return b""


def _image_format(path: Path) -> bytes | None:
    """The image format the file's bytes are, if one the window shows (never the sender's
    word: an "image" that is HTML, SVG or a program gets no preview)."""
    found = image_type_of(_head(path))
    return found.removeprefix("image/").encode() if found else None


class _Banner(QFrame):
    """An inline, non-modal notice above the messages: an error, or where a file went."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._error = True
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # error texts may quote the service
        self.label.setWordWrap(True)
        self.close_button = QPushButton(self.tr("&Dismiss"), self)
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button)
        theme.changed.connect(self._recolour)
        self.hide()

    def show_text(self, text: str, *, error: bool) -> None:
        self._error = error
        self.label.setText(text)
        self.setAccessibleName(text)
        self._recolour()
        self.show()

    def _recolour(self) -> None:
        c = self._theme.colors
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, c.panel)
        palette.setColor(QPalette.ColorRole.WindowText, c.danger if self._error else c.text)
        self.setPalette(palette)
        self.label.setPalette(palette)


class MessagesPane(QWidget):
    reply_requested = Signal(object)  # the Message the attendant wants to quote

    def __init__(
        self,
        chats: ChatService,
        composer: Composer,
        signals: AppSignals,
        theme: Theme,
        tasks: Tasks,
        bot_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._chats = chats
        self._composer = composer
        self._theme = theme
        self._tasks = tasks
        self._chat_id: int | None = None
        self._at_start = False  # nothing older than the first loaded message
        self._stalled = False  # an older page came back empty: wait for the attendant
        self._thumbnails_asked: set[object] = set()
        self._downloading: set[int] = set()  # media ids
        self._thumbnail_slots = asyncio.Semaphore(THUMBNAILS_AT_ONCE)
        self._media_dir = tempfile.TemporaryDirectory(prefix="tiflux-media-")
        self.destroyed.connect(self._media_dir.cleanup)
        downloads = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DownloadLocation
        )
        self.download_folder = Path(downloads) if downloads else Path.home()
        self.program_question: QMessageBox | None = None  # "Open a program?", while asked

        self.model = MessageListModel(self)
        self.view = MessageView(self)
        self.view.setModel(self.model)
        self.delegate = MessageBubbleDelegate(theme, bot_name, self.view)
        self.view.setItemDelegate(self.delegate)
        self.banner = _Banner(theme, self)
        self._empty = QLabel(self.tr("Select a chat"), self)
        self._empty.setTextFormat(Qt.TextFormat.PlainText)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self.view)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self._stack, 1)
        self.setFocusProxy(self.view)

        signals.messages_changed.connect(self._messages_changed)
        signals.outbox_changed.connect(self._outbox_changed)
        signals.uploads_progressed.connect(self._uploads_progressed)
        signals.resynced.connect(self._resynced)
        self.delegate.action_requested.connect(self.do)
        self.delegate.thumbnail_wanted.connect(self._thumbnail_wanted)
        self.view.action_requested.connect(self.do)
        self.view.older_wanted.connect(self.load_older)
        self.view.verticalScrollBar().actionTriggered.connect(self._attendant_scrolled)
        theme.changed.connect(self._apply_theme)
        self._apply_theme()
        self.show_chat(None)

    # --- our API ------------------------------------------------------------------------

    @property
    def chat_id(self) -> int | None:
        return self._chat_id

    def show_chat(self, chat_id: int | None) -> None:
        """Show this chat's messages (None: the "Select a chat" state)."""
        self._tasks.cancel(OLDER_KEY)
        self.view.set_loading_older(False)
        self.banner.hide()
        if chat_id != self._chat_id:
            self._thumbnails_asked.clear()
            self.delegate.forget_requests()
        self._chat_id = chat_id
        self._at_start = False
        self._stalled = False
        if chat_id is None:
            self._tasks.cancel(OPEN_KEY)
            self.model.clear()
            self._stack.setCurrentWidget(self._empty)
            return
        self._stack.setCurrentWidget(self.view)
        if self.model.chat_id not in (None, chat_id):
            # The last chat's bubbles go at once: they are not laid out again at the width
            # the new chat's header and details leave, nor painted under its header, while
            # its cached page is read.
            self.model.clear()
        task = self._tasks.spawn(self._open(chat_id), key=OPEN_KEY, on_error=self.show_error)
        task.add_done_callback(lambda _: QTimer.singleShot(0, self.view, self.view.check_near_top))

    def set_bot_name(self, bot_name: str) -> None:
        self.delegate.bot_name = bot_name
        self.view.viewport().update()

    def load_older(self) -> None:
        """The page before the first loaded message (one at a time; never twice)."""
        chat_id = self._chat_id
        before = self.model.first_message_id
        if (
            chat_id is None
            or before is None
            or self._at_start
            or self._stalled
            or self._tasks.busy(OLDER_KEY)
            or self._tasks.busy(OPEN_KEY)
        ):
            return
        self.view.set_loading_older(True)
        task = self._tasks.spawn(
            self._older(chat_id, before), key=OLDER_KEY, on_error=self.show_error
        )
        # Still near the top after this page (a short one)? The next, once this one ended.
        task.add_done_callback(lambda _: QTimer.singleShot(0, self.view, self.view.check_near_top))

    def do(self, action: MessageAction, key: object) -> None:
        """An action on one message (a click in its bubble, or its context menu)."""
        if not isinstance(key, int | str):
            return
        row = self.model.row_of(key)
        if row is None:
            return
        item: Message | OutboxItem = self.model.index(row).data(MessageRole.ITEM)
        if action is MessageAction.COPY:
            QGuiApplication.clipboard().setText(body_text(item))
        elif action is MessageAction.REPLY and isinstance(item, Message):
            self.reply_requested.emit(item)
        elif action is MessageAction.RETRY:
            self._retry(item)
        elif action is MessageAction.DISCARD and isinstance(item, OutboxItem):
            self._tasks.spawn(
                self._composer.discard(item.client_message_id), on_error=self.show_error
            )
        elif action is MessageAction.DOWNLOAD and isinstance(item, Message):
            self._tasks.spawn(self._download(item, save=True), on_error=self._download_failed)
        elif action is MessageAction.OPEN:
            self._open_attachment(item)
        elif action is MessageAction.SHOW_QUOTED:
            quoted = (
                item.quoted_message.id
                if isinstance(item, Message) and item.quoted_message
                else (item.quoted_message_id if isinstance(item, OutboxItem) else None)
            )
            if quoted is not None and not self.view.scroll_to_key(quoted):
                self.banner.show_text(
                    self.tr("The quoted message is further up: scroll up to load it."),
                    error=False,
                )

    def show_error(self, exc: BaseException) -> None:
        log.info("messages: %s", type(exc).__name__)
        self.banner.show_text(error_text(exc), error=True)

    # --- loading ------------------------------------------------------------------------

    async def _open(self, chat_id: int, *, refresh: bool = True) -> None:
        # Both reads at once: each one's answer waits for the UI loop, busy painting the
        # rest of the window during a switch.
        cached, pending = await asyncio.gather(
            self._chats.cached_messages(chat_id), self._composer.pending(chat_id)
        )
        if chat_id != self._chat_id:
            return
        self.model.load(chat_id, cached.messages, pending)
        self._at_start = cached.at_start
        self.view.scroll_to_latest()
        if not refresh:
            return
        fresh = await self._chats.open(chat_id)
        if chat_id != self._chat_id:
            return
        joined = not cached.messages or (
            bool(fresh.messages) and cached.messages[-1].id >= fresh.messages[0].id
        )
        if fresh.messages and not (cached.complete and joined):
            # The cached page may stand apart from the newest one (a gap between them):
            # show the newest page alone; older ones load on scroll, without gaps.
            pending = await self._composer.pending(chat_id)
            if chat_id != self._chat_id:
                return
            self.model.load(chat_id, fresh.messages, pending)
            self._at_start = fresh.at_start
            self.view.scroll_to_latest()
        else:
            self.model.apply(appended=fresh.messages)
            # Whichever page reaches further back says whether anything is older.
            if not cached.messages or (
                fresh.messages and fresh.messages[0].id <= cached.messages[0].id
            ):
                self._at_start = fresh.at_start

    async def _older(self, chat_id: int, before: int) -> None:
        try:
            page = await self._chats.load_older(chat_id, before)
        finally:
            if chat_id == self._chat_id:
                self.view.set_loading_older(False)
        if chat_id != self._chat_id:
            return
        # A page fetched from the service may already be here (its messages are published
        # as they are stored); one from the cache goes in now.
        self.view.keep_position(lambda: self.model.prepend_older(page.messages))
        self._at_start = page.at_start
        if self.model.first_message_id == before and not page.at_start:
            self._stalled = True  # offline with a gap: wait until the attendant scrolls

    def _attendant_scrolled(self, _action: int) -> None:
        self._stalled = False

    # --- the core's changes -------------------------------------------------------------

    def _messages_changed(
        self, appended: tuple[Message, ...], updated: tuple[Message, ...]
    ) -> None:
        if self._chat_id is None:
            return
        first = self.model.first_message_id
        if first is not None and any(m.id < first and m.chat_id == self._chat_id for m in appended):
            # Older messages (a page being fetched) go in above what is being read.
            self.view.keep_position(lambda: self.model.apply(appended=appended, updated=updated))
        else:
            self.model.apply(appended=appended, updated=updated)

    def _outbox_changed(self, items: tuple[OutboxItem, ...], removed: frozenset[str]) -> None:
        if self._chat_id is not None:
            self.model.apply(outbox=items, outbox_removed=removed)

    def _uploads_progressed(self, uploads: tuple[tuple[str, int, int], ...]) -> None:
        for cmid, done, total in uploads:
            if self.model.row_of(cmid) is not None:
                self.model.set_extra(cmid, MessageRole.TRANSFER, Transfer(done, total))

    def _resynced(self) -> None:
        if self._chat_id is not None:
            self._tasks.spawn(
                self._open(self._chat_id, refresh=False), key=OPEN_KEY, on_error=self.show_error
            )

    # --- actions ------------------------------------------------------------------------

    def _retry(self, item: Message | OutboxItem) -> None:
        if isinstance(item, OutboxItem):
            if item.state is OutboxState.FAILED:
                self._tasks.spawn(
                    self._composer.retry(item.client_message_id), on_error=self.show_error
                )
            return
        # The channel refused a message the service had: send its text again, as a new one.
        if item.status is DeliveryStatus.FAILED and item.text and item.media is None:
            self._tasks.spawn(
                self._composer.send(
                    item.chat_id,
                    item.text,
                    quoted_message_id=item.quoted_message.id if item.quoted_message else None,
                ),
                on_error=self.show_error,
            )

    def _open_attachment(self, item: Message | OutboxItem) -> None:
        if isinstance(item, OutboxItem):
            if item.files:
                self._open_file(Path(item.files[0].path), item.files[0].filename)
            return
        local = self.model.extra(item.id, MessageRole.LOCAL_FILE)
        if local and Path(local).is_file():
            self._open_file(Path(local), item.media.filename if item.media else Path(local).name)
        elif item.media is not None:
            self._tasks.spawn(self._download(item, save=False), on_error=self._download_failed)

    def _cached_path(self, media: Media) -> Path:
        prefix = f"{media.id}-"
        name = safe_filename(media.filename, "file", NAME_MAX_BYTES - len(prefix))
        return Path(self._media_dir.name) / f"{prefix}{name}"

    async def _download(self, message: Message, *, save: bool) -> None:
        """Into Downloads (``save``) or the session's folder, then open it (not ``save``)."""
        media = message.media
        if media is None or media.id in self._downloading:
            return
        key = message.id
        self._downloading.add(media.id)
        chat_id = self._chat_id

        def progress(done: int, total: int) -> None:
            if self._chat_id == chat_id:
                self.model.set_extra(key, MessageRole.TRANSFER, Transfer(done, total))

        try:
            cached = self._cached_path(media)
            if not cached.is_file():
                await self._composer.download(media, cached, progress=progress)
            dest = cached
            if save:
                name = safe_filename(media.filename, f"attachment-{media.id}")
                dest = await asyncio.to_thread(_save_copy, cached, self.download_folder, name)
        finally:
            self._downloading.discard(media.id)
            if self._chat_id == chat_id:
                self.model.set_extra(key, MessageRole.TRANSFER, None)
        if self._chat_id != chat_id:
            return
        self.model.set_extra(key, MessageRole.LOCAL_FILE, str(cached))
        if is_image(media.content_type, media.filename):
            self._set_thumbnail(key, cached)
        if save:
            self.banner.show_text(self.tr("Saved to %1").replace("%1", str(dest)), error=False)
        else:
            self._open_file(dest, media.filename)

    def _download_failed(self, exc: BaseException) -> None:
        self.show_error(exc)

    def _open_file(self, path: Path, name: str) -> None:
        """Hand the file to the desktop. A program or a script, by its name (``name``, as
        sent, or the file's own) or by its first bytes, is asked about first: opening it
        may run it."""
        if runs_as_program(name, _head(path)) or runs_as_program(path.name):
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Open a program?"),
                self.tr(
                    "“%1” is a program or a script: opening it may run it on this computer. "
                    "Open it only if you trust whoever sent it."
                ).replace("%1", name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)  # a sender's file name is never markup
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Open anyway"))
            box.button(QMessageBox.StandardButton.No).setText(self.tr("Do not open"))
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.accepted.connect(lambda: self._hand_to_desktop(path))
            box.finished.connect(self._question_answered)
            self.program_question = box
            box.open()
            return
        self._hand_to_desktop(path)

    def _question_answered(self) -> None:
        self.program_question = None  # deleted on close

    def _hand_to_desktop(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.banner.show_text(
                self.tr("No application could open %1.").replace("%1", path.name), error=True
            )

    # --- thumbnails ---------------------------------------------------------------------

    def _thumbnail_wanted(self, key: object) -> None:
        if not isinstance(key, int | str) or key in self._thumbnails_asked:
            return
        self._thumbnails_asked.add(key)
        row = self.model.row_of(key)
        if row is None:
            return
        item: Message | OutboxItem = self.model.index(row).data(MessageRole.ITEM)
        if isinstance(item, OutboxItem):
            # The outbox keeps its own copy of the file: no download needed.
            for f in item.files:
                if is_image(f.content_type, f.filename):
                    self._set_thumbnail(key, Path(f.path))
                    break
            return
        if item.media is not None:
            self._tasks.spawn(self._fetch_thumbnail(item), on_error=self._thumbnail_failed)

    async def _fetch_thumbnail(self, message: Message) -> None:
        media = message.media
        assert media is not None
        async with self._thumbnail_slots:
            if self._chat_id != message.chat_id:
                return
            cached = self._cached_path(media)
            if not cached.is_file() and media.id not in self._downloading:
                self._downloading.add(media.id)
                try:
                    await self._composer.download(media, cached)
                finally:
                    self._downloading.discard(media.id)
        if self._chat_id == message.chat_id and cached.is_file():
            self.model.set_extra(message.id, MessageRole.LOCAL_FILE, str(cached))
            self._set_thumbnail(message.id, cached)

    def _thumbnail_failed(self, exc: BaseException) -> None:
        # The placeholder stays; opening the image asks again and reports a failure.
        log.info("a thumbnail could not be fetched: %s", type(exc).__name__)

    def _set_thumbnail(self, key: int | str, path: Path) -> None:
        image_format = _image_format(path)
        if image_format is None:
            # Said to be an image, it is not (a document, a program): a file card from now on,
            # with its name, size and Download, never a picture placeholder.
            self.model.set_extra(key, MessageRole.NOT_AN_IMAGE, True)
            return
        reader = QImageReader(str(path), image_format)
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            # Decoded straight at thumbnail size: a 12-megapixel photo stays cheap.
            reader.setScaledSize(size.scaled(THUMB_MAX, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():  # an image's first bytes, then something no reader decodes
            self.model.set_extra(key, MessageRole.NOT_AN_IMAGE, True)
        else:
            self.model.set_extra(key, MessageRole.THUMBNAIL, image)

    # --- looks --------------------------------------------------------------------------

    def _apply_theme(self) -> None:
        c = self._theme.colors
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Base, c.window)
        self.view.setPalette(palette)
        empty = self._empty.palette()
        empty.setColor(QPalette.ColorRole.WindowText, c.muted)
        self._empty.setPalette(empty)
        self.view.viewport().update()
