"""Draws Werkzaam's app icons (two speech bubbles) as PNG, with only the standard library.

Run once when the icon changes: python3 .ci/make-icons.py  (writes public/icons/*.png)
"""
import struct
import zlib
from pathlib import Path

GREEN = (29, 92, 77)
CREAM = (246, 244, 238)
LEAF = (143, 196, 160)


def png(path, size, pixels):
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    Path(path).write_bytes(data)


def draw(size, scale, rounded):
    """scale: how much of the canvas the bubbles use (maskable icons keep to the safe zone)."""
    rows = []
    radius = size * 0.22
    for y in range(size):
        row = []
        for x in range(size):
            # background with rounded corners (or full bleed)
            inside = True
            if rounded:
                cx = min(max(x, radius), size - 1 - radius)
                cy = min(max(y, radius), size - 1 - radius)
                inside = (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
            if not inside:
                row.append((0, 0, 0, 0))
                continue
            color = GREEN
            u = (x / size - 0.5) / scale + 0.5
            v = (y / size - 0.5) / scale + 0.5
            # bubble one (cream), with a tail to the lower left
            if (u - 0.40) ** 2 + (v - 0.42) ** 2 <= 0.24 ** 2 or (0.18 < u < 0.30 and 0.58 < v < 0.74 and u - 0.18 > (v - 0.58) * 0.6):
                color = CREAM
            # bubble two (leaf), overlapping to the lower right, with a tail
            if (u - 0.64) ** 2 + (v - 0.60) ** 2 <= 0.19 ** 2 or (0.70 < u < 0.80 and 0.72 < v < 0.86 and 0.80 - u > (v - 0.72) * 0.6):
                color = LEAF
            row.append(color + (255,))
        rows.append(row)
    return rows


out = Path(__file__).resolve().parent.parent / "public" / "icons"
out.mkdir(parents=True, exist_ok=True)
png(out / "icon-192.png", 192, draw(192, 1.0, True))
png(out / "icon-512.png", 512, draw(512, 1.0, True))
png(out / "icon-maskable-512.png", 512, draw(512, 0.72, False))
print("icons written to", out)
