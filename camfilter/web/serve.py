"""waitress in a thread, stopped from inside its own loop (closing it from outside races its select())."""

from __future__ import annotations

import threading

from flask import Flask
from waitress import wasyncore
from waitress.server import create_server


class WebServer:
    def __init__(self, app: Flask, host: str, port: int, threads: int = 4):
        self._server = create_server(app, host=host, port=port, threads=threads)
        self.port = self._server.effective_port
        self._thread = threading.Thread(target=self._server.run, name="web", daemon=True)

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        server = self._server
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))  # runs in the loop thread
        self._thread.join(timeout)
        server.task_dispatcher.shutdown()
