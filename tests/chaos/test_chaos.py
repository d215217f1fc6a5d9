"""Nothing is lost, doubled or reordered while the network, the app and the service fail.

The app's core runs as a separate process and talks to the service through a proxy that drops,
resets, stalls and throttles its connections; the core is SIGKILLed and started again from the
same folder, the service is restarted (one restart in two is a SIGKILL), while the attendant
sends numbered messages through the outbox and customers answer through the widget's API. At
the end every message exists once on the service, in order, and the core's cache equals the
service's view. See chaos_support.py for the machinery.

- the smoke (unmarked, in `make test`): 300 messages, 6 faults, 1 kill, 1 restart;
- the full run (`make chaos`): 10,000 messages, 50 faults, 5 kills, 2 restarts;
- the soak (`make soak`, TIFLUX_SOAK_SECONDS): steady traffic with a fault every ~20 s and
  RSS samples, reporting the growth of the core's and the service's memory (the core's is
  held to the budget).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chaos_support import Plan, run_chaos

SOAK_RATE = 10.0  # messages per second each way: a very busy service desk
SOAK_FAULT_EVERY = 20.0  # seconds
GROWTH_BUDGET = 10.0  # % of the app's RSS over a soak (DESIGN.md section 6)


@pytest.mark.timeout(120)
async def test_smoke_nothing_lost_or_doubled_through_faults_a_kill_and_a_restart(
    tmp_path: Path,
) -> None:
    report = await run_chaos(
        Plan(seed=7, chats=3, messages=150, rate=15.0, faults=6, kills=1, restarts=1), tmp_path
    )
    assert report.kills == 1
    assert report.restarts == 1
    assert sum(report.faults.values()) == 6


@pytest.mark.chaos
@pytest.mark.timeout(1800)
async def test_chaos_ten_thousand_messages_through_fifty_faults_five_kills_two_restarts(
    tmp_path: Path,
) -> None:
    seed = int(os.environ.get("TIFLUX_CHAOS_SEED", "20240607"))
    report = await run_chaos(
        Plan(
            seed=seed,
            chats=6,
            messages=5_000,
            rate=14.0,
            faults=50,
            kills=5,
            restarts=2,
            long_stall_every=25,
            converge_within=300.0,
        ),
        tmp_path,
    )
    assert report.attendant_messages + report.customer_messages >= 10_000
    assert sum(report.faults.values()) == 50
    assert report.kills == 5
    assert report.restarts == 2


@pytest.mark.soak
async def test_soak_memory_stays_flat_and_nothing_is_lost(tmp_path: Path) -> None:
    seconds = float(os.environ.get("TIFLUX_SOAK_SECONDS", "300"))
    window = min(60.0, seconds / 4)
    report = await run_chaos(
        Plan(
            seed=11,
            chats=4,
            messages=int(seconds * SOAK_RATE),
            rate=SOAK_RATE,
            faults=max(1, int(seconds / SOAK_FAULT_EVERY)),
            kills=0,
            restarts=0,
            sample_every=3.0,
        ),
        tmp_path,
        growth_window=window,
    )
    # The budget is the app's. The service's growth is printed: it keeps the newest 20,000
    # events in memory (EventHub), so it grows until its log holds that many (about 400 s of
    # this traffic), and a soak shorter than that measures the tail filling up.
    found = report.core.growth(window, *report.traffic)
    assert found is not None
    assert found[2] <= GROWTH_BUDGET, f"the core's RSS grew {found[2]:.1f} %"
