"""The chat service's REST API (docs: DESIGN.md section 4) over one long-lived httpx client.

Every answer is validated into the protocol's models; every failure becomes a NetError.
Reads are retried with backoff; 429 is retried for every method; writes are not retried on
network errors (the caller decides: post_message is idempotent through client_message_id).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import ssl
import time
from collections.abc import AsyncGenerator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar, cast

import httpx

from tiflux_desktop import __version__
from tiflux_desktop.domain import AttachmentLimits, ChatFilters, Tab
from tiflux_desktop.protocol import (
    AttendantGroupOut,
    AttendantOut,
    CatalogItemOut,
    ChatOut,
    ClientOut,
    CountsOut,
    DepartmentOut,
    DeskOut,
    EventsPage,
    GupshupTemplateOut,
    IntegrationOut,
    LoginOut,
    MeOut,
    MessageOut,
    MessagesOut,
    MessageTemplateOut,
    NewChatOut,
    PriorityOut,
    RefOut,
    RequestorOut,
    SendMessageIn,
    TicketEnvelope,
    TicketOut,
    UserOut,
    WhatsappCloudTemplateOut,
)
from tiflux_desktop.protocol.base import Resource

from .errors import BadResponse, Unreachable
from .files import (
    CHUNK,
    MultipartBody,
    OutgoingFile,
    PartialFile,
    Progress,
    check_attachments,
    form_fields,
)
from .policy import (
    RETRY_STATUSES,
    RetryPolicy,
    Timeouts,
    api_error,
    retryable,
    unreachable,
)

__all__ = [
    "API_PATH",
    "ApiClient",
    "OutgoingFile",
    "Page",
    "Progress",
    "RetryPolicy",
    "Timeouts",
    "check_attachments",
]

log = logging.getLogger(__name__)

API_PATH = "/api/v2"
LOOKUP_LIMIT = 200  # the service's largest page

T = TypeVar("T")
R = TypeVar("R", bound=Resource)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int  # X-Total-Items: all matches, not just this page
    received: int = -1  # entries in the answer, skipped ones too (-1: as many as items)
    skipped: tuple[int, ...] = ()  # the ids of entries that did not fit the model

    @property
    def size(self) -> int:
        """How many entries the service sent: what tells a short (last) page."""
        return len(self.items) if self.received < 0 else self.received


def _first_line(exc: BaseException) -> str:
    """An error's first line, cut short: a log line, not pydantic's whole report."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _root(base_url: str) -> str:
    """The service root: no trailing slash, no /api/v2 (both tolerated on input)."""
    url = base_url.strip().rstrip("/")
    if url.endswith(API_PATH):
        url = url[: -len(API_PATH)].rstrip("/")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ValueError(f"not an http(s) service address: {base_url!r}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"not an http(s) service address: {base_url!r}")
    return url


def _ssl_context(verify: bool | str | ssl.SSLContext) -> ssl.SSLContext:
    """One context for REST and the websocket, so both trust the same certificates."""
    if isinstance(verify, ssl.SSLContext):
        return verify
    if isinstance(verify, str):  # a CA bundle file or a directory of hashed certificates
        if Path(verify).is_dir():
            return ssl.create_default_context(capath=verify)
        return ssl.create_default_context(cafile=verify)
    return httpx.create_ssl_context(verify=verify)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def chat_params(tab: Tab, filters: ChatFilters | None) -> dict[str, str]:
    """ChatFilters as the query parameters of GET /chats/{tab} (server/api/chats.py)."""
    f = filters or ChatFilters()
    raw: dict[str, str | int | None] = {
        "department_id": f.department_id,
        "client_id": f.client_id,
        "requestor_id": f.requestor_id,
        "number": f.number or None,
        "origins": ",".join(o.value for o in f.origins) or None,
        "started_by": f.started_by.value if f.started_by else None,
        "created_at_start": _iso(f.created_at_start),
        "created_at_end": _iso(f.created_at_end),
    }
    if f.searching:
        raw["q"] = f.q
        raw["search_by"] = f.search_by.value
    # Tab-only filters go only where the service takes them (elsewhere they mean nothing).
    if tab is Tab.IN_ATTENDANCE:
        raw["status"] = ",".join(s.value for s in f.statuses) or None
        raw["user_id"] = f.user_id
    if tab is Tab.ARCHIVED:
        raw["finished_at_start"] = _iso(f.finished_at_start)
        raw["finished_at_end"] = _iso(f.finished_at_end)
        raw["canceled"] = None if f.canceled is None else ("true" if f.canceled else "false")
    return {k: str(v) for k, v in raw.items() if v is not None}


class ApiClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeouts: Timeouts = Timeouts(),  # noqa: B008 - frozen, shared safely
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008
        transport: httpx.AsyncBaseTransport | None = None,
        verify: bool | str | ssl.SSLContext = True,
        user_agent: str = f"tiflux-desktop/{__version__}",
    ) -> None:
        self._root = _root(base_url)
        self._token = token
        self._retry = retry
        self._rng = random.Random()
        self._user_agent = user_agent
        self._ssl = _ssl_context(verify)
        self._http = httpx.AsyncClient(
            base_url=self._root + API_PATH,
            timeout=timeouts.httpx(),
            transport=transport,
            verify=self._ssl,
            headers={"User-Agent": user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )

    # --- lifetime and settings --------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._root

    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value

    @property
    def user_agent(self) -> str:
        return self._user_agent

    @property
    def ws_ssl(self) -> ssl.SSLContext | None:
        """The TLS context for wss:// (None for ws://)."""
        return self._ssl if self._root.startswith("https://") else None

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def ws_url(self, after: int) -> str:
        scheme, rest = self._root.split("://", 1)
        ws_scheme = "wss" if scheme == "https" else "ws"
        return f"{ws_scheme}://{rest}{API_PATH}/events/ws?after={max(0, int(after))}"

    # --- the request core -------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        body: MultipartBody | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        """Send with the retry rules; a 2xx response (to be closed by the caller if
        ``stream``), or a NetError."""
        reading = method == "GET"
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= self._retry.attempts
            started = time.monotonic()
            try:
                response = await self._attempt(method, path, params, json_body, body, stream)
            except httpx.TransportError as exc:
                error = unreachable(exc)
                log.debug("%s %s failed: %s", method, path, error.reason)
                if reading and not last and retryable(error):
                    await self._backoff(method, path, self._retry.delay(attempt, self._rng))
                    continue
                raise error from exc
            except httpx.DecodingError as exc:  # a Content-Encoding that does not decode
                raise BadResponse(f"{method} {path}: the body could not be decoded") from exc
            status = response.status_code
            log.debug(
                "%s %s -> %d (%.0f ms)", method, path, status, (time.monotonic() - started) * 1e3
            )
            if status < 400:
                return response
            if stream:
                await self._read_and_close(response)
            if status == 429:
                wait = self._retry.retry_after(response)
                if not last:
                    delay = wait if wait is not None else self._retry.delay(attempt, self._rng)
                    await self._backoff(method, path, delay)
                    continue
                raise api_error(response, wait)
            if status in RETRY_STATUSES and reading and not last:
                await self._backoff(method, path, self._retry.delay(attempt, self._rng))
                continue
            raise api_error(response)

    async def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, str | int] | None,
        json_body: Any,
        body: MultipartBody | None,
        stream: bool,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        if body is None:
            request = self._http.build_request(
                method, path, params=params, json=json_body, headers=headers
            )
            return await self._http.send(request, stream=stream)
        # A fresh stream per attempt; aclosing closes the open file if the send is cut short.
        async with contextlib.aclosing(body.stream()) as content:
            headers["Content-Type"] = body.content_type
            headers["Content-Length"] = str(body.content_length)
            request = self._http.build_request(
                method, path, params=params, content=content, headers=headers
            )
            return await self._http.send(request, stream=stream)

    @staticmethod
    async def _read_and_close(response: httpx.Response) -> None:
        try:
            await response.aread()
        except httpx.TransportError:
            pass  # the status is what matters; api_error copes with an empty body
        finally:
            await response.aclose()

    async def _backoff(self, method: str, path: str, delay: float) -> None:
        log.debug("retrying %s %s in %.2f s", method, path, delay)
        await asyncio.sleep(delay)

    @staticmethod
    def _decode(model: type[R], response: httpx.Response) -> R:
        try:
            return model.model_validate_json(response.content)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            raise BadResponse(
                f"{response.request.method} {response.request.url.path}: "
                f"the answer does not fit {model.__name__}"
            ) from exc

    @staticmethod
    def _decode_list(
        model: type[R], response: httpx.Response
    ) -> tuple[list[R], int, tuple[int, ...]]:
        """The entries that fit ``model``, and how many the answer held. An entry that does
        not fit (a status from a newer service, say) is logged and skipped, as events are:
        one entry must not keep the rest of a list (or a whole refresh) out. An answer whose
        entries are not even objects is refused: that is not our service speaking."""
        where = f"{response.request.method} {response.request.url.path}"
        try:
            raw: Any = json.loads(response.content)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # absurd nesting too
            raise BadResponse(f"{where}: the answer is not JSON") from exc
        if not isinstance(raw, list):
            raise BadResponse(f"{where}: expected a JSON list")
        items: list[R] = []
        skipped: list[int] = []
        last_error: Exception | None = None
        for index, entry in enumerate(raw):
            try:
                items.append(model.model_validate(entry))
            except (ValueError, RecursionError) as exc:  # pydantic's ValidationError too
                last_error = exc
                ident = entry.get("id") if isinstance(entry, dict) else None
                if isinstance(ident, int) and not isinstance(ident, bool):
                    skipped.append(ident)
                log.warning(
                    "%s: entry %d (id %r) does not fit %s, skipped: %s",
                    where,
                    index,
                    ident,
                    model.__name__,
                    _first_line(exc),
                )
        if raw and not items and not any(isinstance(entry, dict) for entry in raw):
            raise BadResponse(
                f"{where}: the answer does not fit list[{model.__name__}]"
            ) from last_error
        return items, len(raw), tuple(skipped)

    async def _get(
        self, model: type[R], path: str, params: Mapping[str, str | int] | None = None
    ) -> R:
        return self._decode(model, await self._send("GET", path, params=params))

    async def _page(
        self, model: type[R], path: str, params: Mapping[str, str | int], page: int, limit: int
    ) -> Page[R]:
        response = await self._send("GET", path, params={**params, "offset": page, "limit": limit})
        items, received, skipped = self._decode_list(model, response)
        raw_total = response.headers.get("x-total-items")
        try:
            total = int(raw_total) if raw_total is not None else None
        except ValueError:
            total = None
        if total is None:
            raise BadResponse(f"GET {path}: no valid X-Total-Items header")
        return Page(items, total, received, skipped)

    async def _all(
        self,
        model: type[R],
        path: str,
        params: Mapping[str, str | int] | None = None,
        *,
        limit: int = LOOKUP_LIMIT,
        max_items: int | None = None,
    ) -> list[R]:
        """Every page's entries, in order (see ``_pages``)."""
        return (await self._pages(model, path, params, limit=limit, max_items=max_items)).items

    async def _pages(
        self,
        model: type[R],
        path: str,
        params: Mapping[str, str | int] | None = None,
        *,
        limit: int = LOOKUP_LIMIT,
        max_items: int | None = None,
        key: str | None = None,
    ) -> Page[R]:
        """Every page, in order, as one; stops at a short page, the total, or ``max_items``.
        With ``key`` (an attribute name) repeats are dropped: rows that moved up between
        two pages must not be listed twice. ``skipped`` holds every page's skipped ids."""
        found: list[R] = []
        skipped: list[int] = []
        seen: set[Any] = set()
        page = 1
        while True:
            current = await self._page(model, path, params or {}, page, limit)
            skipped.extend(current.skipped)
            for item in current.items:
                if key is not None:
                    ident = getattr(item, key)
                    if ident in seen:
                        continue
                    seen.add(ident)
                found.append(item)
            if max_items is not None and len(found) >= max_items:
                found = found[:max_items]
                break
            if current.size < limit or page * limit >= current.total:
                break
            page += 1
        return Page(found, len(found) + len(skipped), skipped=tuple(skipped))

    async def _put(self, model: type[R], path: str, json_body: Any = None) -> R:
        return self._decode(model, await self._send("PUT", path, json_body=json_body))

    # --- auth ---------------------------------------------------------------------------------

    async def login(self, email: str, password: str) -> LoginOut:
        response = await self._send(
            "POST", "/auth/login", json_body={"email": email, "password": password}
        )
        out = self._decode(LoginOut, response)
        self._token = out.token
        return out

    async def logout(self) -> None:
        if self._token is None:
            return
        try:
            await self._send("POST", "/auth/logout")
        finally:
            self._token = None

    async def me(self) -> MeOut:
        return await self._get(MeOut, "/me")

    async def set_online(self, online: bool) -> UserOut:
        return await self._put(UserOut, "/me/status", {"online": online})

    # --- chats --------------------------------------------------------------------------------

    async def list_chats(
        self,
        tab: Tab,
        filters: ChatFilters | None = None,
        *,
        page: int = 1,
        limit: int = 200,
    ) -> Page[ChatOut]:
        return await self._page(
            ChatOut, f"/chats/{tab.value}", chat_params(tab, filters), page, limit
        )

    async def all_chats(
        self,
        tab: Tab,
        filters: ChatFilters | None = None,
        *,
        max_items: int | None = None,
        limit: int = 200,
    ) -> Page[ChatOut]:
        """Every page of a tab; ``skipped`` names the chats listed that did not fit (a full
        refresh keeps its cached copy of those rather than dropping them)."""
        return await self._pages(
            ChatOut,
            f"/chats/{tab.value}",
            chat_params(tab, filters),
            limit=limit,
            max_items=max_items,
            key="id",
        )

    async def counts(self) -> CountsOut:
        return await self._get(CountsOut, "/chats/counts")

    async def chat(self, chat_id: int) -> ChatOut:
        return await self._get(ChatOut, f"/chats/{chat_id}")

    async def messages(
        self,
        chat_id: int,
        *,
        before_id: int | None = None,
        after_id: int | None = None,
        latest: bool = False,
        page: int = 1,
        limit: int = 50,
    ) -> Page[MessageOut]:
        params: dict[str, str | int] = {}
        if before_id is not None:
            params["before_id"] = before_id
        if after_id is not None:
            params["after_id"] = after_id
        if latest:
            params["latest"] = "true"
        return await self._page(MessageOut, f"/chats/{chat_id}/messages", params, page, limit)

    async def assume(self, chat_id: int, *, take_over: bool = False) -> ChatOut:
        return await self._put(ChatOut, f"/chats/{chat_id}/assume", {"take_over": take_over})

    async def update_chat(
        self,
        chat_id: int,
        *,
        user_id: int | None = None,
        department_id: int | None = None,
        ticket_number: int | None = None,
    ) -> ChatOut:
        body = {
            k: v
            for k, v in (
                ("user_id", user_id),
                ("department_id", department_id),
                ("ticket_number", ticket_number),
            )
            if v is not None
        }
        return await self._put(ChatOut, f"/chats/{chat_id}", body)

    async def archive(self, chat_id: int, *, catalog_item_id: int | None = None) -> ChatOut:
        body = {} if catalog_item_id is None else {"services_catalogs_item_id": catalog_item_id}
        return await self._put(ChatOut, f"/chats/{chat_id}/archive", body)

    async def leave(self, chat_id: int) -> ChatOut:
        return await self._put(ChatOut, f"/chats/{chat_id}/leave")

    async def cancel(self, chat_id: int) -> ChatOut:
        return await self._put(ChatOut, f"/chats/{chat_id}/cancel")

    async def post_message(
        self,
        chat_id: int,
        *,
        client_message_id: str,
        text: str | None = None,
        internal: bool = False,
        quoted_message_id: int | None = None,
        template_id: int | None = None,
        parameters: Sequence[str] = (),
        files: Sequence[OutgoingFile] = (),
        limits: AttachmentLimits | None = None,
        progress: Progress | None = None,
    ) -> list[MessageOut]:
        """201 (new) and 200 (a repeat of ``client_message_id``: the first answer) both
        succeed; the caller retries failures with the same id."""
        check_attachments(files, limits or AttachmentLimits())
        path = f"/chats/{chat_id}/messages"
        fields: dict[str, str | int | bool | None] = {
            "text": text,
            "internal": internal,
            "client_message_id": client_message_id,
            "quoted_message_id": quoted_message_id,
            "template_id": template_id,
        }
        if not files:
            payload: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
            if parameters:
                payload["parameters"] = list(parameters)
            response = await self._send("POST", path, json_body=payload)
        else:
            form = form_fields(fields) + [("parameters[]", p) for p in parameters]
            body = MultipartBody(form, files, progress=progress)
            response = await self._send("POST", path, body=body)
        return self._decode(MessagesOut, response).messages

    async def start_chat(self, body: SendMessageIn) -> NewChatOut:
        response = await self._send(
            "POST", "/chats/send_message", json_body=body.model_dump(mode="json", exclude_none=True)
        )
        return self._decode(NewChatOut, response)

    async def create_ticket(
        self, fields: Mapping[str, str | int], files: Sequence[OutgoingFile] = ()
    ) -> TicketOut:
        body = MultipartBody(form_fields(fields), files)
        response = await self._send("POST", "/tickets", body=body)
        return self._decode(TicketEnvelope, response).ticket

    async def download(
        self, attachment_id: int, dest: Path, *, progress: Progress | None = None
    ) -> Path:
        """Stream into a temporary file beside ``dest``, renamed onto it when complete.
        A failure mid-body is not retried (the caller may simply call again)."""
        response = await self._send("GET", f"/attachments/{attachment_id}", stream=True)
        try:
            partial = PartialFile(dest)
        except BaseException:
            await response.aclose()
            raise
        try:
            try:
                total = max(0, int(response.headers.get("content-length", "0")))
            except ValueError:
                total = 0
            done = 0
            if progress is not None:
                progress(0, total)
            # httpx types it as an iterator; it is an async generator, closed here for sure.
            body = cast(AsyncGenerator[bytes, None], response.aiter_bytes(CHUNK))
            async with contextlib.aclosing(body) as chunks:
                async for chunk in chunks:
                    await partial.write(chunk)
                    done += len(chunk)
                    total = max(total, done)
                    if progress is not None:
                        progress(done, total)
            if total and done < total:
                raise Unreachable("the download ended early")
            return await partial.commit()
        except httpx.TransportError as exc:
            partial.discard()
            raise unreachable(exc) from exc
        except BaseException:
            partial.discard()
            raise
        finally:
            await response.aclose()

    # --- lookups ------------------------------------------------------------------------------

    async def departments(self) -> list[DepartmentOut]:
        return await self._all(DepartmentOut, "/departments")

    async def attendants(self) -> list[AttendantOut]:
        return await self._all(AttendantOut, "/attendants")

    async def attendant_groups(self) -> list[AttendantGroupOut]:
        return await self._all(AttendantGroupOut, "/attendant-groups")

    async def integrations(self) -> list[IntegrationOut]:
        return await self._all(IntegrationOut, "/integrations")

    async def message_templates(self) -> list[MessageTemplateOut]:
        return await self._all(MessageTemplateOut, "/message-templates")

    async def gupshup_templates(self) -> list[GupshupTemplateOut]:
        return await self._all(GupshupTemplateOut, "/templates/gupshup")

    async def cloud_templates(self) -> list[WhatsappCloudTemplateOut]:
        return await self._all(WhatsappCloudTemplateOut, "/templates/whatsapp_cloud")

    async def technical_users(self) -> list[RefOut]:
        return await self._all(RefOut, "/technical-users")

    async def contacts(self, q: str | None = None) -> list[RequestorOut]:
        return await self._all(RequestorOut, "/contacts", {"q": q} if q else None)

    async def clients(self, name: str | None = None) -> list[ClientOut]:
        return await self._all(ClientOut, "/clients", {"name": name} if name else None)

    async def client_desks(self, client_id: int) -> list[DeskOut]:
        return await self._all(DeskOut, f"/clients/{client_id}/desks")

    async def client_requestors(self, client_id: int) -> list[RequestorOut]:
        return await self._all(RequestorOut, f"/clients/{client_id}/requestors")

    async def desk_priorities(self, desk_id: int) -> list[PriorityOut]:
        return await self._all(PriorityOut, f"/desks/{desk_id}/priorities")

    async def desk_catalog_items(self, desk_id: int) -> list[CatalogItemOut]:
        return await self._all(CatalogItemOut, f"/desks/{desk_id}/services-catalogs-items")

    # --- events -------------------------------------------------------------------------------

    async def events(self, after: int, *, limit: int = 1000) -> EventsPage:
        return await self._get(EventsPage, "/events", {"after": max(0, after), "limit": limit})
