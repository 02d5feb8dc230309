#!/usr/bin/python3
"""Writes the Pillow test vectors of package pixel: random source pixels
and what Pillow (Debian python3-pil) computes from them. Run from this
directory with Debian's python3 (apt-get install python3-pil):

    /usr/bin/python3 make_vectors.py

It rewrites vectors.json and the .bin files it names; the Go tests compare
bit for bit with them. The sources are random bytes from a fixed seed, so a
rerun with the same Pillow writes the same files."""
import json
import random

import PIL
from PIL import Image

W, H = 37, 11  # odd sizes: no row is a multiple of any vector width
rng = random.Random(20261201)
cases = []


def rand_bytes(n):
    return bytes(rng.randrange(256) for _ in range(n))


def save(name, data):
    with open(name, "wb") as f:
        f.write(data)
    return name


def case(kind, src_mode, dst_mode, src, dst, w=W, h=H, src_name=None, dst_name=None, **extra):
    src_name = src_name or f"{kind}_{src_mode}.src.bin"
    dst_name = dst_name or f"{kind}_{src_mode}_{dst_mode}.dst.bin"
    c = {"kind": kind, "src_mode": src_mode, "dst_mode": dst_mode, "width": w, "height": h,
         "src": save(src_name, src), "dst": save(dst_name, dst)}
    c.update(extra)
    cases.append(c)


modes = ["L", "LA", "RGB", "RGBA"]
channels = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4, "CMYK": 4}

# Every conversion between the four modes.
for s in modes:
    src = rand_bytes(W * H * channels[s])
    im = Image.frombytes(s, (W, H), src)
    for d in modes:
        if d != s:
            case("convert", s, d, src, im.convert(d).tobytes())

# Premultiplication, with every alpha value present.
src = bytearray(rand_bytes(W * H * 4))
for i in range(W * H):
    src[4 * i + 3] = i % 256
src = bytes(src)
case("alpha", "RGBA", "RGBa", src, Image.frombytes("RGBA", (W, H), src).convert("RGBa").tobytes())
case("alpha", "RGBa", "RGBA", src, Image.frombytes("RGBa", (W, H), src).convert("RGBA").tobytes())

# CMYK (Adobe JPEGs) to every mode.
src = rand_bytes(W * H * 4)
im = Image.frombytes("CMYK", (W, H), src)
for d in modes:
    case("cmyk", "CMYK", d, src, im.convert(d).tobytes())

# 16-bit grey (Pillow's I;16, as PNG opens it): clamped to 8 bits.
vals = [rng.choice([rng.randrange(256), rng.randrange(65536)]) for _ in range(W * H)]
im = Image.new("I;16", (W, H))
im.putdata(vals)
src = b"".join(v.to_bytes(2, "big") for v in vals)
for d in modes:
    case("gray16", "I;16", d, src, im.convert(d).tobytes())

# Palette images with a partly transparent palette (PNG tRNS).
pal = rand_bytes(256 * 3)
alpha = bytes(rng.choice([0, 255, rng.randrange(256)]) for _ in range(256))
src = rand_bytes(W * H)
im = Image.frombytes("P", (W, H), src)
im.putpalette(pal)
im.info["transparency"] = alpha
for d in modes:
    case("palette", "P", d, src, im.convert(d).tobytes(), palette=save("palette.rgb.bin", pal),
         palette_alpha=save("palette.alpha.bin", alpha))

# Resizing: every mode and filter, down, up, one axis only, the same size
# (a copy), extreme ratios; random pixels, so clipping and the alpha
# premultiplication are exercised everywhere. One file per mode and filter
# holds the outputs of every target size, in order.
filters = {"nearest": Image.NEAREST, "box": Image.BOX, "bilinear": Image.BILINEAR,
           "hamming": Image.HAMMING, "bicubic": Image.BICUBIC, "lanczos": Image.LANCZOS}
sources = [((37, 23), [(1, 1), (5, 3), (16, 9), (37, 23), (64, 41), (3, 40), (37, 7), (11, 23), (36, 22)]),
           ((1000, 2), [(3, 2), (3, 1), (7, 5)]),
           ((3, 2), [(1000, 2), (40, 30)]),
           ((4, 3), [(7, 5), (3, 2)])]  # 4→7 nearest: the accumulated step matters
for s_mode in modes:
    for (sw, sh), targets in sources:
        src = rand_bytes(sw * sh * channels[s_mode])
        im = Image.frombytes(s_mode, (sw, sh), src)
        for fname, flt in filters.items():
            out = b"".join(im.resize(t, flt).tobytes() for t in targets)
            case("resize", s_mode, s_mode, src, out, w=sw, h=sh, filter=fname,
                 targets=[list(t) for t in targets],
                 src_name=f"resize_{s_mode}_{sw}x{sh}.src.bin",
                 dst_name=f"resize_{s_mode}_{sw}x{sh}_{fname}.dst.bin")

# Resizing a source box (Image.resize's box=): every mode and filter.
boxes = [((0.5, 0.25, 30.5, 20.75), (16, 9)), ((3, 2, 37, 23), (20, 10)), ((0, 0, 37, 23), (37, 23)),
         ((10.3, 4.1, 12.9, 6.6), (40, 30)), ((0, 0, 37, 23), (37, 11))]
for s_mode in modes:
    src = rand_bytes(37 * 23 * channels[s_mode])
    im = Image.frombytes(s_mode, (37, 23), src)
    for fname, flt in filters.items():
        out = b"".join(im.resize(t, flt, box=b).tobytes() for b, t in boxes)
        case("resizebox", s_mode, s_mode, src, out, w=37, h=23, filter=fname,
             targets=[list(t) for _, t in boxes], boxes=[list(b) for b, _ in boxes],
             src_name=f"resizebox_{s_mode}.src.bin", dst_name=f"resizebox_{s_mode}_{fname}.dst.bin")

# Image.reduce: factors that divide the size and factors that leave
# partial blocks, and resize with reducing_gap (reduce first).
reductions = [(2, 2), (3, 3), (4, 3), (1, 5), (7, 1), (5, 5), (37, 23), (6, 4)]
for s_mode in modes:
    src = rand_bytes(37 * 23 * channels[s_mode])
    im = Image.frombytes(s_mode, (37, 23), src)
    out = b"".join(im.reduce(f).tobytes() for f in reductions)
    case("reduce", s_mode, s_mode, src, out, w=37, h=23, factors=[list(f) for f in reductions],
         src_name=f"reduce_{s_mode}.src.bin", dst_name=f"reduce_{s_mode}.dst.bin")
    big = rand_bytes(151 * 103 * channels[s_mode])
    imb = Image.frombytes(s_mode, (151, 103), big)
    gaps = [(2.0, (16, 9)), (3.0, (20, 20)), (1.5, (40, 30)), (2.0, (70, 50))]
    for fname, flt in filters.items():
        if fname == "nearest":
            continue
        out = b"".join(imb.resize(t, flt, reducing_gap=g).tobytes() for g, t in gaps)
        case("reducinggap", s_mode, s_mode, big, out, w=151, h=103, filter=fname,
             targets=[list(t) for _, t in gaps], gaps=[g for g, _ in gaps],
             src_name=f"gap_{s_mode}.src.bin", dst_name=f"gap_{s_mode}_{fname}.dst.bin")

# Point (256-entry tables per band) and histograms.
for s_mode in modes:
    src = rand_bytes(W * H * channels[s_mode])
    im = Image.frombytes(s_mode, (W, H), src)
    lut = rand_bytes(256 * channels[s_mode])
    case("point", s_mode, s_mode, src, im.point(list(lut)).tobytes(), lut=save(f"point_{s_mode}.lut.bin", lut),
         src_name=f"point_{s_mode}.src.bin")
    hist = b"".join(v.to_bytes(4, "little") for v in im.histogram())
    case("histogram", s_mode, s_mode, src, hist, src_name=f"point_{s_mode}.src.bin")

# Tensors: torchvision's ToTensor (x/255 in float32) and Normalize
# ((x - mean) / std, float32, one rounding per operation), as numpy
# computes them in float32, in CHW (torchvision's layout) and HWC.
import numpy as np
for s_mode, mean, std in (("RGB", (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
                          ("L", (0.5,), (0.25,)), ("RGB", None, None)):
    c = channels[s_mode]
    src = rand_bytes(W * H * c)
    x = np.frombuffer(src, dtype=np.uint8).reshape(H, W, c).astype(np.float32) / np.float32(255)
    if mean is not None:
        x = (x - np.array(mean, dtype=np.float32)) / np.array(std, dtype=np.float32)
    suffix = "norm" if mean is not None else "plain"
    for layout, arr in (("CHW", x.transpose(2, 0, 1)), ("HWC", x)):
        out = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        case("tensor", s_mode, layout, src, out, mean=mean, std=std,
             src_name=f"tensor_{s_mode}_{suffix}.src.bin", dst_name=f"tensor_{s_mode}_{suffix}_{layout}.dst.bin")

with open("vectors.json", "w") as f:
    json.dump({"pillow": PIL.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
print(f"{len(cases)} cases, Pillow {PIL.__version__}")
