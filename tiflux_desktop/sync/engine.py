"""The sync engine: keeps the cache in step with the service.

On every (re)connect it catches up from the cursor through GET /events, applying all of it
in one store transaction, then streams the WebSocket; a cursor too old for the service's
log (``resync_required``) rebuilds the lists. Live frames are buffered and applied in
batches, one transaction each, so a burst never becomes one commit per event.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from tiflux_desktop.domain import Tab
from tiflux_desktop.net import (
    ApiClient,
    ApiError,
    Backoff,
    ConnectionState,
    Frame,
    LoginRequired,
    Realtime,
)
from tiflux_desktop.protocol import Event, ResyncRequired
from tiflux_desktop.store import Cache, CacheCorrupt, Store

from .apply import LOG_ID, Applied, Snapshot, apply_events, apply_snapshot, template_rows
from .changes import ChangeHub
from .outbox import Outbox, publish

log = logging.getLogger(__name__)

EVENTS_PAGE = 1000
RESTART_DELAY = 2.0  # seconds before a failed background task starts again


class SyncEngine:
    def __init__(
        self,
        store: Store,
        api: ApiClient,
        hub: ChangeHub,
        outbox: Outbox,
        *,
        archived_limit: int = 200,
        backoff: Backoff | None = None,
        ping_interval: float = 20.0,
        ping_timeout: float = 20.0,
    ) -> None:
        self._store = store
        self._api = api
        self._hub = hub
        self._outbox = outbox
        self._archived_limit = archived_limit
        self._backoff = backoff or Backoff()
        self._ping = (ping_interval, ping_timeout)
        self.cursor = 0
        self.state = ConnectionState.OFFLINE
        self._buffer: list[Frame] = []
        self._pending = asyncio.Event()
        self._needs_refresh = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._realtime_task: asyncio.Task[None] | None = None
        self.realtime: Realtime | None = None
        self.applied_events = 0  # for tests and benchmarks
        self.refreshes = 0
        self.login_lost: Callable[[], None] | None = None
        self.failure: BaseException | None = None  # the last unexpected failure of a task
        self._stopping = False
        self._respawns: set[asyncio.TimerHandle] = set()

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        self._stopping = False
        self.cursor = await self._store.call(lambda cache: cache.cursor)
        self._spawn(self._flush_loop(), "sync-flush")
        self._spawn(self._outbox.run(), "outbox")
        self._start_realtime()

    async def stop(self) -> None:
        self._stopping = True
        for handle in self._respawns:
            handle.cancel()
        self._respawns.clear()
        # A task may start another while it is being cancelled (a reconnect, a flush):
        # go round until none is left, so nothing outlives the engine.
        while self._tasks:
            tasks = list(self._tasks)
            for task in tasks:
                task.cancel()
            for task in tasks:
                try:
                    await task
                except asyncio.CancelledError:
                    pass
                except Exception:
                    log.exception("a sync task failed while stopping")
                self._tasks.discard(task)
        self._set_state(ConnectionState.OFFLINE)

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        if self._stopping:
            task.cancel()  # started late, while stop() cancels everything: it never runs
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, LoginRequired):
            log.warning("the service refused the token: sign in again")
            self._set_state(ConnectionState.OFFLINE)
            self._hub.login_required()
            if self.login_lost is not None:
                self.login_lost()
        elif exc is not None:
            # A bug or a store failure (a full disk ...): never leave the app without sync
            # or delivery for the rest of the run. Start the task again after a pause.
            log.error("sync task %s failed; restarting it", task.get_name(), exc_info=exc)
            self.failure = exc
            if not self._stopping:
                self._respawn(task.get_name())

    def _respawn(self, name: str) -> None:
        restart = {
            "realtime": self._start_realtime,
            "outbox": lambda: self._spawn(self._outbox.run(), "outbox"),
            "sync-flush": lambda: self._spawn(self._flush_loop(), "sync-flush"),
        }.get(name)
        if restart is None:
            return
        loop = asyncio.get_running_loop()

        def fire() -> None:
            self._respawns.discard(handle)
            if not self._stopping:
                restart()

        handle = loop.call_later(RESTART_DELAY, fire)
        self._respawns.add(handle)

    def _start_realtime(self) -> None:
        realtime = Realtime(
            self._api,
            cursor=lambda: self.cursor,
            catch_up=self.catch_up,
            on_frame=self._on_frame,
            # A connection being replaced still reports (OFFLINE as it closes): only the
            # current one speaks for the engine.
            on_state=lambda state: self._set_state(state) if realtime is self.realtime else None,
            backoff=self._backoff,
            ping_interval=self._ping[0],
            ping_timeout=self._ping[1],
        )
        self.realtime = realtime
        self._realtime_task = self._spawn(realtime.run(), "realtime")

    def reconnect(self) -> None:
        """Drop the connection and go through catch-up again (used after a resync)."""
        if self._realtime_task is not None:
            self._realtime_task.cancel()
        self._start_realtime()

    def nudge(self) -> None:
        """The network may be back: try now instead of waiting out the backoff."""
        if self.realtime is not None:
            self.realtime.nudge()
        self._outbox.wake()

    def _answered(self) -> None:
        if self.realtime is not None:
            self.realtime.mark_syncing()

    @property
    def problem(self) -> Exception | None:
        """Why the connection is not up (Unreachable, CertificateError ...), if known."""
        return self.realtime.last_error if self.realtime is not None else None

    def _set_state(self, state: ConnectionState) -> None:
        if state is self.state:
            return
        self.state = state
        self._hub.connection(state)
        if state is ConnectionState.ONLINE:
            self._outbox.wake()

    # --- catch-up -----------------------------------------------------------------------

    async def catch_up(self) -> None:
        """Bring the cache up to the service's log head before the socket streams."""
        try:
            await self._catch_up()
        except CacheCorrupt:
            log.error("the cache is damaged; rebuilding it from the service")
            await self._store.rebuild()
            self.cursor = 0
            self._needs_refresh = True
            await self.full_refresh()

    async def _catch_up(self) -> None:
        if self._needs_refresh or self.cursor == 0:
            await self.full_refresh()
            return
        events: list[Event] = []
        after = self.cursor
        known_log = await self._store.call(Cache.get_meta, LOG_ID)
        while True:
            page = await self._api.events(after, limit=EVENTS_PAGE)
            self._answered()
            if page.log_id and known_log and page.log_id != known_log:
                log.warning("the service's event log is a new one; rebuilding the cache")
                await self.full_refresh(reset=True)
                return
            if page.resync_required:
                await self.full_refresh(reset=page.last_seq < self.cursor)
                return
            events.extend(page.events)
            progressed = page.last_seq > after
            after = max(after, page.last_seq)
            if after >= page.head_seq or not progressed:
                break
        await self._apply(events, last_seq=after)

    async def full_refresh(self, *, reset: bool = False) -> None:
        """Fetch the attendant's lists and lookups and rebuild the cache from them."""
        probe = await self._api.events(self.cursor, limit=1)
        self._answered()
        head = max(probe.head_seq, probe.last_seq)
        known_log = await self._store.call(Cache.get_meta, LOG_ID)
        reset = (
            reset
            or (probe.resync_required and head < self.cursor)
            or bool(probe.log_id and known_log and probe.log_id != known_log)
        )
        me = await self._api.me()
        api = self._api
        # Concurrent, so a refresh over a slow link costs one round trip, not seven.
        active = asyncio.ensure_future(api.all_chats(Tab.IN_ATTENDANCE))
        archived = asyncio.ensure_future(api.list_chats(Tab.ARCHIVED, limit=self._archived_limit))
        departments = asyncio.ensure_future(api.departments())
        attendants = asyncio.ensure_future(api.attendants())
        groups = asyncio.ensure_future(api.attendant_groups())
        integrations = asyncio.ensure_future(api.integrations())
        replies = asyncio.ensure_future(api.message_templates())
        fetches: tuple[asyncio.Future[Any], ...] = (
            active,
            archived,
            departments,
            attendants,
            groups,
            integrations,
            replies,
        )
        try:
            await asyncio.wait(fetches, return_when=asyncio.FIRST_EXCEPTION)
            for fetch in fetches:  # the first failure, as itself
                if fetch.done() and not fetch.cancelled() and (exc := fetch.exception()):
                    raise exc
        finally:
            for fetch in fetches:  # when one failed, the others must not run on unowned
                fetch.cancel()
        templates = {"reply": template_rows(replies.result(), "title")}
        for kind, fetch in (
            ("gupshup", self._api.gupshup_templates),
            ("whatsapp_cloud", self._api.cloud_templates),
        ):
            try:
                templates[kind] = template_rows(await fetch(), "name")
            except ApiError as exc:  # not every organisation has every channel
                log.info("no %s templates: %s", kind, exc.message)
        snapshot = Snapshot(
            me=me,
            head_seq=head,
            active=active.result().items,
            unreadable=frozenset(active.result().skipped),
            archived=archived.result().items,
            archived_total=archived.result().total,
            departments=departments.result(),
            attendants=attendants.result(),
            groups=groups.result(),
            integrations=integrations.result(),
            templates=templates,
            reset=reset,
            log_id=probe.log_id,
        )
        applied = await self._transaction(apply_snapshot, snapshot)
        self.cursor = applied.cursor
        self._needs_refresh = False
        self.refreshes += 1
        publish(self._hub, applied, self._store.attendant_id, chats=False)
        self._hub.resynced()

    # --- live frames --------------------------------------------------------------------

    def _on_frame(self, frame: Frame) -> None:
        if self._needs_refresh:
            return  # a refresh is coming that covers it
        self._buffer.append(frame)
        self._pending.set()

    async def _flush_loop(self) -> None:
        while True:
            await self._pending.wait()
            self._pending.clear()
            while self._buffer:
                batch, self._buffer = self._buffer, []
                events: list[Event] = []
                for frame in batch:
                    if isinstance(frame, ResyncRequired):
                        # The log moved past us: rebuild through a fresh catch-up, and ignore
                        # what the old socket still sends.
                        self._needs_refresh = True
                        self._buffer.clear()
                        events.clear()
                        self.reconnect()
                        break
                    events.append(frame)
                if events:
                    try:
                        await self._apply(events)
                    except Exception:
                        log.exception("applying %d events failed; resyncing", len(events))
                        self._needs_refresh = True
                        self._buffer.clear()
                        self.reconnect()

    async def _apply(self, events: list[Event], *, last_seq: int | None = None) -> None:
        # A reconnect cancels the catch-up that calls this, but the transaction runs on the
        # store's thread and commits regardless: it is finished in its own task, so what it
        # changed is still published (the next catch-up skips those events as applied).
        await asyncio.shield(self._spawn(self._apply_now(events, last_seq), "sync-apply"))

    async def _apply_now(self, events: list[Event], last_seq: int | None) -> None:
        applied = await self._transaction(apply_events, events, last_seq)
        self.cursor = max(self.cursor, applied.cursor)
        self.applied_events += len(events) - applied.skipped
        publish(self._hub, applied, self._store.attendant_id)
        if applied.confirmed:
            await self._outbox.forget_files(applied.confirmed)
        if applied.needs_refresh:
            log.info("the attendant sees more departments now; refreshing the lists")
            self._needs_refresh = True
            self.reconnect()

    async def _transaction(self, fn: Callable[..., Applied], *args: Any) -> Applied:
        """A store transaction. A damaged cache raises CacheCorrupt: the flush loop then
        reconnects, and the catch-up rebuilds the cache from the service."""
        return await self._store.transaction(fn, *args)
