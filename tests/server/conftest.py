"""Fixtures of the service's tests that more than one file uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fake_graph import FakeGraph


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    """Meta's Graph API, faked on 127.0.0.1 (tests/server/fake_graph.py)."""
    fake = FakeGraph()
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
