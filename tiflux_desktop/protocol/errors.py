"""Error codes of the service's `{"code", "message"}` answers: HTTP status + 2 digits, as Tiflux."""

from __future__ import annotations

from enum import IntEnum


class ErrorCode(IntEnum):
    BAD_REQUEST = 40001  # malformed JSON or multipart
    UNAUTHENTICATED = 40101  # missing or unknown token, wrong password
    TOKEN_EXPIRED = 40102
    NO_PERMISSION = 40301  # outside the attendant's departments, or not the responsible
    NOT_FOUND = 40401
    CONFLICT = 40901  # the action does not fit the chat's state
    ALREADY_TAKEN = 40902  # another attendant took the chat first
    OPEN_CHAT_EXISTS = 40903  # Novo chat to a contact who already has an open chat
    NOT_ONLINE = 40904  # only Online attendants can assume
    ARCHIVED = 40905  # finished or cancelled chats refuse actions
    TOO_LARGE = 41301  # attachment over the limit
    VALIDATION = 42201  # well-formed but invalid fields
    OUTSIDE_WINDOW = 42202  # WhatsApp free text after 24 h: send a template
    CATALOG_ITEM_REQUIRED = 42203  # Finalizar needs services_catalogs_item_id
    RATE_LIMITED = 42901
    SERVER_ERROR = 50001

    @property
    def http_status(self) -> int:
        return int(str(self.value)[:3])
