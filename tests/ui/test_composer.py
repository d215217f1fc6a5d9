"""The composer against a real service: what the attendant writes reaches the service (as a
message or a Comentário interno), files are checked before anything is queued, Modelos de
respostas are filled from the chat, WhatsApp free text locks after 24 hours (and unlocks when
the customer writes), and each chat keeps its draft across chat switches and sessions."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage

from machines import eventually
from support import ANA, WHATSAPP_CLOUD, Customer, Live
from tiflux_desktop.domain import MB, Refusal
from tiflux_desktop.services import Session
from tiflux_desktop.store import OutboxItem
from tiflux_desktop.ui.dialogs.send_template import SendTemplateDialog
from tiflux_desktop.ui.panes.composer import ComposerPane
from tiflux_desktop.ui.signals import AppSignals
from tiflux_desktop.ui.tasks import Tasks
from tiflux_desktop.ui.theme import Theme
from tiflux_desktop.ui.wording import refusal_text

SHOTS = Path("/tmp")


class Panes:
    """Composer panes on sessions, with their task owners drained before the sessions close."""

    def __init__(self, qtbot: Any, attendants: Any) -> None:
        self.qtbot = qtbot
        self.attendants = attendants
        self.tasks: list[Tasks] = []
        self.made: list[ComposerPane] = []

    def __call__(self, session: Session) -> ComposerPane:
        tasks = Tasks()
        self.tasks.append(tasks)
        signals = AppSignals(session.hub)
        pane = ComposerPane(
            session.chats,
            session.composer,
            session.lookups,
            signals,
            Theme("light"),
            tasks,
        )
        signals.setParent(pane)
        tasks.setParent(pane)
        self.qtbot.addWidget(pane)
        pane.resize(760, pane.sizeHint().height())
        pane.show()
        self.made.append(pane)
        return pane

    async def drain(self) -> None:
        """Close the panes (their last draft saves start) while the loop still runs, then
        wait for their tasks."""
        for pane in self.made:
            pane.flush_draft()
            pane.close()
        for tasks in self.tasks:
            await tasks.drain()
        self.made.clear()

    async def close(self) -> None:
        """Panes, then sessions, closed while the loop runs: pytest-qt processes Qt events
        after the test, off the loop, where a running session's callbacks would fail."""
        await self.drain()
        await self.attendants.close_all()


@pytest.fixture
async def panes(qtbot: Any, attendants: Any) -> AsyncIterator[Panes]:
    made = Panes(qtbot, attendants)
    try:
        yield made
    finally:
        await made.close()


def closing(test: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """Close the test's panes and sessions at the end of the test itself (see Panes.close)."""

    @functools.wraps(test)
    async def run(*args: Any, **kwargs: Any) -> None:
        try:
            await test(*args, **kwargs)
        finally:
            await kwargs["panes"].close()

    return run


def age_last_client_message(live: Live, chat_id: int, hours: float) -> None:
    """Pretend the customer's last message is ``hours`` old (naive UTC, as the service keeps),
    as tests/server does: the service has no way to write in the past."""
    when = (datetime.now(UTC) - timedelta(hours=hours)).replace(tzinfo=None)
    db = sqlite3.connect(live.config.data_dir / "service.db", timeout=10)
    with db:
        db.execute(
            "UPDATE chats SET last_client_message_at = ? WHERE id = ?",
            (when.strftime("%Y-%m-%d %H:%M:%S.%f"), chat_id),
        )
    db.close()


async def ana_with_her_chat(
    live: Live, attendants: Any, name: str = "Maria Teste"
) -> tuple[Session, int, Customer]:
    customer = live.customer(name=name)
    chat_id = customer.open_chat("1")
    session = await attendants.sign_in(ANA)
    await synced(session, chat_id)
    await session.chats.set_online(True)
    await session.chats.assume(chat_id)
    return session, chat_id, customer


async def synced(session: Session, *chat_ids: int) -> None:
    for chat_id in chat_ids:
        await eventually(partial(session.chats.chat, chat_id), what=f"chat {chat_id} synced")


async def opened(pane: ComposerPane, chat_id: int) -> None:
    pane.show_chat(chat_id)
    await eventually(lambda: pane.chat_id == chat_id and not pane._loading, what="chat loaded")


def on_service(live: Live, chat_id: int, where: Callable[[dict[str, Any]], bool]) -> list[Any]:
    """The chat's messages as the service lists them (one page is plenty here)."""
    client = live.attendant(ANA, online=False)
    response = client.get(f"/chats/{chat_id}/messages", params={"offset": 1, "limit": 200})
    assert response.status_code == 200, response.text
    return [m for m in response.json() if where(m)]


async def sent_by(pane: ComposerPane) -> OutboxItem:
    """What ``pane`` queued next. (Never qtbot.waitSignal in these tests: a nested Qt loop
    inside a running coroutine cannot run the other coroutines.)"""
    sent: list[OutboxItem] = []
    pane.sent.connect(sent.append)
    try:
        await eventually(lambda: sent, what="the message was queued")
    finally:
        pane.sent.disconnect(sent.append)
    return sent[0]


async def shot(pane: ComposerPane, name: str) -> None:
    """Render the pane as the attendant sees it, once Qt has laid it out."""
    await asyncio.sleep(0.05)
    pane.grab().save(str(SHOTS / name))


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)  # no megabytes written to disk
    return path


# --- writing and sending --------------------------------------------------------------------


@closing
async def test_enter_sends_and_shift_enter_breaks_the_line(
    live: Live, attendants: Any, panes: Panes, qtbot: Any
) -> None:
    session, chat_id, customer = await ana_with_her_chat(live, attendants)
    pane = panes(session)
    await opened(pane, chat_id)
    assert not pane.editor.isReadOnly()
    assert pane.send_button.isEnabled()
    assert not pane.notice.isVisible()

    qtbot.keyClicks(pane.editor, "Primeira linha")
    qtbot.keyClick(pane.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(pane.editor, "Segunda linha")
    assert pane.editor.toPlainText() == "Primeira linha\nSegunda linha"
    assert await session.composer.pending(chat_id) == []
    await shot(pane, "composer-normal.png")

    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)
    item = await sent_by(pane)
    assert (item.chat_id, item.text, item.internal) == (
        chat_id,
        "Primeira linha\nSegunda linha",
        False,
    )
    assert pane.editor.toPlainText() == ""

    found = await eventually(
        lambda: on_service(
            live, chat_id, lambda m: m["client_message_id"] == item.client_message_id
        ),
        what="the message reached the service",
    )
    assert [(m["text"], m["internal"]) for m in found] == [("Primeira linha\nSegunda linha", False)]
    assert "Primeira linha\nSegunda linha" in [m["text"] for m in customer.inbox()]


@closing
async def test_the_internal_toggle_sends_a_comment_the_customer_never_sees(
    live: Live, attendants: Any, panes: Panes, qtbot: Any
) -> None:
    session, chat_id, customer = await ana_with_her_chat(live, attendants)
    pane = panes(session)
    await opened(pane, chat_id)
    normal_style = pane.styleSheet()

    qtbot.mouseClick(pane.internal_toggle, Qt.MouseButton.LeftButton)
    assert pane.internal
    assert pane.internal_toggle.isChecked()
    assert pane.internal_banner.isVisible()
    assert pane.styleSheet() != normal_style
    assert Theme("light").colors.internal_bubble.name() in pane.styleSheet()
    assert pane.send_button.text() == "Comment"
    qtbot.keyClicks(pane.editor, "Cliente pediu desconto, ver com financeiro")
    await shot(pane, "composer-internal.png")

    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)
    item = await sent_by(pane)
    assert item.internal
    found = await eventually(
        lambda: on_service(
            live, chat_id, lambda m: m["client_message_id"] == item.client_message_id
        ),
        what="the comment reached the service",
    )
    assert [(m["text"], m["internal"]) for m in found] == [
        ("Cliente pediu desconto, ver com financeiro", True)
    ]
    assert "Cliente pediu desconto" not in " ".join(m["text"] or "" for m in customer.inbox())

    # And back, from the keyboard: the yellow goes with it.
    pane.activateWindow()
    qtbot.keyClick(pane.editor, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert not pane.internal
    assert not pane.internal_banner.isVisible()
    assert pane.styleSheet() == normal_style


# --- attachments ----------------------------------------------------------------------------


@closing
async def test_a_file_over_the_limit_is_refused_when_added_naming_it(
    live: Live, attendants: Any, panes: Panes, tmp_path: Path
) -> None:
    session, chat_id, _ = await ana_with_her_chat(live, attendants)
    pane = panes(session)
    await opened(pane, chat_id)

    pane.add_files([sparse(tmp_path / "backup.zip", 21 * MB)])
    assert pane.files == []
    assert not pane.tray.isVisible()
    assert (
        pane.status.text() == "backup.zip is 21.0 MB; the limit for this kind of file is 20.0 MB."
    )

    pane.add_files([sparse(tmp_path / "foto.jpg", 16 * MB)])  # media: 15 MB
    assert pane.files == []
    assert pane.status.text() == "foto.jpg is 16.0 MB; the limit for this kind of file is 15.0 MB."

    ok = sparse(tmp_path / "planilha.xlsx", 19 * MB)  # a file (not media) under 20 MB goes
    pane.add_files([ok])
    assert pane.files == [ok]
    assert pane.status.text() == ""
    pane.add_files([tmp_path / "sumiu.pdf"])
    assert pane.status.text() == "sumiu.pdf cannot be read."
    assert pane.files == [ok]
    assert await session.composer.pending(chat_id) == []


@closing
async def test_files_added_pasted_and_dropped_go_with_the_message(
    live: Live, attendants: Any, panes: Panes, qtbot: Any, tmp_path: Path
) -> None:
    session, chat_id, _ = await ana_with_her_chat(live, attendants)
    pane = panes(session)
    await opened(pane, chat_id)
    report = tmp_path / "relatório.pdf"
    report.write_bytes(b"%PDF-1.4 " + b"x" * 2000)
    dropped = tmp_path / "log.txt"
    dropped.write_text("erro 42\n")
    on_pane = tmp_path / "tela.txt"
    on_pane.write_text("outra\n")

    pane.add_files([report])

    # An image on the clipboard becomes a PNG attachment.
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#1F5FBF"))
    pasted = QMimeData()
    pasted.setImageData(image)
    QGuiApplication.clipboard().setMimeData(pasted)
    pane.editor.paste()

    # Rich text pastes as plain text.
    rich = QMimeData()
    rich.setHtml("<b>Segue</b> o <i>relatório</i>")
    rich.setText("Segue o relatório")
    QGuiApplication.clipboard().setMimeData(rich)
    pane.editor.paste()
    assert pane.editor.toPlainText() == "Segue o relatório"

    # Files dropped on the editor, and on the composer around it. (Qt delivers drop events
    # only during a real drag, which offscreen tests cannot start: the handlers are called.)
    for target, path in ((pane.editor, dropped), (pane, on_pane)):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        drop = QDropEvent(
            QPointF(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        target.dropEvent(drop)
        assert drop.isAccepted()

    names = [p.name for p in pane.files]
    assert names[0] == "relatório.pdf"
    assert names[2:] == ["log.txt", "tela.txt"]
    assert names[1].startswith("Pasted image ")
    assert names[1].endswith(".png")
    assert QImage(str(pane.files[1])).size() == image.size()
    assert len(pane.tray.chips) == 4
    assert pane.tray.isVisible()
    await shot(pane, "composer-attachments.png")

    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)
    item = await sent_by(pane)
    assert [f.filename for f in item.files] == names
    assert pane.files == []
    assert not pane.tray.isVisible()

    # One request: the text and each file are messages sharing its client_message_id
    # (the second and later as "<id>:<n>").
    def of_the_request(m: dict[str, Any]) -> bool:
        return str(m["client_message_id"]).split(":")[0] == item.client_message_id

    await eventually(lambda: _no_pending(session, chat_id), timeout=20, what="delivered")
    found = on_service(live, chat_id, of_the_request)
    assert sorted(m["media"]["filename"] for m in found if m["media"]) == sorted(names)
    assert "Segue o relatório" in [m["text"] for m in found] + [
        m["media"]["caption"] for m in found if m["media"]
    ]
    assert not pane.progress.isVisible()


@closing
async def test_a_removed_attachment_stays_behind(
    live: Live, attendants: Any, panes: Panes, qtbot: Any, tmp_path: Path
) -> None:
    session, chat_id, _ = await ana_with_her_chat(live, attendants)
    pane = panes(session)
    await opened(pane, chat_id)
    keep, drop = tmp_path / "fica.txt", tmp_path / "sai.txt"
    keep.write_text("a")
    drop.write_text("b")
    pane.add_files([keep, drop])
    chip = pane.tray.chips[1]
    qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert pane.files == [keep]


# --- Modelos de respostas -------------------------------------------------------------------


@closing
async def test_slash_opens_the_reply_templates_and_fills_them_from_the_chat(
    live: Live, attendants: Any, panes: Panes, qtbot: Any
) -> None:
    session, chat_id, _ = await ana_with_her_chat(live, attendants, name="Maria Teste")
    pane = panes(session)
    await opened(pane, chat_id)

    qtbot.keyClick(pane.editor, "/")  # in an empty editor: the picker, not a slash
    dialog = pane.reply_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert pane.editor.toPlainText() == ""
    await eventually(lambda: dialog.list.count() == 4, what="the templates were listed")

    qtbot.keyClicks(dialog.search, "cnpj")  # searches the text too, accents and case aside
    visible = [
        dialog.list.item(i).text()
        for i in range(dialog.list.count())
        if not dialog.list.item(i).isHidden()
    ]
    assert visible == ["Pedir dados do cliente"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "saudacao")
    assert dialog.list.currentItem().text() == "Saudação"
    await asyncio.sleep(0.05)
    dialog.grab().save(str(SHOTS / "composer-reply-templates.png"))
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    await eventually(lambda: pane.editor.toPlainText(), what="the reply was inserted")
    assert pane.editor.toPlainText() == "Olá Maria Teste, tudo bem? Em que posso ajudar?"
    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)
    item = await sent_by(pane)
    assert item.text == "Olá Maria Teste, tudo bem? Em que posso ajudar?"


# --- what the rules allow -------------------------------------------------------------------


async def whatsapp_chat(live: Live, phone: str) -> tuple[int, Customer]:
    customer = live.customer(WHATSAPP_CLOUD, "Maria Zap", telephone=phone)
    chat_id = customer.open_chat("1")
    ana = live.attendant(ANA)
    assert ana.put(f"/chats/{chat_id}/assume").status_code == 200
    return chat_id, customer


@closing
async def test_whatsapp_after_24_hours_locks_free_text_and_offers_a_template(
    live: Live, attendants: Any, panes: Panes, qtbot: Any
) -> None:
    chat_id, customer = await whatsapp_chat(live, "5511999990101")
    age_last_client_message(live, chat_id, hours=25)
    session = await attendants.sign_in(ANA)  # syncs the chat as the service now has it
    await synced(session, chat_id)
    pane = panes(session)
    await opened(pane, chat_id)

    assert pane.public_refusal is Refusal.OUTSIDE_WINDOW
    assert pane.notice.isVisible()
    assert pane.notice.label.text() == refusal_text(Refusal.OUTSIDE_WINDOW)
    assert pane.editor.isReadOnly()
    assert not pane.send_button.isEnabled()
    assert not pane.replies_button.isEnabled()
    assert not pane.attach_button.isEnabled()
    button = pane.notice.button
    assert button.isVisible()
    assert button.isEnabled()
    assert button.text() == "Send a te&mplate"
    await shot(pane, "composer-locked.png")

    qtbot.keyClicks(pane.editor, "Oi")  # free text cannot even be typed
    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)
    assert pane.editor.toPlainText() == ""
    assert pane.status.text() == refusal_text(Refusal.OUTSIDE_WINDOW)
    assert await session.composer.pending(chat_id) == []

    asked: list[int] = []
    pane.template_requested.connect(asked.append)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == [chat_id]
    dialog = pane.template_dialog
    assert isinstance(dialog, SendTemplateDialog)
    assert dialog.isVisible()
    await eventually(lambda: dialog.template.templates(), what="the approved templates")
    for field in dialog.template.variable_fields():
        field.setText("Maria")
    assert dialog.ok.isEnabled(), dialog.status.text()
    template_id = dialog.template.value()[0].id  # type: ignore[index]
    dialog.ok.click()
    item = await sent_by(pane)  # the pane passes the dialog's OutboxItem on
    assert item.template_id == template_id
    assert item.chat_id == chat_id
    await eventually(lambda: _no_pending(session, chat_id), what="the template was delivered")

    # Internal comments are still possible.
    pane.toggle_internal()
    assert not pane.editor.isReadOnly()
    assert pane.send_button.isEnabled()
    qtbot.keyClicks(pane.editor, "Mandar modelo amanha")
    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)
    item = await sent_by(pane)
    assert item.internal
    pane.toggle_internal()
    assert pane.editor.isReadOnly()

    # The customer writes again: the window opens again, live.
    customer.say("Oi, ainda preciso de ajuda")
    await eventually(lambda: not pane.editor.isReadOnly(), what="free text unlocked")
    assert not pane.notice.isVisible()
    assert pane.send_button.isEnabled()
    assert pane.public_refusal is None


@closing
async def test_the_lock_comes_when_the_window_closes_with_the_chat_open(
    live: Live, attendants: Any, panes: Panes
) -> None:
    chat_id, _ = await whatsapp_chat(live, "5511999990102")
    age_last_client_message(live, chat_id, hours=24 - 3 / 3600)  # 3 s left
    session = await attendants.sign_in(ANA)
    await synced(session, chat_id)
    pane = panes(session)
    await opened(pane, chat_id)
    assert pane.public_refusal is None
    assert not pane.editor.isReadOnly()

    await eventually(lambda: pane.editor.isReadOnly(), timeout=10, what="locked at 24 h")
    assert pane.public_refusal is Refusal.OUTSIDE_WINDOW
    assert pane.notice.isVisible()
    assert pane.notice.button.isVisible()


@closing
async def test_a_chat_not_yet_mine_offers_assume_then_unlocks(
    live: Live, attendants: Any, panes: Panes, qtbot: Any
) -> None:
    chat_id = live.customer(name="Na Entrada").open_chat("1")
    session = await attendants.sign_in(ANA)
    await synced(session, chat_id)
    await session.chats.set_online(True)
    pane = panes(session)
    await opened(pane, chat_id)

    assert pane.public_refusal is Refusal.NOT_RESPONSIBLE
    assert pane.editor.isReadOnly()
    assert pane.internal_toggle.isEnabled()
    assert pane.notice.label.text().startswith("Assume this chat to reply")
    assert pane.notice.button.text() == "Assume"
    assert pane.notice.button.isEnabled()

    qtbot.mouseClick(pane.notice.button, Qt.MouseButton.LeftButton)
    await eventually(lambda: not pane.editor.isReadOnly(), what="assumed and unlocked")
    assert not pane.notice.isVisible()
    entry = await session.chats.chat(chat_id)
    assert entry is not None
    assert entry.chat.responsible_id == session.me.user.id


# --- drafts ---------------------------------------------------------------------------------


@closing
async def test_drafts_survive_switching_chats_and_a_new_session(
    live: Live, attendants: Any, panes: Panes, qtbot: Any
) -> None:
    first_chat = live.customer(name="Cliente Um").open_chat("1")
    second_chat = live.customer(name="Cliente Dois").open_chat("1")
    machine = attendants.machine()
    session = await attendants.sign_in(ANA, machine)
    await synced(session, first_chat, second_chat)
    await session.chats.set_online(True)
    await session.chats.assume(first_chat)
    await session.chats.assume(second_chat)
    page = await session.chats.open(first_chat)
    customer_message = next(m for m in page.messages if m.text == "Olá, preciso de ajuda")
    pane = panes(session)

    await opened(pane, first_chat)
    pane.quote(customer_message)
    assert pane.quote_strip.isVisible()
    qtbot.keyClicks(pane.editor, "rascunho do primeiro")
    await shot(pane, "composer-quote.png")
    pane.toggle_internal()
    await opened(pane, second_chat)
    assert pane.editor.toPlainText() == ""
    assert not pane.internal
    assert not pane.quote_strip.isVisible()
    qtbot.keyClicks(pane.editor, "rascunho do segundo")

    await opened(pane, first_chat)
    await eventually(lambda: pane.editor.toPlainText() == "rascunho do primeiro")
    assert pane.internal
    assert pane.quoted_message_id == customer_message.id
    await opened(pane, second_chat)
    await eventually(lambda: pane.editor.toPlainText() == "rascunho do segundo")
    assert not pane.internal

    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)  # a sent message takes its draft along
    await sent_by(pane)
    await eventually(
        lambda: _no_draft(session, second_chat), what="the sent message's draft is gone"
    )
    pane.show_chat(None)
    await eventually(lambda: session.chats.draft(first_chat), what="the first draft was saved")
    await panes.drain()
    await attendants.close(session)

    resumed = await Session.resume(machine.env())
    attendants.opened.append(resumed)
    await resumed.start()
    again = panes(resumed)
    await opened(again, first_chat)
    await eventually(lambda: again.editor.toPlainText() == "rascunho do primeiro")
    assert again.internal
    assert again.quoted_message_id == customer_message.id
    assert again.quote_strip.isVisible()
    assert again.quote_strip.text == "Olá, preciso de ajuda"
    await opened(again, second_chat)
    assert again.editor.toPlainText() == ""


async def _no_pending(session: Session, chat_id: int) -> bool:
    return not await session.composer.pending(chat_id)


async def _no_draft(session: Session, chat_id: int) -> bool:
    return await session.chats.draft(chat_id) is None
