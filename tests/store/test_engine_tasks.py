"""The sync engine never leaves the app without delivery or sync: a task that fails on
something unexpected is started again."""

from __future__ import annotations

import asyncio

import pytest

from tiflux_desktop.domain import AttachmentLimits
from tiflux_desktop.net import ApiClient, Backoff
from tiflux_desktop.store import Store
from tiflux_desktop.sync import ChangeHub, Outbox, SyncEngine
from tiflux_desktop.sync import engine as engine_module


class FlakyOutbox(Outbox):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.runs = 0

    async def run(self) -> None:
        self.runs += 1
        if self.runs == 1:
            raise RuntimeError("disk full")  # something no one planned for
        await super().run()


async def test_a_failed_task_is_logged_kept_and_started_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine_module, "RESTART_DELAY", 0.05)
    store = await Store.open(None, 1)
    api = ApiClient("http://127.0.0.1:9")  # nothing listens: the realtime loop keeps trying
    hub = ChangeHub()
    outbox = FlakyOutbox(store, api, hub, limits=AttachmentLimits)
    engine = SyncEngine(store, api, hub, outbox, backoff=Backoff(base=0.01, cap=0.05))
    try:
        await engine.start()
        for _ in range(100):
            if outbox.runs >= 2:
                break
            await asyncio.sleep(0.02)
        assert outbox.runs >= 2
        assert isinstance(engine.failure, RuntimeError)
    finally:
        await engine.stop()
        await store.close()
        await api.aclose()
