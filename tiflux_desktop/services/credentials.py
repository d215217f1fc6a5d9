"""The sign-in token in the operating system's keyring (Keychain, Credential Locker, Secret
Service). Where no keyring exists the token is kept in memory only, never on disk: the
attendant signs in again at the next start, and ``problem`` says why."""

from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "tiflux-desktop"


def _account(server_url: str, email: str) -> str:
    return f"{email.strip().lower()}@{server_url.strip().rstrip('/')}"


class TokenVault:
    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend or keyring.get_keyring()
        self._memory: dict[str, str] = {}
        self.problem: str | None = None
        if _is_null(self._backend):
            self.problem = (
                "no system keyring is available; the session is kept in memory only and a "
                "sign-in is needed at each start"
            )

    @property
    def persistent(self) -> bool:
        return self.problem is None

    def save(self, server_url: str, email: str, token: str) -> bool:
        """True when the token will survive a restart."""
        account = _account(server_url, email)
        self._memory[account] = token
        if not self.persistent:
            return False
        try:
            self._backend.set_password(SERVICE, account, token)
        except keyring.errors.KeyringError as exc:
            self._fail(exc)
            return False
        return True

    def load(self, server_url: str, email: str) -> str | None:
        account = _account(server_url, email)
        if account in self._memory:
            return self._memory[account]
        if not self.persistent:
            return None
        try:
            return self._backend.get_password(SERVICE, account)
        except keyring.errors.KeyringError as exc:
            self._fail(exc)
            return None

    def delete(self, server_url: str, email: str) -> None:
        account = _account(server_url, email)
        self._memory.pop(account, None)
        if not self.persistent:
            return
        try:
            self._backend.delete_password(SERVICE, account)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was saved
        except keyring.errors.KeyringError as exc:
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        # Never the token in the log: only the backend's complaint.
        log.warning("the system keyring failed (%s); keeping the session in memory only", exc)
        self.problem = f"the system keyring failed: {type(exc).__name__}"


def _is_null(backend: KeyringBackend) -> bool:
    """keyring's 'fail' and 'null' backends stand for "no keyring here"."""
    module = type(backend).__module__
    return module.endswith(("backends.fail", "backends.null")) or backend.priority <= 0
