"""Settings survive hand edits and damage; the token lives in the keyring or in memory only."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import keyring.errors

from memory_keyring import MemoryKeyring
from tiflux_desktop.services import Settings, SettingsFile, TokenVault


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def test_settings_round_trip_privately(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    store = SettingsFile(path)
    settings = Settings(server_url="https://chat.example.com", email="ana@x", attendant_id=2)
    settings.theme = "dark"
    store.save(settings)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert store.load() == settings


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert SettingsFile(tmp_path / "none.json").load() == Settings()


def test_bad_values_fall_back_one_by_one_and_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"theme": "purple", "email": "ana@x", "realert_minutes": -3, "future": 1})
    )
    loaded = SettingsFile(path).load()
    assert loaded.email == "ana@x"
    assert loaded.theme == "system"
    assert loaded.realert_minutes == Settings().realert_minutes


def test_an_unreadable_file_is_set_aside_and_the_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    assert SettingsFile(path).load() == Settings()
    assert (tmp_path / "settings.json.bad").exists()


def test_the_token_goes_to_the_keyring() -> None:
    backend = MemoryKeyring()
    vault = TokenVault(backend)
    assert vault.persistent
    assert vault.save("http://h:1/", "Ana@X", "tok")
    assert TokenVault(backend).load("http://h:1", "ana@x") == "tok"  # a later start finds it
    vault.delete("http://h:1", "ana@x")
    assert TokenVault(backend).load("http://h:1", "ana@x") is None
    vault.delete("http://h:1", "ana@x")  # twice is fine


def test_without_a_keyring_the_token_stays_in_memory_with_a_clear_reason(tmp_path: Path) -> None:
    from keyring.backends import fail

    vault = TokenVault(fail.Keyring())
    assert not vault.persistent
    assert vault.problem is not None
    assert "keyring" in vault.problem
    assert not vault.save("http://h", "ana@x", "tok")
    assert vault.load("http://h", "ana@x") == "tok"  # this run keeps working
    assert TokenVault(fail.Keyring()).load("http://h", "ana@x") is None  # nothing on disk
    assert not any(
        "tok" in p.read_text(errors="ignore") for p in tmp_path.rglob("*") if p.is_file()
    )


def test_a_failing_keyring_falls_back_to_memory() -> None:
    vault = TokenVault(BrokenKeyring())
    assert not vault.save("http://h", "ana@x", "tok")
    assert vault.problem is not None
    assert vault.load("http://h", "ana@x") == "tok"
