"""JSON bodies the service accepts."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field, model_validator

from .base import Request


class LoginIn(Request):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class StatusIn(Request):
    online: bool


class ChatUpdateIn(Request):
    """PUT /chats/{id}: transfer (user_id and/or department_id) or link a ticket."""

    user_id: int | None = None
    department_id: int | None = None
    ticket_number: int | None = None

    @model_validator(mode="after")
    def _something(self) -> ChatUpdateIn:
        if self.user_id is None and self.department_id is None and self.ticket_number is None:
            raise ValueError("give user_id, department_id or ticket_number")
        return self


class AssumeIn(Request):
    take_over: bool = Field(
        default=False,
        description="Take the chat from the attendant who holds it (needs department access)",
    )


class ArchiveIn(Request):
    services_catalogs_item_id: int | None = None


class MessageFieldsIn(Request):
    """The fields of POST /chats/{id}/messages; with attachments the text is optional."""

    text: str | None = Field(default=None, max_length=10_000)
    internal: bool = False
    client_message_id: UUID | None = None
    quoted_message_id: int | None = None
    template_id: int | None = None
    parameters: list[str] = Field(default_factory=list[str], max_length=50)

    @model_validator(mode="after")
    def _not_internal_template(self) -> MessageFieldsIn:
        if self.template_id is not None and self.internal:
            raise ValueError("templates go to the customer; they cannot be internal comments")
        return self


class MessageIn(MessageFieldsIn):
    """POST /chats/{id}/messages as JSON (multipart carries the same fields plus files[])."""

    @model_validator(mode="after")
    def _content(self) -> MessageIn:
        if self.template_id is None and not (self.text and self.text.strip()):
            raise ValueError("give text or template_id")
        return self


class SendMessageIn(Request):
    """POST /chats/send_message: start a WhatsApp chat with free text or a template."""

    number: str = Field(pattern=r"^\d{8,15}$", description="Digits only, with area code")
    integration_id: int
    message: str | None = Field(default=None, max_length=10_000)
    template_id: int | None = None
    parameters: list[str] = Field(default_factory=list[str], max_length=50)
    header_parameters: list[str] = Field(default_factory=list[str], max_length=10)
    country_code: str = Field(default="BR", pattern=r"^[A-Z]{2}$")
    name: str | None = Field(default=None, max_length=200)
    department_id: int | None = None
    client_id: int | None = None
    ticket_number: int | None = None
    archive: bool = False

    @model_validator(mode="after")
    def _one_content(self) -> SendMessageIn:
        has_text = bool(self.message and self.message.strip())
        if has_text == (self.template_id is not None):
            raise ValueError("give exactly one of message or template_id")
        return self
