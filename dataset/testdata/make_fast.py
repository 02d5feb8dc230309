#!/usr/bin/python3
"""Writes fast_rgb_3x2.npy, what Pillow makes of the test images (the ones
make_golden.py wrote, listed in paths.txt) with dataset.Fast's pipeline:
im.draft(None, (2*w, 2*h)) on JPEG files (libjpeg's reduced inverse DCTs),
then convert("RGB") and resize((w, h), BICUBIC, reducing_gap=2.0). A 3x2
target makes every JPEG scale on load (by 2 or 4) and every PNG reduce
first. Run from this directory with Debian's /usr/bin/python3."""
import numpy as np
from PIL import Image

W, H = 3, 2
paths = open("paths.txt").read().split()


def fast(p):
    im = Image.open(p)
    if im.format == "JPEG":
        im.draft(None, (2 * W, 2 * H))
    return np.asarray(im.convert("RGB").resize((W, H), Image.BICUBIC, reducing_gap=2.0))


np.save("fast_rgb_3x2.npy", np.stack([fast(p) for p in paths]))
