"""An in-memory keyring backend: the test machine has no system keyring, and a session can
only be resumed from a token the vault can read back."""

from __future__ import annotations

import keyring.errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict, for one TokenVault."""

    priority = 1  # pyright: ignore[reportAssignmentType, reportIncompatibleMethodOverride]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.saved:  # as real backends do
            raise keyring.errors.PasswordDeleteError("no such password")
        del self.saved[(service, username)]


# keyring registers every backend class it sees as a candidate for keyring.get_keyring(); this
# one must never become the default keyring of other tests in the same process.
getattr(KeyringBackend, "_classes", set[type]()).discard(MemoryKeyring)
