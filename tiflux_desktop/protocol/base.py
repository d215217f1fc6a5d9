"""Base classes for wire schemas.

Requests are strict (unknown fields are refused with a 422) so that a typo never silently
does nothing; resources decode leniently (unknown fields ignored) so that an older app keeps
working against a newer service.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Resource(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
