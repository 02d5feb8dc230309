#!/usr/bin/python3
"""Writes the JPEG benchmark files (photo-like, about 1.5 megapixels, in
the style of anchors/make_images.py) with Pillow: grey, 4:2:0, 4:4:4 and
progressive 4:2:0, quality 90.
usage: make_jpeg.py OUTDIR"""
import os
import sys

import numpy as np
from PIL import Image

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(2019)
w, h = 1500, 1000
y, x = np.mgrid[0:h, 0:w].astype(np.float32)
base = (np.sin(x / 27) + np.cos(y / 19)) * 60 + 128
g = np.clip(base + rng.normal(0, 18, (h, w)).astype(np.float32), 0, 255).astype(np.uint8)
rgb = Image.fromarray(np.stack([g, np.roll(g, 7, 1), 255 - g], -1), "RGB")
Image.fromarray(g, "L").save(os.path.join(out, "gray.jpg"), quality=90)
rgb.save(os.path.join(out, "420.jpg"), quality=90)
rgb.save(os.path.join(out, "444.jpg"), quality=90, subsampling=0)
rgb.save(os.path.join(out, "progressive.jpg"), quality=90, progressive=True)
