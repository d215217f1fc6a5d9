"""Catch-up, idempotent apply of events, the outbox and ChangeSet publishing."""
