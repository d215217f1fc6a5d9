"""The screen's own intents: keyboard shortcuts and their help, Cancelar's confirmation, and
the question before taking a chat over from another attendant."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QTableWidget

from machines import eventually
from support import ADMIN, ANA, Live
from tiflux_desktop.domain import ChatStatus, Tab
from tiflux_desktop.ui.dialogs.shortcuts_help import ShortcutsDialog
from tiflux_desktop.ui.shortcuts import SHORTCUTS
from window_support import open_window


def _box(window) -> QMessageBox:
    found = [d for d in window.screen._dialogs if isinstance(d, QMessageBox)]
    assert found, "no question asked"
    return found[-1]


async def test_shortcuts_switch_tabs_and_f1_lists_every_one(qtbot, attendants) -> None:
    session = await attendants.sign_in(ADMIN)
    window = await open_window(qtbot, session)
    screen = window.screen
    screen.activateWindow()
    await eventually(lambda: screen.isActiveWindow(), what="the window active")
    for key, tab in (
        (Qt.Key.Key_2, Tab.MINE),
        (Qt.Key.Key_4, Tab.ARCHIVED),
        (Qt.Key.Key_3, Tab.IN_ATTENDANCE),
        (Qt.Key.Key_1, Tab.INBOX),
    ):
        qtbot.keyClick(screen, key, Qt.KeyboardModifier.ControlModifier)
        assert screen.conversations.current_tab() is tab
    qtbot.keyClick(screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.conversations.search.field.hasFocus()

    qtbot.keyClick(screen, Qt.Key.Key_F1)
    help_dialog = window.dialog(ShortcutsDialog)
    table = help_dialog.findChild(QTableWidget)
    assert table is not None
    listed = {item.text() for row in range(table.rowCount()) if (item := table.item(row, 0))}
    for shortcut in SHORTCUTS:
        assert shortcut.sequence.toString(QKeySequence.SequenceFormat.NativeText) in listed


async def test_cancelar_asks_first_and_no_keeps_the_chat(qtbot, live: Live, attendants) -> None:
    session = await attendants.sign_in(ADMIN)
    await session.chats.set_online(True)
    window = await open_window(qtbot, session)
    chat_id = live.customer(name="<b>Spam</b> Bot").open_chat("1")
    await window.click_row(qtbot, Tab.INBOX, chat_id)

    qtbot.mouseClick(window.screen.header.cancel, Qt.MouseButton.LeftButton)
    box = _box(window)
    assert "<b>Spam</b> Bot" in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText  # the customer's name is not markup
    box.button(QMessageBox.StandardButton.No).click()
    await eventually(lambda: not box.isVisible(), what="the question closed")
    entry = await session.chats.chat(chat_id)
    assert entry is not None
    assert entry.chat.status is not ChatStatus.CANCELED

    qtbot.mouseClick(window.screen.header.cancel, Qt.MouseButton.LeftButton)
    _box(window).button(QMessageBox.StandardButton.Yes).click()
    await window.sees(Tab.ARCHIVED, chat_id)
    entry = await session.chats.chat(chat_id)
    assert entry is not None
    assert entry.chat.status is ChatStatus.CANCELED


async def test_taking_over_another_attendants_chat_is_asked(qtbot, live: Live, attendants) -> None:
    session = await attendants.sign_in(ADMIN)
    await session.chats.set_online(True)
    window = await open_window(qtbot, session)
    chat_id = live.customer(name="Rita").open_chat("1")
    ana = live.attendant(ANA)
    assert ana.put(f"/chats/{chat_id}/assume").status_code == 200
    await eventually(
        lambda: (
            (e := window.screen.conversations.model.entry(chat_id)) is not None
            and e.chat.responsible is not None
        ),
        what="Ana holds it",
    )
    await window.click_row(qtbot, Tab.IN_ATTENDANCE, chat_id)
    assert window.screen.header.assume.isEnabled()

    qtbot.mouseClick(window.screen.header.assume, Qt.MouseButton.LeftButton)
    box = _box(window)
    assert "Ana Souza" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    await eventually(
        lambda: (
            window.screen.open_entry is not None
            and window.screen.open_entry.chat.responsible_id == session.me.user.id
        ),
        what="taken over",
    )
    # The screen follows the chat into Meus once the service has answered.
    await eventually(
        lambda: window.screen.conversations.current_tab() is Tab.MINE, what="Meus shown"
    )
    await window.sees(Tab.MINE, chat_id)
