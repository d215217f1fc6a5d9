"""The open chat's message model: service messages in order, outbox items after them until
their echo arrives, older pages on top, updates in place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.modeltest import ModelTester

from tiflux_desktop.domain import Author, AuthorType, DeliveryStatus, Message
from tiflux_desktop.store import OutboxItem, OutboxState
from tiflux_desktop.ui.models.message_list import MessageListModel, MessageRole, RowKind

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
