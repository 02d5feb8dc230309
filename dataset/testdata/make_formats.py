#!/usr/bin/python3
"""Writes the files of package dataset's format test, one small random
image per format the pipeline reads through the standard library and
golang.org/x/image (GIF, BMP, TIFF, lossless WebP), and what Pillow's
pipeline makes of them: formats_rgb_16x12.npy, np.stack of
Image.open(p).convert("RGB").resize((16, 12)) in the sorted order of the
file names. Run from this directory with Debian's /usr/bin/python3
(python3-pil with WebP support, python3-numpy)."""
import os
import numpy as np
from PIL import Image

rng = np.random.default_rng(20261201)
os.makedirs("formats", exist_ok=True)


def rand(shape):
    return rng.integers(0, 256, shape, dtype=np.uint8)


Image.fromarray(rand((13, 21, 3)), "RGB").save("formats/a_rgb.bmp")
Image.fromarray(rand((17, 9)), "L").convert("P").save("formats/b_palette.bmp")
Image.fromarray(rand((19, 23, 3)), "RGB").save("formats/c_rgb.tiff")
Image.fromarray(rand((12, 30)), "L").save("formats/d_gray.tiff")
Image.fromarray(rand((15, 15, 4)), "RGBA").save("formats/e_rgba.tiff")
Image.fromarray(rand((21, 11, 3)), "RGB").save("formats/f_rgb_lossless.webp", lossless=True)
p = Image.fromarray(rand((14, 18)), "L").convert("P")
p.putpalette(list(rand(768)))
p.save("formats/g_palette.gif")

paths = sorted(os.path.join("formats", f) for f in os.listdir("formats"))
arr = np.stack([np.asarray(Image.open(p).convert("RGB").resize((16, 12))) for p in paths])
np.save("formats_rgb_16x12.npy", arr)
print(len(paths), "files")
