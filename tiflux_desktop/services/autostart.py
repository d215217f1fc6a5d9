"""Start with the system: the platform's own per-user mechanism, nothing else.

- Linux and the BSDs: an XDG autostart entry, ``$XDG_CONFIG_HOME/autostart/tiflux-chats.desktop``.
- macOS: a launch agent, ``~/Library/LaunchAgents/com.tiflux.chats.plist`` (RunAtLoad).
- Windows: the value "Tiflux Chats" under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run.

Each is the user's own file or key: no administrator rights, and removing it is all that
disabling takes. Whether the app then starts minimised is a setting the app reads itself.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import plistlib
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

DESKTOP_FILE = "tiflux-chats.desktop"
LAUNCH_AGENT_LABEL = "com.tiflux.chats"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "Tiflux Chats"

# Characters that make the Desktop Entry spec require an argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class AutostartError(Exception):
    """Start-with-the-system could not be read or changed (the message says where and why)."""


def app_command() -> list[str]:
    """How to start this app again: the frozen executable, or this Python with ``-m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "tiflux_desktop"]


def desktop_exec(command: Sequence[str]) -> str:
    """``command`` as the Exec key of a desktop entry (the Desktop Entry spec's quoting,
    then its string escapes, then ``%`` doubled since it starts field codes)."""
    parts: list[str] = []
    for arg in command:
        if arg and not _RESERVED.intersection(arg):
            quoted = arg
        else:
            inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
            quoted = f'"{inner}"'
        parts.append(quoted.replace("%", "%%"))
    # The string type's escapes apply before the quoting rule: a backslash is written twice
    # (and the rare control character escaped, since a value is one line).
    line = " ".join(parts)
    for char, escaped in (("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        line = line.replace(char, escaped)
    return line


class Autostart:
    def __init__(
        self, command: Sequence[str], *, platform: str = sys.platform, home: Path | None = None
    ) -> None:
        self.command = list(command)
        self.platform = platform
        self.home = home or Path.home()

    # --- where ----------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The file that makes the app start with the system (None on Windows: a registry
        value)."""
        if self.platform == "win32":
            return None
        if self.platform == "darwin":
            return self.home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        # The spec ignores a relative XDG_CONFIG_HOME.
        configured = os.environ.get("XDG_CONFIG_HOME", "")
        base = Path(configured) if os.path.isabs(configured) else self.home / ".config"
        return base / "autostart" / DESKTOP_FILE

    # --- API ------------------------------------------------------------------------------

    def enabled(self) -> bool:
        if self.platform == "win32":
            return _windows_enabled()
        path = self.path
        assert path is not None
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise AutostartError(f"cannot read {path}: {exc.strerror or exc}") from exc
        if self.platform == "darwin":
            return True
        return _desktop_entry_enabled(content)

    def set(self, enabled: bool) -> None:
        """Start with the system or not; doing what is already done is fine."""
        if self.platform == "win32":
            _windows_set(subprocess.list2cmdline(self.command) if enabled else None)
            return
        path = self.path
        assert path is not None
        if not enabled:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise AutostartError(f"cannot remove {path}: {exc.strerror or exc}") from exc
            return
        if self.platform == "darwin":
            content = plistlib.dumps(
                {
                    "Label": LAUNCH_AGENT_LABEL,
                    "ProgramArguments": self.command,
                    "RunAtLoad": True,
                    "ProcessType": "Interactive",
                }
            )
        else:
            content = self._desktop_entry().encode("utf-8")
        _write_atomically(path, content)

    # --- internals ------------------------------------------------------------------------

    def _desktop_entry(self) -> str:
        return "\n".join(
            [
                "[Desktop Entry]",
                "Type=Application",
                "Version=1.0",
                "Name=Tiflux Chats",
                "Comment=Service desk chats",
                "Comment[pt_BR]=Chats de atendimento",
                f"Exec={desktop_exec(self.command)}",
                "Terminal=false",
                "Categories=Network;Chat;",
                "X-GNOME-Autostart-enabled=true",
                "",
            ]
        )


def _desktop_entry_enabled(content: bytes) -> bool:
    """An entry the desktop (or the attendant through it) turned off is not enabled."""
    entry = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        entry.read_string(content.decode("utf-8"))
        section = entry["Desktop Entry"]
    except (UnicodeDecodeError, configparser.Error, KeyError):
        return False
    return (
        section.get("Hidden", "false").strip().lower() != "true"
        and section.get("X-GNOME-Autostart-enabled", "true").strip().lower() != "false"
    )


def _write_atomically(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    except OSError as exc:
        raise AutostartError(f"cannot write in {path.parent}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.chmod(tmp, 0o644)  # what the desktop and launchd expect of such files
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise AutostartError(f"cannot write {path}: {exc.strerror or exc}") from exc


# --- Windows: the registry's Run key (winreg exists on Windows only; not tested here) --------


def _windows_enabled() -> bool:
    if sys.platform != "win32":
        raise AutostartError("the Windows registry is only there on Windows")
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.QueryValueEx(key, RUN_VALUE)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise AutostartError(f"cannot read HKCU\\{RUN_KEY}: {exc}") from exc
    return True


def _windows_set(command_line: str | None) -> None:
    if sys.platform != "win32":
        raise AutostartError("the Windows registry is only there on Windows")
    import winreg

    try:
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            if command_line is not None:
                winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, command_line)
            else:
                with contextlib.suppress(FileNotFoundError):
                    winreg.DeleteValue(key, RUN_VALUE)
    except OSError as exc:
        raise AutostartError(f"cannot change HKCU\\{RUN_KEY}: {exc}") from exc
