"""Tiflux Chats desktop: the attendant app and its chat service."""

__version__ = "0.1.0"
