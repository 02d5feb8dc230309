#!/usr/bin/python3
"""Times Pillow's PNG decode (Image.open(f).load()) on the files
TestWritePNGBenchFiles writes, for BenchmarkPNG's comparison. Run with
Debian's python3 (python3-pil):

    HOTLOOP_PNG_BENCH_DIR=/tmp/pngbench go test -run TestWritePNGBenchFiles .
    /usr/bin/python3 testdata/pil_png_decode.py /tmp/pngbench

Prints the median of 15 decodes per file, in ms and decoded Mpx/s."""
import statistics
import sys
import time
from pathlib import Path

import PIL
from PIL import Image

print(f"Pillow {PIL.__version__}")
for path in sorted(Path(sys.argv[1]).glob("*.png")):
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        with Image.open(path) as im:
            im.load()
        times.append(time.perf_counter() - t0)
    ms = statistics.median(times) * 1e3
    print(f"{path.stem:10s} {im.mode:5s} {im.width}x{im.height}  {ms:7.2f} ms  {im.width * im.height / ms / 1e3:6.1f} Mpx/s")
