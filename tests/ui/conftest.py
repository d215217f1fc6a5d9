"""Qt tests run offscreen unless told otherwise (the xvfb-marked ones get a real server)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
