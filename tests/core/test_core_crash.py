"""The app is killed with messages in its outbox: the next start delivers every one of them,
exactly once, whether the kill came while the service was down or in the middle of sending."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from core_support import (
    RestartableService,
    Running,
    Sessions,
    attendant_texts,
    cached_messages,
    delivered,
    eventually,
    service_messages,
)
from support import ANA
from tiflux_desktop.net import ConnectionState

CHILD = Path(__file__).with_name("outbox_child.py")
GREETING = "Olá, meu nome é Ana Souza e serei o responsável pelo seu atendimento!"


async def _prepared(service: RestartableService, sessions: Sessions) -> tuple[Running, int, str]:
    """Ana signed in once on this machine and took a chat; the app is closed again."""
    chat_id = service.live.customer(name="Cliente Queda").open_chat("1")
    ana = await sessions.sign_in(ANA)
    await eventually(lambda: ana.session.connection is ConnectionState.ONLINE)
    await ana.session.chats.set_online(True)
    await ana.session.chats.assume(chat_id)
    token = ana.session.api.token
    assert token
    await sessions.close(ana)
    return ana, chat_id, token


async def _run_and_kill(
    service: RestartableService,
    ana: Running,
    chat_id: int,
    token: str,
    texts: list[str],
    *,
    linger: float = 0.0,
) -> None:
    """Start the app in another process, let it queue ``texts`` and kill it (SIGKILL)
    ``linger`` seconds later."""
    env = {
        **os.environ,
        "CHILD_ROOT": str(ana.machine.root),
        "CHILD_SERVER": service.base_url,
        "CHILD_EMAIL": ANA,
        "CHILD_TOKEN": token,
        "CHILD_CHAT": str(chat_id),
        "CHILD_TEXTS": "\n".join(texts),
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        str(CHILD),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        async with asyncio.timeout(30):
            line = await child.stdout.readline()
        if line.strip() != b"queued":
            assert child.stderr is not None
            raise AssertionError(f"the app did not queue: {(await child.stderr.read()).decode()}")
        await asyncio.sleep(linger)
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGKILL)
        await child.wait()
    assert child.returncode == -signal.SIGKILL


async def _delivered_once_after_restart(
    service: RestartableService, sessions: Sessions, ana: Running, chat_id: int, texts: list[str]
) -> None:
    again = await sessions.resume(ana.machine)
    session = again.session
    await eventually(lambda: delivered(session, chat_id), timeout=15, what="the outbox emptied")
    on_service = service_messages(service.live.attendant(ANA), chat_id)
    assert attendant_texts(on_service) == [GREETING, *texts]
    cached = await cached_messages(session.store, chat_id)
    sent = [m for m in on_service if m["text"] in texts]
    assert [(m[0], m[1]) for m in cached if m[1] in texts] == [(m["id"], m["text"]) for m in sent]
    assert all(m[2] for m in cached if m[1] in texts)  # matched by client_message_id


async def test_messages_queued_while_the_service_was_down_survive_a_kill(
    service: RestartableService, sessions: Sessions
) -> None:
    ana, chat_id, token = await _prepared(service, sessions)
    await service.astop()
    texts = [f"Escrito antes da queda {n}" for n in range(1, 6)]
    await _run_and_kill(service, ana, chat_id, token, texts)
    await service.astart()
    await _delivered_once_after_restart(service, sessions, ana, chat_id, texts)


async def test_a_kill_in_the_middle_of_sending_doubles_nothing(
    service: RestartableService, sessions: Sessions
) -> None:
    ana, chat_id, token = await _prepared(service, sessions)
    texts = [f"Rajada {n:02d}" for n in range(1, 31)]
    await _run_and_kill(service, ana, chat_id, token, texts, linger=0.2)
    # Some went out before the kill, perhaps one whose answer never came back.
    await _delivered_once_after_restart(service, sessions, ana, chat_id, texts)
