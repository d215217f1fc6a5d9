"""The notification rules: which changes are news to the attendant, once each."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from domain_factories import ME, OTHER, at, chat
from tiflux_desktop.domain import Author, AuthorType, ChatStatus, Message, Origin, StartedBy
from tiflux_desktop.services.attention import Attention, Notice, NoticeKind
from tiflux_desktop.store import ChatEntry
from tiflux_desktop.sync import ChangeSet


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def rules(now: datetime | None = None, realert_minutes: int = 5) -> tuple[Attention, Clock]:
    clock = Clock(now or at(1))
    realert = timedelta(minutes=realert_minutes) if realert_minutes else None
    return Attention(ME, realert=realert, clock=clock), clock


def chats(*items: Any) -> ChangeSet:
    return ChangeSet(chats_upserted=tuple(ChatEntry(c) for c in items))


_ids = iter(range(1000, 10**6))


def said(
    chat_id: int, text: str, *, by: AuthorType = AuthorType.CLIENT, internal: bool = False
) -> Message:
    return Message(
        id=next(_ids),
        chat_id=chat_id,
        author=Author(by, 7, by.value),
        created_at=at(1),
        text=text,
        internal=internal,
    )


def kinds(notices: list[Notice]) -> list[tuple[NoticeKind, int]]:
    return [(n.kind, n.chat_id) for n in notices]


def mine(id: int, status: ChatStatus = ChatStatus.WAITING_CLIENT, **kw: Any):  # type: ignore[no-untyped-def]
    return chat(id, status, responsible=ME, **kw)


def test_a_chat_arriving_in_entrada_is_announced_once_with_the_customers_words() -> None:
    attention, _ = rules()
    told: list[list[Notice]] = []
    attention.subscribe(told.append)
    arrival = ChangeSet(
        chats_upserted=(ChatEntry(chat(1, origin=Origin.WHATSAPP_CLOUD)),),
        messages_appended=(said(1, "Olá, meu pedido não chegou"),),
    )
    notices = attention.changed(arrival)
    assert kinds(notices) == [(NoticeKind.NEW_CHAT, 1)]
    notice = notices[0]
    assert (notice.requester, notice.origin, notice.excerpt) == (
        "Solicitante 1",
        Origin.WHATSAPP_CLOUD,
        "Olá, meu pedido não chegou",
    )
    assert told == [notices]
    # The same chat again (its event after the answer, a new message while it waits): no news.
    assert attention.changed(arrival) == []
    assert attention.changed(ChangeSet(messages_appended=(said(1, "Alô?"),))) == []


def test_what_the_cache_held_at_start_is_not_news() -> None:
    attention, _ = rules()
    attention.prime([ChatEntry(chat(1)), ChatEntry(mine(2))])
    assert attention.changed(chats(chat(1), mine(2))) == []
    assert attention.waiting == 1


def test_a_chat_sent_back_to_the_queue_is_news_but_not_to_whoever_sent_it() -> None:
    attention, _ = rules()
    attention.prime([ChatEntry(chat(1, ChatStatus.IN_ATTENDANCE, responsible=OTHER))])
    assert kinds(attention.changed(chats(chat(1)))) == [(NoticeKind.NEW_CHAT, 1)]

    attention.prime([ChatEntry(mine(2))])
    attention.own.add(2)  # Sair, by this attendant
    assert attention.changed(chats(chat(2))) == []
    assert 2 not in attention.own


def test_a_customer_writing_in_a_chat_of_meus_is_announced_but_not_other_lines() -> None:
    attention, _ = rules()
    attention.prime(
        [ChatEntry(mine(1)), ChatEntry(chat(2, ChatStatus.IN_ATTENDANCE, responsible=OTHER))]
    )
    lines = ChangeSet(
        chats_upserted=(ChatEntry(mine(1, ChatStatus.IN_ATTENDANCE)),),
        messages_appended=(
            said(1, "comentário secreto", by=AuthorType.ATTENDANT, internal=True),
            said(1, "resposta do atendente", by=AuthorType.ATTENDANT),
            said(1, "menu do bot", by=AuthorType.SYSTEM),
            said(1, "Pode me ajudar?"),
            said(1, "Ainda aí?"),
            said(2, "cliente de outro atendente"),
        ),
    )
    notices = attention.changed(lines)
    assert kinds(notices) == [(NoticeKind.CUSTOMER_MESSAGE, 1)]
    assert notices[0].excerpt == "Pode me ajudar?"  # the first of this batch
    # An internal comment alone is never news, whoever wrote it.
    quiet = ChangeSet(
        messages_appended=(said(1, "só para a equipe", by=AuthorType.CLIENT, internal=True),)
    )
    assert attention.changed(quiet) == []


def test_a_chat_transferred_to_me_is_announced_but_not_one_i_assume() -> None:
    attention, _ = rules()
    attention.prime(
        [ChatEntry(chat(1, ChatStatus.IN_ATTENDANCE, responsible=OTHER)), ChatEntry(chat(2))]
    )
    notices = attention.changed(chats(mine(1, ChatStatus.IN_ATTENDANCE)))
    assert kinds(notices) == [(NoticeKind.TRANSFERRED, 1)]

    attention.own.add(2)  # Assumir: marked by the services before the request
    assert attention.changed(chats(mine(2, ChatStatus.IN_ATTENDANCE))) == []
    # The event of that same assume, after the answer: still nothing.
    assert attention.changed(chats(mine(2, ChatStatus.IN_ATTENDANCE, version=2))) == []


def test_a_chat_from_another_department_transferred_to_me_is_announced() -> None:
    attention, _ = rules(now=at(hours=3))
    notices = attention.changed(chats(mine(5, ChatStatus.IN_ATTENDANCE)))
    assert kinds(notices) == [(NoticeKind.TRANSFERRED, 5)]


def test_my_own_new_chat_seen_through_its_event_first_is_not_a_transfer() -> None:
    attention, _ = rules(now=at(1))
    started = mine(6, started_by=StartedBy.ATTENDANT, created_at=at(0.5))
    assert attention.changed(chats(started)) == []


def test_an_unrelated_update_does_not_use_up_the_mark_of_my_own_assume() -> None:
    attention, _ = rules()
    attention.prime([ChatEntry(chat(3))])
    attention.own.add(3)
    # The customer writes while the assume is on its way: the chat changes but does not move.
    assert attention.changed(chats(chat(3, last_message_preview="oi"))) == []
    assert attention.changed(chats(mine(3, ChatStatus.IN_ATTENDANCE))) == []


def test_a_chat_still_waiting_is_announced_again_every_period_until_assumed() -> None:
    attention, clock = rules(now=at(0), realert_minutes=5)
    attention.changed(chats(chat(1, waiting_since=at(0))))
    clock.now = at(4)
    assert attention.due() == []
    clock.now = at(5)
    again = attention.due()
    assert kinds(again) == [(NoticeKind.STILL_WAITING, 1)]
    assert again[0].waiting_since == at(0)
    clock.now = at(7)
    assert attention.due() == []  # announced two minutes ago
    clock.now = at(10)
    assert kinds(attention.due()) == [(NoticeKind.STILL_WAITING, 1)]
    attention.changed(chats(chat(1, ChatStatus.IN_ATTENDANCE, responsible=OTHER)))
    clock.now = at(30)
    assert attention.due() == []


def test_chats_waiting_at_start_are_re_alerted_together_and_zero_minutes_means_never() -> None:
    attention, clock = rules(now=at(20), realert_minutes=5)
    attention.prime([ChatEntry(chat(i, waiting_since=at(i))) for i in (1, 2, 3)])
    notices = attention.due()
    assert len(notices) == 1
    assert (notices[0].kind, notices[0].chat_id, notices[0].count) == (
        NoticeKind.STILL_WAITING,
        1,
        3,
    )

    quiet, clock = rules(now=at(20), realert_minutes=0)
    quiet.prime([ChatEntry(chat(1))])
    clock.now = at(hours=5)
    assert quiet.due() == []


def test_a_catch_up_with_many_new_chats_folds_into_one_notice_per_kind() -> None:
    attention, _ = rules()
    attention.prime([ChatEntry(chat(50, ChatStatus.IN_ATTENDANCE, responsible=OTHER))])
    burst = chats(*(chat(i) for i in range(1, 8)), mine(50, ChatStatus.IN_ATTENDANCE))
    notices = attention.changed(burst)
    assert [(n.kind, n.chat_id, n.count) for n in notices] == [
        (NoticeKind.NEW_CHAT, 1, 7),
        (NoticeKind.TRANSFERRED, 50, 1),
    ]


def test_finished_or_removed_chats_are_forgotten() -> None:
    attention, clock = rules(now=at(0))
    attention.changed(chats(chat(1), chat(2)))
    attention.changed(chats(chat(1, ChatStatus.CANCELED)))
    attention.changed(ChangeSet(chats_removed=frozenset({2})))
    assert attention.waiting == 0
    clock.now = at(60)
    assert attention.due() == []
    # Back in sight later (a new department): news again.
    assert kinds(attention.changed(chats(chat(2)))) == [(NoticeKind.NEW_CHAT, 2)]


def test_the_excerpt_never_comes_from_an_internal_comment() -> None:
    attention, _ = rules()
    attention.prime([ChatEntry(chat(1, ChatStatus.IN_ATTENDANCE, responsible=OTHER))])
    change = ChangeSet(
        chats_upserted=(
            ChatEntry(replace(mine(1, ChatStatus.IN_ATTENDANCE), last_message_preview="Oi")),
        ),
        messages_appended=(
            said(1, "a senha do cliente é 1234", by=AuthorType.ATTENDANT, internal=True),
        ),
    )
    notices = attention.changed(change)
    assert kinds(notices) == [(NoticeKind.TRANSFERRED, 1)]
    assert notices[0].excerpt == "Oi"


def test_a_chat_out_of_triage_is_announced_with_what_the_customer_came_for() -> None:
    attention, _ = rules()
    attention.changed(
        ChangeSet(
            chats_upserted=(ChatEntry(chat(4, ChatStatus.TRIAGE, department=None)),),
            messages_appended=(said(4, "Preciso da segunda via do boleto"),),
        )
    )
    out = ChangeSet(
        chats_upserted=(ChatEntry(chat(4, last_message_preview="Aguarde um atendente")),),
        messages_appended=(said(4, "2"),),  # the menu option
    )
    notices = attention.changed(out)
    assert kinds(notices) == [(NoticeKind.NEW_CHAT, 4)]
    assert notices[0].excerpt == "Preciso da segunda via do boleto"
