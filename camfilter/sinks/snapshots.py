"""JPEG snapshots with the boxes that explain a decision."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from camfilter.events import Marked

_COLOURS = {"person": (230, 40, 40), "motion": (250, 200, 0)}


def render_snapshot(image: np.ndarray, boxes: tuple[Marked, ...], max_width: int = 1280) -> bytes:
    """BGR frame + boxes -> JPEG bytes."""
    picture = Image.fromarray(np.ascontiguousarray(image[:, :, ::-1]))
    draw = ImageDraw.Draw(picture)
    for mark in boxes:
        colour = _COLOURS.get(mark.label, (40, 160, 255))
        draw.rectangle(mark.xyxy, outline=colour, width=2)
        text = mark.label if mark.score is None else f"{mark.label} {mark.score:.2f}"
        x, y = mark.xyxy[0], max(0, mark.xyxy[1] - 12)
        draw.rectangle((x, y, x + 7 * len(text) + 4, y + 12), fill=colour)
        draw.text((x + 2, y), text, fill=(0, 0, 0))
    if picture.width > max_width:
        picture = picture.resize((max_width, round(picture.height * max_width / picture.width)))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    return out.getvalue()
