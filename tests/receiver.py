"""A real local HTTP server that records webhook requests (127.0.0.1, ephemeral or given port)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.polling import wait_until


@dataclass(frozen=True)
class Received:
    method: str
    path: str  # with the query string
    headers: dict
    body: bytes
    at: float  # wall clock on arrival


class WebhookReceiver:
    def __init__(self, fail_first: int = 0, port: int = 0, status: int = 204):
        self.requests: list[dict] = []  # JSON bodies of accepted POSTs
        self.headers: list[dict] = []
        self.received: list[Received] = []  # every accepted request, any method
        self.fail_first, self.status = fail_first, status
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                receiver._answer(self, self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def do_PUT(self):
                self.do_POST()

            def do_GET(self):
                receiver._answer(self, b"")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _answer(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        with self._lock:
            failing = self.fail_first > 0
            self.fail_first -= failing
            if not failing:
                self.received.append(Received(handler.command, handler.path, dict(handler.headers), body,
                                              time.time()))
                if handler.command != "GET" and handler.headers.get("Content-Type", "").startswith(
                        "application/json"):
                    self.requests.append(json.loads(body))
                    self.headers.append(dict(handler.headers))
        handler.send_response(503 if failing else self.status)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def wait_for(self, predicate, timeout: float) -> bool:
        return wait_until(lambda: predicate(self.requests), timeout)

    def wait_received(self, count: int, timeout: float) -> bool:
        return wait_until(lambda: len(self.received) >= count, timeout)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
