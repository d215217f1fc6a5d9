"""The limits on what anyone can ask without an account: a flood of widget sessions from one
address, guessing passwords from one address, and a widget visitor writing faster than a
person, get 429 with Retry-After and the house error shape; other addresses, other visitors,
existing sessions and good sign-ins go on as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support import ADMIN, ANA, WIDGET, Live, ServerThread, make_config
from tiflux_desktop.protocol import ErrorCode
from tiflux_desktop.server.config import ConfigError, RateLimits, ServiceConfig, load_config
from tiflux_desktop.server.demo import DEMO_PASSWORD
from tiflux_desktop.server.ratelimit import SlidingWindow

SESSIONS, FAILED_LOGINS, MESSAGES = 5, 3, 4


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_window_lets_the_limit_through_then_says_how_long_to_wait() -> None:
    clock = Clock()
    window = SlidingWindow(3, 60.0, clock=clock)
    for _ in range(3):  # at 1000, 1005, 1010
        assert window.hit("a") is None
        clock.now += 5
    clock.now -= 5
    assert window.hit("a") == pytest.approx(50.0)  # the first hit leaves the window in 50 s
    assert window.hit("b") is None  # another address has its own count
    clock.now += 50
    assert window.hit("a") is None  # the oldest hit left: one more fits
    assert window.hit("a") == pytest.approx(5.0)  # the next leaves at 1065


def test_a_window_of_zero_never_limits_and_a_flood_of_addresses_stays_bounded() -> None:
    off = SlidingWindow(0)
    assert all(off.hit("a") is None for _ in range(1000))
    clock = Clock()
    window = SlidingWindow(1, 60.0, clock=clock, max_keys=100)
    for n in range(1000):
        window.hit(f"10.0.{n // 256}.{n % 256}")
        clock.now += 0.01
    assert len(window._hits) <= 100  # pyright: ignore[reportPrivateUsage]


def test_the_settings_file_sets_the_limits_and_refuses_unknown_ones(tmp_path: Path) -> None:
    assert ServiceConfig().rate_limits == RateLimits(30, 10, 60)
    path = tmp_path / "service.toml"
    path.write_text("[rate_limits]\ncustomer_sessions_per_minute = 7\n", encoding="utf-8")
    assert load_config(path).rate_limits == RateLimits(7, 10, 60)
    path.write_text("[rate_limits]\nsessions = 7\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="sessions"):
        load_config(path)


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    config = make_config(
        tmp_path_factory.mktemp("limits"),
        rate_limits=RateLimits(
            customer_sessions_per_minute=SESSIONS,
            failed_logins_per_minute=FAILED_LOGINS,
            customer_messages_per_minute=MESSAGES,
        ),
    )
    server = ServerThread(config)
    server.start()
    live = Live(server.base_url, config)
    try:
        yield live
    finally:
        live.close()
        server.stop()


def _from(address: str) -> dict[str, str]:
    # The service trusts X-Forwarded-For only from loopback (uvicorn's default), as from a
    # reverse proxy on the same machine: here it stands for different visitors' addresses.
    return {"X-Forwarded-For": address}


def _assert_429(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= 60
    body = response.json()
    assert body["code"] == ErrorCode.RATE_LIMITED.value
    assert body["message"]
    assert body["details"]["retry_after"] == wait


def test_a_flood_of_widget_sessions_from_one_address_gets_429(limited: Live) -> None:
    http = limited.anonymous()
    body = {"integration_id": WIDGET, "name": "Visitante"}
    opened = [http.post("/customer/sessions", json=body, headers=_from("203.0.113.5"))]
    opened += [
        http.post("/customer/sessions", json=body, headers=_from("203.0.113.5"))
        for _ in range(SESSIONS - 1)
    ]
    assert [r.status_code for r in opened] == [201] * SESSIONS
    _assert_429(http.post("/customer/sessions", json=body, headers=_from("203.0.113.5")))
    # Another visitor is not held back, and a session already open keeps working.
    assert (
        http.post("/customer/sessions", json=body, headers=_from("198.51.100.9")).status_code == 201
    )
    token = opened[0].json()["token"]
    said = http.post(
        "/customer/messages", json={"text": "Oi"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert said.status_code == 201, said.text


def test_guessing_passwords_from_one_address_gets_429_until_the_wait_is_over(
    limited: Live,
) -> None:
    http = limited.anonymous()
    right = {"email": ANA, "password": DEMO_PASSWORD}
    wrong = {"email": ANA, "password": "chute"}
    # Good sign-ins never count: a team behind one address signs in all morning.
    for _ in range(FAILED_LOGINS + 2):
        assert http.post("/auth/login", json=right, headers=_from("192.0.2.1")).status_code == 200
    for _ in range(FAILED_LOGINS):
        assert http.post("/auth/login", json=wrong, headers=_from("192.0.2.1")).status_code == 401
    _assert_429(http.post("/auth/login", json=wrong, headers=_from("192.0.2.1")))
    # Locked out means locked out: the right password waits too (else guessing goes on).
    _assert_429(http.post("/auth/login", json=right, headers=_from("192.0.2.1")))
    # Someone else, elsewhere, signs in as usual.
    other = {"email": ADMIN, "password": DEMO_PASSWORD}
    assert http.post("/auth/login", json=other, headers=_from("192.0.2.77")).status_code == 200


def test_a_visitor_writing_faster_than_a_person_gets_429_and_nothing_is_stored(
    limited: Live,
) -> None:
    flooding = limited.customer(name="Visitante Apressado")
    calm = limited.customer(name="Visitante Calmo")  # same address, another visitor
    said = [flooding.http.post("/customer/messages", json={"text": f"oi {n}"}) for n in range(4)]
    assert [r.status_code for r in said] == [201] * MESSAGES
    chat_id = said[0].json()["chat_id"]
    over = flooding.http.post(
        "/customer/messages", json={"text": "oi de novo", "client_id": "pagina-0005"}
    )
    _assert_429(over)
    assert "visitor" in over.json()["message"]
    # Held back, not stored: the page keeps it and sends it (same client id) after the wait.
    admin = limited.attendant(ADMIN)
    texts = [m["text"] for m in admin.get(f"/chats/{chat_id}/messages").json()]
    assert "oi de novo" not in texts
    assert [t for t in texts if t and t.startswith("oi ")] == [f"oi {n}" for n in range(4)]
    # Another visitor behind the same address writes as usual.
    assert calm.http.post("/customer/messages", json={"text": "Bom dia"}).status_code == 201
