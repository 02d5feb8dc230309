#!/usr/bin/python3
"""Pillow's JPEG decode time on the benchmark files (make_jpeg.py), one
core: Image.open + load (the file's own mode, L or RGB), and with draft()
to 1/8. Prints the median of REPEAT runs in ms and MP/s.
usage: pil_jpeg.py DIR [REPEAT]"""
import os
import statistics
import sys
import time

from PIL import Image

d = sys.argv[1]
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 15


def full(p):
    im = Image.open(p)
    im.load()  # decodes in the file's own mode (L or RGB): no conversion
    return im.size


def draft8(p):
    im = Image.open(p)
    size = im.size
    im.draft(im.mode, (im.width // 8, im.height // 8))
    im.load()
    return size


for name in ("gray", "420", "444", "progressive"):
    p = os.path.join(d, name + ".jpg")
    for label, fn in (("full", full), ("draft1/8", draft8)):
        ts = []
        for _ in range(repeat):
            t = time.perf_counter()
            w, h = fn(p)
            ts.append(time.perf_counter() - t)
        ms = statistics.median(ts) * 1e3
        print(f"{name:12s} {label:9s} {ms:8.2f} ms {w * h / 1e6 / (ms / 1e3):8.1f} MP/s")
