"""Messages: delivery status only moves forward, previews for lists and notifications."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain_factories import T0, author
from tiflux_desktop.domain import AuthorType, DeliveryStatus, Message, advance_delivery, preview

Q, S, D, R, F = (
    DeliveryStatus.QUEUED,
    DeliveryStatus.SENT,
    DeliveryStatus.DELIVERED,
    DeliveryStatus.READ,
    DeliveryStatus.FAILED,
)

# ---------------------------------------------------------------------------
# advance_delivery
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("new", list(DeliveryStatus))
def test_first_status_is_taken_as_is(new: DeliveryStatus) -> None:
    assert advance_delivery(None, new) is new


@pytest.mark.parametrize(
    ("current", "new", "expected"),
    [
        (Q, S, S),
        (S, D, D),
        (D, R, R),
        (Q, R, R),  # receipts may skip steps
        (S, R, R),
    ],
)
def test_forward_updates_apply(
    current: DeliveryStatus, new: DeliveryStatus, expected: DeliveryStatus
) -> None:
    assert advance_delivery(current, new) is expected


@pytest.mark.parametrize(
    ("current", "new"),
    [(R, D), (R, S), (R, Q), (D, S), (D, Q), (S, Q)],
)
def test_late_receipts_never_move_backwards(current: DeliveryStatus, new: DeliveryStatus) -> None:
    assert advance_delivery(current, new) is current


def test_read_then_delivered_stays_read() -> None:
    assert advance_delivery(R, D) is R


@pytest.mark.parametrize("current", [D, R])
def test_failure_never_undoes_delivered_or_read(current: DeliveryStatus) -> None:
    assert advance_delivery(current, F) is current


@pytest.mark.parametrize("current", [Q, S])
def test_failure_after_queued_or_sent_is_failed(current: DeliveryStatus) -> None:
    assert advance_delivery(current, F) is F


@pytest.mark.parametrize("new", [Q, S, F])
def test_failed_stays_failed_on_stale_or_repeated_updates(new: DeliveryStatus) -> None:
    assert advance_delivery(F, new) is F


@pytest.mark.parametrize("new", [D, R])
def test_receipt_of_delivery_supersedes_a_failure(new: DeliveryStatus) -> None:
    """The customer's phone confirmed it: the message did arrive after all."""
    assert advance_delivery(F, new) is new


@pytest.mark.parametrize("status", list(DeliveryStatus))
def test_repeating_a_status_is_a_no_op(status: DeliveryStatus) -> None:
    assert advance_delivery(status, status) is status


def test_rank_order() -> None:
    assert Q.rank < S.rank < D.rank < R.rank
    assert F.rank == S.rank


statuses = st.sampled_from(list(DeliveryStatus))


@given(st.none() | statuses, statuses)
def test_result_is_current_or_new(current: DeliveryStatus | None, new: DeliveryStatus) -> None:
    assert advance_delivery(current, new) in (current, new)


@given(statuses, statuses)
def test_rank_never_decreases(current: DeliveryStatus, new: DeliveryStatus) -> None:
    """Failed has the rank of sent, so "failed after sent" is not a step back either."""
    result = advance_delivery(current, new)
    assert result.rank >= current.rank
    if current is F:
        assert result is F or result.rank > F.rank


@given(st.none() | statuses, statuses)
def test_applying_the_same_update_twice_is_idempotent(
    current: DeliveryStatus | None, new: DeliveryStatus
) -> None:
    once = advance_delivery(current, new)
    assert advance_delivery(once, new) is once


@given(st.lists(statuses, min_size=1, max_size=6))
def test_final_status_does_not_depend_on_receipt_order(updates: list[DeliveryStatus]) -> None:
    """Provider webhooks arrive out of order; every order must end in the same status."""

    def apply(seq: tuple[DeliveryStatus, ...]) -> DeliveryStatus | None:
        status: DeliveryStatus | None = None
        for update in seq:
            status = advance_delivery(status, update)
        return status

    results = {apply(p) for p in itertools.islice(itertools.permutations(updates), 120)}
    assert len(results) == 1


# ---------------------------------------------------------------------------
# preview
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, ""])
def test_no_text_no_preview(text: str | None) -> None:
    assert preview(text) is None


@pytest.mark.parametrize("text", ["   ", "\n\t \n"])
def test_whitespace_only_text_has_no_preview(text: str) -> None:
    assert preview(text) is None


def test_preview_collapses_whitespace_and_line_breaks() -> None:
    assert (
        preview("  Olá,\n\n  tudo   bem?\t\r\nPreciso de ajuda  ")
        == "Olá, tudo bem? Preciso de ajuda"
    )


def test_short_text_kept_whole() -> None:
    assert preview("Bom dia") == "Bom dia"


def test_text_of_exactly_the_limit_is_not_truncated() -> None:
    text = "a" * 120
    assert preview(text) == text


def test_long_text_truncated_with_ellipsis_to_the_limit() -> None:
    result = preview("a" * 121)
    assert result is not None
    assert result == "a" * 119 + "…"
    assert len(result) == 120


def test_custom_limit() -> None:
    assert preview("Olá, meu nome é Ana", limit=10) == "Olá, meu …"
    assert preview("Olá", limit=3) == "Olá"


def test_limit_applies_after_collapsing_whitespace() -> None:
    assert preview("a" + " " * 200 + "b", limit=5) == "a b"


@given(st.text(min_size=1), st.integers(min_value=2, max_value=300))
def test_preview_is_one_line_and_within_the_limit(text: str, limit: int) -> None:
    result = preview(text, limit)
    if result is not None:
        assert len(result) <= limit
        assert "\n" not in result
        assert "  " not in result
        assert not result[:1].isspace()


# ---------------------------------------------------------------------------
# Message
# ---------------------------------------------------------------------------


def _message(kind: AuthorType, *, internal: bool = False) -> Message:
    return Message(
        id=1, chat_id=1, author=author(kind, 1), created_at=T0, text="oi", internal=internal
    )


@pytest.mark.parametrize(
    ("kind", "internal", "delivered"),
    [
        (AuthorType.ATTENDANT, False, True),
        (AuthorType.SYSTEM, False, True),  # the bot's questions reach the customer
        (AuthorType.AI, False, True),
        (AuthorType.ATTENDANT, True, False),  # Comentário interno
        (AuthorType.SYSTEM, True, False),
        (AuthorType.CLIENT, False, False),  # came from the customer
    ],
)
def test_what_goes_to_the_customers_channel(
    kind: AuthorType, internal: bool, delivered: bool
) -> None:
    assert _message(kind, internal=internal).delivered_to_customer is delivered


def test_messages_cannot_be_edited() -> None:
    message = _message(AuthorType.ATTENDANT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.text = "editado"  # type: ignore[misc]


def test_message_defaults() -> None:
    message = _message(AuthorType.CLIENT)
    assert message.internal is False
    assert message.media is None
    assert message.quoted_message is None
    assert message.status is None
    assert message.version == 1
