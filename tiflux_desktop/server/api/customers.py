"""The customer side without a provider: start a chat, write, and read what attendants
send. Used by simulated customers (demo mode, tests, docs/service.md) and by the website
widget's page; provider channels (WhatsApp, Gupshup) come in through their webhooks instead.

The widget's page follows its chat live on ``/customer/ws`` and downloads what attendants
send through ``/customer/attachments/{id}``; a message carrying the page's ``client_id`` is
stored once however often the page retries it."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, WebSocket
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import Field, ValidationError
from starlette.requests import HTTPConnection

from tiflux_desktop.domain import AuthorType
from tiflux_desktop.protocol import ErrorCode, EventType
from tiflux_desktop.protocol.base import Request as RequestModel
from tiflux_desktop.protocol.base import Resource

from ..errors import ApiError, not_found
from ..events import StoredEvent
from ..files import attachment_response
from ..ratelimit import RATE_LIMITED_RESPONSE, Guards, client_address, get_guards, too_many
from ..service import Service
from ..visitors import CLIENT_ID, VisitorChat, Visitors, concerns, discard, stored_client_id
from .deps import OURS, ServiceDep, bearer
from .sockets import stream_until_gone
from .uploads import form_fields, form_files, is_multipart, read_form, store_files

router = APIRouter(prefix="/customer", tags=["customer"])


class CustomerSessionIn(RequestModel):
    integration_id: int
    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    telephone: str | None = Field(default=None, pattern=r"^\d{8,15}$")


class CustomerSessionOut(Resource):
    token: str
    contact_id: int


class CustomerMessageIn(RequestModel):
    text: str | None = Field(default=None, max_length=10_000)
    # The page's own id for this message: a retry with the same id is answered, not stored
    # again (the page retries after a lost connection without knowing what arrived).
    client_id: str | None = Field(default=None, pattern=CLIENT_ID.pattern)


class CustomerSentOut(Resource):
    chat_id: int
    message_id: int
    chat_status: str


async def _customer(
    service: ServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> tuple[int, int]:
    if credentials is None:
        raise ApiError(
            ErrorCode.UNAUTHENTICATED, "send the customer token: Authorization: Bearer <token>"
        )
    return await service.customers.session(credentials.credentials)


Customer = Annotated[tuple[int, int], Depends(_customer)]


def get_visitors(connection: HTTPConnection) -> Visitors:
    """The service's one ``Visitors`` (made on first use: it holds the per-visitor locks)."""
    service: Service = connection.app.state.service
    found: Visitors | None = getattr(connection.app.state, "visitors", None)
    if found is None or found.storage is not service.storage:
        found = Visitors(service.storage)
        connection.app.state.visitors = found
    return found


VisitorsDep = Annotated[Visitors, Depends(get_visitors)]


@router.post(
    "/sessions",
    response_model=CustomerSessionOut,
    status_code=201,
    openapi_extra=OURS,
    responses=RATE_LIMITED_RESPONSE,
)
async def open_session(
    body: CustomerSessionIn,
    service: ServiceDep,
    request: Request,
    guards: Annotated[Guards, Depends(get_guards)],
) -> CustomerSessionOut:
    """A customer says who they are on a widget (or simulated) integration. A flood of new
    sessions from one address: 429 with `Retry-After`."""
    if (wait := guards.customer_sessions.hit(client_address(request))) is not None:
        raise too_many(wait, "new chat sessions")
    token, contact_id = await service.customers.open_session(
        body.integration_id, name=body.name.strip(), email=body.email, telephone=body.telephone
    )
    return CustomerSessionOut(token=token, contact_id=contact_id)


@router.post(
    "/messages",
    response_model=CustomerSentOut,
    status_code=201,
    openapi_extra=OURS,
    responses=RATE_LIMITED_RESPONSE,
)
async def send(
    request: Request,
    service: ServiceDep,
    visitors: VisitorsDep,
    customer: Customer,
    guards: Annotated[Guards, Depends(get_guards)],
) -> CustomerSentOut:
    """The customer writes (JSON `{text, client_id?}`, or multipart with `text`, `client_id`
    and one file). Over the attachment limits: 413 with the limit in `details`. More
    messages in a minute than a person writes: 429 with `Retry-After` (the widget keeps
    them and sends them after the wait)."""
    integration_id, contact_id = customer
    if (wait := guards.customer_messages.hit(f"{integration_id}:{contact_id}")) is not None:
        raise too_many(wait, "messages", "this visitor")
    upload = None
    if is_multipart(request):
        form = await read_form(request, service.config.limits, 1)
        raw: Any = form_fields(form)
        files = form_files(form)
        if len(files) > 1:
            raise ApiError(ErrorCode.VALIDATION, "one file per message")
        if files:
            upload = (await store_files(service.files, files, service.config.limits))[0]
    else:
        try:
            raw = await request.json()
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            raise ApiError(ErrorCode.BAD_REQUEST, "the body is not valid JSON") from exc
    try:
        body = CustomerMessageIn.model_validate(raw)
    except ValidationError as exc:
        raise ApiError(ErrorCode.VALIDATION, exc.errors()[0]["msg"]) from exc
    text = (body.text or "").strip() or None
    if text is None and upload is None:
        raise ApiError(ErrorCode.VALIDATION, "write something or attach a file")
    stored = False
    try:
        async with visitors.lock(contact_id):
            if body.client_id and (found := await visitors.sent(contact_id, body.client_id)):
                discard(service.files, upload)
                chat_id, message_id, status = found
                return CustomerSentOut(chat_id=chat_id, message_id=message_id, chat_status=status)
            # The page's id goes in with the message (one transaction): recorded after it,
            # a crash in between would let the page's retry store the message again.
            chat, message = await service.customers.receive(
                integration_id,
                contact_id,
                text=text,
                upload=upload,
                client_message_id=(
                    stored_client_id(contact_id, body.client_id) if body.client_id else None
                ),
            )
            stored = True
    except BaseException:
        if not stored:
            discard(service.files, upload)
        raise
    return CustomerSentOut(chat_id=chat.id, message_id=message.id, chat_status=chat.status.value)


@router.get("/messages", openapi_extra=OURS)
async def receive(
    service: ServiceDep,
    visitors: VisitorsDep,
    customer: Customer,
    after_id: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Everything the customer can see after `after_id`: their own messages (with the
    `client_id` they were sent with), the bot's and the attendants' public replies, never
    internal comments; and `chat`, their latest chat's `{id, status, ended}` (or null)."""
    integration_id, contact_id = customer
    update = await _update(service, visitors, integration_id, contact_id, after_id)
    return {"messages": update["messages"], "chat": update["chat"]}


async def _update(
    service: Service, visitors: Visitors, integration_id: int, contact_id: int, after_id: int
) -> dict[str, Any]:
    messages = await service.customers.inbox(integration_id, contact_id, after_id)
    mine = await visitors.client_ids(
        contact_id, (m["id"] for m in messages if m["author"]["type"] == AuthorType.CLIENT.value)
    )
    chat: VisitorChat | None = await visitors.current_chat(integration_id, contact_id)
    return {
        "type": "update",
        "messages": [{**m, "client_id": mine.get(m["id"])} for m in messages],
        "chat": chat.wire() if chat else None,
    }


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    openapi_extra=OURS,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download(
    attachment_id: int, service: ServiceDep, visitors: VisitorsDep, customer: Customer
) -> FileResponse:
    """A file of a public message in one of the customer's chats (always as a download)."""
    integration_id, contact_id = customer
    found = await visitors.attachment(integration_id, contact_id, attachment_id)
    if found is None:
        raise not_found("attachment")
    storage_key, filename, content_type = found
    path = service.files.path(storage_key)
    if not path.exists():
        raise not_found("attachment file")
    return await attachment_response(
        path, filename, content_type, {"Cache-Control": "private, no-store"}
    )


@router.websocket("/ws")
async def visitor_ws(websocket: WebSocket, token: str | None = None, after_id: int = 0) -> None:
    """The customer's chat live: at once and after every change they can see, one JSON
    `{"type": "update", "messages": [...], "chat": {...}}` shaped like GET /customer/messages
    (messages after `after_id`, then after the last one sent). Never an internal comment,
    nor anything about an attendant but the name on their messages."""
    service: Service = websocket.app.state.service
    try:
        integration_id, contact_id = await service.customers.session(token or "")
    except ApiError as exc:
        # Accept first so the page can tell "start again" (4401) from a network failure.
        await websocket.accept()
        await websocket.close(code=4401, reason=exc.message[:120])
        return
    await websocket.accept()
    visitors = get_visitors(websocket)
    await stream_until_gone(
        websocket,
        _stream(websocket, service, visitors, integration_id, contact_id, max(after_id, 0)),
    )


async def _stream(
    websocket: WebSocket,
    service: Service,
    visitors: Visitors,
    integration_id: int,
    contact_id: int,
    after_id: int,
) -> None:
    hub = service.hub
    seq = hub.last_seq  # taken before the first read: nothing committed after it is missed
    chats = await visitors.chat_ids(integration_id, contact_id)
    sent_chat: object = ...  # nothing sent yet: the first update always goes

    def wanted(event: StoredEvent) -> bool:
        return concerns(event, integration_id, contact_id, chats)

    # Woken only by an event that concerns this visitor: others' chats, internal comments
    # and notes never wake the stream.
    with hub.follow(wanted, seq) as follower:
        while not hub.closed:
            update = await _update(service, visitors, integration_id, contact_id, after_id)
            if update["messages"] or update["chat"] != sent_chat:
                await websocket.send_text(json.dumps(update, separators=(",", ":")))
                sent_chat = update["chat"]
                if update["messages"]:
                    after_id = max(m["id"] for m in update["messages"])
            while not hub.closed:
                await follower.wait(service.config.ws_ping_interval)
                follower.wake.clear()  # before looking: a commit from here on wakes it again
                new = hub.tail_after(seq)
                seq = hub.last_seq
                if new is None:  # fell behind the in-memory tail: just look again
                    chats.clear()
                    chats.update(await visitors.chat_ids(integration_id, contact_id))
                    break
                hits = [e for e in new if wanted(e)]
                if hits:
                    chats.update(
                        int(e.data["id"]) for e in hits if e.type is EventType.CHAT_UPSERTED
                    )
                    break
