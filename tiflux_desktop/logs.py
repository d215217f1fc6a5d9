"""The app's log files: in the platform's log directory, rotated, readable by the owner only,
and with secrets redacted however they reach a record.

What the code logs is kept free of message bodies, captions and tokens by habit (ids,
counts and exception type names only); the redaction here is the net under that habit for
what third-party code and exception texts can carry: bearer tokens, ``token=`` and
``password`` values in query strings or JSON, Authorization headers, the input values
pydantic repeats in its validation errors and the parameters SQLAlchemy repeats in its own.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import platformdirs

APP_NAME = "tiflux-desktop"
LOG_FILE_NAME = "tiflux-desktop.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
# The names of the handlers setup_logging installs (how a second call finds them).
_FILE_HANDLER = "tiflux-desktop-file"
_CONSOLE_HANDLER = "tiflux-desktop-console"

# Keys whose values are secrets wherever they appear as key=value or "key": value: any name
# with token, password, secret or api key in it (access_token, new_password, x-api-key ...).
_SECRET_KEYS = r"[\w-]*(?:token|password|passwd|secret|api[_-]?key)[\w-]*"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: <anything> as a header line (HTTP dumps, websockets' debug log).
    (
        re.compile(r"\b((?:proxy-)?authorization\s*:\s*)(?![\"'])[^\r\n]+", re.IGNORECASE),
        r"\1" + REDACTED,
    ),
    # "Authorization": "..." (JSON, dict reprs) and ('authorization', '...') (header lists).
    (
        re.compile(
            r"""(["'](?:proxy-)?authorization["']\s*[:,]\s*)(["'])(?:\\.|(?!\2).)*\2""",
            re.IGNORECASE,
        ),
        r"\1\2" + REDACTED + r"\2",
    ),
    # Bearer <token>, wherever it is.
    (re.compile(r"\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*", re.IGNORECASE), r"\1" + REDACTED),
    # "token": "...", 'password': '...' (JSON, dict reprs).
    (
        re.compile(rf"""(["'](?:{_SECRET_KEYS})["']\s*:\s*)(["'])(?:\\.|(?!\2).)*\2""", re.I),
        r"\1\2" + REDACTED + r"\2",
    ),
    # "token": 123 or an unquoted value in JSON-ish text.
    (
        re.compile(
            rf"""(["'](?:{_SECRET_KEYS})["']\s*:\s*)(?!["'\s]|\[redacted\])[^,}}\]\s]+""", re.I
        ),
        r"\1" + REDACTED,
    ),
    # token=...&, ?access_token=..., password=... (query strings, form bodies, key=value).
    (
        re.compile(rf"""\b((?:{_SECRET_KEYS})=)(?!\[redacted\])[^&\s"',;)\]}}]+""", re.I),
        r"\1" + REDACTED,
    ),
    # pydantic's ValidationError repeats the input: [type=..., input_value='...', input_type=str]
    (re.compile(r"(input_value=).*?(?=, input_type=)", re.DOTALL), r"\1" + REDACTED),
    # SQLAlchemy's errors repeat the statement's parameters (message texts, password hashes).
    (re.compile(r"(\[parameters: ).*?(\]\s*(?:\n|$|\(Background))", re.DOTALL), r"\1...\2"),
)


def redact(text: str) -> str:
    """``text`` with every secret this module recognises replaced by ``[redacted]``."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Redacts a record in place (message, arguments, traceback, stack), then lets it pass.

    On a handler it covers every record that reaches the handler; on a logger, only the
    records logged through that very logger (as uvicorn's access and error loggers are).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            self._redact(record)
        except Exception:  # a log line must never be lost to its own redaction
            record.msg, record.args = REDACTED + " (the log message could not be redacted)", ()
        return True

    @staticmethod
    def _redact(record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:
            # Arguments that do not fit the format: keep the line (redacted, format and
            # arguments side by side) instead of losing it to a formatting error.
            args = record.args.values() if isinstance(record.args, Mapping) else record.args
            shown = ", ".join(redact(repr(a)) for a in args or ())
            record.msg, record.args = f"{redact(str(record.msg))} (arguments: {shown})", ()
        else:
            clean = redact(message)
            if clean != message and not _redact_arguments(record):
                # The formatted message replaces format and arguments: a handler that
                # formats again finds nothing left to leak.
                record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: the traceback is redacted once here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)


def _redact_arguments(record: logging.LogRecord) -> bool:
    """Redact the arguments one by one, keeping their shape: some formatters read them
    (uvicorn's access log unpacks its five). True if that left nothing to redact."""
    if not record.args or redact(str(record.msg)) != str(record.msg):
        return False
    if isinstance(record.args, Mapping):
        record.args = {k: _redacted(v) for k, v in record.args.items()}
    else:
        record.args = tuple(_redacted(v) for v in record.args)
    try:
        message = record.getMessage()
    except Exception:  # a number turned into text no longer fits its %d
        return False
    return redact(message) == message


def _redacted(value: object) -> object:
    text = value if isinstance(value, str) else str(value)
    clean = redact(text)
    return value if clean == text else clean


class _OwnerOnlyFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file created readable and writable by its owner only (0600)."""

    def _open(self) -> io.TextIOWrapper:
        # Created with 0600 from the start, so the file is never readable by others, not even
        # between its creation and a chmod (the umask can only take bits away).
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)  # a file left by an older version
        # Always appending: the rotating handler never truncates its file.
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(
    folder: Path | None = None,
    *,
    level: int = logging.INFO,
    console: bool = True,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> Path:
    """Send the app's log to a rotating file in ``folder`` (the platform's log directory by
    default) and, with ``console``, to stderr; returns the file's path.

    Calling it again replaces the handlers it installed before (never doubles them).
    ``max_bytes`` and ``backup_count`` are the rotation (about 2 MB x 5 files).
    """
    own = folder is None or folder == log_dir()
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if own:  # the app's own folder, whoever made it (an earlier version made it 0755)
        os.chmod(folder, 0o700)
    path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.name in (_FILE_HANDLER, _CONSOLE_HANDLER)]:
        root.removeHandler(handler)
        handler.close()

    formatter = logging.Formatter(FORMAT)
    redacting = RedactingFilter()
    file = _OwnerOnlyFileHandler(
        path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
    )
    file.set_name(_FILE_HANDLER)
    handlers: list[logging.Handler] = [file]
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.set_name(_CONSOLE_HANDLER)
        handlers.append(stream)
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(redacting)
        root.addHandler(handler)
    root.setLevel(level)
    # Even at DEBUG, no third-party dump of what goes over the wire: httpx logs every request
    # with its query string (search terms are customers' names), websockets every frame
    # (message bodies) and the handshake's headers, aiosqlite (the service's database driver,
    # in the same process in tests) every statement's parameters, qasync every call handed
    # to a thread with its arguments (the token being saved to the keyring among them).
    for name, floor in (
        ("httpx", logging.WARNING),
        ("httpcore", logging.WARNING),
        ("websockets", logging.INFO),
        ("aiosqlite", logging.INFO),
        ("qasync", logging.INFO),
    ):
        logging.getLogger(name).setLevel(floor)
    return path


def redact_logs_of(targets: Iterable[logging.Logger | logging.Handler]) -> None:
    """Add the redaction to these loggers or handlers (once each): for the ones that log
    what a client sent, such as uvicorn's access log with its query strings."""
    for target in targets:
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(RedactingFilter())
