"""The service against its own OpenAPI document, with schemathesis: for every operation,
requests generated from the schema (as an admin, as an attendant, and without a token) must
never get a 5xx, every answer must match the documented schema, and every status code must be
documented.

The smoke (in `make test`) sends a few examples per operation and role; the deep run
(`make chaos`, marker `chaos`) sends DEEP_EXAMPLES per operation, valid and invalid ones (the
"deep" profile's 2,000 would take hours per run here). Each run prints its figures: operations, examples, seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from support import ADMIN, ANA, ServerThread, make_config
from tiflux_desktop.server.config import RateLimits
from tiflux_desktop.server.demo import DEMO_PASSWORD

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# The smoke runs on every CI run: a handful of examples per operation and role keeps the whole
# file well under a minute on a loaded 2-core machine (about 1,300 requests).
SMOKE_EXAMPLES = 10
LOGOUT = "/api/v2/auth/logout"


@dataclass
class Run:
    """What one pass over the schema did and found."""

    operations: int = 0
    examples: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict[str, list[str]])

    def report(self, name: str, seconds: float) -> str:
        return (
            f"schemathesis {name}: {self.operations} operations, {self.examples} examples, "
            f"{seconds:.1f} s, {sum(len(v) for v in self.failures.values())} failures"
        )


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Generated sign-ins are wrong passwords: with the brute-force guard on, the address would
    # soon be locked out of signing in at all (the guard has its own tests). The visitors'
    # session limit stays on, so its 429 is met and checked against the schema.
    config = make_config(
        tmp_path_factory.mktemp("schemathesis"),
        rate_limits=RateLimits(failed_logins_per_minute=0, customer_messages_per_minute=0),
    )
    server = ServerThread(config)
    server.start()
    try:
        yield server.base_url
    finally:
        server.stop()


def _token(base_url: str, email: str) -> str:
    response = httpx.post(
        f"{base_url}/api/v2/auth/login",
        json={"email": email, "password": DEMO_PASSWORD},
        timeout=15,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def _headers(base_url: str, who: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {_token(base_url, who)}"} if who else {}


def run_schema(
    base_url: str, who: str | None, mode: GenerationMode, examples: int | None = None
) -> Run:
    """Every operation of the live service's OpenAPI, ``examples`` cases each (the loaded
    Hypothesis profile's count when None), signed in as ``who`` (None: no token)."""
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v2/openapi.json")
    run = Run()
    session = requests.Session()  # keep-alive: the run is bound by round trips
    headers = _headers(base_url, who)
    limit = examples if examples is not None else settings().max_examples
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        run.operations += 1
        if operation.path == "/api/v2/health" and mode is GenerationMode.NEGATIVE:
            continue  # nothing in it can be made invalid
        _examples_of(operation, run, limit, mode, base_url, who, headers, session)()
    session.close()
    return run


def _examples_of(
    operation: schemathesis.APIOperation,
    run: Run,
    limit: int,
    mode: GenerationMode,
    base_url: str,
    who: str | None,
    headers: dict[str, str],
    session: requests.Session,
) -> Callable[[], None]:
    """A Hypothesis test that sends ``limit`` generated cases of ``operation`` and records
    what the checks find in ``run``."""

    @settings(
        max_examples=limit,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: schemathesis.Case) -> None:
        run.examples += 1
        sent = headers
        if operation.path == LOGOUT and who:
            # Logging out ends the session it is sent with: a session of its own each time.
            sent = _headers(base_url, who)
        try:
            response = case.call(base_url=base_url, headers=sent, session=session)
        except (requests.exceptions.InvalidHeader, ValueError):
            return  # a header the HTTP client itself refuses to send (a CR in it ...)
        try:
            case.validate_response(response, checks=CHECKS, headers=sent)
        except BaseException as exc:  # schemathesis' FailureGroup is a BaseExceptionGroup
            if isinstance(exc, KeyboardInterrupt):
                raise
            found = run.failures.setdefault(operation.label, [])
            if len(found) < 3:
                found.append(f"{response.status_code}: {str(exc)[:1500]}")

    return check


def _assert_clean(run: Run, name: str, started: float) -> None:
    print(run.report(name, time.monotonic() - started))
    assert run.operations >= 40, "the OpenAPI document lost operations"
    assert not run.failures, "\n\n".join(
        f"{label}\n" + "\n".join(found) for label, found in run.failures.items()
    )


@pytest.mark.parametrize("who", [ADMIN, ANA, None], ids=["admin", "attendant", "anonymous"])
def test_no_operation_answers_5xx_or_off_its_schema(base_url: str, who: str | None) -> None:
    started = time.monotonic()
    examples = SMOKE_EXAMPLES if who else 3
    run = run_schema(base_url, who, GenerationMode.POSITIVE, examples)
    _assert_clean(run, f"smoke {who or 'anonymous'}", started)
    assert run.examples >= run.operations  # every operation was called at least once


DEEP_EXAMPLES = 200  # per operation: about 9,000 requests and 3-5 minutes per run on 2 cores


@pytest.mark.chaos
@pytest.mark.timeout(3600)
@pytest.mark.parametrize(
    ("who", "mode"),
    [
        (ADMIN, GenerationMode.POSITIVE),
        (ANA, GenerationMode.POSITIVE),
        (ADMIN, GenerationMode.NEGATIVE),
    ],
    ids=["admin-valid", "attendant-valid", "admin-invalid"],
)
def test_deep_no_operation_answers_5xx_or_off_its_schema(
    base_url: str, who: str, mode: GenerationMode
) -> None:
    started = time.monotonic()
    run = run_schema(base_url, who, mode, DEEP_EXAMPLES)
    _assert_clean(run, f"deep {who} {mode.value}", started)
