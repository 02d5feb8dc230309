#!/usr/bin/python3
"""Writes the images of package dataset's tests and what Pillow's pipeline
makes of them (Debian python3-pil and python3-numpy): run from this
directory with /usr/bin/python3. The images are small random PNGs of every
mode PNG holds and three JPEGs; the golden arrays are np.stack of the pipeline's outputs,
in the sorted order of the file names."""
import os
import numpy as np
from PIL import Image, ImageOps

rng = np.random.default_rng(2026)
os.makedirs("images/sub", exist_ok=True)


def rand(shape):
    return rng.integers(0, 256, shape, dtype=np.uint8)


Image.fromarray(rand((11, 17)), "L").save("images/a_gray.png")
Image.fromarray(rand((20, 13, 2)), "LA").save("images/b_gray_alpha.png")
Image.fromarray(rand((30, 40, 3)), "RGB").save("images/c_rgb.png")
Image.fromarray(rand((25, 25, 4)), "RGBA").save("images/sub/d_rgba.png")
p = Image.fromarray(rand((23, 19)), "L").convert("P")
p.putpalette(list(rand(768)))
p.save("images/sub/e_palette.png")
pt = Image.fromarray(rand((9, 21)), "L").convert("P")
pt.putpalette(list(rand(768)))
pt.save("images/sub/f_palette_trns.png", transparency=bytes(rand(256)))
g16 = Image.fromarray((rng.integers(0, 1 << 16, (14, 14))).astype(np.uint16))
g16.save("images/g_gray16.png")
# JPEGs (package jpeg decodes them bit-identically to Pillow)
Image.fromarray(rand((27, 35, 3)), "RGB").save("images/i_photo.jpg", quality=85)
Image.fromarray(rand((19, 16)), "L").save("images/sub/j_gray.jpg", quality=70)
Image.fromarray(rand((12, 30, 3)), "RGB").save("images/k_prog444.jpg", quality=90, subsampling=0, progressive=True)
with open("images/h_notes.txt", "w") as f:
    f.write("not an image\n")

paths = sorted(os.path.join(d, f) for d, _, fs in os.walk("images") for f in fs if not f.endswith(".txt"))


def pipeline(name, fn):
    arr = np.stack([np.asarray(fn(Image.open(p))) for p in paths])
    np.save(name + ".npy", arr)


pipeline("stretch_rgb_16x12", lambda im: im.convert("RGB").resize((16, 12)))
pipeline("crop_rgb_16x12", lambda im: ImageOps.fit(im.convert("RGB"), (16, 12)))
pipeline("pad_rgb_16x12", lambda im: ImageOps.pad(im.convert("RGB"), (16, 12)))
pipeline("stretch_l_10x10_bilinear", lambda im: im.convert("L").resize((10, 10), Image.BILINEAR))
mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
pipeline("tensor_rgb_8x8", lambda im: ((np.asarray(im.convert("RGB").resize((8, 8)), dtype=np.float32)
                                         / np.float32(255) - mean) / std).transpose(2, 0, 1))
with open("paths.txt", "w") as f:
    f.write("\n".join(paths) + "\n")
print(len(paths), "images")
