"""Waiting in tests: poll a condition, or a local port, until a deadline."""

from __future__ import annotations

import socket
import time


def wait_until(predicate, timeout: float = 5.0, step: float = 0.05) -> bool:
    """Poll until predicate() is true or the timeout passes; the result says which."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False
