"""Frames carrying their own send time (ms since epoch, 44 bits) as a black/white bar code in the top band."""

import numpy as np

BITS, BW, BH = 44, 14, 32  # 44 blocks x 14 px = 616 px wide, 32 px tall


def make_frame(t_ms, w=640, h=480, seq=0):
    f = np.full((h, w, 3), 96, np.uint8)
    f[BH + 8:, :, :] = (seq * 7) % 256  # moving content below the code
    stamp(f, t_ms)
    return f


def stamp(f, t_ms):
    for i in range(BITS):
        value = 255 if (t_ms >> (BITS - 1 - i)) & 1 else 0
        f[0:BH, 12 + i * BW: 12 + (i + 1) * BW, :] = value


def read_code(f):
    g = f[:, :, 1] if f.ndim == 3 else f
    v = 0
    for i in range(BITS):
        blk = g[8:BH - 8, 12 + i * BW + 4: 12 + (i + 1) * BW - 4]
        v = (v << 1) | (1 if blk.mean() > 128 else 0)
    return v
