"""What a tab list is narrowed by: Tiflux's filters plus our search text and mode.

The service turns these into SQL over its database and the app into SQL over its cache,
so both lists agree on what a filter means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .enums import ChatStatus, Origin, SearchBy, StartedBy


@dataclass(frozen=True, slots=True)
class ChatFilters:
    department_id: int | None = None
    client_id: int | None = None
    requestor_id: int | None = None
    number: str | None = None  # part of the requester's phone number
    origins: tuple[Origin, ...] = ()
    started_by: StartedBy | None = None
    created_at_start: datetime | None = None
    created_at_end: datetime | None = None
    finished_at_start: datetime | None = None
    finished_at_end: datetime | None = None
    statuses: tuple[ChatStatus, ...] = ()  # Em atendimento only
    user_id: int | None = None  # responsible; Em atendimento only
    canceled: bool | None = None  # Encerrados only
    q: str | None = None
    search_by: SearchBy = SearchBy.REQUESTOR

    @property
    def searching(self) -> bool:
        return bool(self.q and self.q.strip())
