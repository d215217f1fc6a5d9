"""Paints the open chat's messages as bubbles, from the model's roles only.

Customer on the left; the attendant, the bot (under its name) and internal comments (yellow,
"Internal comment" and a lock) on the right; team notes as small centred lines; a day
separator above the first message of each day. Layouts are cached per row and width (a
switch of chat may change the view's width and back: neither width is laid out again), in
two bounded LRUs: the rows' heights, cheap, which sizeHint answers from for every row, and
fewer full layouts (wrapped text), for the rows painted or clicked. Clicks on the painted
buttons (Retry, Discard, Download, a thumbnail, a quote) become ``action_requested``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from datetime import date
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from tiflux_desktop.domain import DeliveryStatus, Message, QuotedMessage
from tiflux_desktop.store import OutboxItem

from ..icons import icon
from ..models.message_list import MessageRole, Transfer
from ..theme import Colors, Theme
from ..wording import delivery_label
from .bubble_kind import BubbleKind, bubble_kind
from .bubble_layout import (
    RADIUS,
    BubbleLayout,
    Fonts,
    RowContext,
    lay_out,
    tick_status,
)
from .message_actions import MessageAction, is_image

Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate

LAYOUTS_KEPT = 600  # full layouts (wrapped text): several screens of rows at two widths
HEIGHTS_KEPT = 5000  # row heights; never fewer than two per row shown (two widths)

_Signature = tuple[Any, ...]  # everything a row's layout depends on, besides the width


@cache
def _tinted(name: str, rgba: int, size: int) -> QPixmap:
    """An icon in one colour of the theme (the SVGs are drawn in black)."""
    pixmap = icon(name).pixmap(size, size)
    painter = QPainter(pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), QColor.fromRgba(rgba))
    painter.end()
    return pixmap


def _local_day(item: Message | OutboxItem) -> date:
    return item.created_at.astimezone().date()


def _has_image(item: Message | OutboxItem) -> bool:
    if isinstance(item, Message):
        return item.media is not None and is_image(item.media.content_type, item.media.filename)
    return any(is_image(f.content_type, f.filename) for f in item.files)


class MessageBubbleDelegate(QStyledItemDelegate):
    action_requested = Signal(object, object)  # (MessageAction, row key)
    thumbnail_wanted = Signal(object)  # row key of an image shown without its thumbnail

    def __init__(self, theme: Theme, bot_name: str, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._theme = theme
        self._view = view
        self.bot_name = bot_name
        self._fonts = Fonts.of(view.font())
        # (row key, width) -> (signature, layout / height), least recently used first.
        self._layouts: OrderedDict[tuple[object, int], tuple[_Signature, BubbleLayout]] = (
            OrderedDict()
        )
        self._heights: OrderedDict[tuple[object, int], tuple[_Signature, int]] = OrderedDict()
        self._asked: set[object] = set()
        self._day = (0.0, date.today())  # (when it was read, today): read once a second
        theme.changed.connect(self.clear_cache)

    # --- our API ------------------------------------------------------------------------

    def clear_cache(self) -> None:
        self._layouts.clear()
        self._heights.clear()
        self._fonts = Fonts.of(self._view.font())
        self._view.viewport().update()

    def forget_requests(self) -> None:
        """Another chat: its thumbnails may be asked for again."""
        self._asked.clear()

    def layout_for(self, index: Index) -> BubbleLayout:
        """The row's layout at the view's current width (cached)."""
        width = self._width()
        item, key, signature = self._signature(index)
        found = self._layouts.get((key, width))
        if found is not None and found[0] == signature:
            self._layouts.move_to_end((key, width))
            return found[1]
        return self._lay_out(index, item, key, width, signature)

    def height_for(self, index: Index) -> int:
        """The row's height at the view's current width: what sizeHint needs, for every
        row at each layout pass, without keeping every row's wrapped text."""
        width = self._width()
        item, key, signature = self._signature(index)
        found = self._heights.get((key, width))
        if found is not None and found[0] == signature:
            self._heights.move_to_end((key, width))
            return found[1]
        return self._lay_out(index, item, key, width, signature).height

    def _width(self) -> int:
        return max(200, self._view.viewport().width())

    def _signature(self, index: Index) -> tuple[Message | OutboxItem, object, _Signature]:
        # Few role reads per row: sizeHint runs for every row at each layout pass.
        item: Message | OutboxItem = index.data(MessageRole.ITEM)
        key = item.id if isinstance(item, Message) else item.client_message_id
        show_day, show_header = self._context(index, item)
        has_quote = (
            item.quoted_message is not None
            if isinstance(item, Message)
            else item.quoted_message_id is not None
        )
        quote: QuotedMessage | None = index.data(MessageRole.QUOTE) if has_quote else None
        image = _has_image(item)
        thumb: QImage | None = index.data(MessageRole.THUMBNAIL) if image else None
        not_an_image = bool(image and index.data(MessageRole.NOT_AN_IMAGE))
        signature = (
            item,
            show_day,
            show_header,
            quote,
            (thumb.width(), thumb.height()) if thumb is not None else None,
            self._today(),
            self.bot_name,
            not_an_image,
        )
        return item, key, signature

    def _lay_out(
        self,
        index: Index,
        item: Message | OutboxItem,
        key: object,
        width: int,
        signature: _Signature,
    ) -> BubbleLayout:
        _item, show_day, show_header, quote, thumb, today, bot_name, not_an_image = signature
        ctx = RowContext(
            width,
            show_day,
            show_header,
            quote,
            QSize(*thumb) if thumb is not None else None,
            today,
            bot_name,
            not_an_image,
        )
        layout = lay_out(item, ctx, self._fonts)
        self._layouts[(key, width)] = (signature, layout)
        self._layouts.move_to_end((key, width))
        while len(self._layouts) > LAYOUTS_KEPT:
            self._layouts.popitem(last=False)
        self._heights[(key, width)] = (signature, layout.height)
        self._heights.move_to_end((key, width))
        # Never fewer than the rows shown, at two widths: a layout pass over every row must
        # not push out the rows it is about to ask for again.
        kept = max(HEIGHTS_KEPT, 2 * index.model().rowCount())
        while len(self._heights) > kept:
            self._heights.popitem(last=False)
        return layout

    def _today(self) -> date:
        now = time.monotonic()
        if now - self._day[0] > 1.0:
            self._day = (now, date.today())
        return self._day[1]

    # --- Qt overrides -------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self._width(), self.height_for(index))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        layout = self.layout_for(index)
        item: Message | OutboxItem = index.data(MessageRole.ITEM)
        c = self._theme.colors
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        painter.save()
        # Combining-mark floods (Zalgo) draw far above and below their line: never over the
        # neighbouring rows.
        painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(rect.topLeft())
        if layout.day is not None:
            self._paint_day(painter, layout.day, c)
        if layout.kind is BubbleKind.EVENT:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c.chip)
            painter.drawRoundedRect(layout.bubble, 8, 8)
            self._paint_blocks(painter, layout, c)
        else:
            self._paint_bubble(painter, layout, item, index, c)
        focused = bool(state & QStyle.StateFlag.State_HasFocus) or bool(
            state & QStyle.StateFlag.State_Selected
        )
        if focused and self._view.hasFocus():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(c.accent, 2))
            painter.drawRoundedRect(layout.bubble.adjusted(-2, -2, 2, 2), RADIUS + 2, RADIUS + 2)
        painter.restore()
        if layout.image is not None and index.data(MessageRole.THUMBNAIL) is None:
            key = index.data(MessageRole.KEY)
            if key not in self._asked:
                self._asked.add(key)
                self.thumbnail_wanted.emit(key)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove):
            return False
        assert isinstance(event, QMouseEvent)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        at = event.position().toPoint() - rect.topLeft()
        action = self.layout_for(index).hit(at.x(), at.y())
        if kind == QEvent.Type.MouseMove:
            cursor = Qt.CursorShape.PointingHandCursor if action else Qt.CursorShape.ArrowCursor
            self._view.viewport().setCursor(cursor)
            return False
        if action is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        if action is MessageAction.DOWNLOAD and index.data(MessageRole.LOCAL_FILE):
            action = MessageAction.OPEN  # the button says Open once the file is here
        if action is MessageAction.DOWNLOAD and index.data(MessageRole.TRANSFER) is not None:
            return True  # already under way
        self.action_requested.emit(action, index.data(MessageRole.KEY))
        return True

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        layout = self.layout_for(index)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        at = event.pos() - rect.topLeft()
        item: Message | OutboxItem = index.data(MessageRole.ITEM)
        status = tick_status(item)
        tip = None
        if layout.footer is not None and layout.footer.contains(at) and status is not None:
            tip = delivery_label(status)
        elif (
            layout.header_lock is not None
            and layout.header is not None
            and layout.header_lock.united(layout.header[0]).contains(at)
        ):
            tip = translate(
                "MessageBubble", "Only the team sees internal comments; the customer does not."
            )
        if tip is None:
            QToolTip.hideText()
            return True
        QToolTip.showText(event.globalPos(), tip, view)
        return True

    # --- painting -----------------------------------------------------------------------

    def _context(self, index: Index, item: Message | OutboxItem) -> tuple[bool, bool]:
        """(day separator above, speaker's name shown): from the row above."""
        row = index.row()
        if row == 0:
            return True, True
        previous: Message | OutboxItem = index.model().index(row - 1, 0).data(MessageRole.ITEM)
        if _local_day(previous) != _local_day(item):
            return True, True
        kind = bubble_kind(item)
        if bubble_kind(previous) is not kind:
            return False, True
        if isinstance(item, Message) and isinstance(previous, Message):
            return False, previous.author != item.author
        return False, isinstance(previous, OutboxItem) != isinstance(item, OutboxItem)

    def _paint_day(self, painter: QPainter, day: tuple[QRect, str], c: Colors) -> None:
        rect, label = day
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.chip)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setFont(self._fonts.small_bold)
        painter.setPen(c.muted)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_bubble(
        self,
        painter: QPainter,
        layout: BubbleLayout,
        item: Message | OutboxItem,
        index: Index,
        c: Colors,
    ) -> None:
        fill, border = {
            BubbleKind.CUSTOMER: (c.customer_bubble, c.border),
            BubbleKind.ATTENDANT: (c.attendant_bubble, None),
            BubbleKind.BOT: (c.bot_bubble, None),
            BubbleKind.INTERNAL: (c.internal_bubble, c.internal_border),
        }[layout.kind]
        bubble = QRectF(layout.bubble)
        path = QPainterPath()
        path.addRoundedRect(bubble, RADIUS, RADIUS)
        painter.setPen(
            QPen(border, 1.5 if layout.kind is BubbleKind.INTERNAL else 1)
            if border
            else Qt.PenStyle.NoPen
        )
        painter.setBrush(fill)
        if isinstance(item, OutboxItem) and not layout.buttons:
            painter.setOpacity(0.85)  # not confirmed yet
        painter.drawPath(path)
        painter.setOpacity(1.0)
        if layout.kind is BubbleKind.INTERNAL:
            # A dashed inner edge as well as the colour: private even to a colour-blind eye.
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(c.internal_border, 1, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(bubble.adjusted(3, 3, -3, -3), RADIUS - 3, RADIUS - 3)

        if layout.header is not None:
            rect, text = layout.header
            tone = {
                BubbleKind.INTERNAL: c.warning,
                BubbleKind.BOT: c.accent,
                BubbleKind.ATTENDANT: c.accent,
                BubbleKind.CUSTOMER: c.success,
            }[layout.kind]
            if layout.header_lock is not None:
                painter.drawPixmap(
                    layout.header_lock,
                    _tinted("msg-lock", tone.rgba(), layout.header_lock.width() * 2),
                )
            painter.setFont(self._fonts.small_bold)
            painter.setPen(tone)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

        if layout.quote is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            shade = QColor(c.text)
            shade.setAlphaF(0.07)
            painter.setBrush(shade)
            painter.drawRoundedRect(layout.quote, 6, 6)
            painter.setBrush(c.accent)
            painter.drawRect(
                QRect(layout.quote.left(), layout.quote.top() + 2, 3, layout.quote.height() - 4)
            )
            if layout.quote_author is not None:
                r, t = layout.quote_author
                painter.setFont(self._fonts.small_bold)
                painter.setPen(c.accent)
                painter.drawText(
                    r,
                    Qt.AlignmentFlag.AlignLeft,
                    painter.fontMetrics().elidedText(t, Qt.TextElideMode.ElideRight, r.width()),
                )
            if layout.quote_text is not None:
                r, t = layout.quote_text
                painter.setFont(self._fonts.small)
                painter.setPen(c.muted)
                painter.drawText(r, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, t)

        transfer: Transfer | None = index.data(MessageRole.TRANSFER)
        if layout.image is not None:
            thumb: QImage | None = index.data(MessageRole.THUMBNAIL)
            if thumb is not None:
                clip = QPainterPath()
                clip.addRoundedRect(QRectF(layout.image), 6, 6)
                painter.save()
                painter.setClipPath(clip)
                painter.drawImage(layout.image, thumb)
                painter.restore()
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(c.chip)
                painter.drawRoundedRect(layout.image, 6, 6)
                s = 32
                centre = layout.image.center()
                painter.drawPixmap(
                    QRect(centre.x() - s // 2, centre.y() - s // 2, s, s),
                    _tinted("msg-image", c.muted.rgba(), s * 2),
                )
            if transfer is not None and isinstance(item, Message):
                self._paint_progress(
                    painter,
                    QRect(
                        layout.image.left() + 8,
                        layout.image.bottom() - 8,
                        layout.image.width() - 16,
                        4,
                    ),
                    transfer,
                    c,
                )

        for card in layout.files:
            painter.setPen(Qt.PenStyle.NoPen)
            shade = QColor(c.text)
            shade.setAlphaF(0.06)
            painter.setBrush(shade)
            painter.drawRoundedRect(card.rect, 8, 8)
            painter.drawPixmap(
                card.icon, _tinted("msg-file", c.accent.rgba(), card.icon.width() * 2)
            )
            painter.setFont(self._fonts.body)
            painter.setPen(c.text)
            painter.drawText(
                card.name_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                card.name,
            )
            painter.setFont(self._fonts.small)
            painter.setPen(c.muted)
            painter.drawText(
                card.detail_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                card.detail,
            )
            if transfer is not None:
                self._paint_progress(painter, card.progress, transfer, c)
            if card.button is not None:
                if transfer is not None:
                    fraction = transfer.fraction
                    label = f"{round(fraction * 100)}%" if fraction is not None else "…"
                elif index.data(MessageRole.LOCAL_FILE):
                    label = translate("MessageBubble", "Open")
                else:
                    label = translate("MessageBubble", "Download")
                self._paint_button(painter, card.button, label, c, primary=transfer is None)

        if layout.menu_rows:
            for row in layout.menu_rows:
                painter.setPen(QPen(c.border, 1))
                painter.setBrush(c.panel)
                painter.drawRoundedRect(row.rect, 6, 6)
                x = row.rect.left() + 8
                if row.key:
                    painter.setFont(self._fonts.bold)
                    painter.setPen(c.accent)
                    key_w = painter.fontMetrics().horizontalAdvance(row.key)
                    painter.drawText(
                        QRect(x, row.rect.top(), key_w + 4, row.rect.height()),
                        Qt.AlignmentFlag.AlignVCenter,
                        row.key,
                    )
                    x += key_w + 12
                painter.setFont(self._fonts.body)
                painter.setPen(c.text)
                painter.drawText(
                    QRect(x, row.rect.top(), row.rect.right() - x - 4, row.rect.height()),
                    Qt.AlignmentFlag.AlignVCenter,
                    row.label,
                )

        self._paint_blocks(painter, layout, c)

        if layout.footer is not None:
            painter.setFont(self._fonts.small)
            painter.setPen(c.muted)
            text_rect = QRect(layout.footer)
            if layout.ticks is not None:
                text_rect.setRight(layout.ticks.left() - 4)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, layout.time
            )
            if layout.ticks is not None:
                self._paint_ticks(painter, layout.ticks, tick_status(item), c)
        if (
            isinstance(item, OutboxItem)
            and transfer is not None
            and not layout.files
            and layout.image is None
        ):
            self._paint_progress(
                painter,
                QRect(
                    layout.bubble.left() + 8,
                    layout.bubble.bottom() - 4,
                    layout.bubble.width() - 16,
                    3,
                ),
                transfer,
                c,
            )

        for button in layout.buttons:
            self._paint_button(
                painter, button.rect, button.label, c, primary=button.action is MessageAction.RETRY
            )

    def _paint_blocks(self, painter: QPainter, layout: BubbleLayout, c: Colors) -> None:
        for block in layout.blocks:
            painter.setPen(getattr(c, block.tone))
            block.layout.draw(painter, block.origin)

    def _paint_button(
        self, painter: QPainter, rect: QRect, label: str, c: Colors, *, primary: bool
    ) -> None:
        painter.setFont(self._fonts.small_bold)
        if primary:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c.accent)
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(c.accent_text)
        else:
            painter.setPen(QPen(c.border, 1))
            painter.setBrush(c.panel)
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(c.text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_progress(
        self, painter: QPainter, rect: QRect, transfer: Transfer, c: Colors
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.border)
        painter.drawRoundedRect(rect, 1.5, 1.5)
        fraction = transfer.fraction
        done = QRect(rect)
        done.setWidth(int(rect.width() * (fraction if fraction is not None else 0.3)))
        painter.setBrush(c.accent)
        painter.drawRoundedRect(done, 1.5, 1.5)

    def _paint_ticks(
        self, painter: QPainter, rect: QRect, status: DeliveryStatus | None, c: Colors
    ) -> None:
        if status is None:
            return
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x, y = rect.left(), rect.top()
        if status is DeliveryStatus.QUEUED:  # a small clock
            painter.setPen(QPen(c.muted, 1.3))
            centre = QPointF(x + 8, y + 8)
            painter.drawEllipse(centre, 5.5, 5.5)
            painter.drawLine(centre, QPointF(x + 8, y + 4.5))
            painter.drawLine(centre, QPointF(x + 10.5, y + 8))
        elif status is DeliveryStatus.FAILED:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c.danger)
            painter.drawEllipse(QPointF(x + 8, y + 8), 6.5, 6.5)
            painter.setPen(QPen(c.badge_text, 1.8))
            painter.drawLine(QPointF(x + 8, y + 4.5), QPointF(x + 8, y + 9))
            painter.drawPoint(QPointF(x + 8, y + 11.5))
        else:
            colour = c.accent if status is DeliveryStatus.READ else c.muted
            painter.setPen(QPen(colour, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            offsets = [0.0] if status is DeliveryStatus.SENT else [-2.5, 2.0]
            for dx in offsets:
                painter.drawLine(QPointF(x + 3 + dx, y + 8.5), QPointF(x + 6 + dx, y + 11.5))
                painter.drawLine(QPointF(x + 6 + dx, y + 11.5), QPointF(x + 12 + dx, y + 4.5))
        painter.restore()
