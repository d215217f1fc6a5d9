"""ApiClient against the real chat service (a uvicorn per test): sign-in, the tab lists and
their filters, every action, messages with and without attachments, downloads, lookups."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from net_servers import CountingTransport, listing
from support import ADMIN, ANA, BRUNO, CARLA, DEMO_PASSWORD, FINANCEIRO, SUPORTE, VENDAS, Live
from tiflux_desktop.domain import (
    AttachmentLimits,
    ChatFilters,
    ChatStatus,
    Origin,
    SearchBy,
    Tab,
)
from tiflux_desktop.net import (
    ApiClient,
    ApiError,
    AttachmentRejected,
    LoginRequired,
    OutgoingFile,
)
from tiflux_desktop.protocol import ErrorCode, SendMessageIn

ANA_ID, BRUNO_ID, CARLA_ID = 2, 3, 4
PADARIA, SUPORTE_TECNICO = 1, 1


async def signed_in(live: Live, email: str, *, online: bool = True) -> ApiClient:
    api = ApiClient(live.base_url)
    await api.login(email, DEMO_PASSWORD)
    if online:
        await api.set_online(True)
    return api


@pytest.fixture
async def ana(live: Live) -> AsyncIterator[ApiClient]:
    api = await signed_in(live, ANA)
    yield api
    await api.aclose()


@pytest.fixture
async def admin(live: Live) -> AsyncIterator[ApiClient]:
    api = await signed_in(live, ADMIN)
    yield api
    await api.aclose()


def suporte_chat(live: Live, name: str = "Cliente Teste") -> int:
    return live.customer(name=name).open_chat("1")


def cmid() -> str:
    return str(uuid.uuid4())


# --- sign-in ---------------------------------------------------------------------------------


async def test_login_sets_the_token_and_me_answers(live: Live) -> None:
    async with ApiClient(live.base_url + "/api/v2/") as api:
        assert api.base_url == live.base_url
        out = await api.login(ANA, DEMO_PASSWORD)
        assert api.token == out.token
        assert out.user.email == ANA
        me = await api.me()
        assert me.user.id == ANA_ID
        assert me.organization.max_files_per_message >= 1
        assert (await api.set_online(True)).online is True
        await api.logout()
        assert api.token is None
        api.token = out.token  # signed out on the service: the old token is refused
        with pytest.raises(LoginRequired) as refused:
            await api.me()
    assert refused.value.error_code is ErrorCode.UNAUTHENTICATED


async def test_a_wrong_password_is_login_required_with_the_services_code(live: Live) -> None:
    async with ApiClient(live.base_url) as api:
        with pytest.raises(LoginRequired) as refused:
            await api.login(ANA, "not the password")
        assert refused.value.status == 401
        assert refused.value.code == 40101
        assert refused.value.error_code is ErrorCode.UNAUTHENTICATED
        assert refused.value.message
        assert api.token is None


async def test_a_bogus_or_missing_token_is_login_required(live: Live) -> None:
    async with ApiClient(live.base_url, token="bogus") as api:
        with pytest.raises(LoginRequired):
            await api.counts()
        api.token = None
        with pytest.raises(LoginRequired):
            await api.list_chats(Tab.INBOX)


async def test_an_expired_token_is_login_required_40102(live: Live) -> None:
    api = await signed_in(live, BRUNO, online=False)
    async with api:
        token = api.token
        assert token is not None
        past = (datetime.now(UTC) - timedelta(minutes=5)).replace(tzinfo=None)
        connection = sqlite3.connect(live.config.data_dir / "service.db", timeout=10)
        try:
            with connection:
                connection.execute(
                    "UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
                    (
                        past.isoformat(sep=" ", timespec="microseconds"),
                        hashlib.sha256(token.encode()).hexdigest(),
                    ),
                )
        finally:
            connection.close()
        with pytest.raises(LoginRequired) as refused:
            await api.me()
    assert refused.value.error_code is ErrorCode.TOKEN_EXPIRED


async def test_logout_clears_the_token_even_when_the_call_fails(live: Live) -> None:
    async with ApiClient(live.base_url, token="bogus") as api:
        with pytest.raises(LoginRequired):
            await api.logout()
        assert api.token is None
        await api.logout()  # nothing to do without a token


# --- lists ------------------------------------------------------------------------------------


async def test_each_tab_lists_with_filters_and_the_total(
    live: Live, ana: ApiClient, admin: ApiClient
) -> None:
    first = suporte_chat(live, "Joaquim Filtro")
    second = suporte_chat(live, "Rosa Filtro")
    vendas = live.customer(name="Vendas Filtro").open_chat("2")

    inbox = await admin.list_chats(Tab.INBOX)
    assert {c.id for c in inbox.items} == {first, second, vendas}
    assert inbox.total == 3
    one = await admin.list_chats(Tab.INBOX, page=2, limit=2)
    assert (len(one.items), one.total) == (1, 3)
    suporte = await admin.list_chats(Tab.INBOX, ChatFilters(department_id=SUPORTE))
    assert [c.id for c in suporte.items] == [first, second]  # oldest waiting first
    searched = await admin.list_chats(
        Tab.INBOX, ChatFilters(q="joaquim", search_by=SearchBy.REQUESTOR)
    )
    assert [c.id for c in searched.items] == [first]
    by_department = await admin.list_chats(
        Tab.INBOX, ChatFilters(q="vendas", search_by=SearchBy.DEPARTMENT)
    )
    assert [c.id for c in by_department.items] == [vendas]
    widget = await admin.list_chats(Tab.INBOX, ChatFilters(origins=(Origin.SITE_WIDGET,)))
    assert widget.total == 3
    cloud = await admin.list_chats(Tab.INBOX, ChatFilters(origins=(Origin.WHATSAPP_CLOUD,)))
    assert cloud.total == 0
    future = datetime.now(UTC) + timedelta(days=1)
    assert (await admin.list_chats(Tab.INBOX, ChatFilters(created_at_start=future))).total == 0
    past = datetime.now(UTC) - timedelta(days=1)
    assert (await admin.list_chats(Tab.INBOX, ChatFilters(created_at_start=past))).total == 3

    await ana.assume(first)
    mine = await ana.list_chats(Tab.MINE)
    assert [c.id for c in mine.items] == [first]
    attending = await admin.list_chats(
        Tab.IN_ATTENDANCE, ChatFilters(statuses=(ChatStatus.WAITING_CLIENT,), user_id=ANA_ID)
    )
    assert [c.id for c in attending.items] == [first]
    waiting = await admin.list_chats(
        Tab.IN_ATTENDANCE, ChatFilters(statuses=(ChatStatus.WAITING_ATTENDANCE,))
    )
    assert {c.id for c in waiting.items} == {second, vendas}

    await ana.archive(first)
    await admin.cancel(vendas)
    archived = await admin.list_chats(Tab.ARCHIVED)
    assert {c.id for c in archived.items} == {first, vendas}
    canceled = await admin.list_chats(Tab.ARCHIVED, ChatFilters(canceled=True))
    assert [c.id for c in canceled.items] == [vendas]
    finished = await admin.list_chats(Tab.ARCHIVED, ChatFilters(canceled=False))
    assert [c.id for c in finished.items] == [first]
    counts = await admin.counts()
    assert (counts.inbox, counts.archived) == (1, 2)


async def test_all_chats_pages_until_done_or_max_items(live: Live, admin: ApiClient) -> None:
    made = {suporte_chat(live, f"Pagina {n}") for n in range(5)}
    every = await admin.all_chats(Tab.INBOX, limit=2)
    assert [c.id for c in every.items] == sorted(made)
    assert len({c.id for c in every.items}) == 5
    assert (every.total, every.skipped) == (5, ())
    assert len((await admin.all_chats(Tab.INBOX, limit=2, max_items=3)).items) == 3
    none = await admin.all_chats(Tab.INBOX, ChatFilters(department_id=FINANCEIRO))
    assert none.items == []


# --- actions ----------------------------------------------------------------------------------


async def test_actions_round_trip(live: Live, ana: ApiClient, admin: ApiClient) -> None:
    chat_id = suporte_chat(live)

    taken = await ana.assume(chat_id)
    assert taken.responsible is not None
    assert taken.responsible.id == ANA_ID
    moved = await ana.update_chat(chat_id, user_id=CARLA_ID)
    assert moved.responsible is not None
    assert moved.responsible.id == CARLA_ID
    carla = await signed_in(live, CARLA)
    async with carla:
        left = await carla.leave(chat_id)
        assert left.responsible is None
        assert left.status is ChatStatus.WAITING_ATTENDANCE
        again = await carla.assume(chat_id)
        assert again.responsible is not None
        assert again.responsible.id == CARLA_ID
        done = await carla.archive(chat_id)
    assert done.status is ChatStatus.FINISHED
    assert done.archived
    assert not done.canceled
    assert (await admin.chat(chat_id)).version == done.version

    other = suporte_chat(live, "Cancelado")
    canceled = await admin.cancel(other)
    assert canceled.canceled is True

    waiting = suporte_chat(live, "Para Financeiro")
    transferred = await admin.update_chat(waiting, department_id=FINANCEIRO)
    assert transferred.department is not None
    assert transferred.department.id == FINANCEIRO


async def test_refusals_carry_the_services_code(live: Live, ana: ApiClient) -> None:
    chat_id = suporte_chat(live)
    await ana.assume(chat_id)

    carla = await signed_in(live, CARLA)
    async with carla:
        with pytest.raises(ApiError) as taken:
            await carla.assume(chat_id)
        await carla.set_online(False)
        with pytest.raises(ApiError) as offline:
            await carla.assume(suporte_chat(live, "Outro"))
    assert (taken.value.status, taken.value.error_code) == (409, ErrorCode.ALREADY_TAKEN)
    assert offline.value.error_code is ErrorCode.NOT_ONLINE
    assert offline.value.details == {"reason": "not_online"}

    with pytest.raises(ApiError) as no_access:
        await ana.update_chat(chat_id, user_id=BRUNO_ID)
    assert no_access.value.error_code is ErrorCode.NO_PERMISSION
    with pytest.raises(ApiError) as missing:
        await ana.chat(99_999)
    assert (missing.value.status, missing.value.code) == (404, 40401)
    await ana.archive(chat_id)
    with pytest.raises(ApiError) as archived:
        await ana.leave(chat_id)
    assert archived.value.error_code is ErrorCode.ARCHIVED


# --- messages ---------------------------------------------------------------------------------


async def test_post_message_as_json_and_the_same_id_twice_makes_one(
    live: Live, ana: ApiClient
) -> None:
    chat_id = suporte_chat(live)
    await ana.assume(chat_id)
    before = (await ana.messages(chat_id, limit=200)).total
    message_id = cmid()

    [sent] = await ana.post_message(chat_id, client_message_id=message_id, text="Olá!")
    [again] = await ana.post_message(chat_id, client_message_id=message_id, text="Olá!")

    assert sent.text == "Olá!"
    assert sent.client_message_id == message_id
    assert again.id == sent.id
    page = await ana.messages(chat_id, limit=200)
    assert page.total == before + 1
    assert [m.id for m in page.items if m.client_message_id == message_id] == [sent.id]
    [note] = await ana.post_message(
        chat_id, client_message_id=cmid(), text="só entre nós", internal=True
    )
    assert note.internal is True
    latest = await ana.messages(chat_id, latest=True, limit=1)
    assert [m.id for m in latest.items] == [note.id]
    older = await ana.messages(chat_id, before_id=note.id, limit=1)
    assert [m.id for m in older.items] == [sent.id]
    newer = await ana.messages(chat_id, after_id=sent.id)
    assert [m.id for m in newer.items] == [note.id]
    templates = await ana.message_templates()
    [canned] = [t for t in templates if t.title == "Saudação"]
    [filled] = await ana.post_message(
        chat_id, client_message_id=cmid(), template_id=canned.id, parameters=["Maria"]
    )
    assert filled.text is not None
    assert "Maria" in filled.text


async def test_post_message_multipart_reports_progress_and_downloads_back(
    live: Live, ana: ApiClient, tmp_path: Path
) -> None:
    chat_id = suporte_chat(live)
    await ana.assume(chat_id)
    report = tmp_path / "relatório final.pdf"
    report.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 1200)
    photo = tmp_path / "foto.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 150_000)
    files = [OutgoingFile.from_path(report), OutgoingFile.from_path(photo)]
    total = report.stat().st_size + photo.stat().st_size
    calls: list[tuple[int, int]] = []

    sent = await ana.post_message(
        chat_id,
        client_message_id=cmid(),
        text="Seguem os arquivos",
        files=files,
        progress=lambda done, of: calls.append((done, of)),
    )

    assert [m.text for m in sent][:1] == ["Seguem os arquivos"]
    media = [m.media for m in sent if m.media is not None]
    assert [(m.filename, m.size) for m in media] == [
        ("relatório final.pdf", report.stat().st_size),
        ("foto.png", photo.stat().st_size),
    ]
    assert calls[-1] == (total, total)
    assert len(calls) > 3  # chunks, not one jump
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert {of for _, of in calls} == {total}

    got: list[tuple[int, int]] = []
    dest = tmp_path / "down" / "copy.pdf"
    path = await ana.download(media[0].id, dest, progress=lambda d, t: got.append((d, t)))
    assert path == dest
    assert dest.read_bytes() == report.read_bytes()
    assert got[-1] == (report.stat().st_size, report.stat().st_size)
    assert listing(dest.parent) == [dest]  # no temporary file left


async def test_a_failed_download_leaves_no_file(live: Live, ana: ApiClient, tmp_path: Path) -> None:
    dest = tmp_path / "downloads" / "missing.bin"
    dest.parent.mkdir()
    with pytest.raises(ApiError) as missing:
        await ana.download(99_999, dest)
    assert missing.value.error_code is ErrorCode.NOT_FOUND
    assert listing(dest.parent) == []


async def test_attachments_over_the_limits_are_refused_before_sending(
    live: Live, tmp_path: Path
) -> None:
    transport = CountingTransport()
    api = ApiClient(live.base_url, transport=transport)
    async with api:
        await api.login(ANA, DEMO_PASSWORD)
        await api.set_online(True)
        chat_id = suporte_chat(live)
        await api.assume(chat_id)
        before = (await api.messages(chat_id)).total
        big = tmp_path / "big.bin"
        big.write_bytes(b"x" * 2000)
        small = tmp_path / "small.txt"
        small.write_bytes(b"ok")
        limits = AttachmentLimits(file_max_bytes=1000, media_max_bytes=500, max_files_per_message=2)
        sent_before = len(transport.sent)

        with pytest.raises(AttachmentRejected) as too_large:
            await api.post_message(
                chat_id,
                client_message_id=cmid(),
                files=[OutgoingFile.from_path(small), OutgoingFile.from_path(big)],
                limits=limits,
            )
        with pytest.raises(AttachmentRejected) as too_many:
            await api.post_message(
                chat_id,
                client_message_id=cmid(),
                files=[OutgoingFile.from_path(small)] * 3,
                limits=limits,
            )
        # The organisation's default limits apply when none are given (20 MB files).
        huge = OutgoingFile(big, "huge.zip", "application/zip", 21 * 1024 * 1024)
        with pytest.raises(AttachmentRejected) as default_limit:
            await api.post_message(chat_id, client_message_id=cmid(), files=[huge])

        assert len(transport.sent) == sent_before
        assert (await api.messages(chat_id)).total == before
    assert (too_large.value.reason, too_large.value.filename) == ("too_large", "big.bin")
    assert (too_large.value.size, too_large.value.limit) == (2000, 1000)
    assert (too_many.value.reason, too_many.value.size, too_many.value.limit) == ("too_many", 3, 2)
    assert default_limit.value.reason == "too_large"


async def test_the_service_still_refuses_what_the_client_let_through(
    live: Live, ana: ApiClient
) -> None:
    chat_id = suporte_chat(live)
    await ana.assume(chat_id)
    with pytest.raises(ApiError) as empty:
        await ana.post_message(chat_id, client_message_id=cmid(), text="   ")
    assert empty.value.error_code is ErrorCode.VALIDATION


async def test_start_chat_and_create_ticket(live: Live, ana: ApiClient, tmp_path: Path) -> None:
    cloud = await ana.cloud_templates()
    template = next(t for t in cloud if t.status == "APPROVED" and t.keys.body)
    new = await ana.start_chat(
        SendMessageIn(
            number="11988887777",
            integration_id=template.integration_id,
            template_id=template.id,
            parameters=["Paulo", "sua instalação"],
            name="Paulo Novo",
        )
    )
    assert new.chat.responsible is not None
    assert new.chat.responsible.id == ANA_ID
    assert new.message.template_id == template.id

    log = tmp_path / "log.txt"
    log.write_text("erro 42\n")
    ticket = await ana.create_ticket(
        {
            "title": "Impressora parada",
            "description": "Luz laranja",
            "client_id": PADARIA,
            "desk_id": SUPORTE_TECNICO,
        },
        [OutgoingFile.from_path(log)],
    )
    assert ticket.title == "Impressora parada"
    assert ticket.client.id == PADARIA
    bare = await ana.create_ticket(
        {"title": "Sem anexos", "description": "d", "client_id": PADARIA, "desk_id": 1}
    )
    assert bare.ticket_number > ticket.ticket_number
    linked = await ana.update_chat(new.chat.id, ticket_number=bare.ticket_number)
    assert linked.ticket is not None
    assert linked.ticket.number == bare.ticket_number


async def test_lookups_parse_every_page(admin: ApiClient) -> None:
    # By name: Financeiro, Suporte, Vendas.
    assert [d.id for d in await admin.departments()] == [FINANCEIRO, SUPORTE, VENDAS]
    assert {a.email for a in await admin.attendants()} >= {ADMIN, ANA, BRUNO, CARLA}
    assert await admin.attendant_groups()
    assert {i.type for i in await admin.integrations()} >= {Origin.SITE_WIDGET}
    assert await admin.message_templates()
    assert await admin.gupshup_templates()
    assert await admin.cloud_templates()
    assert len(await admin.technical_users()) >= 4
    joao = await admin.contacts("joao")
    assert "João da Silva" in [c.name for c in joao]  # accents folded; e-mails match too
    clients = await admin.clients()
    assert clients
    assert await admin.clients("padaria") == [c for c in clients if c.id == PADARIA]
    desks = await admin.client_desks(PADARIA)
    assert desks
    assert await admin.client_requestors(PADARIA)
    assert await admin.desk_priorities(desks[0].id)
    assert await admin.desk_catalog_items(desks[0].id)
    with pytest.raises(ApiError) as missing:
        await admin.client_desks(99_999)
    assert missing.value.error_code is ErrorCode.NOT_FOUND


async def test_events_page(live: Live, admin: ApiClient) -> None:
    suporte_chat(live)
    page = await admin.events(0, limit=5)
    assert [e.seq for e in page.events] == list(range(1, 6))
    assert page.last_seq == 5
    assert page.head_seq > 5
    rest = await admin.events(page.last_seq)
    assert rest.events[0].seq == 6
    assert rest.last_seq == rest.head_seq
