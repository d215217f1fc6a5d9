"""The cache's contract: versions, the four tabs with filters and search modes, counts,
message pages, reading state, drafts and the outbox."""

from __future__ import annotations

import os
import sqlite3
import stat

import wire_factories
from tiflux_desktop.domain import ChatFilters, ChatStatus, Origin, SearchBy, Tab
from tiflux_desktop.store import AccountFiles, Cache, Draft, OutboxFile, OutboxState, Store
from tiflux_desktop.store.schema import CACHE_MIGRATIONS, LOCAL_MIGRATIONS
from wire_factories import ME, OTHER, VENDAS, chat, message


async def fill(store: Store, *chats: object, messages: tuple[object, ...] = ()) -> None:
    def write(cache: Cache) -> None:
        for c in chats:
            cache.put_chat(c)  # type: ignore[arg-type]
        for m in messages:
            cache.put_message(m)  # type: ignore[arg-type]

    await store.transaction(write)


async def ids(store: Store, tab: Tab, **filters: object) -> list[int]:
    found = await store.call(Cache.tab, tab, ChatFilters(**filters))  # type: ignore[arg-type]
    return [e.id for e in found]


async def test_files_are_private_in_wal_mode_and_migrated(
    store: Store, files: AccountFiles
) -> None:
    for path in (files.cache, files.local):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(files.folder).st_mode) == 0o700
    with sqlite3.connect(files.cache) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(CACHE_MIGRATIONS)
    with sqlite3.connect(files.local) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(LOCAL_MIGRATIONS)


async def test_the_store_never_runs_sqlite_on_the_calling_thread(store: Store) -> None:
    import threading

    here = threading.get_ident()
    there = await store.call(lambda _cache: threading.get_ident())
    assert there != here


async def test_an_older_or_equal_version_never_overwrites_a_newer_one(store: Store) -> None:
    await fill(store, chat(1, requestor="Novo nome", version=3))
    assert not await store.call(Cache.put_chat, chat(1, requestor="Velho", version=2))
    assert not await store.call(Cache.put_chat, chat(1, requestor="Igual", version=3))
    entry = await store.call(Cache.chat, 1)
    assert entry is not None
    assert entry.chat.requestor is not None
    assert entry.chat.requestor.name == "Novo nome"
    assert await store.call(Cache.put_chat, chat(1, requestor="Mais novo", version=4))
    assert await store.call(Cache.put_chat, chat(1, requestor="Forçado", version=1), force=True)


async def test_tabs_hold_the_right_chats_in_the_right_order(store: Store) -> None:
    await fill(
        store,
        chat(1, minutes=10),  # inbox, newer
        chat(2, minutes=0),  # inbox, waiting longest
        chat(3, status="in_attendance", responsible=ME, minutes=5),
        chat(4, status="waiting_client", responsible=OTHER, minutes=20),
        chat(5, status="triage", department=None, minutes=1),
        chat(6, status="finished", responsible=ME, minutes=2),
        chat(7, status="canceled", minutes=3),
    )
    assert await ids(store, Tab.INBOX) == [2, 1]  # oldest waiting first
    assert await ids(store, Tab.MINE) == [3]
    assert await ids(store, Tab.IN_ATTENDANCE) == [4, 1, 3, 5, 2]  # latest activity first
    assert await ids(store, Tab.ARCHIVED) == [7, 6]
    counts = await store.call(Cache.counts)
    assert (counts.inbox, counts.mine, counts.in_attendance, counts.archived) == (2, 1, 5, 2)


async def test_filters_combine_and_search_modes_ignore_accents(store: Store) -> None:
    await fill(
        store,
        chat(1, requestor="João Conceição", client="Ação Social", origin="gupshup"),
        chat(2, requestor="Maria", client="Padaria", origin="site_widget", department=VENDAS),
        chat(3, status="waiting_client", responsible=OTHER, requestor="José", client="Açougue"),
        chat(4, status="canceled", requestor="Joana"),
        chat(5, status="finished", requestor="Joaquim"),
    )
    assert await ids(store, Tab.INBOX, q="joao") == [1]
    assert await ids(store, Tab.INBOX, q="JOÃO conceicao") == [1]
    assert await ids(store, Tab.INBOX, q="acao", search_by=SearchBy.CLIENT) == [1]
    assert await ids(store, Tab.INBOX, q="vendas", search_by=SearchBy.DEPARTMENT) == [2]
    assert await ids(store, Tab.IN_ATTENDANCE, q="bruno", search_by=SearchBy.RESPONSIBLE) == [3]
    assert await ids(store, Tab.INBOX, origins=(Origin.SITE_WIDGET,)) == [2]
    assert await ids(store, Tab.IN_ATTENDANCE, statuses=(ChatStatus.WAITING_CLIENT,)) == [3]
    assert await ids(store, Tab.ARCHIVED, canceled=True) == [4]
    assert await ids(store, Tab.ARCHIVED, canceled=False) == [5]
    assert await ids(store, Tab.INBOX, q="%") == []  # LIKE's wildcards are taken literally
    assert await ids(store, Tab.INBOX, number="8888") == [1, 2]  # a tie: by id


async def test_attendant_group_search_goes_through_the_groups_departments(store: Store) -> None:
    from tiflux_desktop.protocol import AttendantGroupOut

    await fill(store, chat(1), chat(2, department=VENDAS))
    group = AttendantGroupOut(
        id=9, name="Equipe Comercial", department_ids=[VENDAS], attendant_ids=[]
    )
    await store.call(Cache.replace_groups, [group])
    assert await ids(
        store, Tab.IN_ATTENDANCE, q="comercial", search_by=SearchBy.ATTENDANT_GROUP
    ) == [2]


async def test_closed_chats_beyond_the_cache_still_count(store: Store) -> None:
    await fill(store, chat(1, status="finished"))
    await store.call(Cache.set_archived_total, 40, now=wire_factories.T0)  # before chat 2 closed
    assert (await store.call(Cache.counts)).archived == 40
    await fill(store, chat(2, status="canceled"))  # closed since: counted on top
    assert (await store.call(Cache.counts)).archived == 41


async def test_message_pages_know_whether_the_history_has_gaps(store: Store) -> None:
    await fill(store, chat(1), messages=tuple(message(i, 1, f"m{i}") for i in range(1, 121)))
    page = await store.call(Cache.messages, 1, limit=50)
    assert [m.id for m in page.messages] == list(range(71, 121))  # newest, oldest first
    assert not page.complete  # nothing says the cache holds everything
    await store.call(Cache.set_history_from, 1, 60)
    page = await store.call(Cache.messages, 1, limit=50)
    assert page.complete
    assert not page.at_start
    older = await store.call(Cache.messages, 1, before_id=71, limit=50)
    assert [m.id for m in older.messages] == list(range(21, 71))
    assert not older.complete  # 21..59 may have gaps
    await store.call(Cache.set_history_from, 1, 0)
    first = await store.call(Cache.messages, 1, before_id=21, limit=50)
    assert [m.id for m in first.messages] == list(range(1, 21))
    assert first.complete
    assert first.at_start


async def test_unread_counts_customer_messages_after_the_last_read(store: Store) -> None:
    await fill(
        store,
        chat(1),
        messages=(
            message(1, 1, "oi"),
            message(2, 1, "interno", author="attendant", internal=True),
            message(3, 1, "olá", author="attendant"),
            message(4, 1, "tudo bem?"),
        ),
    )
    entry = await store.call(Cache.chat, 1)
    assert entry is not None
    assert (entry.unread, entry.seen) == (2, False)
    assert await store.call(Cache.mark_read, 1)
    entry = await store.call(Cache.chat, 1)
    assert entry is not None
    assert (entry.unread, entry.seen) == (0, True)
    assert not await store.call(Cache.mark_read, 1)  # nothing new: no change to publish
    await store.call(Cache.put_message, message(5, 1, "alô?"))
    entry = await store.call(Cache.chat, 1)
    assert entry is not None
    assert entry.unread == 1


async def test_a_message_update_never_adds_a_second_row(store: Store) -> None:
    await fill(store, chat(1), messages=(message(1, 1, "oi", author="attendant", status="sent"),))
    assert (
        await store.call(
            Cache.put_message, message(1, 1, "oi", author="attendant", status="read", version=2)
        )
        == "updated"
    )
    assert (
        await store.call(
            Cache.put_message, message(1, 1, "oi", author="attendant", status="sent", version=1)
        )
        is None
    )
    page = await store.call(Cache.messages, 1)
    assert [(m.id, m.status and m.status.value) for m in page.messages] == [(1, "read")]


async def test_removing_a_chat_takes_its_messages_and_search_entries(store: Store) -> None:
    await fill(store, chat(1), messages=(message(1, 1, "boleto vencido"),))
    assert (await store.call(Cache.search, "boleto")).messages
    assert await store.call(Cache.remove_chat, 1)
    assert await store.call(Cache.chat, 1) is None
    results = await store.call(Cache.search, "boleto")
    assert not results.messages
    assert not results.chats


async def test_messages_of_a_chat_the_cache_never_got_are_forgotten(store: Store) -> None:
    await fill(store, chat(1), messages=(message(1, 1, "boleto vencido"),))
    await store.transaction(  # an event for chat 2, which never reached this attendant
        lambda cache: cache.put_message(message(2, 2, "boleto de outro chat"))
    )
    assert [m.id for m in (await store.call(Cache.messages, 2)).messages] == [2]
    assert await store.transaction(Cache.forget_orphans) == 1
    assert not (await store.call(Cache.messages, 2)).messages
    assert [m.id for m in (await store.call(Cache.messages, 1)).messages] == [1]  # it stays
    assert await store.transaction(Cache.forget_orphans) == 0


async def test_contact_chats_lists_the_requesters_other_chats(store: Store) -> None:
    a = chat(1, minutes=0, status="finished")
    b = chat(2, minutes=60)
    b = b.model_copy(update={"requestor": a.requestor})
    await fill(store, a, b, chat(3))
    found = await store.call(Cache.contact_chats, a.requestor.id, exclude_chat_id=2)  # type: ignore[union-attr]
    assert [e.id for e in found] == [1]


async def test_drafts_are_kept_per_chat_and_an_empty_one_is_dropped(store: Store) -> None:
    await store.call(Cache.save_draft, Draft(1, "Olá, já vou verificar", internal=True))
    assert await store.call(Cache.draft, 1) == Draft(1, "Olá, já vou verificar", True, None)
    await store.call(Cache.save_draft, Draft(1, "   "))
    assert await store.call(Cache.draft, 1) is None


async def test_the_outbox_keeps_order_state_and_reason(store: Store) -> None:
    for n in range(3):
        await store.call(
            Cache.add_outbox,
            client_message_id=f"c{n}",
            chat_id=1,
            text=f"msg {n}",
            internal=False,
            quoted_message_id=None,
            template_id=None,
            parameters=(),
            files=[OutboxFile("/tmp/x", "x.pdf", "application/pdf", 3)] if n == 2 else [],
        )
    items = await store.call(Cache.outbox, chat_id=1)
    assert [i.text for i in items] == ["msg 0", "msg 1", "msg 2"]
    assert items[2].files[0].filename == "x.pdf"
    await store.call(Cache.set_outbox_state, "c0", OutboxState.SENDING, attempted=True)
    failed = await store.call(
        Cache.set_outbox_state, "c1", OutboxState.FAILED, error_code=40301, error_message="no"
    )
    assert failed is not None
    assert (failed.error_code, failed.error_message) == (40301, "no")
    assert await store.call(Cache.requeue_interrupted) == 1  # the send a crash cut short
    queued = await store.call(Cache.outbox, states=(OutboxState.QUEUED,))
    assert [i.client_message_id for i in queued] == ["c0", "c2"]
    assert queued[0].attempts == 1
    assert (await store.call(Cache.remove_outbox, "c0")) is not None
    assert await store.call(Cache.outbox_item, "c0") is None


async def test_a_search_that_folds_to_nothing_narrows_nothing(store: Store) -> None:
    await fill(store, chat(1))
    for by in SearchBy:  # a lone accent typed with a dead key
        assert await ids(store, Tab.INBOX, q="´", search_by=by) == [1]


async def test_dates_without_a_zone_are_utc_as_the_service_reads_them(store: Store) -> None:
    from datetime import datetime

    await fill(store, chat(1, minutes=0))  # 2026-11-20 12:00 UTC
    assert await ids(store, Tab.INBOX, created_at_start=datetime(2026, 11, 20, 11, 59)) == [1]
    assert await ids(store, Tab.INBOX, created_at_start=datetime(2026, 11, 20, 12, 1)) == []


async def test_an_old_closed_chat_cached_later_is_not_counted_twice(store: Store) -> None:
    from datetime import UTC, datetime

    await store.call(Cache.set_archived_total, 10, now=datetime(2026, 12, 1, tzinfo=UTC))
    assert (await store.call(Cache.counts)).archived == 10
    await fill(store, chat(1, status="finished"))  # closed before the count: one of the 10
    assert (await store.call(Cache.counts)).archived == 10
    later = chat(2, status="finished").model_copy(
        update={"finished_at": datetime(2026, 12, 2, tzinfo=UTC)}
    )
    await fill(store, later)  # closed after the count: one more
    assert (await store.call(Cache.counts)).archived == 11
