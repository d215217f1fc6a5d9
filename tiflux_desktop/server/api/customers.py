"""The customer side without a provider: start a chat, write, and read what attendants
send. Used by simulated customers (demo mode, tests, docs/service.md) and by the website
widget's page; provider channels (WhatsApp, Gupshup) come in through their webhooks instead."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import Field, ValidationError

from tiflux_desktop.protocol import ErrorCode
from tiflux_desktop.protocol.base import Request as RequestModel
from tiflux_desktop.protocol.base import Resource

from ..errors import ApiError
from .deps import OURS, ServiceDep, bearer
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


@router.post("/sessions", response_model=CustomerSessionOut, status_code=201, openapi_extra=OURS)
async def open_session(body: CustomerSessionIn, service: ServiceDep) -> CustomerSessionOut:
    """A customer says who they are on a widget (or simulated) integration."""
    token, contact_id = await service.customers.open_session(
        body.integration_id, name=body.name.strip(), email=body.email, telephone=body.telephone
    )
    return CustomerSessionOut(token=token, contact_id=contact_id)


@router.post("/messages", response_model=CustomerSentOut, status_code=201, openapi_extra=OURS)
async def send(request: Request, service: ServiceDep, customer: Customer) -> CustomerSentOut:
    """The customer writes (JSON `{text}`, or multipart with `text` and one file)."""
    integration_id, contact_id = customer
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
    try:
        chat, message = await service.customers.receive(
            integration_id, contact_id, text=text, upload=upload
        )
    except BaseException:
        if upload is not None:
            service.files.discard(upload.storage_key)
        raise
    return CustomerSentOut(chat_id=chat.id, message_id=message.id, chat_status=chat.status.value)


@router.get("/messages", openapi_extra=OURS)
async def receive(
    service: ServiceDep,
    customer: Customer,
    after_id: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, list[dict[str, Any]]]:
    """Everything the customer can see after `after_id`: their own messages, the bot's and
    the attendants' public replies; never internal comments."""
    integration_id, contact_id = customer
    return {"messages": await service.customers.inbox(integration_id, contact_id, after_id)}
