"""The scenario benchmark as a table a person can read."""

from __future__ import annotations


def _cell(outcome, expect: str) -> str:
    got = "ALERT" if outcome.alerted else "quiet"
    ok = (outcome.alerted and expect == "alert") or (not outcome.alerted and expect == "quiet")
    return f"{got}{'' if ok else ' ✗'}"


def scenario_table(results, summary: dict) -> str:
    lines = [f"{'scene':<27} {'expect':<6} {'camfilter':<9} {'motion alarm':<12} {'every frame':<11}  camfilter's reason",
             "-" * 110]
    for r in results:
        lines.append(f"{r.scene.name:<27} {r.scene.expect:<6} {_cell(r.camfilter, r.scene.expect):<9} "
                     f"{_cell(r.motion_alarm, r.scene.expect):<12} {_cell(r.every_frame, r.scene.expect):<11}  "
                     f"{r.camfilter.reason}")
    lines.append("-" * 110)
    for name, label in (("camfilter", "camfilter"), ("motion_alarm", "motion alarm (any motion alerts)"),
                        ("every_frame", "detector on every frame (person >= 0.5 in 3 frames)")):
        s = summary[name]
        lines.append(f"{label:<52} recall {s['recall']:>5}   false alerts {s['false_alerts']:>5}   "
                     f"{s['seconds']:>7.1f} s")
    lines.append(f"camfilter is {summary['speedup_vs_every_frame']}x faster than the detector on every frame "
                 f"({summary['frames']} frames)")
    return "\n".join(lines)
