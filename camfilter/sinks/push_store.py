"""Web Push state in the decisions database: subscriptions, per-camera snoozes, who got which decision."""

from __future__ import annotations

from dataclasses import dataclass

from camfilter.sinks.database import Tables

_SCHEMA = """
CREATE TABLE IF NOT EXISTS push_subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint TEXT NOT NULL UNIQUE, p256dh TEXT NOT NULL, auth TEXT NOT NULL, created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS push_snoozes (camera TEXT PRIMARY KEY, until REAL NOT NULL);
CREATE TABLE IF NOT EXISTS push_sent (
    decision_id INTEGER NOT NULL, subscription_id INTEGER NOT NULL, sent_at REAL NOT NULL,
    PRIMARY KEY (decision_id, subscription_id)
);
"""


@dataclass(frozen=True)
class Subscription:
    id: int
    endpoint: str
    p256dh: str
    auth: str

    def info(self) -> dict:
        """The shape browsers give (PushSubscription.toJSON()) and pywebpush takes."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushStore(Tables):
    SCHEMA = _SCHEMA

    def subscribe(self, endpoint: str, p256dh: str, auth: str, now: float) -> bool:
        """True for a new subscription; a known endpoint gets its keys updated."""
        with self._lock:
            known = self._db.execute("SELECT 1 FROM push_subscriptions WHERE endpoint=?", (endpoint,)).fetchone()
            self._db.execute("INSERT INTO push_subscriptions (endpoint, p256dh, auth, created_at) VALUES (?,?,?,?)"
                             " ON CONFLICT(endpoint) DO UPDATE SET p256dh=excluded.p256dh, auth=excluded.auth",
                             (endpoint, p256dh, auth, now))
        return known is None

    def unsubscribe(self, endpoint: str) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM push_subscriptions WHERE endpoint=?", (endpoint,)).rowcount == 1

    def remove(self, subscription_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM push_subscriptions WHERE id=?", (subscription_id,))

    def subscriptions(self) -> list[Subscription]:
        with self._lock:
            rows = self._db.execute("SELECT id, endpoint, p256dh, auth FROM push_subscriptions ORDER BY id").fetchall()
        return [Subscription(*row) for row in rows]

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM push_subscriptions").fetchone()[0]

    def snooze(self, camera: str, until: float) -> None:
        with self._lock:
            self._db.execute("INSERT INTO push_snoozes (camera, until) VALUES (?, ?)"
                             " ON CONFLICT(camera) DO UPDATE SET until=excluded.until", (camera, until))

    def unsnooze(self, camera: str) -> bool:
        with self._lock:
            return self._db.execute("DELETE FROM push_snoozes WHERE camera=?", (camera,)).rowcount == 1

    def snoozes(self, now: float) -> dict[str, float]:
        with self._lock:
            rows = self._db.execute("SELECT camera, until FROM push_snoozes WHERE until>?", (now,)).fetchall()
        return dict(rows)

    def sent_to(self, decision_id: int) -> set[int]:
        with self._lock:
            rows = self._db.execute("SELECT subscription_id FROM push_sent WHERE decision_id=?",
                                    (decision_id,)).fetchall()
        return {r[0] for r in rows}

    def mark_sent(self, decision_id: int, subscription_id: int, now: float) -> None:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO push_sent (decision_id, subscription_id, sent_at) VALUES (?,?,?)",
                             (decision_id, subscription_id, now))
