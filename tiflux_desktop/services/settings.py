"""The app's settings: typed, in the platform's config directory, as JSON.

A damaged or hand-edited file never stops the app: unreadable files are kept aside and
the defaults used; unknown keys are ignored and bad values fall back one by one.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger(__name__)

APP_NAME = "tiflux-desktop"

# The notification sounds shipped with the app (ui/resources/sounds/<name>.wav).
SOUNDS = ("chime", "bell", "pop")


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    # The last session, so the next start opens straight from its cache.
    server_url: str | None = None
    email: str | None = None
    attendant_id: int | None = None
    # Preferences.
    language: Literal["system", "pt_BR", "en"] = "system"
    theme: Literal["system", "light", "dark"] = "system"
    # Notifications, one switch per kind.
    notify_new_chat: bool = True  # a new chat arrives in Entrada
    notify_customer_message: bool = True  # a customer writes in a chat of Meus
    notify_transfer: bool = True  # a chat is transferred to me
    # The sound played with a notification: one of SOUNDS, or "custom" for sound_file.
    sound: Literal["chime", "bell", "pop", "custom"] = "chime"
    sound_file: str | None = None  # a WAV file, used when sound is "custom"
    muted: bool = False  # no sound (the tray's "Mute")
    # A chat still waiting in Entrada after this many minutes is announced again (0: never).
    realert_minutes: int = Field(default=5, ge=0, le=240)
    start_with_system: bool = False
    start_minimised: bool = False  # start in the tray (or minimised where there is none)
    # How much history a full refresh keeps of Encerrados (most recent first).
    archived_cache_limit: int = Field(default=200, ge=0, le=5000)
    # The longest wait between reconnection attempts (the jitter is drawn below it).
    reconnect_max_seconds: float = Field(default=2.0, ge=0.5, le=60.0)


class SettingsFile:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.json"

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as exc:
            self._set_aside(exc)
            return Settings()
        if not isinstance(raw, dict):
            self._set_aside(ValueError("not a JSON object"))
            return Settings()
        return _lenient(raw)  # pyright: ignore[reportUnknownArgumentType]

    def save(self, settings: Settings) -> None:
        """Atomically, readable by the owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.path.parent == config_dir():  # the app's own folder, whoever made it
            os.chmod(self.path.parent, 0o700)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(settings.model_dump_json(indent=2))
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _set_aside(self, exc: Exception) -> None:
        log.warning("settings file unreadable (%s); using the defaults", exc)
        with contextlib.suppress(OSError):
            self.path.replace(self.path.with_suffix(".json.bad"))


def _lenient(raw: dict[str, Any]) -> Settings:
    """Keep every valid value; drop the invalid ones to their defaults."""
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        log.warning("settings: ignoring invalid %s", ", ".join(sorted(bad)))
        return Settings.model_validate({k: v for k, v in raw.items() if k not in bad})
