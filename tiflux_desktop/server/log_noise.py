"""What a client can make the server's own libraries log as an error, said as what it is.

uvicorn logs a text frame that is not UTF-8 as an ERROR with a traceback (and then closes the
socket with 1007, as it should): any client could fill the log with tracebacks that look like
the service failing. It is the client's fault, handled: one WARNING line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

# uvicorn's message -> ours.
CLIENT_FAULTS = {
    "Invalid UTF-8 sequence received from client.": (
        "a WebSocket client sent a text frame that is not UTF-8: closed with 1007"
    ),
}


class ClientFaultFilter(logging.Filter):
    """Turns the records of CLIENT_FAULTS into one-line warnings (no traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ours = CLIENT_FAULTS.get(record.msg) if isinstance(record.msg, str) else None
        if ours is not None:
            record.msg, record.args = ours, None
            record.levelno, record.levelname = (
                logging.WARNING,
                logging.getLevelName(logging.WARNING),
            )
            record.exc_info, record.exc_text = None, None
        return True


def quiet_client_faults(loggers: Iterable[logging.Logger]) -> None:
    """Add the filter to these loggers (once each)."""
    for logger in loggers:
        if not any(isinstance(f, ClientFaultFilter) for f in logger.filters):
            logger.addFilter(ClientFaultFilter())
