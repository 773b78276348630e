"""Feedback on decisions ("correct", "false alarm", "missed") and the per-camera precision it gives."""

from __future__ import annotations

from camfilter.sinks.database import Tables

KINDS = ("correct", "false_alarm", "missed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    decision_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('correct', 'false_alarm', 'missed')),
    note TEXT,
    at REAL NOT NULL
);
"""


class FeedbackError(ValueError):
    """Feedback that cannot be taken; the message says why."""


class FeedbackLog(Tables):
    """Lives in the decision store's database; one verdict per decision, the latest wins."""

    SCHEMA = _SCHEMA

    def record(self, decision_id: int, kind: str, at: float, note: str | None = None) -> dict:
        if kind not in KINDS:
            raise FeedbackError(f"feedback must be one of {', '.join(KINDS)}")
        with self._lock:
            row = self._db.execute("SELECT verdict FROM decisions WHERE id=?", (decision_id,)).fetchone()
            if row is None:
                raise FeedbackError("no such decision")
            if kind == "missed" and row[0] == "alert":
                raise FeedbackError("'missed' is for suppressed decisions; use 'false_alarm' or 'correct' on alerts")
            self._db.execute("INSERT OR REPLACE INTO feedback (decision_id, kind, note, at) VALUES (?,?,?,?)",
                             (decision_id, kind, (note or "")[:500], at))
        return {"decision_id": decision_id, "feedback": kind, "note": note, "at": at}

    def summary(self) -> dict[str, dict]:
        """Per camera: alerts, how many were rated, correct, false alarms, precision, and missed people."""
        query = """
            SELECT d.camera,
                   SUM(d.verdict = 'alert'),
                   SUM(d.verdict = 'alert' AND f.kind = 'correct'),
                   SUM(d.verdict = 'alert' AND f.kind = 'false_alarm'),
                   SUM(d.verdict = 'suppressed' AND f.kind = 'missed'),
                   SUM(d.verdict = 'suppressed' AND f.kind = 'correct')
            FROM decisions d LEFT JOIN feedback f ON f.decision_id = d.id
            GROUP BY d.camera ORDER BY d.camera"""
        with self._lock:
            rows = self._db.execute(query).fetchall()
        out = {}
        for camera, alerts, correct, false_alarms, missed, right_quiet in rows:
            correct, false_alarms = correct or 0, false_alarms or 0
            rated = correct + false_alarms
            out[camera] = {"alerts": alerts or 0, "rated_alerts": rated, "correct": correct,
                           "false_alarms": false_alarms, "precision": round(correct / rated, 3) if rated else None,
                           "missed": missed or 0, "confirmed_quiet": right_quiet or 0}
        return out
