"""The chat header enables exactly what the service would accept, and says why not."""

from __future__ import annotations

import pytest

from tiflux_desktop.domain import ChatStatus, Refusal, TicketRef
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.store import ChatEntry
from tiflux_desktop.ui.panes.chat_header import ChatHeader
from tiflux_desktop.ui.theme import DARK, LIGHT, Theme
from tiflux_desktop.ui.widgets.status_corner import StatusCorner
from tiflux_desktop.ui.wording import connection_label, refusal_text
from unit.domain_factories import ME, OTHER, SUPORTE, VENDAS, attendant, chat


@pytest.fixture
def header(qtbot) -> ChatHeader:
    widget = ChatHeader(Theme("light"))
    qtbot.addWidget(widget)
    return widget


def enabled(header: ChatHeader) -> set[str]:
    buttons = {
        "assume": header.assume,
        "transfer": header.transfer,
        "finish": header.finish,
        "leave": header.leave,
        "cancel": header.cancel,
        "ticket": header.add_ticket,
    }
    return {name for name, button in buttons.items() if button.isEnabled()}


def test_nothing_is_enabled_without_a_chat(header: ChatHeader) -> None:
    header.show_entry(None, None)
    assert enabled(header) == set()
    assert not header.info.isEnabled()


def test_an_inbox_chat_can_be_assumed_transferred_closed_and_ticketed(header) -> None:
    header.show_entry(ChatEntry(chat()), attendant())
    assert enabled(header) == {"assume", "transfer", "finish", "cancel", "ticket"}
    assert header.leave.toolTip() == refusal_text(Refusal.NOT_TAKEN)
    assert "Suporte" in header._details.text()


def test_offline_assume_is_disabled_and_says_why(header) -> None:
    header.show_entry(ChatEntry(chat()), attendant(online=False))
    assert not header.assume.isEnabled()
    assert header.assume.toolTip() == refusal_text(Refusal.NOT_ONLINE)


def test_my_chat_can_be_left_not_assumed(header) -> None:
    mine = chat(status=ChatStatus.IN_ATTENDANCE, responsible=ME)
    header.show_entry(ChatEntry(mine), attendant())
    assert enabled(header) == {"transfer", "finish", "leave", "cancel", "ticket"}
    assert header.assume.toolTip() == refusal_text(Refusal.ALREADY_YOURS)


def test_someone_elses_chat_can_be_taken_over_but_not_closed(header) -> None:
    theirs = chat(status=ChatStatus.IN_ATTENDANCE, responsible=OTHER)
    header.show_entry(ChatEntry(theirs), attendant())
    assert enabled(header) == {"assume", "transfer", "ticket"}
    assert header.finish.toolTip() == refusal_text(Refusal.NOT_RESPONSIBLE)


def test_a_closed_chat_refuses_every_action(header) -> None:
    closed = chat(status=ChatStatus.FINISHED, responsible=ME)
    header.show_entry(ChatEntry(closed), attendant())
    assert enabled(header) == set()
    assert header.transfer.toolTip() == refusal_text(Refusal.ARCHIVED)


def test_a_chat_outside_my_departments_refuses_everything(header) -> None:
    header.show_entry(ChatEntry(chat(department=VENDAS)), attendant(departments={SUPORTE}))
    assert enabled(header) == set()


def test_a_linked_ticket_is_shown_and_not_added_twice(header) -> None:
    linked = chat(status=ChatStatus.IN_ATTENDANCE, responsible=ME, ticket=TicketRef(42, "x"))
    header.show_entry(ChatEntry(linked), attendant())
    assert not header.add_ticket.isEnabled()
    assert "#42" in header.add_ticket.toolTip()
    assert "#42" in header._details.text()


def test_names_are_plain_text(header) -> None:
    from tiflux_desktop.domain import Ref

    html = chat(requestor=Ref(9, "<b>bold</b><img src=x>"))
    header.show_entry(ChatEntry(html), attendant())
    assert header._title.text() == "<b>bold</b><img src=x>"
    from PySide6.QtCore import Qt

    assert header._title.textFormat() == Qt.TextFormat.PlainText


def test_the_corner_shows_presence_and_connection(qtbot) -> None:
    corner = StatusCorner(Theme("dark"))
    qtbot.addWidget(corner)
    asked: list[bool] = []
    corner.online_toggled.connect(asked.append)
    corner.set_online(False)
    assert corner.presence.text() == "Offline"
    corner.presence.click()
    assert asked == [True]
    for state in ConnectionState:
        corner.set_connection(state, "refused")
        assert corner.connection.text() == connection_label(state)
        assert ("queued" in corner.connection.toolTip()) == (state is not ConnectionState.ONLINE)


def test_the_theme_follows_the_choice(qtbot) -> None:
    theme = Theme("light")
    changes: list[None] = []
    theme.changed.connect(lambda: changes.append(None))
    assert theme.colors is LIGHT
    theme.set_preference("dark")
    assert theme.colors is DARK
    assert theme.dark
    theme.set_preference("dark")  # no change, no signal
    assert len(changes) == 1
    theme.set_preference("system")  # offscreen reports no dark scheme: light
    assert theme.colors is LIGHT
