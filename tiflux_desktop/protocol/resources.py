"""JSON shapes of every resource, as the service sends them (Tiflux API v2 names)."""

from __future__ import annotations

from pydantic import Field

from tiflux_desktop.domain import AuthorType, ChatStatus, DeliveryStatus, Origin, StartedBy

from .base import Instant, Resource


class RefOut(Resource):
    id: int
    name: str


class RequestorOut(Resource):
    """Solicitante: the person who writes in."""

    id: int
    name: str
    email: str | None = None
    telephone: str | None = None
    client_id: int | None = None


class TicketRefOut(Resource):
    number: int
    title: str


class ChatOut(Resource):
    id: int
    status: ChatStatus
    archived: bool  # Tiflux compatibility: finished or canceled
    canceled: bool
    origin: Origin
    started_by: StartedBy
    integration_id: int | None = None
    requestor: RequestorOut | None = None
    client: RefOut | None = None
    department: RefOut | None = None
    responsible: RefOut | None = None
    last_department: RefOut | None = None
    ticket: TicketRefOut | None = None
    waiting_answer: bool = Field(description="True when the customer wrote last and waits")
    online: bool = Field(default=False, description="Whether the customer is connected (widget)")
    last_client_message: str | None = None
    last_client_message_at: Instant | None = None
    last_message_at: Instant | None = None
    last_message_preview: str | None = None
    created_at: Instant
    updated_at: Instant
    waiting_since: Instant
    assumed_at: Instant | None = None
    finished_at: Instant | None = None
    assessment: int | None = Field(default=None, ge=1, le=5)
    rating_time: Instant | None = None
    version: int


class AuthorOut(Resource):
    type: AuthorType
    id: int | None = None
    name: str


class MediaOut(Resource):
    id: int
    content_type: str
    filename: str
    size: int
    caption: str | None = None
    url: str = Field(description="Path of GET /attachments/{id} under the API base")


class QuotedMessageOut(Resource):
    id: int
    author: AuthorOut
    text: str | None = None


class MessageOut(Resource):
    id: int
    chat_id: int
    author: AuthorOut
    text: str | None = None
    internal: bool = False
    media: MediaOut | None = None
    quoted_message: QuotedMessageOut | None = None
    status: DeliveryStatus | None = None
    status_reason: str | None = None
    client_message_id: str | None = None
    template_id: int | None = None
    created_at: Instant
    version: int


class DepartmentOut(Resource):
    id: int
    name: str
    active: bool = True


class AttendantGroupOut(Resource):
    id: int
    name: str
    department_ids: list[int]
    attendant_ids: list[int]


class AttendantOut(Resource):
    id: int
    name: str
    email: str
    admin: bool
    online: bool
    attendant_group_ids: list[int]
    department_ids: list[int]
    version: int


class ClientOut(Resource):
    id: int
    name: str
    active: bool = True


class DeskOut(Resource):
    id: int
    name: str
    display_name: str


class PriorityOut(Resource):
    id: int
    name: str


class CatalogItemOut(Resource):
    id: int
    name: str
    area: str | None = None


class IntegrationOut(Resource):
    """A channel the organisation receives chats on. Secrets are never sent."""

    id: int
    name: str
    type: Origin
    phone_number: str | None = None
    active: bool = True


class MessageTemplateOut(Resource):
    """Modelos de respostas: canned replies with {{variables}} filled from the chat."""

    id: int
    title: str
    content: str
    variables: list[str]


class GupshupTemplateOut(Resource):
    id: int
    name: str
    status: str
    category: str
    content: str
    description: str | None = None
    integration_id: int


class CloudTemplateBodyOut(Resource):
    type: str = "BODY"
    text: str


class CloudTemplateKeysOut(Resource):
    header: list[str] = Field(default_factory=list[str])
    body: list[str] = Field(default_factory=list[str])


class WhatsappCloudTemplateOut(Resource):
    id: int
    name: str
    status: str  # APPROVED, MISSING_VARS, REJECTED, PENDING
    category: str
    language: str
    template_id: str
    body: CloudTemplateBodyOut
    header: str | None = None
    footer: str | None = None
    keys: CloudTemplateKeysOut
    integration_id: int


class TicketOut(Resource):
    ticket_number: int
    title: str
    description: str
    client: RefOut
    desk: DeskOut
    priority: RefOut | None = None
    status: RefOut
    requestor: RequestorOut | None = None
    responsible: RefOut | None = None
    services_catalogs_item: RefOut | None = None
    created_at: Instant
    url_internal_path: str


class TicketEnvelope(Resource):
    ticket: TicketOut


class UserOut(Resource):
    """The signed-in attendant, as GET /me answers."""

    id: int
    name: str
    email: str
    admin: bool
    online: bool
    department_ids: list[int]
    attendant_group_ids: list[int]


class OrganizationOut(Resource):
    name: str
    bot_name: str
    requires_catalog_item_on_finish: bool
    file_max_bytes: int
    media_max_bytes: int
    max_files_per_message: int


class MeOut(Resource):
    user: UserOut
    organization: OrganizationOut


class LoginOut(Resource):
    token: str
    expires_at: Instant
    user: UserOut


class CountsOut(Resource):
    inbox: int
    mine: int
    in_attendance: int
    archived: int


class NewChatOut(Resource):
    chat: ChatOut
    message: MessageOut


class MessagesOut(Resource):
    """Answer to POST /chats/{id}/messages: one message per attachment, text first."""

    messages: list[MessageOut]


class ErrorOut(Resource):
    code: int
    message: str
    details: dict[str, object] | None = None
