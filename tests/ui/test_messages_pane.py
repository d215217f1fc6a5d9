"""The open chat's messages against a real service: who wrote what is visible at a glance
(customer, attendant, bot under its name, team notes, internal comments), text is shown
literally, menus are options, files download with progress, failed sends can be retried or
discarded, and older pages load on scroll without moving what is being read, online and
offline."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from machines import eventually
from support import ADMIN, ANA, Live
from tiflux_desktop.domain import Author, AuthorType, Message
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.services import Session
from tiflux_desktop.store import OutboxState
from tiflux_desktop.ui.delegates.bubble_kind import BubbleKind
from tiflux_desktop.ui.delegates.bubble_layout import BubbleLayout
from tiflux_desktop.ui.delegates.message_actions import MessageAction
from tiflux_desktop.ui.delegates.message_bubble import MessageBubbleDelegate
from tiflux_desktop.ui.delegates.whatsapp_menu import json_reply, menu_of
from tiflux_desktop.ui.models.message_list import MessageListModel, MessageRole, Transfer
from tiflux_desktop.ui.panes.messages import MessagesPane
from tiflux_desktop.ui.signals import AppSignals
from tiflux_desktop.ui.tasks import Tasks
from tiflux_desktop.ui.theme import Theme
from tiflux_desktop.ui.widgets.message_view import MessageView
from tiflux_desktop.ui.wording import size_text
from window_support import OpenedUrls

HTML = "<b>hi</b><script>alert(1)</script>"
SHOTS = Path(os.environ.get("TIFLUX_SHOTS", "/tmp"))


# --- helpers ------------------------------------------------------------------------------


async def _online(session: Session) -> None:
    await eventually(lambda: session.connection is ConnectionState.ONLINE, what="online")
    await session.chats.set_online(True)


async def _cached(session: Session, chat_id: int) -> None:
    await eventually(lambda: session.chats.chat(chat_id), what="the chat in the cache")


def _pane(qtbot: QtBot, session: Session, *, height: int = 760) -> MessagesPane:
    signals = AppSignals(session.hub)
    tasks = Tasks()
    pane = MessagesPane(
        session.chats,
        session.composer,
        signals,
        Theme("light"),
        tasks,
        session.me.organization.bot_name,
    )
    signals.setParent(pane)
    tasks.setParent(pane)
    qtbot.addWidget(pane)
    pane.resize(720, height)
    pane.show()
    return pane


def _rows(pane: MessagesPane) -> list[Any]:
    model = pane.model
    return [model.index(r).data(MessageRole.ITEM) for r in range(model.rowCount())]


def _layout(pane: MessagesPane, row: int) -> BubbleLayout:
    return pane.delegate.layout_for(pane.model.index(row))


def _row_where(pane: MessagesPane, match: Callable[[Any], bool]) -> int | None:
    for row, item in enumerate(_rows(pane)):
        if match(item):
            return row
    return None


async def _click(qtbot: QtBot, pane: MessagesPane, key: int | str, action: MessageAction) -> None:
    """A left click in the middle of the painted button (or thumbnail) for ``action`` on
    the row of ``key`` (rows move as messages arrive; keys do not)."""
    row = pane.model.row_of(key)
    assert row is not None
    pane.view.scrollTo(pane.model.index(row))
    await _settle()
    row = pane.model.row_of(key)
    assert row is not None
    index = pane.model.index(row)
    targets = [rect for rect, a in _layout(pane, row).targets if a is action]
    assert targets, f"no {action} in row {row}"
    at = pane.view.visualRect(index).topLeft() + targets[0].center()
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=at)


async def _settle() -> None:
    """Let Qt run its pending events on the loop (never a nested processEvents: qasync
    would run the pane's tasks inside the test's)."""
    await asyncio.sleep(0.05)


def _service_ids(live: Live, chat_id: int) -> list[int]:
    admin = live.attendant(ADMIN)
    found: list[int] = []
    page = 1
    while True:
        got = admin.get(f"/chats/{chat_id}/messages", params={"offset": page, "limit": 200})
        assert got.status_code == 200, got.text
        items = got.json()
        found += [m["id"] for m in items]
        if len(items) < 200:
            return found
        page += 1


def _bubble_bottom(pane: MessagesPane, key: object) -> int:
    """Where a bubble ends on screen (its start may lose the name and day separator when
    the same speaker's older messages go in above)."""
    row = pane.model.row_of(key)  # type: ignore[arg-type]
    assert row is not None
    index = pane.model.index(row)
    return pane.view.visualRect(index).top() + _layout(pane, row).bubble.bottom()


# --- who wrote what -----------------------------------------------------------------------


async def test_each_author_looks_distinct_text_is_literal_and_the_menu_is_options(
    live: Live, attendants: Any, qtbot: QtBot
) -> None:
    customer = live.customer(name="Clientes Testes Chat")
    chat_id = customer.open_chat("1")
    session = await attendants.sign_in(ADMIN)
    await _online(session)
    await _cached(session, chat_id)
    await session.chats.assume(chat_id)
    await session.composer.send(chat_id, "Cliente tem contrato de horas.", internal=True)
    customer.say(HTML)
    pane = _pane(qtbot, session, height=1500)

    pane.show_chat(chat_id)
    assert pane.chat_id == chat_id
    await eventually(
        lambda: (
            any(getattr(i, "text", None) == HTML for i in _rows(pane))
            and not any(
                pane.model.index(r).data(MessageRole.KIND) == "pending"
                for r in range(pane.model.rowCount())
            )
        ),
        what="the customer's last message and the comment's echo",
    )
    await eventually(lambda: not pane._tasks.busy("messages.open"), what="opened")
    everything = _service_ids(live, chat_id)
    keys = [pane.model.index(r).data(MessageRole.KEY) for r in range(pane.model.rowCount())]
    assert keys == everything

    layouts = [_layout(pane, r) for r in range(pane.model.rowCount())]
    kinds = [layout.kind for layout in layouts]
    assert {
        BubbleKind.CUSTOMER,
        BubbleKind.BOT,
        BubbleKind.EVENT,
        BubbleKind.ATTENDANT,
        BubbleKind.INTERNAL,
    } <= set(kinds)
    width = pane.view.viewport().width()
    for layout in layouts:
        if layout.kind is BubbleKind.CUSTOMER:
            assert layout.bubble.left() < width // 4  # the customer's side: left
        elif layout.kind is BubbleKind.EVENT:
            centre = layout.bubble.center().x()
            assert abs(centre - width // 2) < 3
        else:
            assert layout.bubble.right() > width * 3 // 4  # our side: right
    bot_name = session.me.organization.bot_name
    bot = layouts[kinds.index(BubbleKind.BOT)]
    assert bot.header is not None
    assert bot.header[1].startswith(bot_name)
    internal = layouts[kinds.index(BubbleKind.INTERNAL)]
    assert internal.header is not None
    assert internal.header[1].startswith("Internal comment")
    assert internal.header_lock is not None
    # The menu is readable options, not one block of text.
    menus = [layout for layout in layouts if layout.menu is not None]
    assert len(menus) == 1
    assert [(r.key, r.label) for r in menus[0].menu_rows] == [
        ("1", "Suporte"),
        ("2", "Vendas"),
        ("3", "Financeiro"),
        ("0", "Sair"),
    ]
    # Markup is text: drawn exactly as written, never interpreted.
    html = layouts[[getattr(i, "text", None) for i in _rows(pane)].index(HTML)]
    assert html.text == HTML
    assert html.blocks[0].layout.text() == HTML
    # One day: one separator, above the first message.
    assert layouts[0].day is not None
    assert layouts[0].day[1] == "Today"
    assert all(layout.day is None for layout in layouts[1:])
    # Copy puts the literal text on the clipboard.
    pane.do(
        MessageAction.COPY, pane.model.index(kinds.index(BubbleKind.CUSTOMER)).data(MessageRole.KEY)
    )
    assert QGuiApplication.clipboard().text() == "Olá, preciso de ajuda"
    # Reply offers the message to the composer; an internal comment is never offered.
    offered: list[Message] = []
    pane.reply_requested.connect(offered.append)
    customer_key = pane.model.index(kinds.index(BubbleKind.CUSTOMER)).data(MessageRole.KEY)
    pane.do(MessageAction.REPLY, customer_key)
    assert [m.id for m in offered] == [customer_key]
    assert MessageAction.REPLY not in pane.view.actions_for(
        pane.model.index(kinds.index(BubbleKind.INTERNAL))
    )
    assert MessageAction.REPLY not in pane.view.actions_for(
        pane.model.index(kinds.index(BubbleKind.EVENT))
    )
    pane.view.scrollToTop()
    await _settle()
    pane.grab().save(str(SHOTS / "messages-pane-authors.png"))

    pane.show_chat(None)
    assert pane.chat_id is None
    assert pane.model.rowCount() == 0


# --- attachments --------------------------------------------------------------------------


async def test_a_file_shows_its_size_downloads_with_progress_and_an_image_its_thumbnail(
    live: Live, attendants: Any, qtbot: QtBot, tmp_path: Path, opened_files: OpenedUrls
) -> None:
    chat_id = live.customer(name="Cliente Anexo").open_chat("1")
    session = await attendants.sign_in(ADMIN)
    await _online(session)
    await _cached(session, chat_id)
    await session.chats.assume(chat_id)
    report = tmp_path / "relatório técnico.pdf"
    content = os.urandom(400 * 1024)
    report.write_bytes(content)
    photo = tmp_path / "foto.png"
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    assert image.save(str(photo))
    await session.composer.send(chat_id, "Segue o relatório", files=[report])
    await session.composer.send(chat_id, None, files=[photo])
    pane = _pane(qtbot, session)
    pane.download_folder = tmp_path / "Downloads"
    opened = opened_files
    pane.show_chat(chat_id)
    row_of = lambda name: _row_where(  # noqa: E731
        pane,
        lambda i: isinstance(i, Message) and i.media is not None and i.media.filename == name,
    )
    await eventually(lambda: row_of("foto.png") is not None, what="both echoes", timeout=15)
    row = row_of("relatório técnico.pdf")
    assert row is not None
    card = _layout(pane, row).files[0]
    assert card.detail == size_text(len(content))
    assert "relatório técnico.pdf" in card.name

    transfers: list[Transfer] = []
    key = pane.model.index(row).data(MessageRole.KEY)
    pane.model.dataChanged.connect(
        lambda top, _bottom, roles: (
            transfers.append(top.data(MessageRole.TRANSFER))
            if MessageRole.TRANSFER in roles
            and top.data(MessageRole.KEY) == key
            and top.data(MessageRole.TRANSFER)
            else None
        )
    )
    await _click(qtbot, pane, key, MessageAction.DOWNLOAD)
    saved = pane.download_folder / "relatório técnico.pdf"
    await eventually(lambda: pane.model.extra(key, MessageRole.LOCAL_FILE), what="downloaded")
    assert saved.read_bytes() == content
    assert transfers
    assert transfers[-1].done == len(content)
    assert [t.done for t in transfers] == sorted(t.done for t in transfers)
    assert pane.model.extra(key, MessageRole.TRANSFER) is None
    assert pane.banner.isVisible()
    assert str(saved) in pane.banner.label.text()
    # Once here, the card's button opens the file; a second Download keeps both copies.
    await _click(qtbot, pane, key, MessageAction.DOWNLOAD)
    await eventually(lambda: opened.urls, what="the file opened")
    opened_file = Path(opened.urls[0].toLocalFile())
    assert await asyncio.to_thread(opened_file.read_bytes) == content
    pane.do(MessageAction.DOWNLOAD, key)
    await eventually(lambda: (pane.download_folder / "relatório técnico (1).pdf").is_file())

    # The image: fetched when it comes into sight, then a thumbnail instead of the placeholder.
    photo_row = row_of("foto.png")
    assert photo_row is not None
    before = _layout(pane, photo_row).image
    pane.view.scrollTo(pane.model.index(photo_row))
    pane.view.viewport().repaint()
    photo_key = pane.model.index(photo_row).data(MessageRole.KEY)
    await eventually(
        lambda: pane.model.extra(photo_key, MessageRole.THUMBNAIL) is not None, what="thumbnail"
    )
    after = _layout(pane, photo_row).image
    assert before is not None
    assert after is not None
    assert after.width() / after.height() == 640 / 480  # the photo's shape, not the placeholder's
    opened.urls.clear()
    await _click(qtbot, pane, photo_key, MessageAction.OPEN)
    await eventually(lambda: opened.urls, what="the image opened")
    pane.grab().save(str(SHOTS / "messages-pane-files.png"))


# --- failures -----------------------------------------------------------------------------


async def _customer_files_shown(
    live: Live, attendants: Any, qtbot: QtBot, name: str, files: list[tuple[str, bytes, str]]
) -> MessagesPane:
    """A widget customer sends each (name, bytes, declared type) as a message; the pane shows
    their chat to a signed-in administrator."""
    customer = live.customer(name=name)
    chat_id = customer.open_chat("1")
    for file in files:
        answer = customer.http.post("/customer/messages", files={"files": file})
        assert answer.status_code == 201, answer.text
    session = await attendants.sign_in(ADMIN)
    await _online(session)
    await _cached(session, chat_id)
    pane = _pane(qtbot, session)
    pane.show_chat(chat_id)
    return pane


async def test_a_customers_program_or_script_is_opened_only_when_the_attendant_says_so(
    live: Live, attendants: Any, qtbot: QtBot, opened_files: OpenedUrls
) -> None:
    sent = {
        "fatura.pdf.exe": b"MZ\x90\x00" + os.urandom(2048),  # a program by its name
        "notas.txt": b"\x7fELF\x02\x01\x01" + os.urandom(2048),  # by its bytes
        "leia.txt": "Só texto, nada que rode.".encode(),
    }
    files = [(name, content, "application/octet-stream") for name, content in sent.items()]
    pane = await _customer_files_shown(live, attendants, qtbot, "Cliente Programa", files)

    def key_of(name: str) -> int | str:
        row = _row_where(
            pane,
            lambda i: isinstance(i, Message) and i.media is not None and i.media.filename == name,
        )
        assert row is not None
        return pane.model.index(row).data(MessageRole.KEY)

    await eventually(
        lambda: len([i for i in _rows(pane) if isinstance(i, Message) and i.media]) == 3,
        what="the three files",
    )
    for name in ("fatura.pdf.exe", "notas.txt"):
        pane.do(MessageAction.OPEN, key_of(name))
        await eventually(lambda: pane.program_question is not None, what=f"asked about {name}")
        box = pane.program_question
        assert box is not None
        assert name in box.text()
        assert box.defaultButton() is box.button(box.StandardButton.No)  # the safe answer
        box.grab().save(str(SHOTS / "messages-pane-program-question.png"))
        box.button(box.StandardButton.No).click()
        await eventually(lambda: pane.program_question is None, what="the question closed")
        await asyncio.sleep(0.2)
        assert opened_files.urls == []  # not handed to the desktop
    # Said yes: handed over, as any file. Plain text is never asked about.
    pane.do(MessageAction.OPEN, key_of("notas.txt"))
    await eventually(lambda: pane.program_question is not None, what="asked again")
    assert pane.program_question is not None
    pane.program_question.button(pane.program_question.StandardButton.Yes).click()
    await eventually(lambda: len(opened_files.urls) == 1, what="opened once said yes")
    pane.do(MessageAction.OPEN, key_of("leia.txt"))
    await eventually(lambda: len(opened_files.urls) == 2, what="the text file opened")
    assert pane.program_question is None
    opened_text = Path(opened_files.urls[1].toLocalFile())
    assert await asyncio.to_thread(opened_text.read_bytes) == sent["leia.txt"]


async def test_an_image_whose_bytes_are_not_one_becomes_a_file_card(
    live: Live, attendants: Any, qtbot: QtBot
) -> None:
    fake = b"%PDF-1.7\n" + os.urandom(4096)  # a document, named and declared as a photo
    pane = await _customer_files_shown(
        live, attendants, qtbot, "Cliente Foto Falsa", [("foto.jpg", fake, "image/jpeg")]
    )
    await eventually(
        lambda: (
            _row_where(pane, lambda i: isinstance(i, Message) and i.media is not None) is not None
        ),
        what="the photo's message",
    )
    row = _row_where(pane, lambda i: isinstance(i, Message) and i.media is not None)
    assert row is not None
    key = pane.model.index(row).data(MessageRole.KEY)
    # A picture's placeholder until its bytes come (the fetch may be done already).
    pane.view.scrollTo(pane.model.index(row))
    pane.view.viewport().repaint()  # in sight: its bytes are fetched for the thumbnail
    await eventually(
        lambda: pane.model.extra(key, MessageRole.NOT_AN_IMAGE), what="found not to be an image"
    )
    row = pane.model.row_of(key)
    assert row is not None
    layout = _layout(pane, row)
    assert layout.image is None
    assert [card.name for card in layout.files] == ["foto.jpg"]
    assert pane.model.extra(key, MessageRole.THUMBNAIL) is None
    assert MessageAction.DOWNLOAD in [action for _rect, action in layout.targets]
    pane.view.viewport().repaint()
    pane.grab().save(str(SHOTS / "messages-pane-not-an-image.png"))


async def test_a_refused_message_shows_its_reason_and_retry_sends_it_discard_drops_it(
    live: Live, attendants: Any, qtbot: QtBot
) -> None:
    chat_id = live.customer(name="Cliente Outbox").open_chat("1")
    session = await attendants.sign_in(ANA)
    await _online(session)
    await _cached(session, chat_id)
    pane = _pane(qtbot, session)
    pane.show_chat(chat_id)
    # Not Ana's chat yet: the service refuses (as when the chat changed hands meanwhile).
    keep = await session.outbox.enqueue(chat_id, text="Posso ajudar?")
    drop = await session.outbox.enqueue(chat_id, text="Mensagem errada")

    def failed(cmid: str) -> int | None:
        return _row_where(
            pane,
            lambda i: (
                getattr(i, "client_message_id", None) == cmid
                and getattr(i, "state", None) is OutboxState.FAILED
            ),
        )

    await eventually(
        lambda: (
            failed(keep.client_message_id) is not None
            and failed(drop.client_message_id) is not None
        ),
        what="both failed",
    )
    row = failed(keep.client_message_id)
    assert row is not None
    layout = _layout(pane, row)
    reason = pane.model.index(row).data(MessageRole.REASON)
    assert reason
    assert [b.layout.text() for b in layout.blocks if b.tone == "danger"] == [f"Not sent: {reason}"]
    assert [b.label for b in layout.buttons] == ["Retry", "Discard"]
    pane.grab().save(str(SHOTS / "messages-pane-failed.png"))

    drop_row = failed(drop.client_message_id)
    assert drop_row is not None
    await _click(qtbot, pane, drop.client_message_id, MessageAction.DISCARD)
    await eventually(lambda: pane.model.row_of(drop.client_message_id) is None, what="discarded")
    assert [p.client_message_id for p in await session.composer.pending(chat_id)] == [
        keep.client_message_id
    ]

    await session.chats.assume(chat_id)
    row = failed(keep.client_message_id)
    assert row is not None
    await _click(qtbot, pane, keep.client_message_id, MessageAction.RETRY)
    await eventually(
        lambda: (
            pane.model.row_of(keep.client_message_id) is None
            and _row_where(
                pane,
                lambda i: isinstance(i, Message) and i.client_message_id == keep.client_message_id,
            )
            is not None
        ),
        what="delivered: the echo in place of the pending item",
    )
    assert not pane.banner.isVisible()


# --- history ------------------------------------------------------------------------------


async def test_older_pages_load_on_scroll_without_jumping_and_stay_browsable_offline(
    live: Live, attendants: Any, qtbot: QtBot
) -> None:
    customer = live.customer(name="Cliente Histórico")
    chat_id = customer.open_chat("1")
    for n in range(110):
        customer.say(f"linha {n:03d}")
    everything = _service_ids(live, chat_id)
    machine = attendants.machine()
    session = await attendants.sign_in(ADMIN, machine)
    await _online(session)
    await _cached(session, chat_id)
    pane = _pane(qtbot, session, height=600)

    pane.show_chat(chat_id)
    await eventually(lambda: pane.model.last_message_id == everything[-1], what="the newest page")
    await eventually(lambda: not pane._tasks.busy("messages.open"))
    assert pane.model.rowCount() == 50
    assert pane.view.at_bottom()  # opened at the newest message

    async def scroll_up_once() -> None:
        first = pane.model.first_message_id
        rows = pane.model.rowCount()
        pane.view.verticalScrollBar().setValue(0)  # asks for the page; it comes later
        bottom_before = _bubble_bottom(pane, first)
        await eventually(lambda: pane.model.rowCount() > rows, what="an older page")
        assert abs(_bubble_bottom(pane, first) - bottom_before) <= 1  # what was read did not move
        await eventually(lambda: not pane._tasks.busy("messages.older"))

    while pane.model.first_message_id != everything[0]:
        await scroll_up_once()
    keys = [pane.model.index(r).data(MessageRole.KEY) for r in range(pane.model.rowCount())]
    assert keys == everything
    pane.view.verticalScrollBar().setValue(0)
    await _settle()
    assert not pane._tasks.busy("messages.older")  # the start: nothing more to ask for

    # A new message while the attendant reads the newest: the view follows it.
    pane.view.scroll_to_latest()
    customer.say("mais uma")
    await eventually(lambda: pane.model.last_message_id not in everything, what="the new message")
    await _settle()
    pane.view.executeDelayedItemsLayout()
    assert pane.view.at_bottom()
    everything = _service_ids(live, chat_id)

    # Offline, on the same machine: the history is still there, page by page.
    pane.close()
    pane.deleteLater()
    await attendants.close(session)
    offline = await Session.resume(machine.env())  # never started: no network at all
    attendants.opened.append(offline)
    pane = _pane(qtbot, offline, height=600)
    pane.show_chat(chat_id)
    await eventually(lambda: pane.model.last_message_id == everything[-1], what="the cached page")
    while pane.model.first_message_id != everything[0]:
        await scroll_up_once()
    keys = [pane.model.index(r).data(MessageRole.KEY) for r in range(pane.model.rowCount())]
    assert keys == everything


# --- without a service: days, headers, menus ----------------------------------------------


def _message(message_id: int, at: datetime, author: Author, text: str, **fields: Any) -> Message:
    return Message(message_id, 1, author, at, text=text, **fields)


def test_day_separators_and_names_where_the_day_or_the_speaker_changes(qtbot: QtBot) -> None:
    now = datetime.now(UTC)
    customer = Author(AuthorType.CLIENT, 9, "João")
    ana = Author(AuthorType.ATTENDANT, 2, "Ana Souza")
    older = now - timedelta(days=9)
    model = MessageListModel()
    model.load(
        1,
        [
            _message(1, older, customer, "oi"),
            _message(2, older + timedelta(minutes=1), customer, "tudo bem?"),
            _message(3, now - timedelta(days=1), ana, "Bom dia"),
            _message(4, now, customer, "hoje"),
            _message(5, now + timedelta(seconds=1), ana, "Olá"),
        ],
    )
    view = MessageView()
    view.setModel(model)
    delegate = MessageBubbleDelegate(Theme("light"), "TIFLUX Testes", view)
    view.setItemDelegate(delegate)
    qtbot.addWidget(view)
    view.resize(600, 700)
    view.show()
    layouts = [delegate.layout_for(model.index(r)) for r in range(model.rowCount())]
    days = [layout.day[1] if layout.day else None for layout in layouts]
    assert days[1:] == [None, "Yesterday", "Today", None]
    assert days[0] not in (None, "Today", "Yesterday")  # the date, in the locale's words
    headers = [layout.header[1] if layout.header else None for layout in layouts]
    assert headers == ["João", None, "Ana Souza", "João", "Ana Souza"]
    # sizeHint is the cached layout's height: a second call lays nothing out again.
    first = delegate.layout_for(model.index(0))
    assert delegate.layout_for(model.index(0)) is first
    # Every action is also in the context menu (Menu key / Shift+F10 from the keyboard).
    menu = view.menu_for(model.index(0))
    assert [a.text() for a in menu.actions()] == ["&Copy text", "&Reply (quote)"]
    view.grab().save(str(SHOTS / "messages-pane-days.png"))


def test_bubbles_wrap_anew_at_another_width_and_stay_at_the_newest(qtbot: QtBot) -> None:
    now = datetime.now(UTC)
    customer = Author(AuthorType.CLIENT, 9, "João")
    long = "uma frase longa que quebra em várias linhas quando a janela fica estreita " * 3
    model = MessageListModel()
    model.load(1, [_message(i, now + timedelta(seconds=i), customer, long) for i in range(1, 41)])
    view = MessageView()
    view.setModel(model)
    delegate = MessageBubbleDelegate(Theme("light"), "TIFLUX Testes", view)
    view.setItemDelegate(delegate)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    view.scroll_to_latest()
    first = model.index(0)
    wide = delegate.layout_for(first)
    assert view.visualRect(first).height() == wide.height

    # Narrower (the window, or a switch of chat): each row is as tall as its wrapped text,
    # and the view stays at the newest message.
    view.resize(420, 500)
    qtbot.waitUntil(lambda: view.visualRect(first).height() == delegate.layout_for(first).height)
    narrow = delegate.layout_for(first)
    assert narrow.height > wide.height
    qtbot.waitUntil(view.at_bottom)
    # Back to the first width: its layouts were kept, nothing is wrapped again.
    view.resize(900, 500)
    qtbot.waitUntil(lambda: view.visualRect(first).height() == wide.height)
    assert delegate.layout_for(first) is wide
    assert view.at_bottom()


def test_whatsapp_menus_in_json_are_options_and_replies_their_title() -> None:
    listed = (
        '{"type": "interactive", "interactive": {"type": "list", "header": {"type": "text", '
        '"text": "Atendimento"}, "body": {"text": "Escolha uma opção"}, "action": {"button": '
        '"Ver opções", "sections": [{"title": "Setores", "rows": [{"id": "1", "title": '
        '"Suporte", "description": "Problemas técnicos"}, {"id": "2", "title": "Vendas"}]}]}}}'
    )
    menu = menu_of(listed, from_bot=False)
    assert menu is not None
    assert menu.text == "Atendimento\nEscolha uma opção"
    assert [(o.label, o.description) for o in menu.options] == [
        ("Suporte", "Problemas técnicos"),
        ("Vendas", None),
    ]
    buttons = '{"type": "button", "body": {"text": "Confirma?"}, "action": {"buttons": [{"type": "reply", "reply": {"id": "s", "title": "Sim"}}, {"type": "reply", "reply": {"id": "n", "title": "Não"}}]}}'
    menu = menu_of(buttons, from_bot=False)
    assert menu is not None
    assert [o.label for o in menu.options] == ["Sim", "Não"]
    reply = '{"type": "interactive", "interactive": {"type": "list_reply", "list_reply": {"id": "1", "title": "Suporte"}}}'
    assert json_reply(reply) == "Suporte"
    # A customer's numbered lines are their words, not a menu; a bot's are.
    numbered = "Tenho dois problemas:\n1 - impressora\n2 - e-mail"
    assert menu_of(numbered, from_bot=False) is None
    assert menu_of(numbered, from_bot=True) is not None
    assert menu_of('{"not": "a menu"}', from_bot=True) is None


def test_no_delete_is_offered_anywhere() -> None:
    assert "delete" not in {a.value for a in MessageAction}
    assert not hasattr(MessagesPane, "delete")
