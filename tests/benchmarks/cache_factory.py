"""A realistic cache for the benchmarks, generated from a seeded ``random.Random``.

10,000 chats (Brazilian Portuguese names, clients, the three departments, every origin,
statuses spread over the four tabs) and up to 1,000,000 messages with accented text. The
chats go through ``Cache.put_chat`` (the real path); the messages are written in bulk with
``executemany`` on the store's thread, in the column order of ``codec.message_row``, so the
FTS triggers index every one of them exactly as the app would.

Message ids follow time, as the service assigns them: chats are generated in blocks and the
messages of a block are sorted by time before they get their ids, so the histories of chats
that were open at the same time interleave on disk.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tiflux_desktop.protocol import AttendantOut, ChatOut, DepartmentOut
from tiflux_desktop.store import AccountFiles, Cache, Store, account_files, codec

SERVER = "http://127.0.0.1:8765"
ME = 1  # the attendant whose cache this is (Meus = chats taken by attendant 1)
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
GENERATOR = "bench-cache-v1"  # stored in meta: a cache left by another generator is rebuilt
CURSOR = 5_000_000  # the event seq the generated cache has reached

# A word no generated text contains, planted in a few messages the search must find.
PLANTED_WORD = "xilogravura"
PLANTED_EVERY = 200_000

MESSAGE_INSERT = (
    f"INSERT INTO messages ({codec.MESSAGE_SELECT}) "
    f"VALUES ({', '.join('?' * len(codec.MESSAGE_COLUMNS))})"
)

DEPARTMENTS = {1: "Suporte", 2: "Vendas", 3: "Financeiro"}
DEPARTMENT_WEIGHTS = (0.55, 0.25, 0.20)
ATTENDANTS = {
    1: "Ana Souza",
    2: "Bruno Lima",
    3: "Carla Mendes",
    4: "Diogo Araújo",
    5: "Élida Gonçalves",
    6: "Fábio Simões",
    7: "Gisele Brandão",
    8: "Hélio Conceição",
}
BOT_NAME = "TIFLUX Testes"
ORIGINS = (
    ("whatsapp_cloud", 0.40),
    ("site_widget", 0.25),
    ("gupshup", 0.20),
    ("whatsapp", 0.05),
    ("chat", 0.05),
    ("campaign", 0.03),
    ("whatsapp_web", 0.02),
)

_FIRST_NAMES = (
    "João Conceição Antônio Sebastião José Maria Márcia Lúcia Inês Cláudia Fábio Vitória "
    "André Célia Estêvão Luíza Mariana Paulo Fernanda Letícia Gustavo Rafael Juliana Tânia "
    "Raimundo Francisca Aparecida Benedito Josué Simão Valéria Patrícia Mônica Renée Ângela "
    "Caio Débora Heloísa Otávio Júlio César Vânia Flávia Cássio Irene Joaquim Thaís Rogério"
)
FIRST_NAMES = _FIRST_NAMES.split()
_LAST_NAMES = (
    "da Silva|dos Santos|Gonçalves|Araújo|Simões|Magalhães|Conceição|Brandão|Falcão|Assunção|"
    "Lima|Souza|Oliveira|Pereira|Rodrigues|Almeida|Nascimento|Carvalho|Gomes|Ribeiro|Martins|"
    "Rocha|Barbosa|Lopes|Sá|Guimarães|Estevão|Damião|Monção|Julião|Aragão|Leão"
)
LAST_NAMES = _LAST_NAMES.split("|")
_CLIENT_HEADS = (
    "Padaria|Farmácia|Construtora|Clínica|Escola|Mercado|Auto Peças|Escritório Contábil|"
    "Transportadora|Ótica|Papelaria|Açougue|Distribuidora|Laboratório|Hotel|Pousada|"
    "Associação|Cooperativa|Indústria|Comércio"
)
CLIENT_HEADS = _CLIENT_HEADS.split("|")
_CLIENT_TAILS = (
    "Pão Quente|São João|Ação Social|Horizonte|Bem-Estar|Aprender Mais|Estrela|Irmãos Simões|"
    "Conceição|Alvorada|Boa Vista|Santa Luzia|Paraná|Goiânia|Maceió|Nossa Senhora|"
    "Três Corações|União|Progresso|Vitória"
)
CLIENT_TAILS = _CLIENT_TAILS.split("|")
CLIENT_SUFFIXES = ("Ltda", "S.A.", "ME", "EIRELI", "")

# Most frequent first: the weights follow Zipf's law over this order.
_CONVERSATION = (
    "o a de que e não é um para com do da em no na uma os por se mas você já está me "
    "bom dia boa tarde obrigado obrigada favor certo ok sim tudo bem aguardo momento "
    "preciso consigo consegue pode posso gostaria poderia verificar estou ainda agora "
    "também então porque quando onde hoje amanhã ontem semana mês olá oi claro perfeito "
    "entendi desculpe infelizmente novamente só até isso esse essa meu minha seu sua"
)
CONVERSATION = _CONVERSATION.split()
_DOMAIN = (
    "boleto pagamento nota fiscal fatura cobrança vencimento segunda via pix cartão crédito "
    "débito transferência comprovante reembolso estorno desconto orçamento proposta contrato "
    "plano assinatura cancelamento renovação pedido entrega frete atraso rastreamento "
    "endereço cadastro senha acesso login usuário conta email telefone número código "
    "protocolo chamado atendimento suporte sistema aplicativo site internet conexão rede "
    "roteador impressora computador notebook servidor backup instalação configuração "
    "atualização versão erro problema falha lentidão travando funcionando manutenção "
    "técnico visita agendamento horário urgente prioridade ajuda dúvida informação "
    "solicitação retorno resposta prazo valor preço produto serviço cliente empresa filial "
    "unidade loja estoque relatório planilha documento arquivo anexo foto imagem áudio "
    "vídeo mensagem whatsapp certificado digital licença módulo financeiro vendas compras "
    "nfe danfe xml sped integração api token permissão bloqueado liberado ativação migração "
    "importação exportação sincronização ação ações situação operação execução condição "
    "posição questão atenção opção função endereços códigos médico farmácia receita exame "
    "consulta agenda matrícula mensalidade boletos notas faturas senhas pedidos entregas"
)
DOMAIN = _DOMAIN.split()
_PLACES = (
    "São Paulo Belo Horizonte Goiânia Florianópolis Maceió Brasília Paraná Curitiba Niterói "
    "Ribeirão Preto São José Petrópolis Jundiaí Itajaí Macapá Belém Cuiabá Vitória"
)
PLACES = _PLACES.split()
CANNED = (
    "Bom dia!",
    "Boa tarde, tudo bem?",
    "Boa noite",
    "Obrigado!",
    "Obrigada pelo retorno.",
    "Ok",
    "Certo, aguardo.",
    "Um momento, por favor.",
    "Vou verificar e já retorno.",
    "Perfeito, muito obrigado!",
    "Consegue me enviar o comprovante?",
    "Segue o boleto atualizado.",
    "Não consegui acessar o sistema.",
    "A nota fiscal já foi emitida?",
    "Pode me passar o número do pedido?",
    "Estou sem internet desde ontem.",
    "Qual é o prazo de entrega?",
    "A impressora voltou a funcionar, obrigado.",
    "Preciso da segunda via do boleto.",
    "O pagamento foi feito por pix.",
    "Já reiniciei o roteador e continua sem conexão.",
    "Posso encerrar o atendimento?",
    "Sua solicitação foi registrada com o protocolo informado.",
    "Olá! Sou o assistente virtual. Escolha uma opção: 1 Suporte, 2 Vendas, 3 Financeiro.",
)
MEDIA = (
    ("application/pdf", "boleto-março.pdf", 182_000),
    ("application/pdf", "nota-fiscal-{n}.pdf", 95_000),
    ("image/jpeg", "comprovante-pix.jpg", 240_000),
    ("image/png", "foto-erro-{n}.png", 510_000),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "orçamento-2026.xlsx",
        48_000,
    ),
    ("audio/ogg", "áudio-whatsapp-{n}.ogg", 61_000),
    ("application/pdf", "contrato-prestação-serviços.pdf", 330_000),
)
CAPTIONS = (
    "Segue o anexo",
    "Comprovante do pagamento",
    "Print do erro",
    "Conforme combinado",
    None,
)


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Words and cumulative Zipf weights: conversation words are the most frequent, then
    the support vocabulary and place and person names (with their accents)."""
    domain = DOMAIN[:]
    rng.shuffle(domain)
    names = [*PLACES, *FIRST_NAMES]
    rng.shuffle(names)
    words = [*CONVERSATION, *domain, *names]
    weights = [1.0 / (rank + 8) for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    name: str
    telephone: str
    email: str
    client_id: int


@dataclass(frozen=True, slots=True)
class Shape:
    """How big the generated cache is."""

    chats: int = 10_000
    messages: int = 1_000_000
    big_chat_messages: int = 10_000  # one chat with this many messages (0: none)
    seed: int = 20261124

    @property
    def big_chat(self) -> int | None:
        """A chat in Meus (taken by attendant 1), near the newest ones."""
        return self.chats - 100 if self.big_chat_messages else None


@dataclass(slots=True)
class Built:
    """What the benchmarks need to know about a generated cache."""

    files: AccountFiles
    shape: Shape
    seconds: float = 0.0
    size_bytes: int = 0
    planted: list[int] = field(default_factory=list[int])  # ids of the PLANTED_WORD messages
    message_count: int = 0
    reused: bool = False


@dataclass(slots=True)
class _ChatPlan:
    id: int
    created: float
    messages: int
    status: str
    department: int
    origin: str
    contact: Contact
    responsible: int | None
    gap: float  # mean seconds between two messages


class Generator:
    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.rng = random.Random(shape.seed)
        self.words, self.cum = _vocabulary(self.rng)
        self.clients = self._clients()
        self.contacts = self._contacts(4000)
        self.next_id = 1
        self.planted: list[int] = []
        self.written = 0

    # --- people and places --------------------------------------------------------------

    def _clients(self) -> list[str]:
        rng = self.rng
        names: list[str] = []
        for head in CLIENT_HEADS:
            for tail in CLIENT_TAILS:
                names.append(f"{head} {tail} {rng.choice(CLIENT_SUFFIXES)}".strip())
        rng.shuffle(names)
        return names[:300]

    def _contacts(self, n: int) -> list[Contact]:
        rng = self.rng
        out: list[Contact] = []
        for i in range(1, n + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            out.append(
                Contact(
                    id=i,
                    name=f"{first} {last}",
                    telephone=f"55{rng.randint(11, 99)}9{rng.randint(10_000_000, 99_999_999)}",
                    email=f"contato{i}@exemplo.com.br",
                    client_id=1 + int(rng.paretovariate(1.2)) % len(self.clients),
                )
            )
        return out

    # --- the plan of every chat ---------------------------------------------------------

    def plan(self) -> list[_ChatPlan]:
        rng, shape = self.rng, self.shape
        n = shape.chats
        start = (NOW - timedelta(days=730)).timestamp()
        step = (730 - 3) * 86400 / n
        big = shape.big_chat
        others = shape.messages - (shape.big_chat_messages if big else 0)
        sizes = [rng.lognormvariate(0.0, 1.0) for _ in range(n)]
        if big is not None:
            sizes[big - 1] = 0.0
        scale = others / sum(sizes)
        counts = [max(1, round(s * scale)) if s else 0 for s in sizes]
        # Round to exactly the total, on the largest histories.
        diff = others - sum(counts)
        order = sorted(range(n), key=lambda i: -counts[i])
        for k in itertools.cycle(order):
            if diff == 0:
                break
            if diff < 0 and counts[k] <= 1:
                continue
            counts[k] += 1 if diff > 0 else -1
            diff += -1 if diff > 0 else 1
        if big is not None:
            counts[big - 1] = shape.big_chat_messages
        origins, origin_weights = zip(*ORIGINS, strict=True)
        plans: list[_ChatPlan] = []
        open_from = int(n * 0.70)  # open chats are the recent ones
        for i in range(n):
            chat_id = i + 1
            if i < open_from:
                status = "canceled" if rng.random() < 0.1 else "finished"
            else:
                r = rng.random()
                if r < 1 / 6:
                    status = "waiting_attendance"
                elif r < 4 / 6:
                    status = "in_attendance" if rng.random() < 0.6 else "waiting_client"
                else:
                    status = "canceled" if rng.random() < 0.1 else "finished"
            responsible: int | None
            if status == "waiting_attendance":
                responsible = None
            elif status in ("in_attendance", "waiting_client"):
                responsible = ME if rng.random() < 0.2 else rng.randint(2, len(ATTENDANTS))
            else:
                responsible = None if status == "canceled" else rng.randint(1, len(ATTENDANTS))
            gap = 240.0
            if chat_id == big:
                status, responsible, gap = "in_attendance", ME, 45.0
            plans.append(
                _ChatPlan(
                    id=chat_id,
                    created=start + i * step + rng.uniform(0, step),
                    messages=counts[i],
                    status=status,
                    department=rng.choices((1, 2, 3), DEPARTMENT_WEIGHTS)[0],
                    origin=rng.choices(origins, origin_weights)[0],
                    contact=rng.choice(self.contacts),
                    responsible=responsible,
                    gap=gap,
                )
            )
        return plans

    # --- text ---------------------------------------------------------------------------

    def text(self) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(CANNED)
        n = 2 + int(rng.expovariate(1 / 11))
        words = rng.choices(self.words, cum_weights=self.cum, k=min(n, 200))
        if rng.random() < 0.05:
            words.append(f"protocolo {rng.randint(100_000, 999_999)}")
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + rng.choice(".?!.")

    # --- one block of chats: their ChatOut and their message rows -----------------------

    def block(self, plans: Sequence[_ChatPlan]) -> tuple[list[ChatOut], list[tuple[Any, ...]]]:
        rng = self.rng
        # (time, chat, author type) of every message of the block, then sorted by time.
        timeline: list[tuple[float, int, str]] = []
        for p in plans:
            t = p.created
            for k in range(p.messages):
                if k:
                    t += min(rng.expovariate(1 / p.gap), 20 * p.gap)
                if k == 0:
                    author = "client" if p.origin != "campaign" else "attendant"
                elif k == 1 and p.origin in ("whatsapp_cloud", "gupshup"):
                    author = "system"
                else:
                    r = rng.random()
                    author = (
                        "client"
                        if r < 0.46
                        else "attendant"
                        if r < 0.92
                        else "system"
                        if r < 0.98
                        else "ai"
                    )
                timeline.append((t, p.id, author))
        timeline.sort()
        by_id = {p.id: p for p in plans}
        last: dict[int, tuple[float, str]] = {}
        last_client: dict[int, tuple[float, str]] = {}
        previous: dict[int, tuple[int, str, str]] = {}  # for quotes: id, author type, text
        rows: list[tuple[Any, ...]] = []
        for t, chat_id, author_type in timeline:
            p = by_id[chat_id]
            message_id = self.next_id
            self.next_id += 1
            self.written += 1
            if self.written % PLANTED_EVERY == PLANTED_EVERY // 2:
                body: str | None = f"Enviei a {PLANTED_WORD} da fachada para aprovação."
                self.planted.append(message_id)
            else:
                body = self.text()
            if author_type == "client":
                author_id, author_name = p.contact.id, p.contact.name
            elif author_type == "attendant":
                author_id = p.responsible or rng.randint(1, len(ATTENDANTS))
                author_name = ATTENDANTS[author_id]
            else:
                author_id, author_name = None, BOT_NAME
            media = caption = filename = None
            if rng.random() < 0.04 and author_type in ("client", "attendant"):
                content_type, pattern, size = rng.choice(MEDIA)
                filename = pattern.format(n=rng.randint(1000, 9999))
                caption = rng.choice(CAPTIONS)
                media = json.dumps(
                    {
                        "id": message_id,
                        "content_type": content_type,
                        "filename": filename,
                        "size": size,
                        "caption": caption,
                    }
                )
                if body != f"Enviei a {PLANTED_WORD} da fachada para aprovação.":
                    body = None
            quoted = None
            if chat_id in previous and rng.random() < 0.02:
                q_id, q_type, q_text = previous[chat_id]
                quoted = json.dumps(
                    {
                        "id": q_id,
                        "author": {"type": q_type, "id": None, "name": ""},
                        "text": q_text,
                    }
                )
            internal = author_type == "attendant" and rng.random() < 0.03
            status = None
            client_message_id = None
            if author_type == "attendant" and not internal:
                status = "read" if t < NOW.timestamp() - 3600 else "delivered"
                if rng.random() < 0.5:
                    client_message_id = f"{rng.getrandbits(128):032x}"
            rows.append(
                (
                    message_id,
                    chat_id,
                    1 if status is None else 3,
                    t,
                    author_type,
                    author_id,
                    author_name,
                    body,
                    int(internal),
                    media,
                    caption,
                    filename,
                    quoted,
                    status,
                    None,
                    client_message_id,
                    None,
                )
            )
            preview = body or filename or ""
            last[chat_id] = (t, preview)
            if author_type == "client":
                last_client[chat_id] = (t, preview)
            previous[chat_id] = (message_id, author_type, body or "")
        return [self.chat(p, last.get(p.id), last_client.get(p.id)) for p in plans], rows

    def chat(
        self,
        p: _ChatPlan,
        last: tuple[float, str] | None,
        last_client: tuple[float, str] | None,
    ) -> ChatOut:
        rng = self.rng
        archived = p.status in ("finished", "canceled")
        last_at = last[0] if last else p.created
        finished = last_at + rng.uniform(60, 3600) if archived else None
        assumed = (
            p.created + rng.uniform(30, 900)
            if p.responsible is not None or (archived and p.status == "finished")
            else None
        )
        client_id = p.contact.client_id
        responsible = p.responsible
        data: dict[str, Any] = {
            "id": p.id,
            "status": p.status,
            "archived": archived,
            "canceled": p.status == "canceled",
            "origin": p.origin,
            "started_by": "Campaign" if p.origin == "campaign" else "Client",
            "integration_id": {"site_widget": 1, "whatsapp_cloud": 2, "gupshup": 3}.get(p.origin),
            "requestor": {
                "id": p.contact.id,
                "name": p.contact.name,
                "email": p.contact.email,
                "telephone": p.contact.telephone,
                "client_id": client_id,
            },
            "client": {"id": client_id, "name": self.clients[client_id - 1]},
            "department": {"id": p.department, "name": DEPARTMENTS[p.department]},
            "responsible": {"id": responsible, "name": ATTENDANTS[responsible]}
            if responsible
            else None,
            "last_department": None,
            "ticket": {"number": 40_000 + p.id, "title": "Chamado aberto pelo chat"}
            if rng.random() < 0.05
            else None,
            "waiting_answer": p.status in ("waiting_attendance", "in_attendance"),
            "last_client_message": last_client[1][:200] if last_client else None,
            "last_client_message_at": _iso(last_client[0]) if last_client else None,
            "last_message_at": _iso(last_at) if last else None,
            "last_message_preview": last[1][:120] if last else None,
            "created_at": _iso(p.created),
            "updated_at": _iso(finished or last_at),
            "waiting_since": _iso(p.created),
            "assumed_at": _iso(assumed) if assumed else None,
            "finished_at": _iso(finished) if finished else None,
            "assessment": rng.randint(1, 5) if archived and rng.random() < 0.3 else None,
            "version": 1 + p.messages // 20 + (3 if archived else 1),
        }
        if data["assessment"] is not None and finished is not None:
            data["rating_time"] = _iso(finished + 300)
        return ChatOut.model_validate(data)


def _iso(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _write_block(cache: Cache, chats: list[ChatOut], rows: list[tuple[Any, ...]]) -> None:
    for chat in chats:
        cache.put_chat(chat)
    cache.db.conn.executemany(MESSAGE_INSERT, rows)


def _finish(cache: Cache, planted: list[int], key: str) -> None:
    """Lookups, this machine's reading state, complete histories and the event cursor."""
    cache.replace_departments([DepartmentOut(id=i, name=n) for i, n in DEPARTMENTS.items()])
    for attendant_id, name in ATTENDANTS.items():
        cache.put_attendant(
            AttendantOut(
                id=attendant_id,
                name=name,
                email=f"atendente{attendant_id}@demo.tiflux.local",
                admin=attendant_id == ME,
                online=attendant_id <= 4,
                attendant_group_ids=[1],
                department_ids=[1, 2, 3],
                version=1,
            )
        )
    sql = cache.db.conn.execute
    sql(
        "UPDATE chats SET history_from = 0, seen = 1, "
        "read_upto = coalesce((SELECT max(id) FROM messages m WHERE m.chat_id = chats.id), 0)"
    )
    # Entrada: new chats with the customer's messages unread.
    sql(
        "UPDATE chats SET seen = 0, read_upto = 0, unread = (SELECT count(*) FROM messages m "
        "WHERE m.chat_id = chats.id AND m.author_type = 'client' AND m.internal = 0) "
        "WHERE status = 'waiting_attendance'"
    )
    cache.set_cursor(CURSOR)
    cache.set_meta("bench_planted", json.dumps(planted))
    cache.set_meta("bench_generator", key)


# FTS5 flushes its in-memory index every ``hashsize`` bytes (1 MiB by default); a larger
# buffer while generating writes fewer, larger segments (about 25 % faster), and the
# default is put back before the benchmarks open the file.
_FTS_HASHSIZE_GENERATING = 64 * 1024 * 1024
_FTS_HASHSIZE_DEFAULT = 1024 * 1024


def _hashsize(cache: Cache, size: int) -> None:
    cache.db.conn.execute(
        "INSERT INTO messages_fts (messages_fts, rank) VALUES ('hashsize', ?)", (size,)
    )


async def _generate(files: AccountFiles, shape: Shape) -> list[int]:
    generator = Generator(shape)
    plans = generator.plan()
    store = await Store.open(files, ME)
    try:
        await store.call(_hashsize, _FTS_HASHSIZE_GENERATING)
        pending: asyncio.Future[None] | None = None
        # Build block k+1 on this thread while the store thread writes block k (SQLite
        # releases the GIL while it indexes), so the two cores both work.
        for start in range(0, len(plans), 250):
            chats, rows = generator.block(plans[start : start + 250])
            if pending is not None:
                await pending
            pending = asyncio.ensure_future(store.transaction(_write_block, chats, rows))
        if pending is not None:
            await pending
        await store.transaction(_finish, generator.planted, _key(shape))
        await store.call(_hashsize, _FTS_HASHSIZE_DEFAULT)
        await store.call(lambda cache: cache.db.conn.execute("PRAGMA optimize"))
    finally:
        await store.close()
    return generator.planted


def _existing(files: AccountFiles, shape: Shape) -> Built | None:
    """A cache this generator already wrote with this shape (kept between runs when the
    benchmarks are given a folder: TIFLUX_BENCH_DIR)."""
    if not files.cache.exists():
        return None
    conn = sqlite3.connect(files.cache)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("bench_generator") != _key(shape):
            return None
        count = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return Built(
        files,
        shape,
        planted=json.loads(meta["bench_planted"]),
        message_count=count,
        size_bytes=files.cache.stat().st_size,
        reused=True,
    )


def build_cache(folder: Path, shape: Shape) -> Built:
    """Generate (or reuse) the cache of ``shape`` under ``folder``."""
    files = account_files(folder, SERVER, ME)
    existing = _existing(files, shape)
    if existing is not None:
        return existing
    for path in (files.cache, files.local):
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    planted = asyncio.run(_generate(files, shape))
    seconds = time.perf_counter() - started
    conn = sqlite3.connect(files.cache)
    try:
        count = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    finally:
        conn.close()
    return Built(
        files,
        shape,
        seconds=seconds,
        planted=planted,
        message_count=count,
        size_bytes=files.cache.stat().st_size,
    )


def evict_page_cache(files: AccountFiles) -> None:
    """Drop the files' pages from the OS page cache (they are clean: written and synced),
    so the next read comes from the disk, as after a reboot. No root needed."""
    for path in (files.cache, files.local):
        if not path.exists():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def _key(shape: Shape) -> str:
    return f"{GENERATOR}:{shape.chats}:{shape.messages}:{shape.big_chat_messages}:{shape.seed}"
