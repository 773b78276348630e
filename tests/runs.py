"""What `camfilter run` builds for delivery, without cameras: store, outbox dispatcher, runtime."""

from __future__ import annotations

from pathlib import Path

from camfilter.config import Settings, SinkSettings
from camfilter.runtime import Runtime
from camfilter.sinks.store import DecisionStore
from camfilter.sinks.targets import build_dispatcher


def start_run(folder: Path, sinks: SinkSettings, cameras: tuple[str, ...] = (),
              public_url: str = "http://127.0.0.1:5000") -> tuple[Runtime, DecisionStore]:
    store = DecisionStore(folder)
    dispatcher = build_dispatcher(sinks, folder, cameras) if cameras else build_dispatcher(sinks, folder)
    runtime = Runtime(Settings(sinks=sinks), None, store, dispatcher, public_url)
    runtime.start()
    return runtime, store


def stop_run(runtime: Runtime, store: DecisionStore) -> None:
    runtime.stop()
    runtime.dispatcher.outbox.close()
    store.close()
