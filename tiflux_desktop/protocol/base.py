"""Base classes for wire schemas.

Requests are strict (unknown fields are refused with a 422) so that a typo never silently
does nothing; resources decode leniently (unknown fields ignored) so that an older app keeps
working against a newer service.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


def _in_utc(value: datetime) -> datetime:
    """A time without a zone is taken as UTC, the service's own: a naive time would fail
    every comparison with the app's aware clock (and its owner would never know why)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# A moment on the wire: always aware once decoded.
Instant = Annotated[datetime, AfterValidator(_in_utc)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Resource(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
