"""Dialogs: each loads what it offers through the services it is given, validates, and
performs its action itself, so the screen only opens it and listens for the result."""
