"""The outbox: what the attendant sends is stored at once and delivered when it can be.

A message is written to the local file before anything goes on the network, shown as
queued, and sent with its client_message_id; the service never makes a second message for
the same id, so sending again after a crash, a timeout or a lost answer is always safe.
A refusal (no permission, outside the WhatsApp window, a closed chat) marks it failed with
the service's reason; it goes again only when the attendant asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import shutil
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from tiflux_desktop.domain import AttachmentLimits
from tiflux_desktop.net import (
    ApiClient,
    ApiError,
    AttachmentRejected,
    BadResponse,
    LoginRequired,
    NetError,
    OutgoingFile,
    RateLimited,
    ServerError,
    Unreachable,
    check_attachments,
)
from tiflux_desktop.protocol import MessageOut
from tiflux_desktop.store import Cache, OutboxFile, OutboxItem, OutboxState, Store

from .apply import Applied, put_messages
from .changes import ChangeHub

log = logging.getLogger(__name__)

# The service answered but could not take this message now (5xx, 429, a garbled answer):
# worth trying again, a few times, without holding up the other chats' messages.
_SERVER_TROUBLE = (ServerError, RateLimited, BadResponse)
SERVER_TROUBLE_ATTEMPTS = 5


class _Outcome(enum.Enum):
    DONE = "done"  # confirmed, or failed for good (shown with its reason)
    LATER = "later"  # this message must wait; other chats' messages may go
    BLOCKED = "blocked"  # nothing can go now (no network, sign-in needed)


class Outbox:
    def __init__(
        self,
        store: Store,
        api: ApiClient,
        hub: ChangeHub,
        *,
        limits: Callable[[], AttachmentLimits],
        retry_delay: float = 2.0,
    ) -> None:
        self._store = store
        self._api = api
        self._hub = hub
        self._limits = limits
        self._retry_delay = retry_delay
        self._wake = asyncio.Event()
        self._paused_for_login = False
        # The last try found no network: a newly queued message waits for the connection's
        # return (or the next timed try) instead of knocking again at once.
        self._offline = False
        self._trouble: dict[str, int] = {}  # server troubles per message, this run
        self.sent = 0  # confirmed by the service, for tests and benchmarks

    # --- the attendant's side -----------------------------------------------------------

    async def enqueue(
        self,
        chat_id: int,
        *,
        text: str | None = None,
        internal: bool = False,
        quoted_message_id: int | None = None,
        template_id: int | None = None,
        parameters: Sequence[str] = (),
        files: Sequence[OutgoingFile] = (),
    ) -> OutboxItem:
        """Keep the message (and copies of its files) and queue it. Attachments over the
        limits are refused here, before anything is kept or sent."""
        check_attachments(files, self._limits())
        cmid = str(uuid.uuid4())
        copies = await asyncio.to_thread(self._copy_files, cmid, files)
        try:
            item = await self._store.call(
                Cache.add_outbox,
                client_message_id=cmid,
                chat_id=chat_id,
                text=text,
                internal=internal,
                quoted_message_id=quoted_message_id,
                template_id=template_id,
                parameters=parameters,
                files=copies,
            )
        except BaseException:
            await asyncio.to_thread(self._drop_files, cmid)
            raise
        self._hub.outbox([item])
        if not self._offline:
            self._wake.set()
        return item

    async def retry(self, client_message_id: str) -> OutboxItem | None:
        """Send a failed message again, with the same client_message_id."""
        item = await self._store.call(Cache.set_outbox_state, client_message_id, OutboxState.QUEUED)
        if item is not None:
            self._hub.outbox([item])
            self.wake()
        return item

    async def discard(self, client_message_id: str) -> bool:
        """Give up a message the service refused (it never reached anyone)."""
        item = await self._store.call(Cache.outbox_item, client_message_id)
        if item is None or item.state is not OutboxState.FAILED:
            return False
        await self._store.call(Cache.remove_outbox, client_message_id)
        await asyncio.to_thread(self._drop_files, client_message_id)
        self._hub.outbox_gone([client_message_id])
        return True

    def wake(self) -> None:
        """Try now: the connection came back, or the attendant asked."""
        self._paused_for_login = False
        self._offline = False
        self._wake.set()

    # --- delivery -----------------------------------------------------------------------

    async def run(self) -> None:
        """Deliver queued messages in order until cancelled."""
        interrupted = await self._store.call(Cache.requeue_interrupted)
        if interrupted:
            log.info("%d message(s) interrupted by the last exit go out again", interrupted)
        while True:
            try:
                progressed = await self.deliver_queued()
            except Exception:  # a store error: keep the loop alive, try again shortly
                log.exception("delivering the outbox failed; trying again")
                with contextlib.suppress(Exception):  # a send it cut short goes again
                    await self._store.call(Cache.requeue_interrupted)
                progressed = None
            if progressed is None:  # blocked: wait for a wake-up, or retry after a while
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(
                        None if self._paused_for_login else self._retry_delay
                    ):
                        await self._wake.wait()
            else:
                await self._wake.wait()
            self._wake.clear()

    async def deliver_queued(self) -> bool | None:
        """Send every queued message once, in order within each chat. False: nothing
        queued; True: all went; None: something must be tried again later."""
        queued = await self._store.call(Cache.outbox, states=(OutboxState.QUEUED,))
        waiting: set[int] = set()  # chats whose earlier message must go first
        for item in queued:
            if item.chat_id in waiting:
                continue
            outcome = await self._deliver(item)
            if outcome is _Outcome.BLOCKED:
                return None
            if outcome is _Outcome.LATER:
                waiting.add(item.chat_id)
        return None if waiting else bool(queued)

    async def _deliver(self, item: OutboxItem) -> _Outcome:
        sending = await self._store.call(
            Cache.set_outbox_state, item.client_message_id, OutboxState.SENDING, attempted=True
        )
        if sending is None:  # confirmed by its echo meanwhile, or discarded
            return _Outcome.DONE
        self._hub.outbox([sending])
        try:
            files = [
                OutgoingFile(Path(f.path), f.filename, f.content_type, f.size) for f in item.files
            ]
            messages = await self._api.post_message(
                item.chat_id,
                client_message_id=item.client_message_id,
                text=item.text,
                internal=item.internal,
                quoted_message_id=item.quoted_message_id,
                template_id=item.template_id,
                parameters=item.parameters,
                files=files,
                limits=self._limits(),
                progress=self._progress(item.client_message_id) if files else None,
            )
        except LoginRequired:
            await self._set(item, OutboxState.QUEUED)
            self._paused_for_login = True
            return _Outcome.BLOCKED
        except Unreachable as exc:
            log.info("message %s waits for the network: %s", item.client_message_id, exc.reason)
            self._offline = True
            await self._set(item, OutboxState.QUEUED)
            return _Outcome.BLOCKED
        except _SERVER_TROUBLE as exc:
            cmid = item.client_message_id
            tries = self._trouble[cmid] = self._trouble.get(cmid, 0) + 1
            log.info("message %s not taken yet (%s, try %d)", cmid, type(exc).__name__, tries)
            if tries < SERVER_TROUBLE_ATTEMPTS:
                await self._set(item, OutboxState.QUEUED)
                return _Outcome.LATER
            del self._trouble[cmid]  # failed for good; a retry starts the count again
            code = exc.code if isinstance(exc, ApiError) else None
            message = exc.message if isinstance(exc, ApiError) else str(exc)
            await self._set(item, OutboxState.FAILED, code, message)
            return _Outcome.DONE
        except AttachmentRejected as exc:
            await self._set(item, OutboxState.FAILED, None, f"{exc.filename}: {exc.reason}")
            return _Outcome.DONE
        except ApiError as exc:
            await self._set(item, OutboxState.FAILED, exc.code, exc.message)
            return _Outcome.DONE
        except NetError as exc:  # anything else from the network layer: try again later
            log.warning("message %s: %s", item.client_message_id, type(exc).__name__)
            self._offline = True
            await self._set(item, OutboxState.QUEUED)
            return _Outcome.BLOCKED
        self._offline = False
        applied = await self._store.transaction(_confirm, item.client_message_id, messages)
        await asyncio.to_thread(self._drop_files, item.client_message_id)
        self.sent += 1
        self._trouble.pop(item.client_message_id, None)
        publish(self._hub, applied, self._store.attendant_id)
        self._hub.outbox_gone([item.client_message_id])
        return _Outcome.DONE

    def _progress(self, client_message_id: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            self._hub.upload(client_message_id, done, total)

        return report

    async def _set(
        self,
        item: OutboxItem,
        state: OutboxState,
        code: int | None = None,
        message: str | None = None,
    ) -> None:
        updated = await self._store.call(
            Cache.set_outbox_state,
            item.client_message_id,
            state,
            error_code=code,
            error_message=message,
        )
        if updated is not None:
            self._hub.outbox([updated])

    # --- the copies of attached files ---------------------------------------------------

    async def forget_files(self, items: Sequence[OutboxItem]) -> None:
        """Drop the copies kept for messages the service confirmed through their echo."""
        for item in items:
            if item.files:
                await asyncio.to_thread(self._drop_files, item.client_message_id)

    def _folder(self, client_message_id: str) -> Path | None:
        files = self._store.files
        return files.outbox_files / client_message_id if files is not None else None

    def _copy_files(self, cmid: str, files: Sequence[OutgoingFile]) -> list[OutboxFile]:
        folder = self._folder(cmid)
        if folder is None or not files:
            return [OutboxFile(str(f.path), f.filename, f.content_type, f.size) for f in files]
        folder.mkdir(parents=True, exist_ok=True)
        copies: list[OutboxFile] = []
        for index, f in enumerate(files):
            target = folder / f"{index:02d}"
            shutil.copyfile(f.path, target)
            target.chmod(0o600)
            copies.append(OutboxFile(str(target), f.filename, f.content_type, f.size))
        return copies

    def _drop_files(self, cmid: str) -> None:
        folder = self._folder(cmid)
        if folder is not None and folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def _confirm(cache: Cache, client_message_id: str, messages: Sequence[MessageOut]) -> Applied:
    applied = Applied()
    put_messages(cache, messages, applied)
    cache.remove_outbox(client_message_id)
    return applied.finish(cache)


def publish(hub: ChangeHub, applied: Applied, me_id: int, *, chats: bool = True) -> None:
    """Report one transaction's changes."""
    if chats and applied.entries:
        hub.chats(applied.entries)
    if applied.removed:
        hub.removed(applied.removed)
    if applied.appended:
        hub.appended(applied.appended)
    if applied.updated:
        hub.updated(applied.updated)
    if applied.confirmed:
        hub.outbox_gone(i.client_message_id for i in applied.confirmed)
    if applied.attendants:
        hub.attendants(applied.attendants, me_id)
    if applied.counts is not None:
        hub.counts(applied.counts)
