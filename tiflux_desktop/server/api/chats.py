"""Chats: the four tab lists, detail, messages and every attendant action."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from tiflux_desktop.domain import (
    ChatFilters,
    ChatStatus,
    Origin,
    Refusal,
    SearchBy,
    StartedBy,
    Tab,
    can_see,
)
from tiflux_desktop.protocol import (
    ArchiveIn,
    AssumeIn,
    ChatOut,
    ChatUpdateIn,
    CountsOut,
    ErrorCode,
    MessageFieldsIn,
    MessageIn,
    MessageOut,
    MessagesOut,
    NewChatOut,
    SendMessageIn,
    chat_to_domain,
)

from .. import queries
from ..errors import ApiError, not_found, refused
from ..storage import Storage
from .deps import OURS, Me, Page, ServiceDep
from .uploads import form_fields, form_files, is_multipart, read_form, store_files

router = APIRouter(tags=["chats"])


def _csv(raw: str | None, kind: type[Any], name: str) -> tuple[Any, ...]:
    if not raw:
        return ()
    try:
        return tuple(kind(part.strip()) for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise ApiError(ErrorCode.VALIDATION, f"{name}: unknown value in {raw!r}") from exc


def _when(raw: str | None, name: str, *, end: bool = False) -> datetime | None:
    """ISO date or date-time; a bare date as an end bound means the end of that day."""
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ApiError(
            ErrorCode.VALIDATION, f"{name}: not an ISO date or date-time: {raw!r}"
        ) from exc
    if end and len(raw) == 10:
        value = datetime.combine(value.date(), time.max)
    try:  # in UTC now, so a time the calendar cannot hold fails here and not in the database
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError as exc:
        raise ApiError(ErrorCode.VALIDATION, f"{name}: out of range: {raw!r}") from exc


Q = Annotated[str | None, Query(max_length=200, description="Search text (ours)")]
SB = Annotated[SearchBy, Query(description="What q searches (ours)")]
Origins = Annotated[str | None, Query(description="Comma list of origins", max_length=300)]
Number = Annotated[str | None, Query(max_length=32)]


def common_filters(
    department_id: int | None = None,
    client_id: int | None = None,
    requestor_id: int | None = None,
    number: Number = None,
    origins: Origins = None,
    started_by: StartedBy | None = None,
    created_at_start: str | None = None,
    created_at_end: str | None = None,
    q: Q = None,
    search_by: SB = SearchBy.REQUESTOR,
) -> ChatFilters:
    """The filters and search every tab takes (Tiflux's, plus our q and search_by)."""
    return ChatFilters(
        department_id=department_id,
        client_id=client_id,
        requestor_id=requestor_id,
        number=number,
        origins=_csv(origins, Origin, "origins"),
        started_by=started_by,
        created_at_start=_when(created_at_start, "created_at_start"),
        created_at_end=_when(created_at_end, "created_at_end", end=True),
        q=q,
        search_by=search_by,
    )


Filters = Annotated[ChatFilters, Depends(common_filters)]


async def _list(
    service: ServiceDep,
    me: Me,
    tab: Tab,
    filters: ChatFilters,
    page: tuple[int, int],
    response: Response,
) -> list[ChatOut]:
    async with service.storage.read() as conn:
        found, total = await queries.list_chats(conn, me, tab, filters, *page)
    response.headers["X-Total-Items"] = str(total)
    return found


@router.get("/chats/inbox", response_model=list[ChatOut])
async def inbox(
    service: ServiceDep, me: Me, filters: Filters, page: Page, response: Response
) -> list[ChatOut]:
    """Entrada: chats waiting in a department inbox that nobody took; oldest waiting first."""
    return await _list(service, me, Tab.INBOX, filters, page, response)


@router.get("/chats/mine", response_model=list[ChatOut])
async def mine(
    service: ServiceDep, me: Me, filters: Filters, page: Page, response: Response
) -> list[ChatOut]:
    """Meus: chats the signed-in attendant is responsible for."""
    return await _list(service, me, Tab.MINE, filters, page, response)


@router.get("/chats/in_attendance", response_model=list[ChatOut])
async def in_attendance(
    service: ServiceDep,
    me: Me,
    filters: Filters,
    page: Page,
    response: Response,
    status: Annotated[
        str | None,
        Query(description="Comma list: triage, waiting_attendance, waiting_client, in_attendance"),
    ] = None,
    user_id: Annotated[int | None, Query(description="Responsible attendant")] = None,
) -> list[ChatOut]:
    """Em atendimento: every chat not yet finished, including triage and inbox chats."""
    filters = replace(filters, statuses=_csv(status, ChatStatus, "status"), user_id=user_id)
    return await _list(service, me, Tab.IN_ATTENDANCE, filters, page, response)


@router.get("/chats/archived", response_model=list[ChatOut])
async def archived(
    service: ServiceDep,
    me: Me,
    filters: Filters,
    page: Page,
    response: Response,
    finished_at_start: str | None = None,
    finished_at_end: str | None = None,
    canceled: bool | None = None,
) -> list[ChatOut]:
    """Encerrados: finished and cancelled chats, latest first."""
    filters = replace(
        filters,
        finished_at_start=_when(finished_at_start, "finished_at_start"),
        finished_at_end=_when(finished_at_end, "finished_at_end", end=True),
        canceled=canceled,
    )
    return await _list(service, me, Tab.ARCHIVED, filters, page, response)


@router.get("/chats/counts", response_model=CountsOut, openapi_extra=OURS)
async def counts(service: ServiceDep, me: Me) -> CountsOut:
    async with service.storage.read() as conn:
        return CountsOut(**await queries.counts(conn, me))


async def _visible_chat(service: ServiceDep, me: Me, chat_id: int) -> ChatOut:
    async with service.storage.read() as conn:
        chat = await Storage.chat(conn, chat_id)
    if chat is None:
        raise not_found("chat")
    if not can_see(me, chat_to_domain(chat)):
        raise refused(Refusal.NOT_VISIBLE)
    return chat


@router.get("/chats/{chat_id}", response_model=ChatOut)
async def chat_detail(chat_id: int, service: ServiceDep, me: Me) -> ChatOut:
    return await _visible_chat(service, me, chat_id)


@router.get("/chats/{chat_id}/messages", response_model=list[MessageOut])
async def chat_messages(
    chat_id: int,
    service: ServiceDep,
    me: Me,
    page: Page,
    response: Response,
    before_id: Annotated[
        int | None, Query(description="Ours: the page right before this message")
    ] = None,
    after_id: Annotated[int | None, Query(description="Ours: messages after this one")] = None,
    latest: Annotated[bool, Query(description="Ours: the newest page")] = False,
) -> list[MessageOut]:
    """The chat's messages in chronological order."""
    await _visible_chat(service, me, chat_id)
    async with service.storage.read() as conn:
        found, total = await queries.chat_messages(
            conn,
            chat_id,
            page=page[0],
            limit=page[1],
            before_id=before_id,
            after_id=after_id,
            latest=latest,
        )
    response.headers["X-Total-Items"] = str(total)
    return found


@router.put("/chats/{chat_id}", response_model=ChatOut)
async def update_chat(chat_id: int, body: ChatUpdateIn, service: ServiceDep, me: Me) -> ChatOut:
    """Transferir (user_id and/or department_id) or link a ticket (ticket_number)."""
    return await service.ops.update(
        me.id,
        chat_id,
        user_id=body.user_id,
        department_id=body.department_id,
        ticket_number=body.ticket_number,
    )


@router.put("/chats/{chat_id}/archive", response_model=ChatOut, status_code=202)
async def archive_chat(
    chat_id: int, service: ServiceDep, me: Me, body: ArchiveIn | None = None
) -> ChatOut:
    """Finalizar. `services_catalogs_item_id` is required when the organisation asks for it."""
    return await service.ops.close(
        me.id,
        chat_id,
        canceled=False,
        catalog_item_id=body.services_catalogs_item_id if body else None,
    )


@router.put("/chats/{chat_id}/assume", response_model=ChatOut, openapi_extra=OURS)
async def assume(
    chat_id: int, service: ServiceDep, me: Me, body: AssumeIn | None = None
) -> ChatOut:
    """Assumir: only Online attendants; a chat someone else holds needs `take_over`."""
    return await service.ops.assume(me.id, chat_id, take_over=bool(body and body.take_over))


@router.put("/chats/{chat_id}/leave", response_model=ChatOut, openapi_extra=OURS)
async def leave(chat_id: int, service: ServiceDep, me: Me) -> ChatOut:
    """Sair: the chat goes back to its department's inbox."""
    return await service.ops.leave(me.id, chat_id)


@router.put("/chats/{chat_id}/cancel", response_model=ChatOut, openapi_extra=OURS)
async def cancel(chat_id: int, service: ServiceDep, me: Me) -> ChatOut:
    """Cancelar: closed at once, no ticket, no formal conclusion."""
    return await service.ops.close(me.id, chat_id, canceled=True)


_MESSAGE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            # Inline: no route takes MessageIn as a parameter, so it is not in the components.
            "application/json": {"schema": MessageIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "internal": {"type": "boolean"},
                        "client_message_id": {"type": "string", "format": "uuid"},
                        "quoted_message_id": {"type": "integer"},
                        "template_id": {"type": "integer"},
                        "parameters[]": {"type": "array", "items": {"type": "string"}},
                        "files[]": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                }
            },
        },
    },
    **OURS,
}


@router.post(
    "/chats/{chat_id}/messages",
    response_model=MessagesOut,
    status_code=201,
    openapi_extra=_MESSAGE_BODY,
    responses={
        200: {"model": MessagesOut, "description": "Repeated client_message_id: the first answer"}
    },
)
async def post_message(chat_id: int, request: Request, service: ServiceDep, me: Me) -> Any:
    """A public message or a Comentário interno, with text, a template or attachments.
    The same `client_message_id` never makes a second message."""
    limits = service.config.limits
    uploads = []
    if is_multipart(request):
        form = await read_form(request, limits, limits.max_files_per_message)
        files = form_files(form)
        raw = form_fields(form, ("parameters",))
        model: type[MessageFieldsIn] = MessageFieldsIn if files else MessageIn
    else:
        try:
            raw = await request.json()
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            raise ApiError(ErrorCode.BAD_REQUEST, "the body is not valid JSON") from exc
        files = []
        model = MessageIn
    if len(files) > limits.max_files_per_message:
        raise ApiError(
            ErrorCode.VALIDATION, f"at most {limits.max_files_per_message} files per message"
        )
    try:
        body = model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ApiError(
            ErrorCode.VALIDATION,
            f"{where}: {first['msg']}" if where else first["msg"],
            {
                "errors": [
                    {"loc": [str(p) for p in e["loc"]], "msg": e["msg"]} for e in exc.errors()
                ]
            },
        ) from exc
    cmid = str(body.client_message_id) if body.client_message_id else None
    if cmid and (existing := await service.ops.existing_batch(cmid)):
        return JSONResponse(MessagesOut(messages=existing).model_dump(mode="json"), status_code=200)
    uploads = await store_files(service.files, files, limits)
    try:
        created, fresh = await service.ops.post_message(
            me.id,
            chat_id,
            text=body.text,
            internal=body.internal,
            client_message_id=cmid,
            quoted_message_id=body.quoted_message_id,
            template_id=body.template_id,
            parameters=list(body.parameters),
            uploads=uploads,
        )
    except BaseException:
        for item in uploads:
            service.files.discard(item.storage_key)
        raise
    if not fresh:  # a concurrent retry won: its files are the ones kept
        for item in uploads:
            service.files.discard(item.storage_key)
    return JSONResponse(
        MessagesOut(messages=created).model_dump(mode="json"), status_code=201 if fresh else 200
    )


@router.post("/chats/send_message", response_model=NewChatOut, status_code=201)
async def send_message(body: SendMessageIn, service: ServiceDep, me: Me) -> NewChatOut:
    """Novo chat: a WhatsApp (Gupshup / Cloud API) conversation started by the attendant,
    with free text inside the customer's 24-hour window or an approved template."""
    chat, message = await service.ops.start_chat(
        me.id,
        number=body.number,
        integration_id=body.integration_id,
        message=body.message,
        template_id=body.template_id,
        parameters=list(body.parameters),
        country_code=body.country_code,
        name=body.name,
        department_id=body.department_id,
        client_id=body.client_id,
        ticket_number=body.ticket_number,
        archive=body.archive,
    )
    return NewChatOut(chat=chat, message=message)
