"""The notification sound: a short WAV played by the platform's own player.

Qt's own player (QtMultimedia) ships in the much larger PySide6-Addons and would bring a
multimedia back end for three short sounds, so each platform's standard player does it:
winsound on Windows, afplay on macOS, and on Linux the first of paplay (PulseAudio and
PipeWire's Pulse layer), pw-play and aplay that is installed. Where none is, or the file is
unreadable, the desktop's beep stands in. Playing never blocks the window and a sound still
playing is not started again over itself.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tiflux_desktop.services.settings import SOUNDS

log = logging.getLogger(__name__)

SOUND_DIR = Path(__file__).resolve().parent / "resources" / "sounds"
LINUX_PLAYERS = ("paplay", "pw-play", "aplay")


def sound_path(sound: str, sound_file: str | None = None) -> Path | None:
    """The WAV for a sound setting: a shipped one by name, or the attendant's own file."""
    if sound == "custom":
        return Path(sound_file) if sound_file else None
    if sound in SOUNDS:
        return SOUND_DIR / f"{sound}.wav"
    return None


class SoundPlayer:
    def __init__(
        self,
        *,
        platform: str = sys.platform,
        which: Callable[[str], str | None] = shutil.which,
        spawn: Callable[[Sequence[str]], subprocess.Popen[bytes]] | None = None,
        beep: Callable[[], None] = QApplication.beep,
    ) -> None:
        self._platform = platform
        self._which = which
        self._spawn = spawn or _spawn
        self._beep = beep
        self._playing: subprocess.Popen[bytes] | None = None

    def play(self, sound: str, sound_file: str | None = None) -> None:
        """Play a sound setting; the beep when it cannot be played."""
        path = sound_path(sound, sound_file)
        if path is None or not path.is_file():
            log.info("notification sound %s not found: beeping instead", sound)
            self._beep()
            return
        try:
            if not self._play_file(path):
                self._beep()
        except OSError as exc:
            log.warning("could not play the notification sound: %s", exc)
            self._beep()

    @property
    def player(self) -> str | None:
        """The command that plays sounds here (None: winsound, or only the beep)."""
        if self._platform == "darwin":
            return self._which("afplay")
        if self._platform.startswith("win"):
            return None
        return next((p for p in map(self._which, LINUX_PLAYERS) if p), None)

    def _play_file(self, path: Path) -> bool:
        if self._platform.startswith("win"):
            import winsound  # pyright: ignore[reportMissingImports]

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT  # pyright: ignore
            winsound.PlaySound(str(path), flags)  # pyright: ignore
            return True
        player = self.player
        if player is None:
            return False
        if self._playing is not None and self._playing.poll() is None:
            return True  # one sound at a time: a burst of notices is one sound
        self._playing = self._spawn([player, str(path)])
        return True


def _spawn(command: Sequence[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
