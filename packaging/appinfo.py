"""The facts every package recipe shares: names, ids and the version, read from the package
so no recipe holds a copy of its own.

Run as a script it prints one of them, for shell and batch recipes:
``python packaging/appinfo.py version``.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NAME = "Tiflux Chats"  # what a person sees: menus, the .app, the installer
APP_ID = "tiflux-chats"  # files and folders: the .desktop file, the icon, /opt/tiflux-chats
EXECUTABLE = "tiflux-desktop"  # the command, as installed by pip (pyproject.toml)
BUNDLE_ID = "com.tiflux.chats"  # macOS CFBundleIdentifier
PUBLISHER = "Tiflux"
# The .deb's Maintainer field: set TIFLUX_DEB_MAINTAINER to the publisher's own address when
# building packages for distribution (the default is a placeholder, not a real mailbox).
MAINTAINER = os.environ.get(
    "TIFLUX_DEB_MAINTAINER", "Tiflux Chats desktop <packaging@example.invalid>"
)
HOMEPAGE = "https://tiflux.com"
SUMMARY = "Tiflux Chats: answer your customers' WhatsApp and website chats"


def version() -> str:
    """``tiflux_desktop.__version__``, read from the file rather than imported, so a recipe
    needs no installed dependency to know it."""
    text = (ROOT / "tiflux_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("tiflux_desktop/__init__.py has no __version__")
    return found.group(1)


def numeric_version() -> str:
    """The version as four numbers (Windows file versions, CFBundleVersion): "0.1.0rc1"
    becomes "0.1.0.0"."""
    numbers = [int(n) for n in re.findall(r"\d+", version().split("+")[0])[:3]]
    return ".".join(str(n) for n in [*numbers, 0, 0, 0][:4])


if __name__ == "__main__":
    facts = {
        "version": version(),
        "numeric-version": numeric_version(),
        "name": NAME,
        "app-id": APP_ID,
        "executable": EXECUTABLE,
        "bundle-id": BUNDLE_ID,
    }
    if len(sys.argv) != 2 or sys.argv[1] not in facts:
        raise SystemExit(f"usage: appinfo.py {{{'|'.join(facts)}}}")
    print(facts[sys.argv[1]])
