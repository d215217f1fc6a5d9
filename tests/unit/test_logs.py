"""The app's log files: rotated, the owner's only, set up once however often asked, and
never holding a token, a password or what anyone wrote, down to an attendant's real day."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ValidationError
from websockets.asyncio.client import connect

from machines import Machine, eventually
from support import ANA, DEMO_PASSWORD, Live, make_config
from tiflux_desktop.logs import LOG_FILE_NAME, REDACTED, RedactingFilter, redact, setup_logging
from tiflux_desktop.net import ConnectionState
from tiflux_desktop.server.app import create_app
from tiflux_desktop.services import Session

log = logging.getLogger("tiflux_desktop.test_logs")
_TOUCHED = ("httpx", "httpcore", "websockets", "aiosqlite", "uvicorn.access", "uvicorn.error")


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Each test leaves the logging set-up as it found it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in _TOUCHED}
    try:
        yield
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def _everything_in(folder: Path) -> str:
    _flush()
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_rotates_and_keeps_a_few_files_readable_by_the_owner_only(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "logs"
    path = setup_logging(folder, console=False, max_bytes=2_000, backup_count=2)
    assert path == folder / LOG_FILE_NAME
    for n in range(200):
        log.info("line %03d %s", n, "x" * 60)
    _flush()
    assert sorted(p.name for p in folder.iterdir()) == [
        LOG_FILE_NAME,
        f"{LOG_FILE_NAME}.1",
        f"{LOG_FILE_NAME}.2",
    ]
    for file in folder.iterdir():
        assert file.stat().st_size <= 2_000
        assert _mode(file) == 0o600, file.name
    assert _mode(folder) == 0o700
    text = _everything_in(folder)
    assert "line 199" in path.read_text(encoding="utf-8")  # the newest in the current file
    assert "line 000" not in text  # the oldest rotated away


def test_a_log_file_left_readable_by_others_is_made_the_owners_only(tmp_path: Path) -> None:
    (tmp_path / LOG_FILE_NAME).write_text("an older version's log\n")
    (tmp_path / LOG_FILE_NAME).chmod(0o644)
    path = setup_logging(tmp_path, console=False)
    log.info("started")
    assert _mode(path) == 0o600
    assert "an older version's log" in _everything_in(tmp_path)


def test_setting_up_twice_does_not_double_the_lines(tmp_path: Path) -> None:
    setup_logging(tmp_path / "a", console=True)
    path = setup_logging(tmp_path / "b", console=True)
    ours = [h for h in logging.getLogger().handlers if h.name and h.name.startswith("tiflux")]
    assert len(ours) == 2  # one file, one console
    log.warning("said once")
    assert path.read_text(encoding="utf-8").count("said once") == 1
    assert "said once" not in (tmp_path / "a" / LOG_FILE_NAME).read_text(encoding="utf-8")


class _Typed(BaseModel):
    count: int


def _validation_error(value: str) -> ValidationError:
    try:
        _Typed.model_validate({"count": value})
    except ValidationError as exc:
        return exc
    raise AssertionError("no error")


@pytest.mark.parametrize(
    ("message", "args", "secret"),
    [
        ("sending with %s", ("Authorization: Bearer tok-AAA111.zz",), "tok-AAA111"),
        ("header line: %s", ("authorization: Basic dXNlcjpwdw==",), "dXNlcjpwdw=="),
        ("headers %s", ([("authorization", "Basic dXNlcjpwdw==")],), "dXNlcjpwdw=="),
        ("headers %s", ({"Authorization": "Bearer tok-BBB222"},), "tok-BBB222"),
        ("GET %s", ("/api/v2/events/ws?after=3&token=tok-CCC333",), "tok-CCC333"),
        ("redirect to %s", ("https://x.test/cb?access_token=tok-DDD444&x=1",), "tok-DDD444"),
        ("form %s", ("email=a%40b.c&password=pw-EEE555&go=1",), "pw-EEE555"),
        ("login body %s", ('{"email": "a@b.c", "password": "pw-FFF\\"666"}',), "pw-FFF"),
        ("login answer %s", ('{"token":"tok-GGG777","user":{"id":2}}',), "tok-GGG777"),
        ("a dict %(where)s", ({"where": "?token=tok-III999"},), "tok-III999"),
    ],
)
def test_secrets_are_redacted_in_the_file(
    tmp_path: Path, message: str, args: tuple[Any, ...], secret: str
) -> None:
    setup_logging(tmp_path, console=False)
    log.warning(message, *args)
    text = _everything_in(tmp_path)
    assert secret not in text
    assert REDACTED in text
    assert redact(text) == text  # redacting twice changes nothing (filters may meet twice)


def test_secrets_in_an_exception_and_its_cause_are_redacted(tmp_path: Path) -> None:
    setup_logging(tmp_path, console=False)
    # (Not on the raising lines: a traceback quotes its source lines.)
    typed, refusal = "Olá, meu CPF é 123.456.789-00", "refused: password=pw-JJJ000"
    try:
        try:
            raise _validation_error(typed)
        except ValidationError as exc:
            raise RuntimeError(refusal) from exc
    except RuntimeError:
        log.exception("the request failed")
    text = _everything_in(tmp_path)
    assert "Traceback" in text
    assert "RuntimeError" in text
    assert "ValidationError" in text
    assert "pw-JJJ000" not in text
    assert "123.456.789-00" not in text  # pydantic repeats the input it refused


def test_arguments_that_do_not_fit_their_format_are_kept_redacted() -> None:
    # (Through a logger, pytest's own handler would fail on the record before ours saw it.)
    record = log.makeRecord(
        log.name, logging.WARNING, __file__, 1, "a %s and a %s", ("token=tok-HHH888",), None
    )
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "a %s and a %s (arguments: 'token=[redacted]')"


def test_redaction_leaves_ordinary_lines_alone() -> None:
    for line in (
        "the service refused the token: sign in again",
        "message 0b7c9d1e waits for the network: timed out",
        "GET /chats/12/messages -> 200 (35 ms)",
        "3 message(s) interrupted by the last exit go out again",
    ):
        assert redact(line) == line


def test_the_service_redacts_tokens_from_its_own_access_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    create_app(make_config(tmp_path))
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    caplog.set_level(logging.INFO, logger="uvicorn.error")
    # As uvicorn writes them (a handler of its own, no redaction of ours in between).
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/x?token=tok-KKK111", "1.1", 200
    )
    logging.getLogger("uvicorn.error").info(
        '%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", "/api/v2/events/ws?token=tok-LLL222"
    )
    assert "tok-KKK111" not in caplog.text
    assert "tok-LLL222" not in caplog.text
    assert caplog.text.count("token=[redacted]") == 2
    # uvicorn's own access formatter unpacks its five arguments: they keep their shape.
    access = next(r for r in caplog.records if r.name == "uvicorn.access")
    assert isinstance(access.args, tuple)
    assert access.args[2] == "/x?token=[redacted]"
    assert access.args[4] == 200


async def test_an_attendants_day_leaves_no_token_password_or_text_in_the_log(
    live: Live, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """At DEBUG, with the service in the same process logging its requests too: sign in,
    answer a customer, hear back, open the event stream with the token in its address."""
    folder = tmp_path / "logs"
    setup_logging(folder, level=logging.DEBUG, console=False)
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    caplog.set_level(logging.INFO, logger="uvicorn.error")
    ours = "Resposta-SIGILOSA-do-atendente 4f1c"
    theirs = "Texto-SIGILOSO-do-cliente 9a7e"

    customer = live.customer(name="Cliente Auditoria")
    chat_id = customer.open_chat("1")
    machine = Machine(tmp_path / "machine")
    session = await Session.sign_in(machine.env(), live.base_url, ANA, DEMO_PASSWORD)
    token = session.api.token
    assert token
    assert machine.env().vault.load(session.settings.server_url or "", ANA) == token
    try:
        await session.start()
        await eventually(lambda: session.connection is ConnectionState.ONLINE)
        await session.chats.set_online(True)
        await session.chats.assume(chat_id)
        await session.composer.send(chat_id, ours)
        await eventually(lambda: _said_to(customer.inbox_all(), ours), what="delivered")
        customer.say(theirs)
        await eventually(lambda: _cached(session, chat_id, theirs), what="the answer cached")
        # A client that cannot set headers puts the token in the address.
        async with connect(f"{live.ws}/events/ws?after=0&token={token}") as socket:
            await socket.recv()
        async with httpx.AsyncClient() as http:
            await http.get(f"{live.api}/health", params={"token": token})
    finally:
        await session.close()

    text = _everything_in(folder)
    assert f"/chats/{chat_id}/messages" in text  # the day was logged
    for secret in (token, DEMO_PASSWORD, ours, theirs, "SIGILOS"):
        assert secret not in text, secret
    uvicorn = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("uvicorn"))
    assert "events/ws?after=0&token=[redacted]" in uvicorn
    assert token not in uvicorn


def _said_to(messages: list[dict[str, Any]], text: str) -> bool:
    return any(m.get("text") == text for m in messages)


async def _cached(session: Session, chat_id: int, text: str) -> bool:
    page = await session.chats.cached_messages(chat_id)
    return any(m.text == text for m in page.messages)
