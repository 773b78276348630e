"""The durable outbox: one SQLite row per (decision, target, phase), written before anything is sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from camfilter.sinks.database import Tables

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id INTEGER NOT NULL, target TEXT NOT NULL, phase TEXT NOT NULL,
    payload TEXT NOT NULL, snapshot TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL, next_at REAL NOT NULL, delivered_at REAL,
    last_error TEXT,
    UNIQUE (decision_id, target, phase)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (target, state, id);
"""
_COLUMNS = ("id", "decision_id", "target", "phase", "payload", "snapshot", "state", "attempts", "created_at",
            "next_at", "delivered_at", "last_error")
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


@dataclass(frozen=True)
class Delivery:
    """One thing to send to one target. `phase` is "new" (the decision) or "end" (its episode closed)."""

    row_id: int
    decision_id: int
    target: str
    phase: str
    payload: dict
    snapshot: str | None
    attempts: int
    created_at: float
    next_at: float

    @property
    def idempotency_key(self) -> str:
        suffix = "" if self.phase == "new" else f"-{self.phase}"
        return f"camfilter-{self.decision_id}{suffix}"

    def snapshot_bytes(self) -> bytes | None:
        """The JPEG, read at send time (retention may have removed it)."""
        if not self.snapshot:
            return None
        try:
            return Path(self.snapshot).read_bytes()
        except OSError:
            return None


class Outbox(Tables):
    """Lives in the decisions database (its own connection; WAL lets the store write beside it)."""

    SCHEMA = _SCHEMA

    def add(self, decision_id: int, target: str, phase: str, payload: dict, snapshot: str | None,
            now: float) -> bool:
        """Queue once: a second add of the same (decision, target, phase) is ignored. True when queued."""
        with self._lock:
            cur = self._db.execute(
                "INSERT OR IGNORE INTO outbox (decision_id, target, phase, payload, snapshot, created_at, next_at)"
                " VALUES (?,?,?,?,?,?,?)", (decision_id, target, phase, json.dumps(payload), snapshot, now, now))
        return cur.rowcount == 1

    def head(self, target: str) -> Delivery | None:
        """The oldest pending delivery of a target: targets get their events in order."""
        rows = self._select("WHERE target=? AND state=? ORDER BY id LIMIT 1", (target, PENDING))
        return rows[0] if rows else None

    def retry_now(self, target: str, now: float) -> int:
        """At start, pending rows left by an earlier run are due at once."""
        with self._lock:
            cur = self._db.execute("UPDATE outbox SET next_at=? WHERE target=? AND state=? AND next_at>?",
                                   (now, target, PENDING, now))
        return cur.rowcount

    def delivered(self, row_id: int, now: float) -> None:
        self._set(row_id, "state=?, delivered_at=?, attempts=attempts+1, last_error=NULL", (DELIVERED, now))

    def retry_later(self, row_id: int, next_at: float, error: str) -> None:
        self._set(row_id, "attempts=attempts+1, next_at=?, last_error=?", (next_at, error))

    def failed(self, row_id: int, error: str) -> None:
        self._set(row_id, "state=?, attempts=attempts+1, last_error=?", (FAILED, error))

    def prune(self, before: float) -> int:
        """Forget finished rows (delivered or failed) queued before `before`; pending ones stay."""
        with self._lock:
            cur = self._db.execute("DELETE FROM outbox WHERE state!=? AND created_at<?", (PENDING, before))
        return cur.rowcount

    def counts(self, target: str) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM outbox WHERE target=? GROUP BY state",
                                    (target,)).fetchall()
        return {PENDING: 0, DELIVERED: 0, FAILED: 0, **dict(rows)}

    def targets(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT DISTINCT target FROM outbox ORDER BY target")]

    def rows(self, decision_id: int) -> list[dict]:
        """Per-target delivery state of one decision, for the API."""
        return [{"target": d.target, "phase": d.phase, "state": state, "attempts": d.attempts,
                 "delivered_at": delivered_at, "last_error": error}
                for d, state, delivered_at, error in self._select_full("WHERE decision_id=? ORDER BY id",
                                                                       (decision_id,))]

    def delivery_latencies(self, since: float) -> dict[str, list[float]]:
        """Seconds from decision to delivery, per target, for decisions made after `since`."""
        with self._lock:
            rows = self._db.execute(
                "SELECT o.target, o.delivered_at - d.decided_at FROM outbox o JOIN decisions d ON d.id = o.decision_id"
                " WHERE o.state=? AND o.phase='new' AND d.decided_at>=?", (DELIVERED, since)).fetchall()
        out: dict[str, list[float]] = {}
        for target, delay in rows:
            out.setdefault(target, []).append(delay)
        return out

    def _set(self, row_id: int, assignments: str, args: tuple) -> None:
        with self._lock:
            self._db.execute(f"UPDATE outbox SET {assignments} WHERE id=?", (*args, row_id))

    def _select(self, tail: str, args: tuple) -> list[Delivery]:
        return [d for d, *_ in self._select_full(tail, args)]

    def _select_full(self, tail: str, args: tuple) -> list[tuple]:
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM outbox {tail}", args).fetchall()
        out = []
        for row in rows:
            r = dict(zip(_COLUMNS, row))
            delivery = Delivery(r["id"], r["decision_id"], r["target"], r["phase"], json.loads(r["payload"]),
                                r["snapshot"], r["attempts"], r["created_at"], r["next_at"])
            out.append((delivery, r["state"], r["delivered_at"], r["last_error"]))
        return out
