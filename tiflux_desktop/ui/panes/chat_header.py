"""The open chat's header: who and where (requester, client, Origem do chat, Responsável,
Departamento, status) and the actions, each enabled only when the domain rules (the same
the service applies) accept it, with the reason as the tooltip when not."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tiflux_desktop.domain import (
    Attendant,
    Chat,
    Refusal,
    check_assume,
    check_close,
    check_leave,
    check_transfer,
    check_update,
)
from tiflux_desktop.store import ChatEntry

from ..icons import origin_icon
from ..theme import Theme
from ..wording import origin_label, refusal_text, status_label


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ChatHeader(QWidget):
    assume_requested = Signal(int)
    transfer_requested = Signal(int)
    finish_requested = Signal(int)
    leave_requested = Signal(int)
    cancel_requested = Signal(int)
    add_ticket_requested = Signal(int)
    info_toggled = Signal(bool)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._entry: ChatEntry | None = None
        self.setObjectName("chatHeader")
        self.setAutoFillBackground(True)

        self._channel = QLabel()
        self._channel.setFixedSize(28, 28)
        self._title = _plain(QLabel())
        self._title.setObjectName("chatTitle")
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self._title.setFont(font)
        self._client = _plain(QLabel())
        self._details = _plain(QLabel())
        self._details.setObjectName("chatDetails")
        self._details.setWordWrap(True)

        who = QVBoxLayout()
        who.setSpacing(2)
        title_row = QHBoxLayout()
        title_row.addWidget(self._title)
        title_row.addWidget(self._client)
        title_row.addStretch(1)
        who.addLayout(title_row)
        who.addWidget(self._details)

        self.assume = self._button(self.tr("&Assume"), self.assume_requested)
        self.transfer = self._button(self.tr("&Transfer"), self.transfer_requested)
        self.finish = self._button(self.tr("&Finish"), self.finish_requested)
        self.leave = self._button(self.tr("&Leave"), self.leave_requested)
        self.cancel = self._button(self.tr("&Cancel"), self.cancel_requested)
        self.add_ticket = self._button(self.tr("+ Add tic&ket"), self.add_ticket_requested)
        self.info = QPushButton(self.tr("+ &Information"))
        self.info.setCheckable(True)
        self.info.toggled.connect(self.info_toggled)
        self.assume.setObjectName("primaryAction")

        actions = QHBoxLayout()
        actions.setSpacing(6)
        for button in (
            self.add_ticket,
            self.assume,
            self.transfer,
            self.finish,
            self.leave,
            self.cancel,
            self.info,
        ):
            actions.addWidget(button)

        # Who and where on the first row, the actions on their own row under it: with the
        # information panel open the details keep their width instead of being squeezed.
        top = QHBoxLayout()
        top.addWidget(self._channel, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(who, 1)
        actions.insertStretch(0, 1)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(12, 8, 12, 8)
        rows.setSpacing(6)
        rows.addLayout(top)
        rows.addLayout(actions)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.show_entry(None, None)

    def _button(self, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda: self._entry is not None and signal.emit(self._entry.id))
        return button

    @property
    def entry(self) -> ChatEntry | None:
        return self._entry

    def show_entry(self, entry: ChatEntry | None, me: Attendant | None) -> None:
        """Show ``entry`` (None: no chat open) and enable what ``me`` may do with it."""
        self._entry = entry
        visible = entry is not None and me is not None
        for widget in (self._title, self._client, self._details, self._channel):
            widget.setVisible(visible)
        if entry is None or me is None:
            for button in self._buttons():
                button.setEnabled(False)
                button.setToolTip("")
            self.info.setEnabled(False)
            return
        chat = entry.chat
        self._title.setText(chat.requestor.name if chat.requestor else self.tr("No name"))
        self._client.setText(f"· {chat.client.name}" if chat.client else "")
        self._channel.setPixmap(origin_icon(chat.origin).pixmap(28, 28))
        self._channel.setToolTip(origin_label(chat.origin))
        self._details.setText(self._describe(chat))
        self.info.setEnabled(True)
        self._enable(self.assume, check_assume(me, chat, take_over=True))
        self._enable(self.transfer, check_transfer(me, chat, department_id=None, target=None))
        self._enable(self.finish, check_close(me, chat))
        self._enable(self.cancel, check_close(me, chat))
        self._enable(self.leave, check_leave(me, chat))
        ticket_refusal = check_update(me, chat)
        if ticket_refusal is None and chat.ticket is not None:
            self.add_ticket.setEnabled(False)
            self.add_ticket.setToolTip(
                self.tr("Ticket #%1 is linked to this chat.").replace("%1", str(chat.ticket.number))
            )
        else:
            self._enable(self.add_ticket, ticket_refusal)
        if chat.responsible_id == me.id and chat.status.taken:
            self.assume.setEnabled(False)
            self.assume.setToolTip(refusal_text(Refusal.ALREADY_YOURS))

    def _describe(self, chat: Chat) -> str:
        nobody = self.tr("nobody")
        parts = [
            self.tr("Chat origin: %1").replace("%1", origin_label(chat.origin)),
            self.tr("Responsible: %1").replace(
                "%1", chat.responsible.name if chat.responsible else nobody
            ),
            self.tr("Department: %1").replace(
                "%1", chat.department.name if chat.department else self.tr("triage")
            ),
            status_label(chat.status),
        ]
        if chat.ticket is not None:
            parts.append(self.tr("Ticket #%1").replace("%1", str(chat.ticket.number)))
        parts.append(self.tr("Started %1").replace("%1", local_datetime(chat.created_at)))
        return "  ·  ".join(parts)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.assume, self.transfer, self.finish, self.leave, self.cancel, self.add_ticket)

    @staticmethod
    def _enable(button: QPushButton, refusal: Refusal | None) -> None:
        button.setEnabled(refusal is None)
        button.setToolTip("" if refusal is None else refusal_text(refusal))


def local_datetime(moment: datetime) -> str:
    """Short date and time in the attendant's language and time zone."""
    return QLocale().toString(
        QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000)),
        QLocale.FormatType.ShortFormat,
    )
