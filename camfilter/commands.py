"""`camfilter run` and `camfilter replay`: wiring settings, detector, runtime, store and web server."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from collections.abc import MutableMapping
from pathlib import Path

from camfilter.config import CameraSettings, ConfigError, ConfigProblem, Settings, WebhookSettings
from camfilter.sources import SourceError

log = logging.getLogger("camfilter")


def settings_for_run(args, env: MutableMapping[str, str]) -> Settings:
    """The config file (if any) extended by the quick-start flags."""
    from camfilter.cli import load_optional

    settings = load_optional(args.config, env)
    cameras = dict(settings.cameras)
    for spec in args.camera:
        name, sep, url = spec.partition("=")
        if not sep or not name or not url:
            raise ConfigError("--camera", [ConfigProblem(None, "", f"expected NAME=URL, got {spec!r}")])
        cameras[name] = CameraSettings(url=url)
    update: dict = {"cameras": cameras}
    if args.model:
        update["detector"] = settings.detector.model_copy(update={"model": args.model})
    if args.webhook:
        hooks = settings.sinks.webhooks + tuple(WebhookSettings(url=u) for u in args.webhook)
        update["sinks"] = settings.sinks.model_copy(update={"webhooks": hooks})
    if args.mqtt:
        host, _, port = args.mqtt.rpartition(":")
        if not host or not port.isdigit():
            raise ConfigError("--mqtt", [ConfigProblem(None, "", f"expected HOST:PORT, got {args.mqtt!r}")])
        mqtt = settings.sinks.mqtt.model_dump() if settings.sinks.mqtt else {}
        sinks = update.get("sinks", settings.sinks).model_dump()
        update["sinks"] = {**sinks, "mqtt": {**mqtt, "host": host, "port": int(port)}}
    if args.data:
        update["store"] = settings.store.model_copy(update={"path": args.data})
    if args.listen:
        update["web"] = settings.web.model_copy(update={"listen": args.listen})
    return Settings.model_validate({**settings.model_dump(), **{k: _dump(v) for k, v in update.items()}})


def _dump(value):
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value.model_dump() if hasattr(value, "model_dump") else value


def run_command(args, env: MutableMapping[str, str]) -> int:
    from camfilter.runtime import Runtime
    from camfilter.sinks.store import DecisionStore
    from camfilter.sinks.targets import build_dispatcher, open_push
    from camfilter.web import create_app
    from camfilter.web.serve import WebServer

    settings = settings_for_run(args, env)
    # The detector is loaded for cameras, or for the DeepStack endpoint when a model file is there.
    wants_model = settings.cameras or Path(settings.detector.model).exists()
    detector = _detector(settings, env) if wants_model else None
    if not settings.cameras:
        log.warning("no cameras configured: add one to the config file or pass --camera NAME=URL")
    store = DecisionStore(Path(settings.store.path))
    data = Path(settings.store.path)
    push = open_push(settings.sinks, data)  # VAPID keys made on first run, kept in the data folder
    dispatcher = build_dispatcher(settings.sinks, data, tuple(settings.cameras), push=push)
    host, port = settings.web.listen.rsplit(":", 1)
    public_url = settings.web.public_url or f"http://{host}:{port}"
    runtime = Runtime(settings, detector, store, dispatcher, public_url)
    app = create_app(runtime, store, web=settings.web, detector=detector, outbox=dispatcher.outbox, push=push)
    server = WebServer(app, host, int(port), threads=8)  # live views hold a thread each (at most 2)
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    runtime.start()
    server.start()
    log.info("camfilter %d camera(s); web page on %s", len(runtime.workers), public_url)
    stopping.wait()
    log.info("stopping")
    server.stop()
    runtime.stop()
    dispatcher.outbox.close()
    if push:
        push.store.close()
    store.close()
    return 0


def _detector(settings: Settings, env: MutableMapping[str, str]):
    from camfilter.detection.yolo import YoloDetector, prepare_offline

    prepare_offline(env, Path.cwd())
    return YoloDetector(settings.detector, env)


def replay_command(args, env: MutableMapping[str, str]) -> int:
    from camfilter.cli import load_optional
    from camfilter.replay import ClipReplay

    settings = load_optional(args.config, env)
    if args.model:
        settings = settings.model_copy(update={"detector": settings.detector.model_copy(update={"model": args.model})})
    camera = next(iter(settings.cameras.values()), None)
    failures, table = 0, []
    detector = None
    for video in args.videos:
        name = Path(video).name
        cam_settings = camera or CameraSettings(url=video)
        try:
            detector = detector or _detector(settings, env)
            replay = ClipReplay(Path(video).stem, cam_settings, detector, settings.detector.imgsz)
            progress = None if args.json else _ProgressBar(name)
            rows = [_replay_row(name, d, args.snapshots, i) for i, d in enumerate(replay.run(video, progress))]
        except SourceError as err:
            print(f"camfilter: {err}", file=sys.stderr)
            failures += 1
            continue
        if args.json:
            _print_json(rows)
        else:
            table += rows
    if not args.json:
        _print_table(table)
    return 1 if failures else 0


def _replay_row(source: str, decision, snapshot_dir: str | None, index: int) -> dict:
    from camfilter.sinks.snapshots import render_snapshot

    snapshot = None
    if snapshot_dir and decision.image is not None:
        path = Path(snapshot_dir) / f"{Path(source).stem}-{index:04d}-{decision.verdict}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_snapshot(decision.image, decision.boxes))
        snapshot = str(path)
    return {"source": source, **decision.record(), "snapshot": snapshot}


def _print_json(rows: list[dict]) -> None:
    for row in rows:
        print(json.dumps(row), flush=True)


def _print_table(rows: list[dict]) -> None:
    print(f"{'source':<28} {'start':>7} {'end':>7}  {'verdict':<10} {'score':>5}  reason")
    for r in rows:
        score = f"{r['score']:.2f}" if r["score"] is not None else ""
        print(f"{r['source'][:28]:<28} {r['start_s']:>7.1f} {r['end_s']:>7.1f}  {r['verdict']:<10} {score:>5}  {r['reason']}")
    if not rows:
        print("(no motion episodes)")


class _ProgressBar:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, done: int, total: int) -> None:
        if total:
            filled = int(30 * min(done, total) / total)
            bar = "#" * filled + "-" * (30 - filled)
            sys.stderr.write(f"\r{self.name[:28]:<28} [{bar}] {done}/{total} frames")
        else:
            sys.stderr.write(f"\r{self.name[:28]:<28} {done} frames")
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
