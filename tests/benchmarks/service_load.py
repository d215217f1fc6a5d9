"""The service under load: a real ``tiflux-desktop serve`` in its own process, attendants'
event sockets held by receiver processes (service_load_receiver.py), and customers writing
in through the channel paths (signed WhatsApp Cloud webhooks and Gupshup callbacks) at a
steady rate from this process, which also answers the service's outbound sends
(service_load_providers.py).

The organisation is built from a seeded ``random.Random``: departments of unequal size, one
attendant group per department, attendants spread over them (a few in two groups, a few
administrators who see everything), a triage menu with one option per department. Customers
pass the menu as real ones do (first message, then the option), then keep writing in their
chat; each customer message carries ``#bm<k>#`` so every socket's receipt of it can be timed.

Every customer message k is expected on exactly the sockets that may see it: everyone while
its chat is in triage (no department yet), else the chat department's attendants and the
administrators. ``Figures`` counts what was expected, received, missing, received twice and
received by a socket that should not have seen it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pickle
import random
import socket
import subprocess
import sys
import time
from array import array
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import psutil

from service_load_providers import ProviderStub
from tiflux_desktop.server.channels.whatsapp_cloud import sign

HERE = Path(__file__).resolve().parent
RECEIVER = HERE / "service_load_receiver.py"
PASSWORD = "bench-password-1234"
APP_SECRET = "bench-app-secret-NOT-REAL"
CALLBACK_TOKEN = "bench-callback-token-NOT-REAL"
PHONE_NUMBER_ID = "200000000000099"
GUPSHUP_APP = "BenchApp"
CLOUD, GUPSHUP = 1, 2  # integration ids
DEPARTMENTS = (
    "Suporte N1",
    "Suporte N2",
    "Vendas",
    "Financeiro",
    "Implantação",
    "Cobrança",
    "Retenção",
    "Parcerias",
    "Ouvidoria",
    "Compras",
    "Logística",
    "Treinamento",
)
PHRASES = (
    "Olá, o sistema está fora do ar desde cedo",
    "Consegue verificar o meu pedido, por favor?",
    "A nota fiscal não chegou no e-mail",
    "Obrigado! Vou testar aqui e já te falo",
    "Ainda não funcionou, aparece a mesma mensagem de erro",
    "Qual é o prazo de entrega para São Paulo?",
    "Preciso da segunda via do boleto",
    "Pode ser amanhã às 10h?",
    "Segue o número do protocolo: 2024-88131",
    "Bom dia! Alguém pode me ajudar com a integração?",
)


def _env(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


@dataclass(frozen=True, slots=True)
class Plan:
    """What to run. The defaults are the DESIGN.md section 6 budget's figures."""

    sockets: int = 500  # attendants, each with its own event socket
    rate: float = 200.0  # inbound customer messages per second, measured phase
    seconds: float = 30.0  # length of the measured phase
    departments: int = 10
    chats: int = 600  # chats already in a department when the measured phase starts
    new_share: float = 0.1  # share of measured messages that open a chat (first + option)
    receivers: int = 2  # receiver processes the sockets are spread over
    baseline_seconds: float = 8.0  # the 1 msg/s phases
    warm_rate: float = 100.0
    quiet: float = 2.0  # a phase ends once the event log has not grown for this long, s
    seed: int = 7

    @classmethod
    def from_env(cls) -> Plan:
        """TIFLUX_BENCH_SOCKETS, _RATE, _SECONDS, _CHATS, _DEPARTMENTS, _RECEIVERS."""
        base = cls()
        return replace(
            base,
            sockets=int(_env("TIFLUX_BENCH_SOCKETS", base.sockets)),
            rate=_env("TIFLUX_BENCH_RATE", base.rate),
            seconds=_env("TIFLUX_BENCH_SECONDS", base.seconds),
            chats=int(_env("TIFLUX_BENCH_CHATS", base.chats)),
            departments=int(_env("TIFLUX_BENCH_DEPARTMENTS", base.departments)),
            receivers=int(_env("TIFLUX_BENCH_RECEIVERS", base.receivers)),
        )


# --- the organisation ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    index: int
    email: str
    name: str
    admin: bool
    departments: tuple[str, ...]  # names, through their groups


@dataclass(frozen=True, slots=True)
class Organisation:
    departments: tuple[str, ...]
    weights: tuple[float, ...]  # how often customers choose each department
    people: tuple[Person, ...]


def organisation(plan: Plan) -> Organisation:
    rng = random.Random(plan.seed)
    names = DEPARTMENTS[: plan.departments]
    # Unequal departments (first-level support is the big one): weight 1/(i+1).
    weights = tuple(1 / (i + 1) for i in range(len(names)))
    admins = max(1, plan.sockets // 50)  # supervisors: about 2 %
    people: list[Person] = []
    for i in range(plan.sockets):
        admin = i < admins
        home = rng.choices(names, weights)[0]
        depts = (home,)
        if not admin and rng.random() < 0.1:  # some work two queues
            other = rng.choice([d for d in names if d != home] or [home])
            depts = (home, other) if other != home else depts
        people.append(
            Person(
                i,
                f"atendente{i:04d}@bench.tiflux.local",
                f"Atendente {i:04d}",
                admin,
                () if admin else depts,
            )
        )
    return Organisation(names, weights, tuple(people))


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"  # pyright: ignore[reportUnknownVariableType]
    raise TypeError(type(value))


def _table(header: str, values: dict[str, Any]) -> list[str]:
    return [header, *(f"{k} = {_toml(v)}" for k, v in values.items()), ""]


def service_toml(org: Organisation, stub: ProviderStub) -> str:
    lines = [
        'organization_name = "Bench Ltda"',
        'bot_name = "Bench"',
        "ws_ping_interval = 20.0",
        "send_retry_delays = [0.5, 2.0]",
        "",
    ]
    lines += _table("[triage]", {"fallback_department": org.departments[0]})
    for i, name in enumerate(org.departments, start=1):
        lines += _table("[[triage.options]]", {"key": str(i), "label": name, "department": name})
    lines += _table("[[triage.options]]", {"key": "0", "label": "Sair"})
    lines += _table("[organization]", {"departments": list(org.departments)})
    for name in org.departments:
        lines += _table(
            "[[organization.attendant_groups]]", {"name": f"Equipe {name}", "departments": [name]}
        )
    for person in org.people:
        lines += _table(
            "[[organization.attendants]]",
            {
                "name": person.name,
                "email": person.email,
                "password": PASSWORD,
                "admin": person.admin,
                "groups": [f"Equipe {d}" for d in person.departments],
            },
        )
    lines += _table(
        "[[integrations]]", {"id": CLOUD, "type": "whatsapp_cloud", "name": "WhatsApp Bench"}
    )
    lines += _table(
        "[integrations.provider]",
        {
            "phone_number_id": PHONE_NUMBER_ID,
            "access_token": "bench-access-token-NOT-REAL",
            "app_secret": APP_SECRET,
            "verify_token": "bench-verify-NOT-REAL",
            "base_url": stub.graph_base,
        },
    )
    lines += _table("[[integrations]]", {"id": GUPSHUP, "type": "gupshup", "name": "Gupshup Bench"})
    lines += _table(
        "[integrations.provider]",
        {
            "app_name": GUPSHUP_APP,
            "api_key": "bench-api-key-NOT-REAL",
            "source_number": "5511400040099",
            "callback_token": CALLBACK_TOKEN,
            "base_url": stub.gupshup_base,
            "sync_templates": "false",
        },
    )
    return "\n".join(lines)


# --- the service process ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServiceProcess:
    """``python -m tiflux_desktop serve`` with a settings file, on a loopback port."""

    folder: Path
    toml: str
    port: int = field(default_factory=_free_port)
    popen: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.base}/api/v2"

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def log_path(self) -> Path:
        return self.folder / "service.log"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "service.toml"
        config.write_text(self.toml, encoding="utf-8")
        config.chmod(0o600)
        log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tiflux_desktop",
                "serve",
                "--config",
                str(config),
                "--data-dir",
                str(self.data_dir),
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    async def wait_ready(self, http: httpx.AsyncClient, within: float) -> None:
        deadline = time.monotonic() + within
        while True:
            assert self.popen is not None
            if self.popen.poll() is not None:
                raise RuntimeError(f"the service exited: {self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get(f"{self.api}/health")).status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the service did not start: {self.log_tail()}")
            await asyncio.sleep(0.2)

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    @property
    def process(self) -> psutil.Process:
        assert self.popen is not None
        return psutil.Process(self.popen.pid)

    def db_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.data_dir.glob("service.db*"))

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


# --- receivers ------------------------------------------------------------------------------


@dataclass
class Receiver:
    """One receiver process and its sockets (indexes into ``Organisation.people``)."""

    proc: asyncio.subprocess.Process
    sockets: list[int]
    out: Path

    @classmethod
    async def start(
        cls, api: str, after: int, sockets: list[tuple[int, str]], out: Path
    ) -> Receiver:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(RECEIVER),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        job = {
            "url": api.replace("http://", "ws://") + "/events/ws",
            "after": after,
            "out": str(out),
            "sockets": sockets,
            "drain_seconds": 900.0,
        }
        assert proc.stdin is not None
        proc.stdin.write((json.dumps(job) + "\n").encode())
        await proc.stdin.drain()
        return cls(proc, [i for i, _ in sockets], out)

    async def ready(self, within: float) -> None:
        assert self.proc.stdout is not None
        line = await asyncio.wait_for(self.proc.stdout.readline(), within)
        if line.strip() != b"ready":
            raise RuntimeError(f"a receiver did not start ({line!r})")

    @property
    def process(self) -> psutil.Process:
        return psutil.Process(self.proc.pid)

    async def stop(self, sentinel: int, within: float) -> dict[int, dict[str, Any]]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(f"stop {sentinel}\n".encode())
        await self.proc.stdin.drain()
        line = await asyncio.wait_for(self.proc.stdout.readline(), within)
        await self.proc.wait()
        if line.strip() != b"done":
            raise RuntimeError(f"a receiver failed ({line!r})")
        with self.out.open("rb") as f:
            result: dict[int, dict[str, Any]] = pickle.load(f)
        return result

    def kill(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()


# --- customers ------------------------------------------------------------------------------


@dataclass
class Chat:
    n: int
    integration: int  # CLOUD or GUPSHUP
    phone: str
    name: str
    option: int  # index into Organisation.departments
    in_department: bool = False
    last: asyncio.Task[None] | None = None


@dataclass(slots=True)
class Sent:
    k: int
    phase: str
    department: str | None  # where its event goes; None: triage, everyone
    sent_ns: int = 0
    answered_ns: int = 0
    status: int = 0
    late_ms: float = 0.0  # how far behind its slot it was posted


@dataclass
class Phase:
    name: str
    rate: float
    ks: list[int] = field(default_factory=list[int])
    began: float = 0.0
    ended: float = 0.0  # the last slot posted
    settled: float = 0.0  # the service's log stopped growing
    cpu: dict[str, float] = field(default_factory=dict[str, float])  # process -> CPU seconds
    machine_busy: float = 0.0  # both cores' busy share over the phase, 0..1
    rss_before: int = 0
    rss_after: int = 0
    rss_peak: int = 0
    seq_before: int = 0
    seq_after: int = 0
    db_before: int = 0
    db_after: int = 0


class Customers:
    """Writes customers' messages into the service at a steady rate, each chat's in order."""

    def __init__(self, plan: Plan, org: Organisation, service: ServiceProcess) -> None:
        self.plan = plan
        self.org = org
        self.service = service
        self.rng = random.Random(plan.seed + 1)
        self.sent: dict[int, Sent] = {}
        self.chats: list[Chat] = []
        self.settled: list[Chat] = []  # in a department
        self._k = 0
        # No timeout: a webhook given up on would close its connection, the service would drop
        # the request, and the chat's next message would overtake it. (A provider retries the
        # same id, which the service stores once; here nothing should be lost to count.)
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(None, connect=60.0),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
        )

    async def close(self) -> None:
        await self._http.aclose()

    def _new_chat(self) -> Chat:
        n = len(self.chats)
        chat = Chat(
            n=n,
            integration=CLOUD if self.rng.random() < 0.6 else GUPSHUP,
            phone=f"5511{900000000 + n:09d}",
            name=f"Cliente {n:05d}",
            option=self.rng.choices(range(len(self.org.departments)), self.org.weights)[0],
        )
        self.chats.append(chat)
        return chat

    def _body(self, chat: Chat, k: int, text: str) -> tuple[str, bytes, dict[str, str]]:
        now = int(time.time())
        if chat.integration == CLOUD:
            payload = {
                "object": "whatsapp_business_account",
                "entry": [
                    {
                        "id": "100000000000099",
                        "changes": [
                            {
                                "value": {
                                    "messaging_product": "whatsapp",
                                    "metadata": {
                                        "display_phone_number": "5511400040098",
                                        "phone_number_id": PHONE_NUMBER_ID,
                                    },
                                    "contacts": [
                                        {"profile": {"name": chat.name}, "wa_id": chat.phone}
                                    ],
                                    "messages": [
                                        {
                                            "from": chat.phone,
                                            "id": f"wamid.BENCH_IN_{k:09d}",
                                            "timestamp": str(now),
                                            "type": "text",
                                            "text": {"body": text},
                                        }
                                    ],
                                },
                                "field": "messages",
                            }
                        ],
                    }
                ],
            }
            raw = json.dumps(payload).encode()
            headers = {
                "Content-Type": "application/json",
                "X-Hub-Signature-256": sign(APP_SECRET, raw),
            }
            return f"{self.service.api}/webhooks/whatsapp-cloud/{CLOUD}", raw, headers
        payload = {
            "app": GUPSHUP_APP,
            "timestamp": now * 1000,
            "version": 2,
            "type": "message",
            "payload": {
                "id": f"BENCHGS{k:09d}",
                "source": chat.phone,
                "type": "text",
                "payload": {"text": text},
                "sender": {
                    "phone": chat.phone,
                    "name": chat.name,
                    "country_code": "55",
                    "dial_code": chat.phone[2:],
                },
            },
        }
        url = f"{self.service.api}/webhooks/gupshup/{GUPSHUP}?token={CALLBACK_TOKEN}"
        return url, json.dumps(payload).encode(), {"Content-Type": "application/json"}

    async def _post(
        self, chat: Chat, sent: Sent, text: str, previous: asyncio.Task[None] | None
    ) -> None:
        if previous is not None:  # a customer's messages arrive in order
            with contextlib.suppress(Exception):
                await previous
        url, raw, headers = self._body(chat, sent.k, text)
        sent.sent_ns = time.monotonic_ns()
        try:
            response = await self._http.post(url, content=raw, headers=headers)
            sent.status = response.status_code
        except httpx.HTTPError:
            sent.status = -1
        sent.answered_ns = time.monotonic_ns()

    def _send(self, chat: Chat, phase: str, text_of: str, late: float) -> int:
        k = self._k
        self._k += 1
        department = self.org.departments[chat.option] if chat.in_department else None
        sent = self.sent[k] = Sent(k, phase, department, late_ms=late * 1000)
        text = f"{text_of} #bm{k}#"
        chat.last = asyncio.create_task(self._post(chat, sent, text, chat.last))
        return k

    def _first(self, chat: Chat, phase: str, late: float) -> int:
        return self._send(chat, phase, self.rng.choice(PHRASES), late)

    def _answer(self, chat: Chat, phase: str, late: float) -> int:
        option = chat.option + 1
        k = self._send(chat, phase, f"{option} - {self.org.departments[chat.option]}", late)
        chat.in_department = True  # its next messages are stored after this one
        self.settled.append(chat)
        return k

    async def run(
        self,
        phase: Phase,
        count: int,
        *,
        new_share: float,
        max_new: int | None = None,
        finish_triage: bool = False,
        answer_after: float = 1.0,
    ) -> None:
        """``count`` messages at ``phase.rate``: a new chat's option ``answer_after`` s after
        its first message, new chats at ``new_share / 2`` of the slots, else a message in a
        chat already in a department."""
        waiting: deque[tuple[float, Chat]] = deque()
        created = 0
        loop = asyncio.get_running_loop()
        phase.began = loop.time()
        for i in range(count):
            due = phase.began + i / phase.rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            now = loop.time()
            late = max(0.0, now - due)
            if waiting and waiting[0][0] <= now:
                phase.ks.append(self._answer(waiting.popleft()[1], phase.name, late))
            elif (not self.settled or self.rng.random() < new_share / 2) and (
                max_new is None or created < max_new
            ):
                chat = self._new_chat()
                created += 1
                phase.ks.append(self._first(chat, phase.name, late))
                waiting.append((now + answer_after, chat))
            elif self.settled:
                chat = self.rng.choice(self.settled)
                phase.ks.append(self._send(chat, phase.name, self.rng.choice(PHRASES), late))
        phase.ended = loop.time()
        if finish_triage:
            while waiting:
                ready, chat = waiting.popleft()
                if ready > loop.time():
                    await asyncio.sleep(ready - loop.time())
                phase.ks.append(self._answer(chat, phase.name, 0.0))
        await self.flush()

    async def sentinel(self, phase: str) -> int:
        """A new chat's first message: everyone sees it, after everything before it."""
        k = self._first(self._new_chat(), phase, 0.0)
        await self.flush()
        return k

    async def flush(self) -> None:
        tasks = [c.last for c in self.chats if c.last is not None]
        await asyncio.gather(*tasks, return_exceptions=True)


# --- the run --------------------------------------------------------------------------------


@dataclass
class Figures:
    """What one phase measured; latencies in ms, over (message, socket) pairs."""

    name: str
    messages: int
    sockets: int
    seconds: float  # first to last slot
    expected: int = 0
    received: int = 0
    missing: int = 0
    duplicates: int = 0
    unexpected: int = 0  # received by a socket that may not see it: a permission hole
    from_sent: array[float] = field(default_factory=lambda: array("d"))
    from_answered: array[float] = field(default_factory=lambda: array("d"))
    webhook: list[float] = field(default_factory=list[float])  # response times, ms
    statuses: Counter[int] = field(default_factory=Counter[int])
    late: list[float] = field(default_factory=list[float])  # sender behind its slots, ms
    phase: Phase | None = None


@dataclass
class Run:
    plan: Plan
    org: Organisation
    phases: list[Figures]
    closed: list[str]  # sockets that ended before the stop, and why
    not_reached: int  # sockets that never got the sentinel
    unknown_pairs: int  # markers of messages no phase sent
    providers: dict[str, int]
    setup: dict[str, float]  # what the setup took, s
    machine: dict[str, Any]


async def _seq(http: httpx.AsyncClient, api: str) -> int:
    response = await http.get(f"{api}/health")
    return int(response.json()["last_seq"])


async def _settle(
    http: httpx.AsyncClient, api: str, quiet: float = 2.0, limit: float = 1200
) -> int:
    """Wait until the event log has not grown for ``quiet`` s (the inbound queue and the
    sender are done); returns the last seq."""
    deadline = time.monotonic() + limit
    last = await _seq(http, api)
    still = time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.25)
        seq = await _seq(http, api)
        if seq != last:
            last, still = seq, time.monotonic()
        elif time.monotonic() - still >= quiet:
            break
    return last


def _busy(a: Any, b: Any) -> float:
    """Share of the machine's CPU time (both cores) that was not idle between two samples."""
    idle = (b.idle + getattr(b, "iowait", 0.0)) - (a.idle + getattr(a, "iowait", 0.0))
    total = sum(b) - sum(a)
    return 1.0 - idle / total if total > 0 else 0.0


class Load:
    """The whole run: ``await Load(plan, folder).run()``."""

    def __init__(self, plan: Plan, folder: Path) -> None:
        self.plan = plan
        self.folder = folder
        self.org = organisation(plan)
        self.stub = ProviderStub()
        self.service: ServiceProcess | None = None
        self.receivers: list[Receiver] = []
        self.tokens: list[str] = []
        self.customers: Customers | None = None

    def _processes(self) -> dict[str, list[psutil.Process]]:
        assert self.service is not None
        return {
            "service": [self.service.process],
            "receivers": [r.process for r in self.receivers],
            "load (customers + providers)": [psutil.Process()],
        }

    def _cpu(self) -> dict[str, float]:
        return {
            name: sum(cpu_seconds(p) for p in procs) for name, procs in self._processes().items()
        }

    async def _measured(
        self, http: httpx.AsyncClient, customers: Customers, phase: Phase, count: int
    ) -> None:
        assert self.service is not None
        service = self.service.process
        phase.seq_before = await _seq(http, self.service.api)
        phase.db_before = self.service.db_bytes()
        phase.rss_before = phase.rss_peak = service.memory_info().rss
        cpu0, machine0 = self._cpu(), psutil.cpu_times()

        async def sample() -> None:
            while True:
                await asyncio.sleep(0.5)
                phase.rss_peak = max(phase.rss_peak, service.memory_info().rss)

        sampler = asyncio.create_task(sample())
        try:
            await customers.run(phase, count, new_share=self.plan.new_share)
            phase.seq_after = await _settle(http, self.service.api, self.plan.quiet)
        finally:
            sampler.cancel()
        phase.settled = asyncio.get_running_loop().time()
        cpu1, machine1 = self._cpu(), psutil.cpu_times()
        phase.cpu = {name: cpu1[name] - cpu0[name] for name in cpu1}
        phase.machine_busy = _busy(machine0, machine1)
        phase.rss_after = service.memory_info().rss
        phase.db_after = self.service.db_bytes()

    async def run(self) -> Run:
        plan = self.plan
        setup: dict[str, float] = {}
        began = time.monotonic()
        await self.stub.start()
        self.service = ServiceProcess(self.folder / "service", service_toml(self.org, self.stub))
        self.service.start()
        http = httpx.AsyncClient(timeout=120.0)
        customers = self.customers = Customers(plan, self.org, self.service)
        try:
            await self.service.wait_ready(http, within=600)
            setup["service start (provisioning)"] = time.monotonic() - began
            t = time.monotonic()
            for person in self.org.people:
                response = await http.post(
                    f"{self.service.api}/auth/login",
                    json={"email": person.email, "password": PASSWORD},
                )
                response.raise_for_status()
                self.tokens.append(str(response.json()["token"]))
            setup["sign-ins"] = time.monotonic() - t

            t = time.monotonic()
            warm = Phase("warm-up", plan.warm_rate)
            await customers.run(
                warm, 2 * plan.chats, new_share=2.0, max_new=plan.chats, finish_triage=True
            )
            await _settle(http, self.service.api, plan.quiet)
            setup[f"warm-up: {plan.chats} chats into departments"] = time.monotonic() - t

            figures: list[Figures] = []
            phases: list[tuple[Phase, list[Receiver]]] = []

            # Baseline 1: one socket (an administrator: sees everything), 1 message/s.
            one = await self._receivers(http, [0], "one")
            base1 = Phase("baseline: 1 socket, 1 msg/s", 1.0)
            await self._measured(http, customers, base1, int(plan.baseline_seconds))
            sentinel = await customers.sentinel(base1.name)
            results_one = await self._stop(one, sentinel)
            phases.append((base1, one))

            t = time.monotonic()
            self.receivers = await self._receivers(
                http, list(range(len(self.org.people))), "all", processes=plan.receivers
            )
            setup[f"{len(self.org.people)} sockets opened"] = time.monotonic() - t

            base2 = Phase(f"baseline: {plan.sockets} sockets, 1 msg/s", 1.0)
            await self._measured(http, customers, base2, int(plan.baseline_seconds))
            load = Phase(f"load: {plan.sockets} sockets, {plan.rate:g} msg/s", plan.rate)
            await self._measured(http, customers, load, int(plan.rate * plan.seconds))
            sentinel = await customers.sentinel(load.name)
            results_all = await self._stop(self.receivers, sentinel)
            phases += [(base2, self.receivers), (load, self.receivers)]

            closed: list[str] = []
            not_reached = 0
            for results in (results_one, results_all):
                for index, seen in results.items():
                    if seen["closed"]:
                        closed.append(f"socket {index}: {seen['closed']}")
                    if not seen["reached"]:
                        not_reached += 1
            figures.append(self._figures(base1, [0], results_one))
            everyone = list(range(len(self.org.people)))
            figures.append(self._figures(base2, everyone, results_all))
            figures.append(self._figures(load, everyone, results_all))
            unknown = 0  # markers of no message this run sent: never expected
            for results in (results_one, results_all):
                for seen in results.values():
                    pairs = array("q")
                    pairs.frombytes(seen["pairs"])
                    unknown += sum(1 for k in pairs[0::2] if k not in customers.sent)
            for f, (phase, _) in zip(figures, phases, strict=True):
                f.phase = phase
            return Run(
                plan=plan,
                org=self.org,
                phases=figures,
                closed=closed,
                not_reached=not_reached,
                unknown_pairs=unknown,
                providers=dict(self.stub.counts),
                setup=setup,
                machine={
                    "cores": psutil.cpu_count(),
                    "load average": os.getloadavg(),
                },
            )
        finally:
            for receiver in self.receivers:
                receiver.kill()
            await customers.close()
            await http.aclose()
            self.service.stop()
            await self.stub.stop()

    async def _receivers(
        self, http: httpx.AsyncClient, indexes: list[int], tag: str, processes: int = 1
    ) -> list[Receiver]:
        assert self.service is not None
        after = await _seq(http, self.service.api)
        receivers: list[Receiver] = []
        for p in range(processes):
            mine = indexes[p::processes]
            receivers.append(
                await Receiver.start(
                    self.service.api,
                    after,
                    [(i, self.tokens[i]) for i in mine],
                    self.folder / f"receiver-{tag}-{p}.pickle",
                )
            )
        for receiver in receivers:
            await receiver.ready(within=300)
        return receivers

    @staticmethod
    async def _stop(receivers: list[Receiver], sentinel: int) -> dict[int, dict[str, Any]]:
        results: dict[int, dict[str, Any]] = {}
        for part in await asyncio.gather(*(r.stop(sentinel, 960) for r in receivers)):
            results.update(part)
        return results

    def _figures(
        self, phase: Phase, sockets: list[int], results: dict[int, dict[str, Any]]
    ) -> Figures:
        assert self.customers is not None
        sent = {k: self.customers.sent[k] for k in phase.ks}
        figures = Figures(phase.name, len(sent), len(sockets), phase.ended - phase.began)
        people = self.org.people
        for s in sent.values():
            figures.webhook.append((s.answered_ns - s.sent_ns) / 1e6)
            figures.statuses[s.status] += 1
            figures.late.append(s.late_ms)
        visible_count = Counter[str | None]()
        for s in sent.values():
            visible_count[s.department] += 0
        for department in visible_count:
            visible_count[department] = sum(1 for i in sockets if _visible(people[i], department))
        figures.expected = sum(visible_count[s.department] for s in sent.values())
        for index in sockets:
            seen = results.get(index)
            if seen is None:
                continue
            pairs = array("q")
            pairs.frombytes(seen["pairs"])
            person = people[index]
            got: set[int] = set()
            for j in range(0, len(pairs), 2):
                k = pairs[j]
                s = sent.get(k)
                if s is None:
                    continue
                if k in got:
                    figures.duplicates += 1
                    continue
                got.add(k)
                if not _visible(person, s.department):
                    figures.unexpected += 1
                    continue
                figures.received += 1
                at = pairs[j + 1]
                figures.from_sent.append((at - s.sent_ns) / 1e6)
                figures.from_answered.append((at - s.answered_ns) / 1e6)
        figures.missing = figures.expected - figures.received
        return figures


def _visible(person: Person, department: str | None) -> bool:
    return person.admin or department is None or department in person.departments
