"""Command line: the app (default), `--demo`, `serve` for the chat service, --version,
`--self-test` for an installed build."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from platformdirs import user_data_dir

from tiflux_desktop import __version__
from tiflux_desktop.logs import redact_logs_of, setup_logging

DEFAULT_PORT = 8765


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from tiflux_desktop.server.api.sockets import MAX_CLIENT_FRAME
    from tiflux_desktop.server.app import create_app
    from tiflux_desktop.server.config import ConfigError, load_config

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"tiflux-desktop serve: {exc}", file=sys.stderr)
        return 2
    data_dir = args.data_dir
    if data_dir is None and args.demo and args.database_url is None:
        # Demo data is throwaway: a fresh organisation every run.
        data_dir = Path(tempfile.mkdtemp(prefix="tiflux-demo-"))
    if data_dir is None and config.data_dir == Path("tiflux-data"):
        data_dir = Path(user_data_dir("tiflux-desktop", appauthor=False)) / "service"
    config = config.with_overrides(
        data_dir=data_dir, database_url=args.database_url, demo=args.demo or None
    )
    base = f"http://{args.host}:{args.port}"
    if config.demo:
        from tiflux_desktop.server.demo import DEMO_ADMIN_EMAIL, DEMO_PASSWORD

        print(
            f"Demo service on {base}/api/v2 (data in {config.data_dir})\n"
            f"  sign in: {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD} (ADMINISTRADOR)\n"
            f"  API docs: {base}/api/v2/docs\n"
            f"  watch it: python scripts/watch_demo.py {base}   (see docs/service.md)\n"
            "Simulated customers will start writing in a few seconds. Ctrl+C stops.",
            flush=True,
        )
    uvicorn.run(
        create_app(config),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        ws_ping_interval=config.ws_ping_interval,
        ws_ping_timeout=config.ws_ping_interval,
        ws_max_size=MAX_CLIENT_FRAME,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tiflux-desktop", description="Tiflux Chats desktop")
    parser.add_argument("--version", action="version", version=f"tiflux-desktop {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="start a demo service and sign in to it"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (Qt offscreen, cache, translations, icons) and exit",
    )
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="run the chat service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy async URL (default: SQLite in the data dir)",
    )
    serve.add_argument(
        "--config", type=Path, default=None, help="TOML settings file (docs/service.md)"
    )
    serve.add_argument(
        "--data-dir", type=Path, default=None, help="where the database and attachments live"
    )
    serve.add_argument(
        "--demo", action="store_true", help="seed a demo organisation with simulated customers"
    )
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve" or args.self_test:
        # To the terminal only (the service's own operator decides where it goes), redacted.
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise
        redact_logs_of(logging.getLogger().handlers)
    if args.command == "serve":
        return _serve(args)
    if args.self_test:
        from tiflux_desktop.selftest import self_test

        return self_test()
    if args.demo:
        return _demo()
    from tiflux_desktop.app import run

    return run(log_file=_log_to(None))


def _log_to(folder: Path | None) -> Path | None:
    """The app's log file (the platform's log directory unless ``folder``); where it cannot
    be written the app still starts, logging to the terminal only."""
    try:
        return setup_logging(folder)
    except OSError as exc:
        logging.basicConfig(level=logging.INFO)
        redact_logs_of(logging.getLogger().handlers)
        logging.getLogger(__name__).warning("no log file (%s): logging to the terminal", exc)
        return None


def _demo() -> int:
    """The app on a throwaway demo service, signed in as ADMINISTRADOR. The app's files
    (cache, settings, token) live beside the service's, never in the attendant's own."""
    import keyring.backends.null

    from tiflux_desktop.app import AutoSignIn, run
    from tiflux_desktop.demo_process import DemoService, DemoServiceError
    from tiflux_desktop.server.demo import DEMO_ADMIN_EMAIL, DEMO_PASSWORD
    from tiflux_desktop.services import Environment, SettingsFile, TokenVault

    service = DemoService()
    print(f"Starting the demo service on {service.base_url} ...", flush=True)
    try:
        service.start()
    except DemoServiceError as exc:
        print(f"tiflux-desktop --demo: {exc}", file=sys.stderr)
        return 1
    print(f"Demo service ready (log: {service.log_path}). Opening the window.", flush=True)
    env = Environment(
        data_dir=service.folder / "app",
        settings=SettingsFile(service.folder / "app" / "settings.json"),
        vault=TokenVault(keyring.backends.null.Keyring()),
    )
    log_file = _log_to(service.folder / "logs")  # the demo's log is thrown away with it
    try:
        return run(
            env,
            auto_sign_in=AutoSignIn(service.base_url, DEMO_ADMIN_EMAIL, DEMO_PASSWORD),
            log_file=log_file,
        )
    finally:
        service.stop()


if __name__ == "__main__":
    raise SystemExit(main())
