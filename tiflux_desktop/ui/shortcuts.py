"""Every keyboard shortcut of the window, in one table: the screen binds them and the help
dialog lists them, so the two never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

translate = QCoreApplication.translate


class Command(StrEnum):
    SEARCH = "search"
    NEW_CHAT = "new_chat"
    NEXT_CHAT = "next_chat"
    PREVIOUS_CHAT = "previous_chat"
    TAB_INBOX = "tab_inbox"
    TAB_MINE = "tab_mine"
    TAB_IN_ATTENDANCE = "tab_in_attendance"
    TAB_ARCHIVED = "tab_archived"
    FOCUS_COMPOSER = "focus_composer"
    INTERNAL_COMMENT = "internal_comment"
    ATTACH = "attach"
    REPLY_TEMPLATES = "reply_templates"
    WHATSAPP_TEMPLATE = "whatsapp_template"
    ASSUME = "assume"
    TRANSFER = "transfer"
    FINISH = "finish"
    LEAVE = "leave"
    CANCEL = "cancel"
    ADD_TICKET = "add_ticket"
    INFORMATION = "information"
    TOGGLE_ONLINE = "toggle_online"
    HELP = "help"


@dataclass(frozen=True, slots=True)
class Shortcut:
    command: Command
    keys: str  # portable text: "Ctrl" is Command on macOS

    @property
    def sequence(self) -> QKeySequence:
        return QKeySequence(self.keys)


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(Command.SEARCH, "Ctrl+F"),
    Shortcut(Command.NEW_CHAT, "Ctrl+N"),
    Shortcut(Command.NEXT_CHAT, "Ctrl+Down"),
    Shortcut(Command.PREVIOUS_CHAT, "Ctrl+Up"),
    Shortcut(Command.TAB_INBOX, "Ctrl+1"),
    Shortcut(Command.TAB_MINE, "Ctrl+2"),
    Shortcut(Command.TAB_IN_ATTENDANCE, "Ctrl+3"),
    Shortcut(Command.TAB_ARCHIVED, "Ctrl+4"),
    Shortcut(Command.FOCUS_COMPOSER, "Ctrl+L"),
    Shortcut(Command.INTERNAL_COMMENT, "Ctrl+I"),
    Shortcut(Command.ATTACH, "Ctrl+O"),
    Shortcut(Command.REPLY_TEMPLATES, "Ctrl+M"),
    Shortcut(Command.WHATSAPP_TEMPLATE, "Ctrl+Shift+W"),
    Shortcut(Command.ASSUME, "Ctrl+Shift+A"),
    Shortcut(Command.TRANSFER, "Ctrl+Shift+T"),
    Shortcut(Command.FINISH, "Ctrl+Shift+F"),
    Shortcut(Command.LEAVE, "Ctrl+Shift+L"),
    Shortcut(Command.CANCEL, "Ctrl+Shift+X"),
    Shortcut(Command.ADD_TICKET, "Ctrl+Shift+K"),
    Shortcut(Command.INFORMATION, "Ctrl+Shift+I"),
    Shortcut(Command.TOGGLE_ONLINE, "Ctrl+Shift+O"),
    Shortcut(Command.HELP, "F1"),
)


def keys_for(command: Command) -> str:
    return next(s.keys for s in SHORTCUTS if s.command is command)


def describe(command: Command) -> str:
    return {
        Command.SEARCH: translate("Shortcuts", "Search the conversation list"),
        Command.NEW_CHAT: translate("Shortcuts", "New chat"),
        Command.NEXT_CHAT: translate("Shortcuts", "Open the next chat of the list"),
        Command.PREVIOUS_CHAT: translate("Shortcuts", "Open the previous chat of the list"),
        Command.TAB_INBOX: translate("Shortcuts", "Inbox tab"),
        Command.TAB_MINE: translate("Shortcuts", "Mine tab"),
        Command.TAB_IN_ATTENDANCE: translate("Shortcuts", "In attendance tab"),
        Command.TAB_ARCHIVED: translate("Shortcuts", "Closed tab"),
        Command.FOCUS_COMPOSER: translate("Shortcuts", "Write a message"),
        Command.INTERNAL_COMMENT: translate("Shortcuts", "Internal comment on or off"),
        Command.ATTACH: translate("Shortcuts", "Attach files"),
        Command.REPLY_TEMPLATES: translate("Shortcuts", "Reply templates"),
        Command.WHATSAPP_TEMPLATE: translate(
            "Shortcuts", "Send an approved WhatsApp template (after the 24-hour window)"
        ),
        Command.ASSUME: translate("Shortcuts", "Assume the open chat"),
        Command.TRANSFER: translate("Shortcuts", "Transfer the open chat"),
        Command.FINISH: translate("Shortcuts", "Finish the open chat"),
        Command.LEAVE: translate("Shortcuts", "Leave the open chat"),
        Command.CANCEL: translate("Shortcuts", "Cancel the open chat"),
        Command.ADD_TICKET: translate("Shortcuts", "Add a ticket from the open chat"),
        Command.INFORMATION: translate("Shortcuts", "Show or hide the information panel"),
        Command.TOGGLE_ONLINE: translate("Shortcuts", "Go Online or Offline"),
        Command.HELP: translate("Shortcuts", "Keyboard shortcuts"),
    }[command]


# Keys that work inside the widgets themselves, listed in the help too.
IN_PLACE: tuple[tuple[str, str], ...] = (
    ("Enter", "Send the message"),
    ("Shift+Enter", "New line in the message"),
    ("Up / Down", "Move in the conversation list"),
    ("Enter", "Open the selected chat"),
    ("Esc", "Close a dialog"),
)


def describe_in_place(text: str) -> str:
    return {
        "Send the message": translate("Shortcuts", "Send the message"),
        "New line in the message": translate("Shortcuts", "New line in the message"),
        "Move in the conversation list": translate("Shortcuts", "Move in the conversation list"),
        "Open the selected chat": translate("Shortcuts", "Open the selected chat"),
        "Close a dialog": translate("Shortcuts", "Close a dialog"),
    }[text]


def keys_in_place(keys: str) -> str:
    """Key names that are words (arrows) in the attendant's language."""
    return translate("Shortcuts", "Up / Down") if keys == "Up / Down" else keys
