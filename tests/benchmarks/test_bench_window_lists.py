"""3. Search/filter keystroke in the conversation list, 10k and 100k chats.

The real pane (ConversationsPane, shown offscreen, 380x800) with its ChatListModel filled
with synthetic ChatEntry values (Portuguese names with accents, every status and channel),
on the Em atendimento tab (the largest: every open chat). A keystroke is the search field's
text changing to the next prefix of a typed query, and back (backspace), as an attendant
types; every text change is one sample.

Rows:
- ``proxy refilter``: ChatTabProxy.set_filters(q) on the shown tab's proxy alone (the
  filter itself and the layout change it emits, the views connected).
- ``keystroke to painted``: SearchBox.set_text(q) through the pane (all four proxies told,
  the hidden ones only remember it), then the events processed, so the view lays out and
  paints the new rows.
- ``clear the search``: from a narrow search back to the whole tab (the widest change).
Baseline (same run, same data): a plain Python list comprehension over the same folded
names, ``[i for i, name in folded.items() if word in name]``: the floor of any filter in
Python. Budget (DESIGN.md 6): <= 16 ms at 10k, <= 100 ms at 100k, on the median.
"""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from report import Budget, Row, median, note, quantile, scaled, table
from tiflux_desktop.domain import (
    Chat,
    ChatFilters,
    ChatStatus,
    Origin,
    Ref,
    SearchBy,
    StartedBy,
    Tab,
    TicketRef,
)
from tiflux_desktop.store import ChatEntry
from tiflux_desktop.sync import ChangeHub
from tiflux_desktop.ui.panes.conversations import ConversationsPane
from tiflux_desktop.ui.signals import AppSignals
from tiflux_desktop.ui.tasks import Tasks
from tiflux_desktop.ui.theme import Theme

ME = 1
SIZES: tuple[int, ...] = scaled((10_000, 100_000), (1_000, 3_000))
BUDGETS: dict[int, float] = dict(zip(SIZES, (16.0, 100.0), strict=True))
ROUNDS = scaled(3, 1)
QUERIES = ("joao silva", "conceicao", "ana", "padaria pao", "zz")  # typed, then erased

FIRST = (
    "João", "José", "Maria", "Ana", "Conceição", "Antônio", "Luís", "Fátima", "Márcio",
    "Sérgio", "Paula", "Ângela", "Beatriz", "Thiago", "Luíza", "Raimundo", "Cláudia", "Inês",
)  # fmt: skip
LAST = (
    "Silva", "Souza", "Simões", "Araújo", "Gonçalves", "Conceição", "Brandão", "Lima",
    "Ribeiro", "Magalhães", "Falcão", "Assunção", "Pereira", "Nóbrega",
)  # fmt: skip
CLIENTS = (
    "Padaria Pão Quente Ltda", "Construtora Horizonte", "Clínica Bem-Estar",
    "Escola Aprender Mais", "Mercado São João", "Açougue União", "Ótica Visão",
)  # fmt: skip
DEPARTMENTS = ((1, "Suporte"), (2, "Vendas"), (3, "Financeiro"))
ATTENDANTS = ((1, "ADMINISTRADOR"), (2, "Ana Souza"), (3, "Bruno Lima"), (4, "Carla Mendes"))
STATUSES = tuple(ChatStatus)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def synthetic(n: int, seed: int = 7) -> list[ChatEntry]:
    rnd = random.Random(seed)
    entries: list[ChatEntry] = []
    for chat_id in range(1, n + 1):
        at = T0 + timedelta(seconds=rnd.randrange(30_000_000))
        status = rnd.choice(STATUSES)
        responsible = rnd.choice(ATTENDANTS) if status.taken or status.archived else None
        department = rnd.choice(DEPARTMENTS)
        chat = Chat(
            id=chat_id,
            status=status,
            origin=rnd.choice(tuple(Origin)),
            started_by=StartedBy.CLIENT,
            created_at=at,
            updated_at=at,
            waiting_since=at,
            last_message_at=at + timedelta(minutes=rnd.randrange(600)),
            finished_at=at + timedelta(hours=1) if status.archived else None,
            requestor=Ref(chat_id, f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {rnd.choice(LAST)}"),
            client=Ref(rnd.randrange(len(CLIENTS)), rnd.choice(CLIENTS)),
            department=Ref(*department),
            responsible=Ref(*responsible) if responsible else None,
            ticket=TicketRef(chat_id, "Impressora") if rnd.random() < 0.1 else None,
            assessment=rnd.randint(1, 5) if status is ChatStatus.FINISHED else None,
        )
        entries.append(ChatEntry(chat, unread=rnd.randrange(4), seen=rnd.random() < 0.7))
    return entries


def keystrokes() -> list[str]:
    """Every text the field holds while the queries are typed and erased, in order."""
    texts: list[str] = []
    for query in QUERIES:
        prefixes = [query[:i] for i in range(1, len(query) + 1)]
        texts += prefixes + prefixes[-2::-1] + [""]
    return texts


def _ms(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return 1000 * (time.perf_counter() - started)


def _measure(n: int) -> tuple[list[Row], dict[str, float]]:
    app = cast(QApplication, QApplication.instance() or QApplication([]))
    hub = ChangeHub()
    signals = AppSignals(hub)
    tasks = Tasks()
    # The services are not called: the lists are filled directly, as load() would.
    pane = ConversationsPane(cast(Any, None), cast(Any, None), signals, Theme("light"), tasks, ME)
    pane.resize(380, 800)
    pane.show()
    entries = synthetic(n)
    fill = _ms(lambda: pane.model.reset(entries))
    pane.set_tab(Tab.IN_ATTENDANCE)
    app.processEvents()
    proxy = pane.proxies[Tab.IN_ATTENDANCE]
    shown = proxy.rowCount()
    texts = keystrokes()
    folded = pane.model.folded(SearchBy.REQUESTOR)
    in_tab = set(proxy.visible_ids())
    folded_tab = {i: name for i, name in folded.items() if i in in_tab}

    refilter: list[float] = []
    painted: list[float] = []
    clear: list[float] = []
    baseline: list[float] = []
    for _ in range(ROUNDS):
        for text in texts:
            refilter.append(_ms(lambda t=text: proxy.set_filters(ChatFilters(q=t or None))))
        proxy.set_filters(ChatFilters())
        for text in texts:

            def keystroke(t: str = text) -> None:
                pane.search.set_text(t)
                app.processEvents()

            painted.append(_ms(keystroke))
        for query in QUERIES:
            pane.search.set_text(query)
            app.processEvents()

            def cleared() -> None:
                pane.search.set_text("")
                app.processEvents()

            clear.append(_ms(cleared))
        for text in texts:
            word = text.split()[0] if text.split() else ""
            baseline.append(_ms(lambda w=word: [i for i, s in folded_tab.items() if w in s]))

    # Correctness of what was timed: the proxy finds what the comprehension finds.
    pane.search.set_text("conceicao")
    expected = {i for i, s in folded_tab.items() if "conceicao" in s}
    assert set(proxy.visible_ids()) == expected
    assert all(folded[i] for i in expected)

    base = median(baseline)
    budget = Budget(BUDGETS[n], on="median")
    rows = [
        Row("proxy refilter (set_filters q)", len(refilter), median(refilter),
            quantile(refilter, 0.95), base, budget),
        Row("keystroke to painted (field -> pane -> view)", len(painted), median(painted),
            quantile(painted, 0.95), base, budget),
        Row("clear the search (narrow -> whole tab, painted)", len(clear), median(clear),
            quantile(clear, 0.95), base, budget),
        Row("baseline: list comprehension over folded names", len(baseline), base,
            quantile(baseline, 0.95)),
    ]  # fmt: skip
    pane.close()
    pane.deleteLater()
    signals.deleteLater()
    app.processEvents()
    return rows, {"fill_ms": fill, "shown": float(shown), "max_refilter": max(refilter)}


@pytest.mark.bench
@pytest.mark.timeout(900)
@pytest.mark.parametrize("n", SIZES, ids=[f"{n // 1000}k" for n in SIZES])
def test_filter_keystroke_in_the_conversation_list(n: int) -> None:
    rows, extra = _measure(n)
    table(
        f"3. search keystroke, {n:,} chats ({int(extra['shown']):,} in Em atendimento), "
        f"{len(keystrokes())} texts x {ROUNDS} rounds",
        rows,
    )
    note(
        f"model filled (reset + names folded once) in {extra['fill_ms']:.0f} ms; "
        f"slowest refilter {extra['max_refilter']:.1f} ms; ratio = median / baseline median"
    )
