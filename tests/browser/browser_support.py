"""What the widget's browser tests share (imported by name: a test never imports conftest)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CustomerSite:
    """A customer's website with the widget's snippet pasted in."""

    url: str
