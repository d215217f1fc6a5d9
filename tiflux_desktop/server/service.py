"""Everything a request handler needs, built once per running service (see app.py)."""

from __future__ import annotations

from dataclasses import dataclass

from .config import ServiceConfig
from .customers import Customers
from .events import EventHub
from .files import FileStore
from .operations import Operations
from .storage import Storage


@dataclass(slots=True)
class Service:
    config: ServiceConfig
    hub: EventHub
    storage: Storage
    files: FileStore
    ops: Operations
    customers: Customers
