"""Start with the system: the XDG autostart entry (Linux, BSD) and the launch agent (macOS)
in a temporary home, as the desktop and launchd read them. (The Windows registry value
cannot be exercised here.)"""

from __future__ import annotations

import configparser
import os
import plistlib
import re
import sys
from pathlib import Path

import pytest

from tiflux_desktop.services.autostart import (
    Autostart,
    AutostartError,
    app_command,
    desktop_exec,
)

# A command whose path needs the spec's quoting: a space, a dollar sign, a quote, a percent.
COMMAND = ["/opt/My Apps/Tiflux $Chats/python3", "-m", "tiflux_desktop", 'say "hi"', "100%"]


@pytest.fixture(autouse=True)
def no_xdg_config_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def _unquote_exec(value: str) -> list[str]:
    """Read an Exec value back as the Desktop Entry spec says (and GLib does): the string
    escapes, then %% for a literal %, then the arguments, double-quoted ones with ", `, $
    and \\ escaped by a backslash."""
    value = re.sub(r"\\(.)", lambda m: _STRING_ESCAPES.get(m[1], "\\" + m[1]), value)
    value = value.replace("%%", "%")
    args: list[str] = []
    current: list[str] = []
    in_arg = quoted = False
    chars = iter(value)
    for char in chars:
        if quoted:
            if char == "\\":
                escaped = next(chars)
                assert escaped in '"`$\\', f"an undefined escape: \\{escaped}"
                current.append(escaped)
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == " ":
            if in_arg:
                args.append("".join(current))
                current, in_arg = [], False
        else:
            in_arg = True
            if char == '"':
                quoted = True
            else:
                assert char not in _RESERVED_UNQUOTED, f"{char!r} must be quoted"
                current.append(char)
    assert not quoted, "an unterminated quote"
    if in_arg:
        args.append("".join(current))
    return args


_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
_RESERVED_UNQUOTED = set("\t\n\"'\\><~|&;$*?#()`")


def test_linux_enabling_writes_an_xdg_autostart_entry_that_runs_the_command(
    tmp_path: Path,
) -> None:
    autostart = Autostart(COMMAND, platform="linux", home=tmp_path)
    assert not autostart.enabled()
    autostart.set(True)
    path = tmp_path / ".config" / "autostart" / "tiflux-chats.desktop"
    assert autostart.path == path
    assert autostart.enabled()
    entry = _desktop_entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Tiflux Chats"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Terminal"] == "false"
    assert _unquote_exec(entry["Exec"]) == COMMAND
    # A lone % would start a field code (%f, %u ...): every literal one is doubled.
    assert "100%%" in entry["Exec"]


def test_enabling_twice_is_fine_and_disabling_removes_the_entry(tmp_path: Path) -> None:
    autostart = Autostart(COMMAND, platform="freebsd14", home=tmp_path)
    path = autostart.path
    assert path is not None
    autostart.set(True)
    first = path.read_bytes()
    autostart.set(True)
    assert path.read_bytes() == first
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    autostart.set(False)
    assert not autostart.enabled()
    assert not path.exists()
    autostart.set(False)  # already off
    assert not autostart.enabled()


def test_linux_follows_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    autostart = Autostart(COMMAND, platform="linux", home=tmp_path / "home")
    autostart.set(True)
    assert (tmp_path / "elsewhere" / "autostart" / "tiflux-chats.desktop").is_file()
    assert not (tmp_path / "home").exists()
    # A relative XDG_CONFIG_HOME is invalid: the spec says to ignore it.
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert Autostart(COMMAND, platform="linux", home=tmp_path / "home").path == (
        tmp_path / "home" / ".config" / "autostart" / "tiflux-chats.desktop"
    )


def test_an_entry_the_desktop_turned_off_is_not_enabled(tmp_path: Path) -> None:
    autostart = Autostart(COMMAND, platform="linux", home=tmp_path)
    autostart.set(True)
    path = autostart.path
    assert path is not None
    # GNOME's "Startup Applications" switch writes this key; Hidden=true is the spec's own.
    path.write_text(
        path.read_text().replace(
            "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"
        )
    )
    assert not autostart.enabled()
    path.write_text("[Desktop Entry]\nType=Application\nExec=x\nHidden=true\n")
    assert not autostart.enabled()
    autostart.set(True)  # turning it on again rewrites it
    assert autostart.enabled()


def test_macos_enabling_writes_a_launch_agent(tmp_path: Path) -> None:
    autostart = Autostart(COMMAND, platform="darwin", home=tmp_path)
    assert not autostart.enabled()
    autostart.set(True)
    autostart.set(True)
    path = tmp_path / "Library" / "LaunchAgents" / "com.tiflux.chats.plist"
    assert autostart.path == path
    assert autostart.enabled()
    agent = plistlib.loads(path.read_bytes())
    assert agent["Label"] == "com.tiflux.chats"
    assert agent["ProgramArguments"] == COMMAND
    assert agent["RunAtLoad"] is True
    autostart.set(False)
    assert not path.exists()
    assert not autostart.enabled()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_home_raises_a_clear_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(AutostartError, match="cannot write"):
            Autostart(COMMAND, platform="linux", home=tmp_path).set(True)
    finally:
        tmp_path.chmod(0o700)


def test_a_blocked_folder_raises_a_clear_error(tmp_path: Path) -> None:
    # A file where the autostart folder should be: fails even for root.
    (tmp_path / ".config").mkdir()
    (tmp_path / ".config" / "autostart").write_text("not a folder")
    autostart = Autostart(COMMAND, platform="linux", home=tmp_path)
    with pytest.raises(AutostartError, match="autostart"):
        autostart.set(True)
    with pytest.raises(AutostartError, match="autostart"):
        autostart.enabled()


def test_exec_quoting_follows_the_desktop_entry_spec() -> None:
    assert desktop_exec(["/usr/bin/tiflux", "-m", "x"]) == "/usr/bin/tiflux -m x"
    assert desktop_exec(["/a b/c"]) == '"/a b/c"'
    # Inside quotes ", `, $ and \ take a backslash; then the string escape doubles every
    # backslash (a literal backslash ends up as four).
    assert desktop_exec(["a$b"]) == '"a\\\\$b"'
    assert desktop_exec(["C:\\x y"]) == '"C:\\\\\\\\x y"'
    assert desktop_exec([""]) == '""'


def test_app_command_runs_this_package_or_the_frozen_executable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert app_command() == [sys.executable, "-m", "tiflux_desktop"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert app_command() == [sys.executable]
