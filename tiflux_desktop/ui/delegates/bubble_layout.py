"""Where everything of one message row goes, computed once per row and width.

The delegate paints and hit-tests from a ``BubbleLayout``; building one wraps the text with
QTextLayout (no QTextDocument, no markup: the text is shown exactly as written) and places
the day separator, header, quote, attachment, menu, footer and failure row. Coordinates are
relative to the row's top-left corner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPointF, QRect, QSize, Qt, QTime
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption

from tiflux_desktop.domain import DeliveryStatus, Message, QuotedMessage
from tiflux_desktop.store import OutboxItem, OutboxState

from ..wording import size_text
from .bubble_kind import BubbleKind, bubble_kind
from .message_actions import MessageAction, is_image
from .whatsapp_menu import Menu, json_reply, menu_of

translate = QCoreApplication.translate

MARGIN_X = 12  # between the view's edge and a bubble
GAP = 3  # between two rows
GROUP_GAP = 8  # above a row that starts a new speaker
PAD_X = 10
PAD_Y = 7
RADIUS = 10
MAX_BUBBLE = 620
THUMB_MAX = QSize(260, 200)
THUMB_PLACEHOLDER = QSize(240, 150)
FILE_CARD_H = 46
# The most of a message's text a bubble lays out. Wrapping one unbroken line costs Qt time
# that grows with the square of its length (a 1 MB line froze the window for 40 s); the
# service keeps messages to 10,000 characters, but a channel may bring longer ones. The rest
# is not lost: Copy takes the whole text.
SHOWN_CHARS = 12_000
ICON = 16
SPACING = 5


@dataclass(slots=True)
class TextBlock:
    layout: QTextLayout
    origin: QPointF
    tone: str  # a Colors attribute: "text", "muted", "danger", "warning"


@dataclass(slots=True)
class FileCard:
    rect: QRect
    icon: QRect
    name: str
    name_rect: QRect
    detail: str
    detail_rect: QRect
    button: QRect | None  # Download / Open / percentage
    progress: QRect  # the bar under the name while a transfer runs


@dataclass(slots=True)
class Button:
    rect: QRect
    label: str
    action: MessageAction


@dataclass(slots=True)
class MenuRow:
    rect: QRect
    key: str
    label: str


@dataclass(slots=True)
class BubbleLayout:
    height: int
    kind: BubbleKind
    bubble: QRect
    text: str  # the body exactly as it is drawn (for copy and for tests)
    day: tuple[QRect, str] | None = None
    header: tuple[QRect, str] | None = None
    header_lock: QRect | None = None  # the internal comment's lock
    quote: QRect | None = None
    quote_author: tuple[QRect, str] | None = None
    quote_text: tuple[QRect, str] | None = None
    image: QRect | None = None
    files: list[FileCard] = field(default_factory=list[FileCard])
    blocks: list[TextBlock] = field(default_factory=list[TextBlock])
    menu: Menu | None = None
    menu_rows: list[MenuRow] = field(default_factory=list[MenuRow])
    footer: QRect | None = None
    time: str = ""
    ticks: QRect | None = None
    buttons: list[Button] = field(default_factory=list[Button])
    targets: list[tuple[QRect, MessageAction]] = field(
        default_factory=list[tuple[QRect, MessageAction]]
    )

    def hit(self, x: int, y: int) -> MessageAction | None:
        for rect, action in self.targets:
            if rect.contains(x, y):
                return action
        return None


@dataclass(frozen=True, slots=True)
class Fonts:
    body: QFont
    small: QFont
    bold: QFont
    small_bold: QFont

    @classmethod
    def of(cls, base: QFont) -> Fonts:
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.86))
        bold = QFont(base)
        bold.setBold(True)
        small_bold = QFont(small)
        small_bold.setBold(True)
        return cls(base, small, bold, small_bold)


def day_label(day: date, today: date) -> str:
    delta = (today - day).days
    if delta == 0:
        return translate("MessageBubble", "Today")
    if delta == 1:
        return translate("MessageBubble", "Yesterday")
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)


def time_label(at: datetime) -> str:
    local = at.astimezone()
    return QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)


def state_label(item: Message | OutboxItem) -> str:
    """The words after the time on the team's messages still in the outbox."""
    if isinstance(item, OutboxItem):
        return {
            OutboxState.QUEUED: translate("MessageBubble", "Queued"),
            OutboxState.SENDING: translate("MessageBubble", "Sending…"),
            OutboxState.FAILED: translate("MessageBubble", "Not sent"),
        }[item.state]
    return ""


def _wrap(text: str, font: QFont, width: int) -> tuple[QTextLayout, float, float]:
    """Plain text wrapped at ``width``: (layout, widest line, height)."""
    # QTextLayout breaks lines only at U+2028; a plain newline would be drawn as a box.
    layout = QTextLayout(text.replace("\r\n", "\n").replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    layout.beginLayout()
    y = 0.0
    widest = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return layout, widest, y


def _last_line_width(layout: QTextLayout) -> float:
    count = layout.lineCount()
    return layout.lineAt(count - 1).naturalTextWidth() if count else 0.0


@dataclass(frozen=True, slots=True)
class RowContext:
    """What a row's neighbours and the window add to it."""

    width: int  # the view's viewport
    show_day: bool
    show_header: bool
    quote: QuotedMessage | None
    thumbnail: QSize | None  # the scaled image, once downloaded
    today: date
    bot_name: str
    not_an_image: bool = False  # said to be an image, its bytes are not: a file card


def body_text(item: Message | OutboxItem) -> str:
    """What the bubble says, literally; a JSON reply to a menu shows the option chosen."""
    text = item.text or ""
    if not text and isinstance(item, Message) and item.media is not None and item.media.caption:
        text = item.media.caption  # the caption is the text; shown once
    if isinstance(item, OutboxItem) and not text and item.template_id is not None:
        text = translate("MessageBubble", "WhatsApp template message")
    return json_reply(text) or text


def lay_out(item: Message | OutboxItem, ctx: RowContext, fonts: Fonts) -> BubbleLayout:
    kind = bubble_kind(item)
    fm_small = QFontMetrics(fonts.small)
    fm_body = QFontMetrics(fonts.body)
    y = GROUP_GAP if ctx.show_header or ctx.show_day else GAP
    day: tuple[QRect, str] | None = None
    if ctx.show_day:
        label = day_label(item.created_at.astimezone().date(), ctx.today)
        w = fm_small.horizontalAdvance(label) + 24
        h = fm_small.height() + 8
        day = (QRect((ctx.width - w) // 2, y, w, h), label)
        y += h + GROUP_GAP
    text = body_text(item)
    hidden = max(0, len(text) - SHOWN_CHARS)
    if hidden:
        text = text[:SHOWN_CHARS] + "…"
    if kind is BubbleKind.EVENT:
        return _event(item, text, ctx, fonts, y, day)

    max_bubble = max(120, min(MAX_BUBBLE, int(ctx.width * 0.78) - MARGIN_X))
    inner = max_bubble - 2 * PAD_X
    out = BubbleLayout(0, kind, QRect(), text, day=day)
    cy = PAD_Y  # inside the bubble, from its top
    need = 0.0  # the content's natural width

    # Header: who speaks. An internal comment always says so, with its lock.
    header_text = _header(item, kind, ctx)
    if header_text is not None:
        x = 0
        if kind is BubbleKind.INTERNAL:
            out.header_lock = QRect(0, cy + (fm_small.height() - ICON) // 2, ICON, ICON)
            x = ICON + 4
        w = min(inner - x, QFontMetrics(fonts.small_bold).horizontalAdvance(header_text) + 2)
        out.header = (QRect(x, cy, w, fm_small.height()), header_text)
        need = max(need, x + w)
        cy += fm_small.height() + 3

    # The quoted message: its author and first lines, on a tinted block.
    if ctx.quote is not None:
        author = ctx.quote.author.name or translate("MessageBubble", "Quoted message")
        # Two lines at most are shown: a long quote is not measured whole.
        quoted = " ".join((ctx.quote.text or "")[:1000].split()) or translate(
            "MessageBubble", "(attachment)"
        )
        qw = min(
            inner,
            max(
                QFontMetrics(fonts.small_bold).horizontalAdvance(author),
                fm_small.horizontalAdvance(quoted),
            )
            + 16,
        )
        qw = max(qw, min(inner, 140))
        lines = 1 if fm_small.horizontalAdvance(quoted) <= qw - 16 else 2
        qh = 6 + fm_small.height() * (1 + lines) + 6
        out.quote = QRect(0, cy, qw, qh)
        out.quote_author = (QRect(10, cy + 6, qw - 16, fm_small.height()), author)
        out.quote_text = (
            QRect(10, cy + 6 + fm_small.height(), qw - 16, fm_small.height() * lines),
            quoted,
        )
        out.targets.append((out.quote, MessageAction.SHOW_QUOTED))
        need = max(need, qw)
        cy += qh + SPACING

    # The attachment: a thumbnail for images, a card (name, size, Download) otherwise.
    for name, content_type, size, downloadable in _attachments(item):
        if is_image(content_type, name) and not ctx.not_an_image and out.image is None:
            size_ = (ctx.thumbnail or THUMB_PLACEHOLDER).scaled(
                QSize(min(THUMB_MAX.width(), inner), THUMB_MAX.height()),
                Qt.AspectRatioMode.KeepAspectRatio,
            )
            size_ = size_.boundedTo(QSize(min(THUMB_MAX.width(), inner), THUMB_MAX.height()))
            out.image = QRect(0, cy, max(48, size_.width()), max(48, size_.height()))
            out.targets.append((out.image, MessageAction.OPEN))
            need = max(need, out.image.width())
            cy += out.image.height() + SPACING
            continue
        card_w = min(inner, 300)
        button_w = (
            max(
                fm_small.horizontalAdvance(translate("MessageBubble", "Download")),
                fm_small.horizontalAdvance(translate("MessageBubble", "Open")),
                fm_small.horizontalAdvance("100%"),
            )
            + 16
            if downloadable
            else 0
        )
        rect = QRect(0, cy, card_w, FILE_CARD_H)
        icon = QRect(8, cy + (FILE_CARD_H - 26) // 2, 26, 26)
        text_x = icon.right() + 8
        text_w = card_w - text_x - (button_w + 12 if downloadable else 8)
        name_rect = QRect(text_x, cy + 6, text_w, fm_body.height())
        detail_rect = QRect(text_x, name_rect.bottom() + 2, text_w, fm_small.height())
        button = (
            QRect(card_w - button_w - 8, cy + (FILE_CARD_H - 24) // 2, button_w, 24)
            if downloadable
            else None
        )
        card = FileCard(
            rect,
            icon,
            fm_body.elidedText(name, Qt.TextElideMode.ElideMiddle, text_w),
            name_rect,
            size_text(size),
            detail_rect,
            button,
            QRect(text_x, rect.bottom() - 4, text_w, 3),
        )
        out.files.append(card)
        if button is not None:
            out.targets.append((button, MessageAction.DOWNLOAD))
            out.targets.append((rect, MessageAction.OPEN))
        need = max(need, card_w)
        cy += FILE_CARD_H + SPACING

    # The text itself, or a WhatsApp menu as its question and options.
    menu = menu_of(text, from_bot=kind is BubbleKind.BOT) if text else None
    last_text: TextBlock | None = None
    if menu is not None:
        out.menu = menu
        if menu.text:
            layout, widest, h = _wrap(menu.text, fonts.body, inner)
            last_text = TextBlock(layout, QPointF(0, cy), "text")
            out.blocks.append(last_text)
            need = max(need, widest)
            cy += int(h) + SPACING
        row_h = fm_body.height() + 10
        for option in menu.options:
            label = option.label + (f" — {option.description}" if option.description else "")
            key_w = fm_body.horizontalAdvance(option.key) + 12 if option.key else 0
            w = min(inner, key_w + fm_body.horizontalAdvance(label) + 24)
            out.menu_rows.append(
                MenuRow(
                    QRect(0, cy, w, row_h),
                    option.key,
                    fm_body.elidedText(label, Qt.TextElideMode.ElideRight, w - key_w - 16),
                )
            )
            need = max(need, w)
            cy += row_h + 4
        if menu.footer:
            layout, widest, h = _wrap(menu.footer, fonts.small, inner)
            out.blocks.append(TextBlock(layout, QPointF(0, cy), "muted"))
            need = max(need, widest)
            cy += int(h) + SPACING
        last_text = None
    elif text:
        layout, widest, h = _wrap(text, fonts.body, inner)
        last_text = TextBlock(layout, QPointF(0, cy), "text")
        out.blocks.append(last_text)
        need = max(need, widest)
        cy += int(h)
        if hidden:
            note = translate(
                "MessageBubble", "Characters not shown: %1. Copy takes the whole text."
            ).replace("%1", QLocale().toString(hidden))
            layout, widest, h = _wrap(note, fonts.small, inner)
            cy += SPACING
            last_text = TextBlock(layout, QPointF(0, cy), "muted")
            out.blocks.append(last_text)
            need = max(need, widest)
            cy += int(h)
    else:
        cy -= SPACING if (out.files or out.image) else 0

    # Footer: the time, the state of a pending item, the delivery ticks.
    out.time = time_label(item.created_at)
    state = state_label(item)
    footer_text = out.time + (f"  {state}" if state else "")
    has_ticks = kind.ours and kind is not BubbleKind.INTERNAL and _tick_status(item) is not None
    footer_w = fm_small.horizontalAdvance(footer_text) + (ICON + 4 if has_ticks else 0)
    footer_h = fm_small.height()
    if last_text is not None and _last_line_width(last_text.layout) + 12 + footer_w <= inner:
        # Beside the last line when it fits, as chat apps do: shorter bubbles.
        fy = cy - footer_h
        need = max(need, _last_line_width(last_text.layout) + 12 + footer_w)
    else:
        fy = cy + 2
        cy = fy + footer_h
        need = max(need, footer_w)
    content_w = int(min(inner, max(need, 40))) + 1
    out.footer = QRect(content_w - footer_w, fy, footer_w, footer_h)
    out.time = footer_text
    if has_ticks:
        out.ticks = QRect(out.footer.right() - ICON + 1, fy + (footer_h - ICON) // 2, ICON, ICON)
    cy += PAD_Y

    # Failure: the reason and what can be done about it.
    failure = _failure(item)
    if failure is not None:
        reason, actions = failure
        layout, widest, h = _wrap(reason, fonts.small, inner)
        cy += 2
        out.blocks.append(TextBlock(layout, QPointF(0, cy), "danger"))
        cy += int(h) + 4
        x = 0
        for action, label in actions:
            bw = fm_small.horizontalAdvance(label) + 20
            out.buttons.append(Button(QRect(x, cy, bw, fm_small.height() + 10), label, action))
            x += bw + 6
        need_w = max(widest, x - 6)
        content_w = int(min(inner, max(content_w, need_w))) + 1
        cy += fm_small.height() + 10 + PAD_Y
        # The footer stays right-aligned on the wider bubble.
        out.footer.moveLeft(content_w - footer_w)
        if out.ticks is not None:
            out.ticks.moveLeft(out.footer.right() - ICON + 1)

    bubble_w = content_w + 2 * PAD_X
    bx = ctx.width - MARGIN_X - bubble_w if kind.ours else MARGIN_X
    out.bubble = QRect(bx, y, bubble_w, cy)
    _shift(out, bx + PAD_X, y)
    out.targets += [(b.rect, b.action) for b in out.buttons]
    out.height = y + cy + GAP
    return out


def _header(item: Message | OutboxItem, kind: BubbleKind, ctx: RowContext) -> str | None:
    name = item.author.name if isinstance(item, Message) else ""
    if kind is BubbleKind.INTERNAL:
        label = translate("MessageBubble", "Internal comment")
        return f"{label} · {name}" if name else label
    if not ctx.show_header or isinstance(item, OutboxItem):
        return None
    if kind is BubbleKind.BOT:
        return f"{name or ctx.bot_name} · " + translate("MessageBubble", "Bot")
    return name or None


def _attachments(item: Message | OutboxItem) -> list[tuple[str, str, int, bool]]:
    """(file name, content type, size, downloadable) of each attachment."""
    if isinstance(item, Message):
        m = item.media
        return [] if m is None else [(m.filename, m.content_type, m.size, True)]
    return [(f.filename, f.content_type, f.size, False) for f in item.files]


def _tick_status(item: Message | OutboxItem) -> DeliveryStatus | None:
    if isinstance(item, OutboxItem):
        return DeliveryStatus.QUEUED if item.state is not OutboxState.FAILED else None
    return item.status


def tick_status(item: Message | OutboxItem) -> DeliveryStatus | None:
    return _tick_status(item)


def _failure(
    item: Message | OutboxItem,
) -> tuple[str, list[tuple[MessageAction, str]]] | None:
    retry = (MessageAction.RETRY, translate("MessageBubble", "Retry"))
    if isinstance(item, OutboxItem):
        if item.state is not OutboxState.FAILED:
            return None
        reason = (
            translate("MessageBubble", "Not sent: %1").replace("%1", item.error_message)
            if item.error_message
            else translate("MessageBubble", "Not sent.")
        )
        return reason, [retry, (MessageAction.DISCARD, translate("MessageBubble", "Discard"))]
    if item.status is not DeliveryStatus.FAILED:
        return None
    reason = (
        translate("MessageBubble", "Not delivered: %1").replace("%1", item.status_reason)
        if item.status_reason
        else translate("MessageBubble", "Not delivered.")
    )
    return reason, [retry] if item.text and item.media is None else []


def _event(
    item: Message | OutboxItem,
    text: str,
    ctx: RowContext,
    fonts: Fonts,
    y: int,
    day: tuple[QRect, str] | None,
) -> BubbleLayout:
    """A team note: a small centred line with its time."""
    line = f"{text} · {time_label(item.created_at)}" if text else time_label(item.created_at)
    inner = max(80, ctx.width - 2 * 48)
    layout, widest, h = _wrap(line, fonts.small, inner)
    w = int(widest) + 1
    x = (ctx.width - w) // 2
    # Each line centred within the widest one.
    for i in range(layout.lineCount()):
        ln = layout.lineAt(i)
        ln.setPosition(QPointF((w - ln.naturalTextWidth()) / 2, ln.position().y()))
    bubble = QRect(x - 10, y, w + 20, int(h) + 6)
    out = BubbleLayout(0, BubbleKind.EVENT, bubble, text, day=day)
    out.blocks.append(TextBlock(layout, QPointF(x, y + 3), "muted"))
    out.height = y + bubble.height() + GAP + 2
    return out


def _shift(out: BubbleLayout, dx: int, dy: int) -> None:
    """From the bubble's content coordinates to the row's."""
    rects: list[QRect | None] = [
        out.header[0] if out.header else None,
        out.header_lock,
        out.quote,
        out.quote_author[0] if out.quote_author else None,
        out.quote_text[0] if out.quote_text else None,
        out.image,
        out.footer,
        out.ticks,
    ]
    for card in out.files:
        rects += [
            card.rect,
            card.icon,
            card.name_rect,
            card.detail_rect,
            card.button,
            card.progress,
        ]
    rects += [row.rect for row in out.menu_rows]
    rects += [b.rect for b in out.buttons]
    seen: set[int] = set()
    for rect in rects:
        # A rect also listed as a target is the same object: moved once.
        if rect is not None and id(rect) not in seen:
            seen.add(id(rect))
            rect.translate(dx, dy)
    for rect, _ in out.targets:
        if id(rect) not in seen:
            seen.add(id(rect))
            rect.translate(dx, dy)
    for block in out.blocks:
        block.origin = QPointF(block.origin.x() + dx, block.origin.y() + dy)
