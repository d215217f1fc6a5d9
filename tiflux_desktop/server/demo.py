"""Demo mode: a believable organisation in pt-BR and simulated customers who open chats,
answer the bot, reply to attendants and go quiet, at a pace a person can follow.

Customers arrive through the channels' real paths (``demo_providers.py``): website visitors
through the widget's customer API, WhatsApp customers as signed WhatsApp Cloud webhooks or
Gupshup callbacks; they read what attendants send where a customer would (the widget's API,
or what the simulated provider delivered to their phone). With ``demo_customers`` off (the
tests' organisation) the WhatsApp and Gupshup integrations stay *simulated*: no provider
behind them, customers written in through the customer API.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import sqlalchemy as sa

from tiflux_desktop.domain import AuthorType, ChatStatus, Origin, fold

from . import db
from .config import TriageConfig, TriageOption
from .demo_providers import API_PREFIX, DemoProviders, Phone, bot_texts
from .security import hash_password
from .service import Service

log = logging.getLogger(__name__)

DEMO_ADMIN_EMAIL = "admin@demo.tiflux.local"
DEMO_PASSWORD = "demo1234"

DEPARTMENTS = ["Suporte", "Vendas", "Financeiro"]
GROUPS = {
    "Equipe Suporte": ["Suporte"],
    "Equipe Comercial": ["Vendas"],
    "Equipe Financeira": ["Financeiro"],
}
ATTENDANTS = [
    (
        "ADMINISTRADOR",
        DEMO_ADMIN_EMAIL,
        True,
        ["Equipe Suporte", "Equipe Comercial", "Equipe Financeira"],
    ),
    ("Ana Souza", "ana@demo.tiflux.local", False, ["Equipe Suporte"]),
    ("Bruno Lima", "bruno@demo.tiflux.local", False, ["Equipe Comercial"]),
    ("Carla Mendes", "carla@demo.tiflux.local", False, ["Equipe Financeira", "Equipe Suporte"]),
]
CLIENTS = [
    "Padaria Pão Quente Ltda",
    "Construtora Horizonte",
    "Clínica Bem-Estar",
    "Escola Aprender Mais",
    "Mercado São João",
    "Clientes Testes Chat",
]
# (name, e-mail, phone, client index or None)
CONTACTS = [
    ("João da Silva", "joao@paoquente.com.br", "5511987650001", 0),
    ("Mariana Costa", "mariana@horizonte.eng.br", "5521987650002", 1),
    ("Dr. Paulo Araújo", "paulo@bemestar.med.br", "5531987650003", 2),
    ("Fernanda Lima", "fernanda@aprendermais.edu.br", "5541987650004", 3),
    ("José Antônio", "jose@mercadosaojoao.com.br", "5551987650005", 4),
    ("Luíza Gonçalves", "luiza@paoquente.com.br", "5511987650006", 0),
    ("Ricardo Nunes", "ricardo@horizonte.eng.br", "5521987650007", 1),
    ("Clientes Testes Chat", "testes@tiflux.local", "5548987650008", 5),
    ("Beatriz Ramos", None, "5511987650009", None),
    ("Thiago Moreira", None, "5561987650010", None),
]
INTEGRATIONS = [
    ("Widget do site", "site_widget", None),
    ("WhatsApp Cloud API – Central", "whatsapp_cloud", "5511400040001"),
    ("Gupshup – Comercial", "gupshup", "5511400040002"),
]
MESSAGE_TEMPLATES = [
    ("Saudação", "Olá {{nome}}, tudo bem? Em que posso ajudar?"),
    (
        "Pedir dados do cliente",
        "{{nome}}, poderia me informar o CNPJ da {{cliente}} para eu localizar o cadastro?",
    ),
    ("Aguarde um momento", "Só um momento, {{nome}}, estou verificando para você."),
    ("Encerramento", "Obrigado pelo contato, {{nome}}! Se precisar, é só chamar."),
]
HSM = [
    (
        "gupshup",
        "boas_vindas",
        "APPROVED",
        "MARKETING",
        "Olá {{1}}! Aqui é da {{2}}. Podemos conversar?",
        None,
    ),
    (
        "gupshup",
        "retorno_orcamento",
        "APPROVED",
        "UTILITY",
        "Olá {{1}}, seu orçamento {{2}} está pronto.",
        None,
    ),
    (
        "whatsapp_cloud",
        "retomar_atendimento",
        "APPROVED",
        "UTILITY",
        "Olá {{1}}, estamos retomando seu atendimento sobre {{2}}.",
        "Atendimento",
    ),
    (
        "whatsapp_cloud",
        "pesquisa_satisfacao",
        "PENDING",
        "MARKETING",
        "Como foi seu atendimento, {{1}}?",
        None,
    ),
]
DESKS = [("suporte_tecnico", "Suporte Técnico"), ("comercial", "Comercial")]
PRIORITIES = ["Baixa", "Média", "Alta", "Urgente"]
CATALOG = {
    "suporte_tecnico": [
        ("Instalação de software", "TI"),
        ("Acesso e senhas", "TI"),
        ("Impressoras", "Infraestrutura"),
    ],
    "comercial": [("Orçamento", "Vendas"), ("Renovação de contrato", "Vendas")],
}


@dataclass(frozen=True, slots=True)
class Scenario:
    opening: str
    option: str  # what they answer the bot
    replies: tuple[str, ...]  # one per attendant message, then silence
    fumble: bool = False  # answers the bot wrongly first


SCENARIOS = [
    Scenario(
        "Oi, bom dia! O sistema não abre desde ontem.",
        "1",
        (
            "Aparece uma tela branca e depois fecha.",
            "Já reiniciei o computador, não resolveu.",
            "Funcionou! Muito obrigado.",
        ),
    ),
    Scenario(
        "Boa tarde, queria um orçamento para mais 5 licenças.",
        "2",
        (
            "Somos uma padaria com 3 lojas.",
            "Pode mandar por e-mail, por favor.",
            "Perfeito, aguardo.",
        ),
    ),
    Scenario(
        "Olá, recebi um boleto com valor errado.",
        "Financeiro",
        ("O vencimento é dia 10.", "O valor certo seria R$ 450,00.", "Ok, obrigado pela atenção!"),
    ),
    Scenario(
        "Oi",
        "produtos?",
        (
            "Preciso trocar minha senha de acesso.",
            "Meu usuário é o e-mail da empresa.",
            "Consegui entrar, valeu!",
        ),
        fumble=True,
    ),
    Scenario(
        "Bom dia! A impressora fiscal parou de imprimir.",
        "1 - Suporte",
        ("É o modelo MP-4200.", "A luz fica piscando laranja."),
    ),
    Scenario("Vocês atendem aos sábados?", "2", ("Entendi, obrigado.",)),
]


async def seed_demo(service: Service, *, history: bool = True) -> None:
    """Fill an empty organisation. Does nothing when attendants already exist, but for
    marking the demo's WhatsApp and Gupshup integrations simulated again (see below)."""
    async with service.storage.write() as tx:
        conn = tx.conn
        if await conn.scalar(sa.select(sa.func.count()).select_from(db.attendants)):
            await _resimulate(tx.conn, service)
            return
        dept_ids: dict[str, int] = {}
        for name in DEPARTMENTS:
            r = await conn.execute(
                sa.insert(db.departments).values(name=name, name_fold=fold(name), active=True)
            )
            dept_ids[name] = int(r.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
        group_ids: dict[str, int] = {}
        for name, depts in GROUPS.items():
            r = await conn.execute(
                sa.insert(db.attendant_groups).values(name=name, name_fold=fold(name))
            )
            group_ids[name] = gid = int(r.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
            for d in depts:
                await conn.execute(
                    sa.insert(db.group_departments).values(group_id=gid, department_id=dept_ids[d])
                )
        password = hash_password(DEMO_PASSWORD)
        for name, email, admin, groups in ATTENDANTS:
            r = await conn.execute(
                sa.insert(db.attendants).values(
                    name=name,
                    name_fold=fold(name),
                    email=email,
                    password_hash=password,
                    admin=admin,
                    online=False,
                    version=1,
                )
            )
            aid = int(r.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
            for g in groups:
                await conn.execute(
                    sa.insert(db.group_members).values(group_id=group_ids[g], attendant_id=aid)
                )
        client_ids = []
        for name in CLIENTS:
            r = await conn.execute(
                sa.insert(db.clients).values(name=name, name_fold=fold(name), active=True)
            )
            client_ids.append(int(r.inserted_primary_key[0]))  # pyright: ignore[reportOptionalSubscript]
        for name, email, phone, client in CONTACTS:
            await conn.execute(
                sa.insert(db.contacts).values(
                    name=name,
                    name_fold=fold(name),
                    email=email,
                    telephone=phone,
                    client_id=client_ids[client] if client is not None else None,
                    created_at=tx.now,
                )
            )
        integration_ids: dict[str, int] = {}
        for name, kind, phone in INTEGRATIONS:
            r = await conn.execute(
                sa.insert(db.integrations).values(
                    name=name,
                    type=kind,
                    phone_number=phone,
                    active=True,
                    simulated=kind != "site_widget",
                )
            )
            integration_ids[kind] = int(r.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
        for title, content in MESSAGE_TEMPLATES:
            await conn.execute(sa.insert(db.message_templates).values(title=title, content=content))
        for index, (provider, name, status, category, content, header) in enumerate(HSM, start=1):
            await conn.execute(
                sa.insert(db.hsm_templates).values(
                    provider=provider,
                    integration_id=integration_ids[provider],
                    name=name,
                    status=status,
                    category=category,
                    language="pt_BR",
                    content=content,
                    header=header,
                    footer="Tiflux",
                    external_id=f"demo-{index:04d}",
                )
            )
        for slug, display in DESKS:
            r = await conn.execute(sa.insert(db.desks).values(name=slug, display_name=display))
            desk_id = int(r.inserted_primary_key[0])  # pyright: ignore[reportOptionalSubscript]
            for cid in client_ids:
                await conn.execute(
                    sa.insert(db.client_desks).values(client_id=cid, desk_id=desk_id)
                )
            for p in PRIORITIES:
                await conn.execute(sa.insert(db.priorities).values(desk_id=desk_id, name=p))
            for item, area in CATALOG[slug]:
                await conn.execute(
                    sa.insert(db.catalog_items).values(desk_id=desk_id, name=item, area=area)
                )
    if history:
        await _seed_history(service)
    log.info("demo organisation seeded")


async def _resimulate(conn: Any, service: Service) -> None:
    """A demo database started once with demo customers (its WhatsApp and Gupshup made real
    integrations, see app.py) and now without them: no provider is behind those integrations
    any more, so they go back to simulated. Integrations the config declares are left to
    ``provisioning.apply_integrations``, which runs next."""
    declared = [i.id for i in service.config.integrations]
    i = db.integrations.c
    await conn.execute(
        sa.update(db.integrations)
        .where(
            i.name.in_([name for name, kind, _ in INTEGRATIONS if kind != "site_widget"]),
            i.id.not_in(declared),
            i.simulated.is_(False),
        )
        .values(simulated=True)
    )


async def _contact_ids(service: Service) -> list[int]:
    async with service.storage.read() as conn:
        return list(
            (await conn.scalars(sa.select(db.contacts.c.id).order_by(db.contacts.c.id))).all()
        )


async def _integration_ids(service: Service) -> list[int]:
    async with service.storage.read() as conn:
        return list(
            (
                await conn.scalars(sa.select(db.integrations.c.id).order_by(db.integrations.c.id))
            ).all()
        )


async def _seed_history(service: Service) -> None:
    """A few finished and cancelled chats, so Encerrados and "earlier chats" have content.

    Written straight through ``Customers.receive`` and ``Operations``, not the channels'
    routes: this is history put in place before the service opens, not customer traffic
    (and the channel core is not running yet)."""
    contacts = await _contact_ids(service)
    integrations = await _integration_ids(service)
    async with service.storage.read() as conn:
        admin_id = int(
            await conn.scalar(sa.select(db.attendants.c.id).where(db.attendants.c.admin)) or 0
        )
    await service.ops.set_online(admin_id, True)
    for index, scenario in enumerate(SCENARIOS[:4]):
        contact = contacts[index]
        integration = integrations[index % len(integrations)]
        chat, _ = await service.customers.receive(integration, contact, text=scenario.opening)
        chat, _ = await service.customers.receive(
            integration, contact, text=scenario.option.split()[0] if not scenario.fumble else "1"
        )
        await service.ops.assume(admin_id, chat.id, take_over=False)
        await service.customers.receive(integration, contact, text=scenario.replies[0])
        await service.ops.post_message(
            admin_id,
            chat.id,
            text="Certo, já verifiquei e está resolvido.",
            internal=False,
            client_message_id=None,
            quoted_message_id=None,
            template_id=None,
            parameters=[],
            uploads=[],
        )
        await service.ops.close(admin_id, chat.id, canceled=index == 3)
    await service.ops.set_online(admin_id, False)


async def run_simulation(
    service: Service,
    *,
    providers: DemoProviders | None = None,
    rng: random.Random | None = None,
) -> None:
    """New customers every so often (at most a few at once), each following a scenario on a
    channel picked at random, through that channel's real path: the website widget's customer
    API, and WhatsApp Cloud's signed webhooks or Gupshup's callbacks sent by ``providers``
    (the simulated providers, which also carry what attendants send back to them). All calls
    go in-process through the service's own routes (``providers.client``)."""
    rng = rng or random.Random()
    pace = service.config.demo_pace
    if providers is None:
        log.warning("demo customers need the simulated providers; none will write")
        return
    contacts = await _contacts(service)
    channels = await _channels(service, providers)
    bot = bot_texts(service.config)
    running: set[asyncio.Task[None]] = set()
    # Channels take turns, from one picked at random: every channel soon has customers.
    turn = rng.randrange(len(channels)) if channels else 0
    await asyncio.sleep(3 * pace)
    try:
        while True:
            busy = {t.get_name() for t in running}
            free = [c for c in contacts if f"customer-{c.id}" not in busy]
            if free and channels and len(running) < 5:
                contact = rng.choice(free)
                scenario = rng.choice(SCENARIOS)
                integration_id, kind = channels[turn % len(channels)]
                turn += 1
                log.info("demo: a customer writes in on integration %d (%s)", integration_id, kind)
                if kind == Origin.SITE_WIDGET.value:
                    customer: _Customer = _Visitor(providers.client, integration_id, contact)
                else:
                    customer = _Texter(
                        service,
                        Phone(providers, integration_id, contact.phone, contact.name),
                        contact,
                        bot,
                    )
                task = asyncio.create_task(
                    _customer(customer, scenario, service.config.triage, rng, pace),
                    name=f"customer-{contact.id}",
                )
                running.add(task)
                task.add_done_callback(running.discard)
            await asyncio.sleep(rng.uniform(20, 45) * pace)
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


@dataclass(frozen=True, slots=True)
class _Contact:
    id: int
    name: str
    phone: str
    email: str | None


async def _contacts(service: Service) -> list[_Contact]:
    """The demo's contacts who have a phone (every seeded one does)."""
    c = db.contacts.c
    async with service.storage.read() as conn:
        rows = (
            await conn.execute(
                sa.select(c.id, c.name, c.telephone, c.email)
                .where(c.telephone.is_not(None))
                .order_by(c.id)
            )
        ).all()
    return [_Contact(int(r.id), str(r.name), str(r.telephone), r.email) for r in rows]


async def _channels(service: Service, providers: DemoProviders) -> list[tuple[int, str]]:
    """(integration id, type) of the channels demo customers write on: the demo's widget and
    the provider integrations the simulated providers serve."""
    served = {i.id for i in (providers.whatsapp, providers.gupshup) if i is not None}
    i = db.integrations.c
    async with service.storage.read() as conn:
        rows = (
            await conn.execute(
                sa.select(i.id, i.type).where(
                    i.active, i.name.in_([name for name, _, _ in INTEGRATIONS])
                )
            )
        ).all()
    return [
        (int(r.id), str(r.type))
        for r in sorted(rows)
        if r.type == Origin.SITE_WIDGET.value or r.id in served
    ]


class _Customer(Protocol):
    async def say(self, text: str) -> None: ...

    async def answer_menu(self, text: str, option: TriageOption | None, rng: random.Random) -> None:
        """Answer the bot's menu with ``text`` (``option`` when it names one)."""
        ...

    async def look(self) -> tuple[bool, bool]:
        """(an attendant wrote since the last look, the chat has ended)."""
        ...


class _Visitor:
    """A visitor of the website, on the widget's customer API."""

    def __init__(self, client: httpx.AsyncClient, integration_id: int, contact: _Contact) -> None:
        self.client = client
        self.integration_id = integration_id
        self.contact = contact
        self.seen = 0
        self.headers: dict[str, str] = {}

    async def _start(self) -> None:
        response = await self.client.post(
            f"{API_PREFIX}/customer/sessions",
            json={
                "integration_id": self.integration_id,
                "name": self.contact.name,
                "email": self.contact.email,
                "telephone": self.contact.phone,
            },
        )
        response.raise_for_status()
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}
        # Only what comes after the visitor arrives (the page shows their new chat).
        await self.look()

    async def say(self, text: str) -> None:
        if not self.headers:
            await self._start()
        response = await self.client.post(
            f"{API_PREFIX}/customer/messages", json={"text": text}, headers=self.headers
        )
        response.raise_for_status()

    async def answer_menu(self, text: str, option: TriageOption | None, rng: random.Random) -> None:
        del option, rng  # the widget has no lists: the visitor types
        await self.say(text)

    async def look(self) -> tuple[bool, bool]:
        response = await self.client.get(
            f"{API_PREFIX}/customer/messages",
            params={"after_id": self.seen},
            headers=self.headers,
        )
        response.raise_for_status()
        body = response.json()
        messages: list[dict[str, Any]] = body["messages"]
        if messages:
            self.seen = max(m["id"] for m in messages)
        chat = body.get("chat") or {}
        ended = chat.get("status") in _ENDED or any(m["chat_status"] in _ENDED for m in messages)
        return any(m["author"]["type"] == AuthorType.ATTENDANT.value for m in messages), ended


class _Texter:
    """A customer on WhatsApp (the WhatsApp Cloud or the Gupshup integration)."""

    def __init__(
        self, service: Service, phone: Phone, contact: _Contact, bot: frozenset[str]
    ) -> None:
        self.service = service
        self.phone = phone
        self.contact = contact
        self.bot = bot
        self.before: int | None = None  # their latest chat before this one

    async def say(self, text: str) -> None:
        if self.before is None:
            # An open chat of theirs takes this message in; an ended one is the past.
            latest = await self._latest_chat() or 0
            self.before = latest if await self._status(latest) in _ENDED else latest - 1
        if not await self.phone.say(text):
            raise RuntimeError("the service refused a simulated customer's message")

    async def answer_menu(self, text: str, option: TriageOption | None, rng: random.Random) -> None:
        if option is not None and text == option.key and rng.random() < 0.5:
            # Some pick the option from a list instead of typing its number.
            await self.phone.choose(f"triage-{option.key}", option.label)
        else:
            await self.say(text)

    async def look(self) -> tuple[bool, bool]:
        arrived = self.phone.news()
        # The customer tells the bot from a person by its words, as people do.
        attendant = any(m.text not in self.bot for m in arrived)
        return attendant, await self._ended()

    async def _ended(self) -> bool:
        # WhatsApp says nothing when a chat ends (unless the rating question is on): the
        # simulation peeks at the chat so its scripted customer stops instead of opening a new
        # chat with a follow-up line. A lookup for the script, not customer traffic.
        latest = await self._latest_chat()
        if latest is None or latest <= (self.before or 0):
            return False  # their message is still on its way in
        return await self._status(latest) in _ENDED

    async def _status(self, chat_id: int) -> str | None:
        async with self.service.storage.read() as conn:
            return await conn.scalar(sa.select(db.chats.c.status).where(db.chats.c.id == chat_id))

    async def _latest_chat(self) -> int | None:
        ch = db.chats.c
        async with self.service.storage.read() as conn:
            return await conn.scalar(
                sa.select(sa.func.max(ch.id)).where(
                    ch.requestor_id == self.contact.id,
                    ch.integration_id == self.phone.integration_id,
                )
            )


_ENDED = (ChatStatus.FINISHED.value, ChatStatus.CANCELED.value)


async def _customer(
    customer: _Customer,
    scenario: Scenario,
    triage: TriageConfig,
    rng: random.Random,
    pace: float,
) -> None:
    try:
        await customer.say(scenario.opening)
        await asyncio.sleep(rng.uniform(3, 6) * pace)
        await customer.answer_menu(scenario.option, _option(triage, scenario.option), rng)
        if scenario.fumble:
            await asyncio.sleep(rng.uniform(3, 6) * pace)
            await customer.answer_menu("1", _option(triage, "1"), rng)
        replies = list(scenario.replies)
        idle = 0.0
        while replies and idle < 900:
            await asyncio.sleep(2 * pace)
            idle += 2
            attendant_wrote, ended = await customer.look()
            if ended:
                return
            if not attendant_wrote:
                continue
            idle = 0
            await asyncio.sleep(rng.uniform(5, 15) * pace)
            await customer.say(replies.pop(0))
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("a simulated customer failed")


def _option(triage: TriageConfig, text: str) -> TriageOption | None:
    return next((o for o in triage.options if o.key == text), None)
