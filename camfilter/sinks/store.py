"""SQLite decision store with JPEG snapshots on disk; retention by age and by size."""

from __future__ import annotations

import logging
from pathlib import Path

from camfilter.events import Decision
from camfilter.sinks.database import Tables
from camfilter.sinks.snapshots import render_snapshot

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    camera TEXT NOT NULL, episode INTEGER NOT NULL, source TEXT,
    verdict TEXT NOT NULL, label TEXT, reason TEXT NOT NULL,
    start_s REAL NOT NULL, end_s REAL NOT NULL, score REAL,
    started_at REAL NOT NULL, decided_at REAL NOT NULL, final INTEGER NOT NULL,
    snapshot TEXT, captured_at REAL
);
CREATE INDEX IF NOT EXISTS decisions_time ON decisions (started_at);
CREATE INDEX IF NOT EXISTS decisions_camera ON decisions (camera, started_at);
"""
_COLUMNS = ("id", "camera", "episode", "source", "verdict", "label", "reason", "start_s", "end_s", "score",
            "started_at", "decided_at", "final", "snapshot", "captured_at")


class DecisionStore(Tables):
    SCHEMA = _SCHEMA

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.snapshots = self.folder / "snapshots"
        self.snapshots.mkdir(parents=True, exist_ok=True)
        super().__init__(self.folder)
        self._add_missing_columns()

    def add(self, decision: Decision, source: str, decided_at: float) -> int:
        """Store the decision (and its snapshot when the disk allows) before anything is sent.

        `captured_at` is the wall-clock capture time of the frame that decided (stream time and wall
        time share the reader's clock, so it is the episode's start plus the stream time elapsed)."""
        captured_at = decision.started_at + (decision.end_s - decision.start_s)
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO decisions (camera, episode, source, verdict, label, reason, start_s, end_s, score,"
                " started_at, decided_at, final, captured_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (decision.camera, decision.episode, source, decision.verdict, decision.label, decision.reason,
                 decision.start_s, decision.end_s, decision.score, decision.started_at, decided_at,
                 int(decision.final), captured_at))
            row_id = int(cur.lastrowid)
        snapshot = self._write_snapshot(decision, row_id)
        if snapshot:
            with self._lock:
                self._db.execute("UPDATE decisions SET snapshot=? WHERE id=?", (snapshot, row_id))
        return row_id

    def finalise(self, row_id: int, end_s: float) -> None:
        """An alert sent mid-episode gets its real end once the episode is over."""
        with self._lock:
            self._db.execute("UPDATE decisions SET end_s=?, final=1 WHERE id=?", (end_s, row_id))

    def get(self, row_id: int) -> dict | None:
        rows = self._select("WHERE id=?", (row_id,))
        return rows[0] if rows else None

    def recent(self, camera: str | None = None, verdict: str | None = None, limit: int = 100,
               since: float | None = None, until: float | None = None) -> list[dict]:
        """Newest first; `since`/`until` bound the episode's wall-clock start (epoch seconds)."""
        clauses, args = [], []
        for clause, value in (("camera=?", camera), ("verdict=?", verdict), ("started_at>=?", since),
                              ("started_at<?", until)):
            if value is not None and value != "":
                clauses.append(clause)
                args.append(value)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._select(f"{where} ORDER BY id DESC LIMIT ?", (*args, limit))

    def decision_latencies(self, since: float) -> list[float]:
        """Seconds from the deciding frame's capture to the decision, for decisions made after `since`."""
        with self._lock:
            rows = self._db.execute("SELECT decided_at - captured_at FROM decisions WHERE decided_at>=?"
                                    " AND captured_at IS NOT NULL", (since,)).fetchall()
        return [r[0] for r in rows]

    def prune(self, now: float, retention_days: float, max_size_mb: float) -> int:
        """Delete decisions older than the retention, then the oldest snapshots above the size limit."""
        cutoff = now - retention_days * 86400
        removed = 0
        with self._lock:
            old = self._db.execute("SELECT id, snapshot FROM decisions WHERE started_at < ?", (cutoff,)).fetchall()
            self._db.execute("DELETE FROM decisions WHERE started_at < ?", (cutoff,))
        for _, snapshot in old:
            removed += self._unlink(snapshot)
        files = sorted(self.snapshots.glob("*.jpg"), key=lambda p: p.stat().st_mtime)
        total = sum(p.stat().st_size for p in files)
        while files and total > max_size_mb * 1024 * 1024:
            oldest = files.pop(0)
            total -= oldest.stat().st_size
            removed += self._unlink(str(oldest))
            with self._lock:
                self._db.execute("UPDATE decisions SET snapshot=NULL WHERE snapshot=?", (str(oldest),))
        return removed

    def _add_missing_columns(self) -> None:
        """Databases from before a column existed get it (NULL for old rows)."""
        have = {row[1] for row in self._db.execute("PRAGMA table_info(decisions)")}
        if "captured_at" not in have:
            self._db.execute("ALTER TABLE decisions ADD COLUMN captured_at REAL")

    def _select(self, tail: str, args: tuple) -> list[dict]:
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM decisions {tail}", args).fetchall()
        return [dict(zip(_COLUMNS, row)) for row in rows]

    def _write_snapshot(self, decision: Decision, row_id: int) -> str | None:
        if decision.image is None:
            return None
        path = self.snapshots / f"{row_id:08d}-{decision.camera}.jpg"
        try:
            path.write_bytes(render_snapshot(decision.image, decision.boxes))
        except OSError as err:  # a full disk loses the picture, never the decision
            log.error("snapshot for decision %d not written: %s", row_id, err.strerror or err)
            path.unlink(missing_ok=True)
            return None
        return str(path)

    @staticmethod
    def _unlink(snapshot: str | None) -> int:
        if not snapshot:
            return 0
        Path(snapshot).unlink(missing_ok=True)
        return 1
