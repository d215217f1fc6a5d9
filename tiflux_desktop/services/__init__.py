"""The attendant's intents as async methods that return results or raise typed errors."""

from .attention import Attention, Notice, NoticeKind
from .chats import ChatService
from .composer import Composer
from .credentials import TokenVault
from .errors import NotSignedIn, Refused, ServiceError, TicketNotLinked, UnknownChat
from .lookups import LookupService
from .session import Environment, Session
from .settings import Settings, SettingsFile
from .tickets import TicketService

__all__ = [
    "Attention",
    "ChatService",
    "Composer",
    "Environment",
    "LookupService",
    "NotSignedIn",
    "Notice",
    "NoticeKind",
    "Refused",
    "ServiceError",
    "Session",
    "Settings",
    "SettingsFile",
    "TicketNotLinked",
    "TicketService",
    "TokenVault",
    "UnknownChat",
]
