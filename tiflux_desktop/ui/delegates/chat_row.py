"""One row of the conversation list, painted from the model's roles only.

    [channel•]  Requester name                       24/11 09:12
                Client                                      (3)
                #123 · Waiting 12 min        (or: Finished ★★★★☆)

The red dot on the channel icon marks a chat nobody opened here yet; the pill on the right
counts the customer's unread messages. Closed chats say whether they were finished or
cancelled, with the customer's rating. Every text is drawn as plain text.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6 import QtGui
from PySide6.QtCore import (
    QDateTime,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimeZone,
)
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from tiflux_desktop.domain import ChatStatus, Origin, TicketRef
from tiflux_desktop.ui.icons import origin_icon
from tiflux_desktop.ui.models.chat_list import ChatRole
from tiflux_desktop.ui.theme import Theme
from tiflux_desktop.ui.wording import origin_label, status_label

Index = QModelIndex | QPersistentModelIndex

PAD = 10
ICON = 20
DOT = 9
GAP = 6
LINE_GAP = 2
MAX_RATING = 5

# Whose turn it is matters in the row: a customer waiting shows for how long.
_CUSTOMER_WAITS = (ChatStatus.WAITING_ATTENDANCE, ChatStatus.IN_ATTENDANCE)


def _origin(index: Index) -> Origin | None:
    # A str enum crosses Qt's QVariant as a plain str: make it the enum again.
    value = index.data(ChatRole.ORIGIN)
    return Origin(value) if value else None


def _status(index: Index) -> ChatStatus | None:
    value = index.data(ChatRole.STATUS)
    return ChatStatus(value) if value else None


def _local(moment: datetime) -> QDateTime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    utc = QDateTime.fromSecsSinceEpoch(int(aware.timestamp()), QTimeZone.utc())
    return utc.toLocalTime()


class ChatRowDelegate(QStyledItemDelegate):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.now = lambda: datetime.now(UTC)  # replaced by tests that pin the clock

    # --- words ----------------------------------------------------------------------------

    def started_text(self, moment: datetime) -> str:
        """Today: the time; another day: the date and the time (the locale's short forms)."""
        local = _local(moment)
        locale = QLocale()
        time = locale.toString(local.time(), QLocale.FormatType.ShortFormat)
        if local.date() == QDateTime.currentDateTime().date():
            return time
        return f"{locale.toString(local.date(), QLocale.FormatType.ShortFormat)} {time}"

    def waiting_text(self, since: datetime) -> str:
        seconds = max(0.0, (self.now() - since).total_seconds())
        minutes = int(seconds // 60)
        if minutes < 60:
            return self.tr("Waiting %n min", "", max(1, minutes))
        hours = minutes // 60
        if hours < 24:
            return self.tr("Waiting %n h", "", hours)
        return self.tr("Waiting %n d", "", hours // 24)

    def rating_text(self, rating: int) -> str:
        rating = max(0, min(MAX_RATING, rating))
        return "★" * rating + "☆" * (MAX_RATING - rating)

    def ticket_text(self, ticket: TicketRef) -> str:
        return self.tr("#%1").replace("%1", str(ticket.number))

    def tooltip(self, index: Index) -> str:
        lines = [index.data(ChatRole.REQUESTER) or self.tr("Unknown requester")]
        client = index.data(ChatRole.CLIENT)
        if client:
            lines.append(self.tr("Client: %1").replace("%1", client))
        department = index.data(ChatRole.DEPARTMENT)
        if department:
            lines.append(self.tr("Department: %1").replace("%1", department))
        responsible = index.data(ChatRole.RESPONSIBLE)
        if responsible:
            lines.append(self.tr("Responsible: %1").replace("%1", responsible))
        origin = _origin(index)
        if origin is not None:
            lines.append(self.tr("Channel: %1").replace("%1", origin_label(origin)))
        status = _status(index)
        if status is not None:
            lines.append(self.tr("Status: %1").replace("%1", status_label(status)))
        created: datetime | None = index.data(ChatRole.CREATED_AT)
        if created is not None:
            lines.append(self.tr("Started: %1").replace("%1", self.started_text(created)))
        ticket: TicketRef | None = index.data(ChatRole.TICKET)
        if ticket is not None:
            lines.append(
                self.tr("Ticket #%1: %2")
                .replace("%1", str(ticket.number))
                .replace("%2", ticket.title)
            )
        rating: int | None = index.data(ChatRole.RATING)
        if rating is not None:
            lines.append(self.tr("Rated %1 of %2").replace("%1", str(rating)).replace("%2", "5"))
        unread = int(index.data(ChatRole.UNREAD) or 0)
        if unread:
            lines.append(self.tr("%n unread message(s)", "", unread))
        return "\n".join(lines)

    # --- Qt overrides -------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = QFontMetrics(option.font)  # pyright: ignore[reportAttributeAccessIssue]
        height = PAD + fm.height() + 2 * (LINE_GAP + fm.height()) + PAD
        return QSize(240, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colors = self._theme.colors
        rect: QRect = option.rect  # pyright: ignore[reportAttributeAccessIssue]
        state = option.state  # pyright: ignore[reportAttributeAccessIssue]
        base_font: QFont = option.font  # pyright: ignore[reportAttributeAccessIssue]
        painter.save()
        # Combining-mark floods (Zalgo) draw far above and below their line: never over the
        # neighbouring rows.
        painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, colors.selection)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, colors.hover)
        else:
            painter.fillRect(rect, colors.panel)
        painter.setPen(QPen(colors.border))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())

        fm = QFontMetrics(base_font)
        small = QFont(base_font)
        small.setPointSizeF(max(6.0, base_font.pointSizeF() * 0.88))
        small_fm = QFontMetrics(small)
        bold = QFont(base_font)
        bold.setBold(True)
        bold_fm = QFontMetrics(bold)
        line_h = fm.height()
        x = rect.left() + PAD
        top = rect.top() + PAD
        right = rect.right() - PAD

        # Channel icon, with the red dot of a new chat on its corner.
        origin = _origin(index)
        icon_rect = QRect(x, top, ICON, ICON)
        if origin is not None:
            origin_icon(origin).paint(painter, icon_rect)
        status = _status(index)
        archived = status is not None and status.archived
        if index.data(ChatRole.IS_NEW) and status is ChatStatus.WAITING_ATTENDANCE:
            dot = QRect(icon_rect.right() - DOT + 3, icon_rect.top() - 3, DOT, DOT)
            painter.setPen(QPen(colors.panel, 1.5))
            painter.setBrush(colors.badge)
            painter.drawEllipse(dot)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        text_x = x + ICON + GAP + 2

        # Line 1: requester, start date and time.
        created: datetime | None = index.data(ChatRole.CREATED_AT)
        when = self.started_text(created) if created is not None else ""
        painter.setFont(small)
        when_w = small_fm.horizontalAdvance(when)
        painter.setPen(colors.muted)
        line1 = QRect(text_x, top, right - text_x, line_h)
        painter.drawText(line1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        requester = index.data(ChatRole.REQUESTER) or self.tr("Unknown requester")
        painter.setFont(bold)
        painter.setPen(colors.text)
        name_w = max(0, right - text_x - when_w - GAP)
        painter.drawText(
            QRect(text_x, top, name_w, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bold_fm.elidedText(requester, Qt.TextElideMode.ElideRight, name_w),
        )

        # Line 2: client; the unread pill on the right.
        y2 = top + line_h + LINE_GAP
        unread = int(index.data(ChatRole.UNREAD) or 0)
        pill_w = 0
        if unread:
            label = "99+" if unread > 99 else str(unread)
            pill_h = small_fm.height() + 2
            pill_w = max(pill_h, small_fm.horizontalAdvance(label) + 10)
            pill = QRect(right - pill_w + 1, y2 + (line_h - pill_h) // 2, pill_w, pill_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.badge)
            painter.drawRoundedRect(pill, pill_h / 2, pill_h / 2)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setFont(small)
            painter.setPen(colors.badge_text)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
        client = index.data(ChatRole.CLIENT) or ""
        painter.setFont(base_font)
        painter.setPen(colors.muted)
        client_w = max(0, right - text_x - (pill_w + GAP if pill_w else 0))
        painter.drawText(
            QRect(text_x, y2, client_w, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(client, Qt.TextElideMode.ElideRight, client_w),
        )

        # Line 3: ticket, then how long the customer waits, or how the chat ended.
        y3 = y2 + line_h + LINE_GAP
        cx = text_x
        painter.setFont(small)
        ticket: TicketRef | None = index.data(ChatRole.TICKET)
        if ticket is not None:
            text = self.ticket_text(ticket)
            painter.setPen(colors.accent)
            painter.drawText(
                QRect(cx, y3, right - cx, line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            cx += small_fm.horizontalAdvance(text) + GAP * 2
        if status is not None:
            rating: int | None = index.data(ChatRole.RATING)
            since: datetime | None = index.data(ChatRole.WAITING_SINCE)
            if archived:
                text = status_label(status)
                painter.setPen(colors.danger if status is ChatStatus.CANCELED else colors.success)
            elif status in _CUSTOMER_WAITS and since is not None:
                text = self.waiting_text(since)
                painter.setPen(colors.warning)
            else:
                text = status_label(status)
                painter.setPen(colors.muted)
            room = max(0, right - cx)
            painter.drawText(
                QRect(cx, y3, room, line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                small_fm.elidedText(text, Qt.TextElideMode.ElideRight, room),
            )
            if archived and rating is not None:
                painter.setPen(colors.warning)
                painter.drawText(
                    QRect(cx, y3, right - cx, line_h),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    self.rating_text(rating),
                )
        painter.restore()

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            # Names come from customers: shown as text, never guessed to be markup.
            text = QtGui.Qt.convertFromPlainText(
                self.tooltip(index), Qt.WhiteSpaceMode.WhiteSpacePre
            )
            QToolTip.showText(event.globalPos(), text, view)
            return True
        return super().helpEvent(event, view, option, index)
