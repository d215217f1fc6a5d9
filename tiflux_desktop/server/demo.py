"""Demo mode: a believable organisation in pt-BR and simulated customers who open chats,
answer the bot, reply to attendants and go quiet, at a pace a person can follow.

Customers arrive through the same ``Customers.receive`` path every channel uses; they read
what attendants send through ``Customers.inbox``, as the customer API does.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass

import sqlalchemy as sa

from tiflux_desktop.domain import AuthorType, ChatStatus, fold

from . import db
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
    """Fill an empty organisation. Does nothing when attendants already exist."""
    async with service.storage.write() as tx:
        conn = tx.conn
        if await conn.scalar(sa.select(sa.func.count()).select_from(db.attendants)):
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
    """A few finished and cancelled chats, so Encerrados and "earlier chats" have content."""
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


async def run_simulation(service: Service, *, rng: random.Random | None = None) -> None:
    """New customers every so often (at most a few at once), each following a scenario."""
    rng = rng or random.Random()
    pace = service.config.demo_pace
    contacts = await _contact_ids(service)
    integrations = await _integration_ids(service)
    running: set[asyncio.Task[None]] = set()
    await asyncio.sleep(3 * pace)
    try:
        while True:
            busy = {t.get_name() for t in running}
            free = [c for c in contacts if f"customer-{c}" not in busy]
            if free and len(running) < 5:
                contact = rng.choice(free)
                scenario = rng.choice(SCENARIOS)
                integration = rng.choice(integrations)
                task = asyncio.create_task(
                    _customer(service, integration, contact, scenario, rng, pace),
                    name=f"customer-{contact}",
                )
                running.add(task)
                task.add_done_callback(running.discard)
            await asyncio.sleep(rng.uniform(20, 45) * pace)
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


async def _customer(
    service: Service,
    integration: int,
    contact: int,
    scenario: Scenario,
    rng: random.Random,
    pace: float,
) -> None:
    try:
        _, message = await service.customers.receive(integration, contact, text=scenario.opening)
        seen = message.id
        await asyncio.sleep(rng.uniform(3, 6) * pace)
        if scenario.fumble:
            await service.customers.receive(integration, contact, text=scenario.option)
            await asyncio.sleep(rng.uniform(3, 6) * pace)
            await service.customers.receive(integration, contact, text="1")
        else:
            await service.customers.receive(integration, contact, text=scenario.option)
        replies = list(scenario.replies)
        idle = 0.0
        while replies and idle < 900:
            await asyncio.sleep(2 * pace)
            idle += 2
            inbox = await service.customers.inbox(integration, contact, seen)
            if not inbox:
                continue
            seen = max(m["id"] for m in inbox)
            if any(
                m["chat_status"] in (ChatStatus.FINISHED.value, ChatStatus.CANCELED.value)
                for m in inbox
            ):
                return
            if not any(m["author"]["type"] == AuthorType.ATTENDANT.value for m in inbox):
                continue
            idle = 0
            await asyncio.sleep(rng.uniform(5, 15) * pace)
            await service.customers.receive(integration, contact, text=replies.pop(0))
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("a simulated customer failed")
