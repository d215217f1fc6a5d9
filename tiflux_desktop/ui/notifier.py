"""Shows what services.attention decides: a desktop notification through the tray (or an
in-app banner where the desktop shows none), the sound, and the taskbar or dock badge.

The words are built here from the notice: who (requester, client), where from (the channel)
and the start of the customer's message. Clicking a notification opens that chat.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from tiflux_desktop.domain import Tab
from tiflux_desktop.services import Attention, Notice, NoticeKind, Settings

from .sound import SoundPlayer
from .tray import Tray
from .wording import origin_label

# How often the chats waiting in Entrada are checked against the re-alert time.
REALERT_CHECK_MS = 20_000

# The setting that turns each kind on or off (the re-alert follows "new chat").
_SWITCH = {
    NoticeKind.NEW_CHAT: "notify_new_chat",
    NoticeKind.STILL_WAITING: "notify_new_chat",
    NoticeKind.CUSTOMER_MESSAGE: "notify_customer_message",
    NoticeKind.TRANSFERRED: "notify_transfer",
}

# Where a notice's chat is found when it is opened from the notification.
TAB_OF = {
    NoticeKind.NEW_CHAT: Tab.INBOX,
    NoticeKind.STILL_WAITING: Tab.INBOX,
    NoticeKind.CUSTOMER_MESSAGE: Tab.MINE,
    NoticeKind.TRANSFERRED: Tab.MINE,
}


class Notifier(QObject):
    chat_requested = Signal(int, object)  # (chat id, Tab): the attendant clicked a notice
    banner_requested = Signal(str, str, int, object)  # (title, body, chat id, Tab): in-app

    def __init__(
        self,
        tray: Tray,
        sound: SoundPlayer,
        settings: Callable[[], Settings],
        window: Callable[[], QWidget | None],
        open_chat: Callable[[], int | None],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tray = tray
        self._sound = sound
        self._settings = settings
        self._window = window
        self._open_chat = open_chat
        self._clock = clock
        self._last: tuple[int, Tab] | None = None  # what the last notification opens
        tray.message_clicked.connect(self._clicked)
        self._attention: Attention | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.realert_timer = QTimer(self)
        self.realert_timer.setInterval(REALERT_CHECK_MS)
        self.realert_timer.timeout.connect(self._check_waiting)

    def watch(self, attention: Attention | None) -> None:
        """Tell what this session's rules decide (None: signed out, nothing to tell)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._attention = attention
        if attention is None:
            self.realert_timer.stop()
            self.set_waiting(0)
            return
        self._unsubscribe = attention.subscribe(self.notify)
        self.realert_timer.start()

    # --- notices ------------------------------------------------------------------------

    def notify(self, notices: list[Notice]) -> None:
        settings = self._settings()
        wanted = [n for n in notices if getattr(settings, _SWITCH[n.kind]) and not self._in_view(n)]
        if not wanted:
            return
        notice = wanted[0]  # the rules fold each kind: the first kind is the most pressing
        title, body = self.words(notice)
        for other in wanted[1:]:
            body += "\n" + self.words(other)[0]
        self._last = (notice.chat_id, TAB_OF[notice.kind])
        if not self._tray.show_message(title, body):
            self.banner_requested.emit(title, body, notice.chat_id, TAB_OF[notice.kind])
            window = self._window()
            if window is not None:
                QApplication.alert(window)  # the taskbar entry asks for attention
        if not settings.muted:
            self._sound.play(settings.sound, settings.sound_file)

    def set_waiting(self, count: int) -> None:
        """The chats waiting in Entrada: on the tray icon and the taskbar or dock badge."""
        self._tray.set_waiting(count)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.setBadgeNumber(max(0, count))  # the dock (macOS), the taskbar (Windows, KDE)

    def words(self, notice: Notice) -> tuple[str, str]:
        """The title and body of a notice, in the attendant's language."""
        n = notice.count
        if notice.kind is NoticeKind.NEW_CHAT:
            title = (
                self.tr("New chat in Entrada")
                if n == 1
                else self.tr("%n new chats in Entrada", "", n)
            )
        elif notice.kind is NoticeKind.CUSTOMER_MESSAGE:
            title = (
                self.tr("%1 wrote").replace("%1", notice.requester or self.tr("The customer"))
                if n == 1
                else self.tr("Customers wrote in %n of your chats", "", n)
            )
        elif notice.kind is NoticeKind.TRANSFERRED:
            title = (
                self.tr("Chat transferred to you")
                if n == 1
                else self.tr("%n chats transferred to you", "", n)
            )
        else:
            title = (
                self.tr("Still waiting in Entrada: %1").replace("%1", self._waited(notice))
                if n == 1
                else self.tr("%n chats still waiting in Entrada", "", n)
            )
        who = [notice.requester or self.tr("Unknown requester")]
        if notice.client:
            who.append(notice.client)
        who.append(origin_label(notice.origin))
        lines = [" · ".join(who)]
        if notice.excerpt:
            lines.append(notice.excerpt)
        if n > 1:
            lines.append(self.tr("and %n more", "", n - 1))
        return title, "\n".join(lines)

    # --- internals ----------------------------------------------------------------------

    def _in_view(self, notice: Notice) -> bool:
        """The chat is open in the window the attendant is looking at: nothing to tell."""
        if notice.count > 1:
            return False
        window = self._window()
        return (
            window is not None
            and window.isVisible()
            and window.isActiveWindow()
            and self._open_chat() == notice.chat_id
        )

    def _waited(self, notice: Notice) -> str:
        since = notice.waiting_since or self._clock()
        minutes = max(1, int((self._clock() - since).total_seconds() // 60))
        if minutes < 60:
            return self.tr("%n min", "", minutes)
        if minutes < 24 * 60:
            return self.tr("%n h", "", minutes // 60)
        return self.tr("%n d", "", minutes // (24 * 60))

    def _check_waiting(self) -> None:
        if self._attention is not None:
            self._attention.due()  # its notices come back through notify()

    def _clicked(self) -> None:
        if self._last is not None:
            self.chat_requested.emit(*self._last)
