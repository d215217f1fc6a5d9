"""The attendant's day in the window, against a real service: a customer arrives, Ana sees
it in Entrada, assumes it, replies, adds an internal comment, attaches a file and transfers
it to Carla, who finishes it in her own window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from machines import eventually
from support import ANA, CARLA, Live
from tiflux_desktop.domain import ChatStatus, Tab
from tiflux_desktop.ui.dialogs.transfer import TransferDialog
from window_support import open_window


async def test_a_customer_is_served_from_entrada_to_encerrados(
    qtbot, live: Live, attendants, tmp_path: Path
) -> None:
    ana_session = await attendants.sign_in(ANA)
    ana = await open_window(qtbot, ana_session)
    carla_session = await attendants.sign_in(CARLA)
    carla = await open_window(qtbot, carla_session)
    ana_id = ana_session.me.user.id
    carla_id = carla_session.me.user.id

    # Ana goes Online from the corner switch.
    ana.screen.corner.presence.click()
    await eventually(lambda: ana.screen.corner.online, what="Ana Online")
    await carla_session.chats.set_online(True)

    customer = live.customer(name="Joana Prado")
    chat_id = customer.open_chat("1")  # Suporte

    # Entrada shows it, with the count; Ana opens it from the list.
    await ana.sees(Tab.INBOX, chat_id)
    await eventually(lambda: ana.screen.conversations.counts.inbox >= 1, what="Entrada count")
    await ana.click_row(qtbot, Tab.INBOX, chat_id)
    assert ana.screen.header.assume.isEnabled()

    # Assumir.
    qtbot.mouseClick(ana.screen.header.assume, Qt.MouseButton.LeftButton)
    await eventually(
        lambda: (
            ana.screen.open_entry is not None
            and ana.screen.open_entry.chat.responsible_id == ana_id
        ),
        what="assumed",
    )
    await ana.sees(Tab.MINE, chat_id)

    # A reply: typed, Enter sends it; the customer receives it.
    editor = ana.screen.composer.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Bom dia, Joana! ")
    editor.insertPlainText("Já vou verificar.")  # QTest types ASCII only
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    await eventually(
        lambda: any("Já vou verificar" in (m.get("text") or "") for m in customer.inbox_all()),
        what="the customer got the reply",
    )

    # An internal comment: never reaches the customer.
    ana.screen.composer.toggle_internal()
    qtbot.keyClicks(editor, "Cliente VIP: prioridade")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    await eventually(
        lambda: live_internal(live, ana_session, chat_id, "Cliente VIP: prioridade"),
        what="the internal comment on the service",
    )
    assert not any("VIP" in (m.get("text") or "") for m in customer.inbox_all())
    ana.screen.composer.toggle_internal()

    # A file.
    report = tmp_path / "relatorio.pdf"
    report.write_bytes(b"%PDF-1.4 report\n" * 64)
    ana.screen.composer.add_files([report])
    qtbot.mouseClick(ana.screen.composer.send_button, Qt.MouseButton.LeftButton)
    await eventually(
        lambda: any(
            (m.get("media") or {}).get("filename") == "relatorio.pdf" for m in customer.inbox_all()
        ),
        what="the customer got the file",
    )

    # Transferir to Carla (same department).
    qtbot.mouseClick(ana.screen.header.transfer, Qt.MouseButton.LeftButton)
    dialog = ana.dialog(TransferDialog)
    assert isinstance(dialog, TransferDialog)
    await eventually(lambda: dialog.attendant.count() > 1, what="attendants listed")
    assert dialog.attendant.select_value(carla_id)
    await eventually(lambda: dialog.ok.isEnabled(), what="transfer ready")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    await carla.sees(Tab.MINE, chat_id)
    await eventually(
        lambda: ana.screen.conversations.proxies[Tab.MINE].row_of(chat_id) is None,
        what="gone from Ana's Meus",
    )

    # Carla finishes it from her window; it lands in Encerrados on both sides.
    await carla.click_row(qtbot, Tab.MINE, chat_id)
    assert carla.screen.header.finish.isEnabled()
    qtbot.mouseClick(carla.screen.header.finish, Qt.MouseButton.LeftButton)
    await carla.sees(Tab.ARCHIVED, chat_id)
    await ana.sees(Tab.ARCHIVED, chat_id)
    entry = await carla_session.chats.chat(chat_id)
    assert entry is not None
    assert entry.chat.status is ChatStatus.FINISHED
    assert not carla.screen.header.finish.isEnabled()


def live_internal(live: Live, session, chat_id: int, text: str) -> bool:
    client = live.attendant(ANA)
    found = client.get(f"/chats/{chat_id}/messages", params={"limit": 200}).json()
    return any(m.get("text") == text and m.get("internal") for m in found)
