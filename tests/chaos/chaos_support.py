"""The chaos run: the service and the app's core as separate processes, the fault proxy
between them, customers writing straight to the service, and the checks at the end.

``run_chaos(plan, folder)`` is the whole scenario; the smoke, the full run and the soak only
change the ``Plan``. Everything random (the faults, when they come, how long a process stays
down) comes from ``random.Random(plan.seed)``, so a failing schedule can be replayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

from fault_proxy import FaultKind, FaultPlan, FaultProxy, Target
from machines import Machine
from support import ANA, DEMO_PASSWORD, WIDGET
from tiflux_desktop.domain import AuthorType
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.services import Session
from tiflux_desktop.store import Cache, Store, account_files

CHILD = Path(__file__).with_name("core_child.py")
PAGE = 200  # the service's largest page of messages


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def customer_text(number: int) -> str:
    return f"c-{number:06d}"


# --- the plan and the report --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    seed: int = 7
    chats: int = 4  # customers, one chat each, all assumed by the attendant
    messages: int = 150  # each way
    rate: float = 15.0  # messages per second, each way
    faults: int = 6  # connection faults injected by the proxy
    kills: int = 1  # SIGKILLs of the app's core
    restarts: int = 1  # restarts of the service; every second one is a SIGKILL
    long_stall_every: int = 0  # every n-th fault stalls the event WebSocket past its pings
    sample_every: float = 0.5  # seconds between RSS samples
    converge_within: float = 90.0  # seconds after the last fault and the last message

    @property
    def traffic_seconds(self) -> float:
        return self.messages / self.rate


@dataclass(slots=True)
class Samples:
    """RSS samples (monotonic time, bytes) of one kind of process."""

    points: list[tuple[float, int]] = field(default_factory=list[tuple[float, int]])

    def add(self, rss: int | None) -> None:
        if rss is not None:
            self.points.append((time.monotonic(), rss))

    @property
    def peak(self) -> int:
        return max((rss for _, rss in self.points), default=0)

    def growth(
        self, window: float, since: float = 0.0, until: float = float("inf")
    ) -> tuple[float, float, float] | None:
        """(median of the first ``window`` s, median of the last ``window`` s, growth in %)
        of the samples taken between ``since`` and ``until`` (monotonic times)."""
        points = [(at, rss) for at, rss in self.points if since <= at <= until]
        if len(points) < 4:
            return None
        start, end = points[0][0], points[-1][0]
        first = [rss for at, rss in points if at - start <= window]
        last = [rss for at, rss in points if end - at <= window]
        before, after = statistics.median(first), statistics.median(last)
        return before, after, 100.0 * (after - before) / before


@dataclass(slots=True)
class Report:
    plan: Plan
    attendant_messages: int = 0
    customer_messages: int = 0
    faults: Counter[FaultKind] = field(default_factory=Counter[FaultKind])
    connections_hit: int = 0
    kills: int = 0
    restarts: int = 0
    customer_retries: int = 0
    traffic_seconds: float = 0.0
    traffic: tuple[float, float] = (0.0, 0.0)  # monotonic start and end of the traffic
    converge_seconds: float = 0.0
    backlog: int = 0  # messages in the core's outbox when the traffic and the faults ended
    events: int = 0  # the service's event log at the end (its head seq)
    total_seconds: float = 0.0
    core: Samples = field(default_factory=Samples)
    service: Samples = field(default_factory=Samples)

    def text(self, *, growth_window: float | None = None) -> str:
        faults = ", ".join(f"{k.value} {self.faults[k]}" for k in FaultKind)
        lines = [
            f"chaos run (seed {self.plan.seed}, {self.plan.chats} chats)",
            f"  messages: {self.attendant_messages} attendant -> customer, "
            f"{self.customer_messages} customer -> attendant",
            f"  faults: {sum(self.faults.values())} ({faults}), "
            f"{self.connections_hit} connections hit",
            f"  core SIGKILLs: {self.kills}, service restarts: {self.restarts}, "
            f"customer retries: {self.customer_retries}",
            f"  traffic {self.traffic_seconds:.1f} s, then {self.backlog} messages in the "
            f"core's outbox; converged {self.converge_seconds:.1f} s after the last fault and "
            f"message; whole run {self.total_seconds:.1f} s",
            f"  core max RSS {self.core.peak / 2**20:.1f} MB, "
            f"service max RSS {self.service.peak / 2**20:.1f} MB, "
            f"{self.events} events in the service's log",
        ]
        if growth_window is not None:
            for name, samples in (("core", self.core), ("service", self.service)):
                found = samples.growth(growth_window, *self.traffic)
                if found is not None:
                    before, after, pct = found
                    lines.append(
                        f"  {name} RSS during the traffic: first {growth_window:.0f} s "
                        f"median {before / 2**20:.1f} MB, last {growth_window:.0f} s median "
                        f"{after / 2**20:.1f} MB, growth {pct:+.1f} %"
                    )
        return "\n".join(lines)


# --- the service as a process -------------------------------------------------------------


class ServiceProcess:
    """`tiflux-desktop serve` on a fixed port with the seeded demo organisation (no history,
    no simulated customers); stopped and started again on the same database and port."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.config = folder / "service.toml"
        self.config.write_text(
            "demo = true\ndemo_history = false\ndemo_customers = false\n"
            f"data_dir = {json.dumps(str(folder / 'data'))}\n"
            # Four visitors write thousands of messages in minutes: far past a person's rate.
            "[rate_limits]\ncustomer_messages_per_minute = 0\n",
            encoding="utf-8",
        )
        self.port = free_port()
        self.log = folder / "service.log"
        self.process: asyncio.subprocess.Process | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.base_url}/api/v2"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process and self.process.returncode is None else None

    async def start(self) -> None:
        if self.pid is not None:
            raise RuntimeError("already running")
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tiflux_desktop",
                "serve",
                "--config",
                str(self.config),
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        async with httpx.AsyncClient(base_url=self.api, timeout=2) as client:
            deadline = time.monotonic() + 30
            while True:
                if self.process.returncode is not None:
                    raise RuntimeError(f"the service exited; see {self.log}")
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get("/health")).status_code == 200:
                        return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the service did not start; see {self.log}")
                await asyncio.sleep(0.1)

    async def stop(self, *, kill: bool = False) -> None:
        process = self.process
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            async with asyncio.timeout(20):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()
            raise RuntimeError("the service did not stop on SIGTERM") from None


# --- the app's core as a process ----------------------------------------------------------


class CoreProcess:
    """core_child.py, started again from the same machine folder after every kill."""

    def __init__(
        self,
        machine: Machine,
        server_url: str,
        token: str,
        chats: list[int],
        total: int,
        rate: float,
        logs: Path,
    ) -> None:
        self.machine = machine
        self.server_url = server_url
        self.token = token
        self.chats = chats
        self.total = total
        self.rate = rate
        self.logs = logs
        self.epoch = time.time()  # when number 1 is due; set again as the traffic starts
        self.queued = 0  # the highest number a child announced as queued
        self.firsts: list[int] = []  # where each start began
        self.status: dict[str, Any] | None = None
        self.all_queued = False
        self.starts = 0
        self.kills = 0
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process and process.returncode is None else None

    async def start(self) -> None:
        self.starts += 1
        self.status = None
        self.all_queued = False
        env = {
            **os.environ,
            "CHILD_ROOT": str(self.machine.root),
            "CHILD_SERVER": self.server_url,
            "CHILD_EMAIL": ANA,
            "CHILD_TOKEN": self.token,
            "CHILD_CHATS": ",".join(map(str, self.chats)),
            "CHILD_TOTAL": str(self.total),
            "CHILD_FLOOR": str(self.queued),
            "CHILD_RATE": str(self.rate),
            "CHILD_EPOCH": repr(self.epoch),
        }
        with (self.logs / f"core-{self.starts}.log").open("wb") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                str(CHILD),
                env=env,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
            )
        self._reader = asyncio.create_task(self._read(self._process))

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        while line := await process.stdout.readline():
            word, _, rest = line.decode().strip().partition(" ")
            if word == "queued":
                self.queued = max(self.queued, int(rest))
            elif word == "status":
                self.status = json.loads(rest)
            elif word == "all-queued":
                self.all_queued = True
            elif word == "started":
                self.firsts.append(int(rest))

    async def kill(self) -> None:
        process = self._process
        assert process is not None
        assert process.returncode is None, self.failure()
        process.send_signal(signal.SIGKILL)
        await process.wait()
        if self._reader is not None:
            await self._reader  # every line it wrote before the kill
        self.kills += 1

    async def stop(self) -> None:
        """Close the session cleanly (the cache file is then whole and closed)."""
        process = self._process
        if process is None or process.returncode is not None:
            return
        assert process.stdin is not None
        process.stdin.write(b"stop\n")
        await process.stdin.drain()
        async with asyncio.timeout(30):
            await process.wait()
        if self._reader is not None:
            await self._reader
        assert process.returncode == 0, self.failure()

    async def abort(self) -> None:
        """At the end of a failed run: nothing may outlive the test."""
        process = self._process
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await self._reader

    def alive(self) -> bool:
        return self.pid is not None

    def failure(self) -> str:
        log = self.logs / f"core-{self.starts}.log"
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        return f"the core process ended unexpectedly; its log ({log}) ends with:\n{tail}"


# --- customers ----------------------------------------------------------------------------


class Customers:
    """Website-widget customers writing straight to the service (not through the proxy),
    each message with its own client id, retried until the service has it."""

    def __init__(self, api: str, count: int) -> None:
        self.api = api
        self.count = count
        self.clients: list[httpx.AsyncClient] = []
        self.chats: list[int] = []
        self.sent = 0
        self.retries = 0

    async def open(self) -> list[int]:
        async with httpx.AsyncClient(base_url=self.api, timeout=10) as anonymous:
            for index in range(self.count):
                response = await anonymous.post(
                    "/customer/sessions",
                    json={"integration_id": WIDGET, "name": f"Cliente Caos {index + 1}"},
                )
                assert response.status_code == 201, response.text
                client = httpx.AsyncClient(
                    base_url=self.api,
                    timeout=10,
                    headers={"Authorization": f"Bearer {response.json()['token']}"},
                )
                self.clients.append(client)
                first = await self._say(client, "Olá, preciso de ajuda", f"chaos-hello-{index}")
                await self._say(client, "1", f"chaos-menu-{index}")  # Suporte
                self.chats.append(int(first["chat_id"]))
        return self.chats

    async def _say(self, client: httpx.AsyncClient, text: str, client_id: str) -> dict[str, Any]:
        while True:
            try:
                response = await client.post(
                    "/customer/messages", json={"text": text, "client_id": client_id}
                )
            except httpx.TransportError:
                response = None
            if response is not None and response.status_code == 201:
                return dict(response.json())
            if response is not None and response.status_code not in (429, 502, 503, 504):
                raise AssertionError(f"the service refused {text!r}: {response.text}")
            self.retries += 1  # the service is restarting: the page tries again, same id
            await asyncio.sleep(0.2)

    async def write(self, total: int, rate: float) -> None:
        """c-000001 .. c-<total>, number n from customer (n - 1) % count, at ``rate``/s."""
        started = time.monotonic()

        async def one(index: int) -> None:
            for number in range(index + 1, total + 1, self.count):
                due = started + (number - 1) / rate
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                await self._say(
                    self.clients[index], customer_text(number), f"chaos-{customer_text(number)}"
                )
                self.sent += 1

        async with asyncio.TaskGroup() as group:
            for index in range(self.count):
                group.create_task(one(index))

    async def close(self) -> None:
        for client in self.clients:
            await client.aclose()


# --- the service's view -------------------------------------------------------------------


async def service_messages(client: httpx.AsyncClient, chat_id: int) -> list[dict[str, Any]]:
    """Every message of the chat as the service lists it, oldest first (all pages)."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        response = await client.get(
            f"/chats/{chat_id}/messages", params={"offset": page, "limit": PAGE}
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()
        found.extend(items)
        if len(items) < PAGE:
            return found
        page += 1


async def _newest(client: httpx.AsyncClient, chat_id: int) -> tuple[int, int]:
    """(how many messages, the newest id) of a chat, in one small request."""
    response = await client.get(f"/chats/{chat_id}/messages", params={"latest": "true", "limit": 1})
    assert response.status_code == 200, response.text
    items = response.json()
    return int(response.headers["X-Total-Items"]), int(items[-1]["id"]) if items else 0


async def caught_up(client: httpx.AsyncClient, core: CoreProcess) -> bool:
    """The core's last status shows an empty outbox, a live connection and, chat by chat,
    the service's messages at the service's versions."""
    status = core.status
    if status is None or status["pending"] or status["state"] != ConnectionState.ONLINE.value:
        return False
    mine: dict[str, list[int]] = status["chats"]
    for chat_id in core.chats:
        count, newest = await _newest(client, chat_id)
        if mine.get(str(chat_id), [0, 0, 0])[:2] != [count, newest]:
            return False
    for chat_id in core.chats:
        versions = sum(m["version"] for m in await service_messages(client, chat_id))
        if mine[str(chat_id)][2] != versions:
            return False
    return True


# --- the checks at the end ----------------------------------------------------------------


def _numbers(texts: list[str], prefix: str) -> list[int]:
    return [int(t[len(prefix) :]) for t in texts if t.startswith(prefix)]


def check_exactly_once(
    by_chat: dict[int, list[dict[str, Any]]], chats: list[int], plan: Plan
) -> tuple[int, int]:
    """Every numbered message once, in its chat, in the order it was sent; returns the
    (attendant, customer) message counts."""
    all_a: list[int] = []
    all_c: list[int] = []
    for index, chat_id in enumerate(chats):
        messages = by_chat[chat_id]
        a = _numbers(
            [
                m["text"] or ""
                for m in messages
                if m["author"]["type"] == AuthorType.ATTENDANT.value
            ],
            "a-",
        )
        c = _numbers(
            [m["text"] or "" for m in messages if m["author"]["type"] == AuthorType.CLIENT.value],
            "c-",
        )
        assert a == sorted(a), f"chat {chat_id}: attendant messages out of order"
        assert c == sorted(c), f"chat {chat_id}: customer messages out of order"
        assert all((n - 1) % len(chats) == index for n in a + c), f"chat {chat_id}: strays"
        all_a += a
        all_c += c
    for name, found in (("attendant", all_a), ("customer", all_c)):
        counts = Counter(found)
        doubled = sorted(n for n, k in counts.items() if k > 1)
        missing = sorted(set(range(1, plan.messages + 1)) - set(counts))
        assert not doubled, f"{name} messages doubled: {doubled[:20]}"
        assert not missing, f"{name} messages missing: {missing[:20]}"
    return len(all_a), len(all_c)


def _wire(m: dict[str, Any]) -> tuple[Any, ...]:
    author = m["author"]
    return (
        m["id"],
        author["type"],
        author["id"],
        m["text"],
        m["internal"],
        m["status"],
        m["client_message_id"],
        m["version"],
    )


async def check_cache(
    machine: Machine,
    server_url: str,
    attendant_id: int,
    by_chat: dict[int, list[dict[str, Any]]],
    chat_versions: dict[int, int],
) -> None:
    """Open the stopped core's cache with the store's own API: each chat's messages equal
    the service's (ids, authors, texts, statuses, client ids, versions, order) and the outbox
    is empty."""
    store = await Store.open(
        account_files(machine.data_dir, server_url, attendant_id), attendant_id
    )
    try:
        assert await store.call(Cache.outbox) == []
        for chat_id, expected in by_chat.items():
            page = await store.call(Cache.messages, chat_id, limit=len(expected) + 100)
            cached = [
                (
                    m.id,
                    m.author.type.value,
                    m.author.id,
                    m.text,
                    m.internal,
                    m.status.value if m.status else None,
                    m.client_message_id,
                    m.version,
                )
                for m in page.messages
            ]
            wanted = [_wire(m) for m in expected]
            assert page.complete, f"chat {chat_id}: the cache says its history has gaps"
            assert page.at_start, f"chat {chat_id}: the cache lacks the chat's start"
            if cached != wanted:
                diff = [(c, w) for c, w in zip(cached, wanted, strict=False) if c != w][:5]
                raise AssertionError(
                    f"chat {chat_id}: the cache has {len(cached)} messages, the service "
                    f"{len(wanted)}; first differences (cache, service): {diff}"
                )
            assert await store.call(Cache.chat_version, chat_id) == chat_versions[chat_id]
    finally:
        await store.close()


# --- the run ------------------------------------------------------------------------------


async def _prepare(proxy: FaultProxy, machine: Machine, chats: list[int]) -> tuple[str, int]:
    """Ana signs in on her machine through the proxy, goes Online and assumes the chats;
    the app is closed again. Returns her token and id."""
    session = await Session.sign_in(machine.env(), proxy.url, ANA, DEMO_PASSWORD)
    try:
        deadline = time.monotonic() + 30
        await session.start()
        while session.connection is not ConnectionState.ONLINE:
            assert time.monotonic() < deadline, "the core did not come online"
            await asyncio.sleep(0.05)
        await session.chats.set_online(True)
        for chat_id in chats:
            await session.chats.assume(chat_id)
            # Opened to answer it: the cache now holds the chat's whole history, and from
            # here on only the events keep it whole (the claim the end of the run checks).
            await session.chats.open(chat_id)
        token = session.api.token
        assert token
        return token, session.me.user.id
    finally:
        await session.close()


# Rough durations of each kind of event, to spread them over the traffic (seconds).
_TAKES = {"fault": 1.5, "kill": 2.5, "restart": 4.0}


def _schedule(plan: Plan, rng: random.Random) -> list[tuple[float, str]]:
    """The faults, kills and restarts in a seeded order, each with the pause before it:
    spread so that they fall while the traffic flows, whatever each one takes."""
    kinds = ["fault"] * plan.faults + ["kill"] * plan.kills + ["restart"] * plan.restarts
    rng.shuffle(kinds)
    busy = sum(_TAKES[k] for k in kinds)
    if plan.long_stall_every:
        busy += plan.faults // plan.long_stall_every * FaultPlan(0).long_stall
    gap = max(0.2, (plan.traffic_seconds - busy) / (len(kinds) + 1))
    return [(rng.uniform(0.5 * gap, 1.5 * gap), kind) for kind in kinds]


async def _sample(report: Report, core: CoreProcess, service: ServiceProcess, every: float) -> None:
    def rss(pid: int | None) -> int | None:
        if pid is None:
            return None
        with contextlib.suppress(psutil.Error):
            return int(psutil.Process(pid).memory_info().rss)
        return None

    while True:
        report.core.add(rss(core.pid))
        report.service.add(rss(service.pid))
        await asyncio.sleep(every)


class Timeline:
    """What happened when, in seconds from the start of the run (logs/chaos.log)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.began = time.monotonic()

    def note(self, text: str) -> None:
        clock = time.strftime("%H:%M:%S")
        with self.path.open("a", encoding="utf-8") as log:
            log.write(f"{time.monotonic() - self.began:8.2f} {clock} {text}\n")


async def _chaos(
    plan: Plan,
    rng: random.Random,
    proxy: FaultProxy,
    core: CoreProcess,
    service: ServiceProcess,
    report: Report,
    timeline: Timeline,
) -> None:
    faults = FaultPlan(rng.randrange(2**32), long_stall_every=plan.long_stall_every)

    async def kill() -> None:
        timeline.note(f"SIGKILL the core (queued up to {core.queued})")
        await core.kill()
        report.kills += 1
        await asyncio.sleep(rng.uniform(0.1, 2.0))
        await core.start()
        timeline.note("the core started again")

    schedule = _schedule(plan, rng)
    while schedule:
        pause, kind = schedule.pop(0)
        await asyncio.sleep(pause)
        if kind == "fault":
            fault = faults.next()
            with contextlib.suppress(TimeoutError):  # a fault needs a connection to hit
                async with asyncio.timeout(10):
                    await proxy.connected(websocket=fault.target is Target.WEBSOCKET)
            timeline.note(
                f"{fault} ({proxy.connections} connections, {proxy.websockets} websockets)"
            )
            report.connections_hit += await proxy.inject(fault)
            timeline.note(f"{fault.kind.value} over")
        elif kind == "kill":
            await kill()
        else:
            crash = report.restarts % 2 == 1
            timeline.note("SIGKILL the service" if crash else "stop the service (SIGTERM)")
            await service.stop(kill=crash)
            timeline.note("the service is down")
            if schedule and schedule[0][1] == "kill":
                # The app restarts while the service is away: it opens from its cache.
                schedule.pop(0)
                await kill()
            await asyncio.sleep(rng.uniform(0.5, 3.0))
            await service.start()
            report.restarts += 1
            timeline.note("the service is back")


async def run_chaos(plan: Plan, folder: Path, *, growth_window: float | None = None) -> Report:
    """The whole scenario; raises AssertionError on any lost, doubled or misordered message
    or a cache that differs from the service. Prints and returns the report."""
    began = time.monotonic()
    rng = random.Random(plan.seed)
    report = Report(plan)
    service = ServiceProcess(folder / "service")
    proxy = FaultProxy(service.port, rng=random.Random(rng.randrange(2**32)))
    machine = Machine(folder / "machine")
    customers = Customers(service.api, plan.chats)
    logs = folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    timeline = Timeline(logs / "chaos.log")
    core: CoreProcess | None = None
    sampler: asyncio.Task[None] | None = None
    await service.start()
    try:
        await proxy.start()
        chats = await customers.open()
        token, me_id = await _prepare(proxy, machine, chats)
        core = CoreProcess(machine, proxy.url, token, chats, plan.messages, plan.rate, logs)
        core.epoch = time.time()
        await core.start()
        sampler = asyncio.create_task(_sample(report, core, service, plan.sample_every))
        traffic_started = time.monotonic()
        timeline.note("traffic starts")
        async with asyncio.TaskGroup() as group:
            group.create_task(customers.write(plan.messages, plan.rate))
            group.create_task(_chaos(plan, rng, proxy, core, service, report, timeline))
        timeline.note("customers done, chaos over")
        while not core.all_queued:  # the core's own pace, slowed by kills
            assert core.alive(), core.failure()
            await asyncio.sleep(0.1)
        quiet = time.monotonic()
        timeline.note("the core has queued every message")
        report.traffic_seconds = quiet - traffic_started
        report.traffic = (traffic_started, quiet)
        report.backlog = core.status["pending"] if core.status else 0
        async with httpx.AsyncClient(
            base_url=service.api,
            timeout=30,
            headers={"Authorization": f"Bearer {token}"},
        ) as ana:
            deadline = quiet + plan.converge_within
            while not await caught_up(ana, core):
                assert core.alive(), core.failure()
                if time.monotonic() > deadline:
                    theirs = {c: await _newest(ana, c) for c in chats}
                    raise AssertionError(
                        f"the core did not catch up within {plan.converge_within} s; "
                        f"the service has (count, newest id) {theirs}; "
                        f"the core's last status: {json.dumps(core.status)[:2000]}"
                    )
                await asyncio.sleep(0.25)
            report.converge_seconds = time.monotonic() - quiet
            timeline.note("caught up")
            await core.stop()
            by_chat = {chat_id: await service_messages(ana, chat_id) for chat_id in chats}
            head = await ana.get("/events", params={"after": 0, "limit": 1})
            assert head.status_code == 200, head.text
            report.events = int(head.json()["head_seq"])
            versions: dict[int, int] = {}
            for chat_id in chats:
                response = await ana.get(f"/chats/{chat_id}")
                assert response.status_code == 200, response.text
                versions[chat_id] = int(response.json()["version"])
        report.attendant_messages, report.customer_messages = check_exactly_once(
            by_chat, chats, plan
        )
        await check_cache(machine, proxy.url, me_id, by_chat, versions)
        report.faults = Counter(proxy.faults)
        report.customer_retries = customers.retries
    finally:
        if sampler is not None:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler
        if core is not None:
            await core.abort()
        await customers.close()
        await proxy.close()
        await service.stop()
    report.total_seconds = time.monotonic() - began
    print("\n" + report.text(growth_window=growth_window))
    return report
