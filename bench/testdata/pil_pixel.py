#!/usr/bin/python3
"""Pillow's (and numpy's) timings of the operations BenchmarkPixel times,
on a random 2560x1600 image, one core, printed as Go benchmark lines
(Pixel/<operation>/pillow, ns/op, source Mpx/s and source Mpx/s of the
process's CPU time, cpu-Mpx/s) so that benchstat and
bench/report read them beside the Go rows. Each line is one sample: the
mean of several calls; COUNT lines per operation (default 5).
usage: pil_pixel.py [COUNT]"""
import sys
import time

import numpy as np
from PIL import Image

count = int(sys.argv[1]) if len(sys.argv) > 1 else 5
W, H = 2560, 1600
rng = np.random.default_rng(7)
rgba = Image.fromarray(rng.integers(0, 256, (H, W, 4), dtype=np.uint8), "RGBA")
rgb = rgba.convert("RGB")
gray = rgb.convert("L")
hwc = np.asarray(rgb)
mean = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
std = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)


def tensor():
    chw = hwc.transpose(2, 0, 1).astype(np.float32) / np.float32(255)
    return (chw - mean) / std


ops = [
    ("Convert/RGB-L", lambda: rgb.convert("L")),
    ("Convert/RGBA-RGB", lambda: rgba.convert("RGB")),
]
for name, flt in (("box", Image.BOX), ("bilinear", Image.BILINEAR), ("hamming", Image.HAMMING),
                  ("bicubic", Image.BICUBIC), ("lanczos", Image.LANCZOS)):
    ops.append(("Resize/320x200/" + name, lambda flt=flt: rgb.resize((320, 200), flt)))
ops += [
    ("Resize/64x64/bicubic", lambda: rgb.resize((64, 64), Image.BICUBIC)),
    ("Resize/RGBA-64x64/bicubic", lambda: rgba.resize((64, 64), Image.BICUBIC)),
    ("Resize/Gray-64x64/bicubic", lambda: gray.resize((64, 64), Image.BICUBIC)),
    ("Resize/320x200/bicubic-reducing-gap-2", lambda: rgb.resize((320, 200), Image.BICUBIC, reducing_gap=2)),
    ("ToTensor/RGB-CHW-normalised", tensor),
]

print("pkg: pillow %s, numpy %s" % (Image.__version__, np.__version__))
for _ in range(count):
    for name, fn in ops:
        fn()  # warm up
        n, start, cpu = 0, time.perf_counter(), time.process_time()
        while True:
            fn()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed > 0.3:
                break
        cpu = time.process_time() - cpu  # CPU time, as the Go rows' cpu-Mpx/s
        ns = elapsed / n * 1e9
        print("BenchmarkPixel/%s/pillow %d %.0f ns/op %.1f Mpx/s %.1f cpu-Mpx/s"
              % (name, n, ns, W * H / ns * 1e3, W * H * n / cpu / 1e6))
    sys.stdout.flush()
