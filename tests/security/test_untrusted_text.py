"""What customers write reaches the screen as text: HTML, scripts, Markdown and rich-text
markers are shown as typed, nothing is loaded or run, and a hostile message (a 1 MB line,
10,000 emojis, a flood of combining marks, bidi overrides) neither freezes the window nor
draws over its neighbours. The same holds for the chat header, desktop notifications and the
website widget."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import time
import unicodedata
from datetime import UTC, datetime
from importlib import resources

import pytest
from PySide6.QtCore import QLocale, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from tiflux_desktop.domain import Author, AuthorType, Message, Ref
from tiflux_desktop.store import ChatEntry
from tiflux_desktop.ui.delegates.bubble_layout import SHOWN_CHARS, body_text
from tiflux_desktop.ui.delegates.message_bubble import MessageBubbleDelegate
from tiflux_desktop.ui.models.message_list import MessageListModel
from tiflux_desktop.ui.panes.chat_header import ChatHeader
from tiflux_desktop.ui.theme import Theme
from tiflux_desktop.ui.tray import as_notification_text
from tiflux_desktop.ui.widgets.message_view import MessageView
from unit.domain_factories import attendant, chat

MARKUP = (
    "<b>negrito</b> <i>x</i> <img src='http://127.0.0.1:9/pixel.png'> "
    '<a href="javascript:alert(1)">clique</a> <script>alert(document.cookie)</script> '
    "**markdown** _it_ [link](http://x) &lt;entity&gt; <style>*{display:none}</style>"
)
ZALGO = ("Z" + "\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308" * 40) * 300
NASTY: dict[str, str] = {
    "markup": MARKUP,
    "1 MB line": "a" * 1_000_000,
    "1 MB of words": "palavra " * 125_000,
    "10,000 emojis": "😀👨‍👩‍👧‍👦🇧🇷" * 3334,
    "zalgo": ZALGO,
    "bidi and zero-width": ("\u202eabc\u200b\u200d\u2066def\u2069" * 20_000),
}
CUSTOMER = Author(AuthorType.CLIENT, 9, "<b>João</b>\u202e")


def _view(qtbot, messages: list[Message]) -> tuple[MessageView, MessageBubbleDelegate]:
    model = MessageListModel()
    model.load(1, messages)
    view = MessageView()
    view.setModel(model)
    delegate = MessageBubbleDelegate(Theme("light"), "TIFLUX Testes", view)
    view.setItemDelegate(delegate)
    qtbot.addWidget(view)
    view.resize(700, 800)
    view.show()
    return view, delegate


@pytest.mark.parametrize("case", list(NASTY))
def test_a_hostile_message_is_literal_text_laid_out_in_bounded_length(qtbot, case: str) -> None:
    text = NASTY[case]
    message = Message(1, 1, CUSTOMER, datetime.now(UTC), text=text)
    started = time.perf_counter()
    view, delegate = _view(qtbot, [message])
    layout = delegate.layout_for(view.model().index(0, 0))
    laid_out = time.perf_counter() - started
    started = time.perf_counter()
    view.grab()
    painted = time.perf_counter() - started
    print(f"\n{case}: layout {laid_out * 1000:.0f} ms, paint {painted * 1000:.0f} ms")
    # Drawn with QTextLayout: the characters themselves, never parsed as markup.
    drawn = layout.blocks[0].layout.text().replace("\u2028", "\n")
    assert drawn == layout.text
    assert layout.text == text[:SHOWN_CHARS] + ("…" if len(text) > SHOWN_CHARS else "")
    if len(text) > SHOWN_CHARS:
        # The rest is said, and Copy (body_text) still takes all of it.
        note = layout.blocks[1].layout.text()
        assert f"not shown: {QLocale().toString(len(text) - SHOWN_CHARS)}." in note
        assert body_text(message) == text
    assert layout.header is not None
    assert layout.header[1] == "<b>João</b>\u202e"  # the name as written, painted as text


def test_combining_marks_never_draw_over_the_neighbouring_rows(qtbot) -> None:
    message = Message(1, 1, CUSTOMER, datetime.now(UTC), text=ZALGO[:3000])
    view, delegate = _view(qtbot, [message])
    index = view.model().index(0, 0)
    height = delegate.layout_for(index).height
    image = QImage(700, height + 400, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 200, 700, height)  # pyright: ignore[reportAttributeAccessIssue]
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    outside = [
        (x, y)
        for y in [*range(0, 200), *range(200 + height, height + 400)]
        for x in range(0, 700, 7)
        if image.pixelColor(x, y) != QColor(Qt.GlobalColor.transparent)
    ]
    assert outside == []
    inside = [
        (x, y)
        for y in range(200, 200 + height, 3)
        for x in range(0, 700, 3)
        if image.pixelColor(x, y) != QColor(Qt.GlobalColor.transparent)
    ]
    assert len(inside) > 100  # the bubble itself is painted


def test_the_chat_header_shows_names_as_text(qtbot) -> None:
    header = ChatHeader(Theme("light"))
    qtbot.addWidget(header)
    name = "<img src='http://127.0.0.1:9/x.png'><b>Rita</b>"
    header.show_entry(
        ChatEntry(chat(requestor=Ref(1, name), client=Ref(2, "<a href='x'>Padaria</a>"))),
        attendant(),
    )
    for label in (header._title, header._client, header._details):  # pyright: ignore[reportPrivateUsage]
        assert label.textFormat() is Qt.TextFormat.PlainText
    assert header._title.text() == name  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize("platform", ["linux", "freebsd", "win32", "darwin"])
def test_a_notification_can_form_no_markup_nor_turn_its_line_around(platform: str) -> None:
    shown = as_notification_text(
        "Rita\u202e <b>x</b> <img src='http://x/p.png'> <a href='http://x'>y</a>", platform
    )
    assert not any(unicodedata.category(c) == "Cf" for c in shown)
    if platform not in ("win32", "darwin"):
        # The desktop's notification server reads markup on Linux and the BSDs.
        assert "<" not in shown
        assert ">" not in shown
        assert shown == "Rita ‹b›x‹/b› ‹img src='http://x/p.png'› ‹a href='http://x'›y‹/a›"


def test_the_widget_page_writes_every_text_with_textcontent() -> None:
    """The visitor's page is plain JavaScript: no HTML is ever built from strings."""
    widget = resources.files("tiflux_desktop.server") / "widget"
    for name in ("widget.js", "embed.js"):
        source = (widget / name).read_text("utf-8")
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, (name, sink)
        assert "new Function" not in code
    assert "textContent" in (widget / "widget.js").read_text("utf-8")
