"""A signed-in attendant: sign in and out, resume from the cache, and the intents.

``Session`` wires the cache, the API client, the change hub, the outbox and the sync
engine for one attendant on one service. The app's composition root builds it, through
``sign_in`` (the dialog) or ``resume`` (a later start, which opens from the cache before
the network answers), then calls ``start``.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx

from tiflux_desktop.domain import Tab
from tiflux_desktop.net import ApiClient, Backoff, ConnectionState, LoginRequired, NetError
from tiflux_desktop.protocol import MeOut
from tiflux_desktop.store import Store, account_files
from tiflux_desktop.sync import ChangeHub, ChangeSet, Outbox, SyncEngine, me_from_cache, remember_me

from .attention import Attention
from .chats import ChatService
from .composer import Composer
from .context import Context
from .credentials import TokenVault
from .errors import NotSignedIn
from .lookups import LookupService
from .settings import Settings, SettingsFile, data_dir
from .tickets import TicketService

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Environment:
    """Where a session keeps its files and secrets; tests give temporary ones."""

    data_dir: Path = field(default_factory=data_dir)
    settings: SettingsFile = field(default_factory=SettingsFile)
    vault: TokenVault = field(default_factory=TokenVault)
    transport: httpx.AsyncBaseTransport | None = None  # tests: a transport to a local service


class Session:
    def __init__(
        self, env: Environment, settings: Settings, api: ApiClient, store: Store, me: MeOut
    ) -> None:
        self.env = env
        self.settings = settings
        self.api = api
        self.store = store
        self.hub = ChangeHub()
        self.outbox = Outbox(store, api, self.hub, limits=lambda: self._ctx.limits)
        self._ctx = Context(store, api, self.hub, self.outbox, me)
        self.sync = SyncEngine(
            store,
            api,
            self.hub,
            self.outbox,
            archived_limit=settings.archived_cache_limit,
            backoff=Backoff(cap=settings.reconnect_max_seconds),
        )
        self._ctx.connected = lambda: self.sync.state is ConnectionState.ONLINE
        self.chats = ChatService(self._ctx)
        self.composer = Composer(self._ctx)
        self.tickets = TicketService(self._ctx)
        self.lookups = LookupService(self._ctx)
        self.attention = Attention(
            me.user.id,
            realert=timedelta(minutes=settings.realert_minutes) or None,
            own=self._ctx.own,
        )
        self.hub.subscribe(self._follow_me)

    # --- building a session -------------------------------------------------------------

    @classmethod
    async def sign_in(cls, env: Environment, server_url: str, email: str, password: str) -> Session:
        """Sign in with e-mail and password. Raises LoginRequired (wrong password),
        Unreachable, CertificateError or ApiError; nothing is saved unless it succeeds."""
        api = ApiClient(server_url, transport=env.transport)
        try:
            login = await api.login(email, password)
            me = await api.me()
        except BaseException:
            await api.aclose()
            raise
        settings = env.settings.load()
        settings.server_url = api.base_url
        settings.email = login.user.email
        settings.attendant_id = login.user.id
        store = await Store.open(
            account_files(env.data_dir, api.base_url, login.user.id), login.user.id
        )
        await store.call(remember_me, me.model_dump_json())
        await asyncio.to_thread(env.vault.save, api.base_url, login.user.email, login.token)
        env.settings.save(settings)
        return cls(env, settings, api, store, me)

    @classmethod
    async def resume(cls, env: Environment) -> Session:
        """Open the last session from its cache and saved token, without the network:
        the lists show at once and the connection comes up behind them. Raises
        NotSignedIn when there is nothing to resume."""
        settings = env.settings.load()
        if not (settings.server_url and settings.email and settings.attendant_id):
            raise NotSignedIn("no previous session")
        token = await asyncio.to_thread(env.vault.load, settings.server_url, settings.email)
        if not token:
            raise NotSignedIn(env.vault.problem or "no saved token")
        store = await Store.open(
            account_files(env.data_dir, settings.server_url, settings.attendant_id),
            settings.attendant_id,
        )
        api = ApiClient(settings.server_url, token=token, transport=env.transport)
        me = await store.call(me_from_cache)
        if me is None:
            # The cache was lost or rebuilt: the saved token can still say who we are.
            # Unreachable or LoginRequired propagate: the window says so or asks to sign in.
            try:
                me = await api.me()
                await store.call(remember_me, me.model_dump_json())
            except BaseException:
                await api.aclose()
                await store.close()
                raise
        return cls(env, settings, api, store, me)

    # --- running ------------------------------------------------------------------------

    @property
    def me(self) -> MeOut:
        return self._ctx.me

    @property
    def connection(self) -> ConnectionState:
        return self.sync.state

    async def start(self) -> None:
        """Start syncing and delivering the outbox, in the background."""
        # What the cache holds is not news: only what changes from here on is announced.
        self.attention.prime(await self.chats.tab(Tab.IN_ATTENDANCE))
        self.hub.subscribe(self._attend)
        await self.sync.start()

    def _attend(self, change: ChangeSet) -> None:
        self.attention.changed(change)

    async def close(self) -> None:
        """Stop syncing and close the files; the session can be resumed later."""
        await self.sync.stop()
        self.hub.close()
        await self.api.aclose()
        await self.store.close()

    async def sign_out(self, *, clear_cache: bool = False) -> None:
        """Sign out: the token is revoked and forgotten; on request the cache goes too
        (the outbox and drafts with it)."""
        await self.sync.stop()
        try:
            await self.api.logout()
        except (NetError, LoginRequired) as exc:  # offline: the token is forgotten anyway
            log.info("sign-out could not reach the service: %s", type(exc).__name__)
        await asyncio.to_thread(
            self.env.vault.delete, self.settings.server_url or "", self.settings.email or ""
        )
        # From the file, not this session's copy: preferences changed since sign-in stay.
        settings = self.env.settings.load()
        settings.attendant_id = None
        self.env.settings.save(settings)
        files = self.store.files
        self.hub.close()
        await self.api.aclose()
        await self.store.close()
        if clear_cache and files is not None:
            await asyncio.to_thread(shutil.rmtree, files.folder, True)

    def _follow_me(self, change: ChangeSet) -> None:
        """Keep the context's view of the attendant current (Online, departments)."""
        me = change.me
        if me is not None:
            user = self._ctx.me.user.model_copy(
                update={
                    "online": me.online,
                    "admin": me.admin,
                    "department_ids": sorted(me.department_ids),
                    "attendant_group_ids": sorted(me.attendant_group_ids),
                }
            )
            self._ctx.me = self._ctx.me.model_copy(update={"user": user})
