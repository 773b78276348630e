"""Command line: run, replay, check-config, bench."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import MutableMapping

from camfilter import __version__
from camfilter.config import ConfigError, Settings, load_settings_file
from camfilter.detection import DetectorError
from camfilter.sources import SourceError
from camfilter.sinks.http_request import redact_query
from camfilter.sources.credentials import redact


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="camfilter", description="Smart-camera false-alarm filter.")
    parser.add_argument("--version", action="version", version=f"camfilter {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="watch cameras, decide, store, forward; serve the web page")
    run.add_argument("--config", help="YAML config file (optional: flags alone are enough)")
    run.add_argument("--camera", action="append", default=[], metavar="NAME=URL",
                     help="add a camera: rtsp://… or a video file (played at its native rate)")
    run.add_argument("--model", help="detector weights (any Ultralytics format)")
    run.add_argument("--webhook", action="append", default=[], metavar="URL", help="POST each alert here")
    run.add_argument("--mqtt", metavar="HOST:PORT", help="publish events, counts and snapshots to this broker")
    run.add_argument("--data", help="folder for the decision store and snapshots")
    run.add_argument("--listen", metavar="HOST:PORT", help="web address (default 127.0.0.1:5000)")

    replay = commands.add_parser("replay", help="run the pipeline over video files as fast as possible")
    replay.add_argument("videos", nargs="+", metavar="VIDEO")
    replay.add_argument("--config", help="YAML config; its first camera's settings (or defaults) are used")
    replay.add_argument("--model", help="detector weights (any Ultralytics format)")
    replay.add_argument("--snapshots", metavar="DIR", help="write a JPEG per decision here")
    replay.add_argument("--json", action="store_true", help="one JSON object per line per decision")

    check = commands.add_parser("check-config", help="validate a config file; errors name the YAML line")
    check.add_argument("file")

    bench = commands.add_parser("bench", help="false-alarm scenarios (default) or --speed, side by side with baselines")
    bench.add_argument("--speed", action="store_true", help="decode-only vs detector-every-frame vs camfilter")
    bench.add_argument("--model", help="detector weights (default: ../shared int8 OpenVINO model)")
    bench.add_argument("--media", help="folder of clips (default: ../shared/media)")
    bench.add_argument("--frames", type=int, default=300, help="frames per clip (default 300)")
    bench.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None, env: MutableMapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        if args.command == "check-config":
            return _check_config(args.file, env)
        if args.command == "run":
            from camfilter.commands import run_command

            return run_command(args, env)
        if args.command == "replay":
            from camfilter.commands import replay_command

            return replay_command(args, env)
        from camfilter.bench import bench_command

        return bench_command(args, env)
    except ConfigError as err:
        print(str(err), file=sys.stderr)
        return 2
    except (DetectorError, SourceError) as err:
        print(f"camfilter: {redact(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def load_optional(path: str | None, env: MutableMapping[str, str]) -> Settings:
    return load_settings_file(path, env) if path else Settings()


def _check_config(path: str, env: MutableMapping[str, str]) -> int:
    settings = load_settings_file(path, env)
    print(f"{path}: OK ({len(settings.cameras)} camera(s), model {settings.detector.model})")
    return 0


class _RedactingFilter(logging.Filter):
    """Last line of defence: no URL credentials (user info or pw=/token= query values) in any log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact_query(redact(message))
        if clean != message:
            record.msg, record.args = clean, None
        return True


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(_RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True)
    # Apprise's debug lines show service URLs, whose paths can hold tokens (ntfy topics, Gotify paths …).
    logging.getLogger("apprise").setLevel(logging.WARNING)
