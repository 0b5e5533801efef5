"""Draws Meldroute's app icons: a speech bubble holding a signal dot with two arcs (someone
passes a signal on). `python -m bot icons` writes manifest/color.png and manifest/outline.png."""

from __future__ import annotations

import math
from pathlib import Path

from tools.png import Pixel, write_png

BRAND = (0, 82, 147, 255)  # deep municipal blue
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def _shape(size: int, x: float, y: float) -> bool:
    """Whether the point (in 0..1 units) belongs to the white symbol."""
    cx, cy = 0.5, 0.45
    r = math.hypot(x - cx, y - cy)
    bubble_ring = 0.30 <= r <= 0.36
    tail = 0.58 <= y <= 0.80 and 0.30 <= x <= 0.42 and (x - 0.30) <= (0.80 - y) * 0.55
    dot = r <= 0.07
    angle = math.degrees(math.atan2(cy - y, x - cx))
    arcs = (0.13 <= r <= 0.17 or 0.21 <= r <= 0.25) and -50 <= angle <= 50
    return bubble_ring or tail or dot or arcs


def _draw(size: int, background: Pixel, foreground: Pixel, rounded: bool) -> list[list[Pixel]]:
    rows = []
    radius = 0.18
    for py in range(size):
        row = []
        for px in range(size):
            x, y = (px + 0.5) / size, (py + 0.5) / size
            inside = True
            if rounded:
                dx, dy = max(radius - x, 0, x - (1 - radius)), max(radius - y, 0, y - (1 - radius))
                inside = math.hypot(dx, dy) <= radius
            if not inside:
                row.append(CLEAR)
            elif _shape(size, x, y):
                row.append(foreground)
            else:
                row.append(background)
        rows.append(row)
    return rows


def draw_icons(folder: Path) -> None:
    write_png(folder / "color.png", _draw(192, BRAND, WHITE, rounded=True))
    # Teams wants the outline icon white on a transparent background.
    write_png(folder / "outline.png", _draw(32, CLEAR, WHITE, rounded=False))
