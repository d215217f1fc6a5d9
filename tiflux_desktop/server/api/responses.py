"""The error answers each group of routes documents in the OpenAPI: every one is the house
shape ``{"code", "message", "details"?}`` (errors.py), so clients and schema checkers know
what a refusal looks like."""

from __future__ import annotations

from typing import Any

from tiflux_desktop.protocol import ErrorOut

_MEANING = {
    400: "Malformed JSON or multipart",
    401: "Not signed in, unknown token or session expired",
    403: "No permission (outside your departments, not the responsible, bad signature)",
    404: "Unknown id",
    409: "The action does not fit the chat's state",
    413: "An attachment over the limit",
    422: "Invalid fields",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorOut, "description": _MEANING[status]} for status in statuses}
