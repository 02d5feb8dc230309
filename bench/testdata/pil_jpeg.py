#!/usr/bin/python3
"""Pillow's JPEG decode time on the benchmark files (make_jpeg.py), one
core: Image.open + load (the file's own mode, L or RGB), and with draft()
to 1/8. Prints the median of REPEAT runs in ms and MP/s, of wall time
(perf_counter) and of CPU time (process_time: on a shared machine the wall
time varies with the load, the CPU time much less; compare it with
BenchmarkJPEG's cpu-ms/op).
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
        ts, cs = [], []
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            w, h = fn(p)
            cs.append(time.process_time() - c)
            ts.append(time.perf_counter() - t)
        ms = statistics.median(ts) * 1e3
        cms = statistics.median(cs) * 1e3
        mp = w * h / 1e6
        print(f"{name:12s} {label:9s} {ms:8.2f} ms {mp / (ms / 1e3):8.1f} MP/s"
              f"   cpu {cms:8.2f} ms {mp / (cms / 1e3):8.1f} MP/s")
