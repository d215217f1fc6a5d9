"""The open chat's message model: service messages in order, outbox items after them until
their echo arrives, older pages on top, updates in place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.modeltest import ModelTester

from tiflux_desktop.domain import Author, AuthorType, DeliveryStatus, Message, QuotedMessage
from tiflux_desktop.store import OutboxItem, OutboxState
from tiflux_desktop.ui.models.message_list import (
    MessageListModel,
    MessageRole,
    RowKind,
    Transfer,
)

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def message(message_id: int, chat_id: int = 1, **fields: object) -> Message:
    return Message(
        message_id,
        chat_id,
        Author(AuthorType.CLIENT, 1, "João"),
        T0 + timedelta(minutes=message_id),
        text=f"m{message_id}",
        **fields,  # type: ignore[arg-type]
    )


def pending(
    cmid: str,
    position: int,
    chat_id: int = 1,
    state: OutboxState = OutboxState.QUEUED,
    error_message: str | None = None,
) -> OutboxItem:
    return OutboxItem(cmid, chat_id, T0, position, state, text=cmid, error_message=error_message)


def keys(model: MessageListModel) -> list[object]:
    return [model.index(r).data(MessageRole.KEY) for r in range(model.rowCount())]


def test_messages_then_pending_items_and_every_change_in_place(
    qtmodeltester: ModelTester,
) -> None:
    model = MessageListModel()
    model.load(
        1, [message(5), message(3), message(9, chat_id=2)], [pending("b", 2), pending("a", 1)]
    )
    qtmodeltester.check(model, force_py=True)
    assert keys(model) == [3, 5, "a", "b"]
    model.prepend_older([message(1), message(2), message(5)])
    assert keys(model) == [1, 2, 3, 5, "a", "b"]
    assert model.first_message_id == 1
    # The echo of "a" arrives: the pending row leaves, the message takes its place in order.
    model.apply(appended=[message(7, client_message_id="a")], outbox_removed=["a"])
    assert keys(model) == [1, 2, 3, 5, 7, "b"]
    model.apply(appended=[message(4)])  # a late one finds its place
    assert keys(model) == [1, 2, 3, 4, 5, 7, "b"]
    model.apply(updated=[message(7, status=DeliveryStatus.READ)])
    assert model.index(5).data(MessageRole.STATE) == DeliveryStatus.READ  # a str through Qt
    failed = pending("b", 2, state=OutboxState.FAILED, error_message="fora da janela de 24 horas")
    model.apply(outbox=[failed])
    row = model.rowCount() - 1
    assert model.index(row).data(MessageRole.KIND) == RowKind.PENDING
    assert model.index(row).data(MessageRole.REASON) == "fora da janela de 24 horas"
    model.apply(appended=[message(50, chat_id=2)])  # another chat's: not here
    assert 50 not in keys(model)
    qtmodeltester.check(model, force_py=True)


def test_the_windows_own_state_of_a_row_and_quotes_of_pending_items(
    qtmodeltester: ModelTester,
) -> None:
    model = MessageListModel()
    quoting = OutboxItem("q", 1, T0, 1, OutboxState.QUEUED, text="sim", quoted_message_id=3)
    orphan = OutboxItem("o", 1, T0, 2, OutboxState.QUEUED, text="?", quoted_message_id=99)
    model.load(1, [message(3), message(5)], [quoting, orphan])
    changes: list[tuple[int, list[int]]] = []
    model.dataChanged.connect(lambda top, _bottom, roles: changes.append((top.row(), list(roles))))

    model.set_extra(5, MessageRole.TRANSFER, Transfer(10, 40))
    model.set_extra("q", MessageRole.TRANSFER, Transfer(1, 2))
    assert changes == [(1, [MessageRole.TRANSFER]), (2, [MessageRole.TRANSFER])]
    assert model.index(1).data(MessageRole.TRANSFER) == Transfer(10, 40)
    assert Transfer(10, 40).fraction == 0.25
    assert Transfer(5, 0).fraction is None  # size unknown
    model.set_extra(5, MessageRole.TRANSFER, None)
    assert model.index(1).data(MessageRole.TRANSFER) is None
    # A pending reply shows what it quotes when that message is loaded, a bare quote if not.
    quoted = model.index(2).data(MessageRole.QUOTE)
    assert isinstance(quoted, QuotedMessage)
    assert (quoted.id, quoted.text, quoted.author.name) == (3, "m3", "João")
    assert model.index(3).data(MessageRole.QUOTE).id == 99
    assert model.row_of(5) == 1
    assert model.row_of("o") == 3
    assert model.row_of(4) is None
    qtmodeltester.check(model, force_py=True)
    # The same chat afresh keeps the window's state; another chat starts clean.
    model.set_extra(3, MessageRole.LOCAL_FILE, "/tmp/x.pdf")
    model.load(1, [message(3)])
    assert model.index(0).data(MessageRole.LOCAL_FILE) == "/tmp/x.pdf"
    model.load(2, [message(8, chat_id=2)])
    assert model.extra(3, MessageRole.LOCAL_FILE) is None
    model.clear()
    assert model.rowCount() == 0
    assert model.chat_id is None
