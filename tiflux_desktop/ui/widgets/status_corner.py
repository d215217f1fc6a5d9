"""The bottom-left corner: the attendant's Online/Offline switch and the connection state,
visible at all times."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from tiflux_desktop.net import ConnectionState

from ..theme import Theme
from ..wording import connection_label


class Dot(QWidget):
    """A small filled circle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = QColor("gray")
        self.setFixedSize(QSize(10, 10))

    def set_color(self, color: QColor) -> None:
        self._color = color
        self.update()

    # --- Qt overrides -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        painter.drawEllipse(self.rect().adjusted(1, 1, -1, -1))


class StatusCorner(QWidget):
    online_toggled = Signal(bool)  # the attendant asks to go Online (True) or Offline

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._online = False
        self._state = ConnectionState.OFFLINE
        self._detail: str | None = None
        self.setObjectName("statusCorner")

        self.presence = QPushButton()
        self.presence.setCheckable(True)
        self.presence.setObjectName("presenceSwitch")
        self.presence.clicked.connect(lambda checked: self.online_toggled.emit(checked))
        self._presence_dot = Dot()
        self._connection_dot = Dot()
        self.connection = QLabel()
        self.connection.setObjectName("connectionState")
        self.connection.setTextFormat(Qt.TextFormat.PlainText)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self._presence_dot)
        layout.addWidget(self.presence)
        layout.addStretch(1)
        layout.addWidget(self._connection_dot)
        layout.addWidget(self.connection)
        theme.changed.connect(self._paint_state)
        self._paint_state()

    @property
    def online(self) -> bool:
        return self._online

    def set_online(self, online: bool) -> None:
        self._online = online
        self._paint_state()

    def set_busy(self, busy: bool) -> None:
        self.presence.setEnabled(not busy)

    def set_connection(self, state: ConnectionState, detail: str | None = None) -> None:
        self._state = state
        self._detail = detail
        self._paint_state()

    def _paint_state(self) -> None:
        colors = self._theme.colors
        self.presence.setChecked(self._online)
        self.presence.setText(self.tr("Online") if self._online else self.tr("Offline"))
        self.presence.setToolTip(
            self.tr("You can assume and answer chats. Click to go Offline.")
            if self._online
            else self.tr("You cannot assume chats while Offline. Click to go Online.")
        )
        self.presence.setAccessibleName(self.tr("Presence: %1").replace("%1", self.presence.text()))
        self._presence_dot.set_color(colors.success if self._online else colors.muted)
        state_colors = {
            ConnectionState.ONLINE: colors.success,
            ConnectionState.SYNCING: colors.accent,
            ConnectionState.CONNECTING: colors.warning,
            ConnectionState.OFFLINE: colors.danger,
        }
        self._connection_dot.set_color(state_colors[self._state])
        self.connection.setText(connection_label(self._state))
        tip = connection_label(self._state)
        if self._state is not ConnectionState.ONLINE:
            tip += "\n" + self.tr(
                "The cached chats stay readable and searchable; messages you send are "
                "queued and go out when the connection returns."
            )
        if self._detail:
            tip += "\n" + self._detail
        self.connection.setToolTip(tip)
