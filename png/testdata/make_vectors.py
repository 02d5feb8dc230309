#!/usr/bin/python3
"""Writes the PNG test files of package png and what Pillow (Debian
python3-pil) decodes from them. Run from this directory with Debian's python3
(apt-get install python3-pil):

    /usr/bin/python3 make_vectors.py

The files are written by a small PNG writer below, so every colour type, bit
depth, filter type, interlace method, tRNS variant and IDAT split can be made
on purpose (Pillow's own writer covers only a few). For each file, vectors.json
records its size and, unless Pillow refuses it, the name of a .golden file
holding Pillow's Image.open(f).convert(mode) for the modes L, LA, RGB and RGBA,
one after the other. Pixels come from a fixed seed, so a rerun with the same
Pillow writes the same files."""
import io
import json
import random
import struct
import zlib

import PIL
from PIL import Image

rng = random.Random(20261201)
MODES = ("L", "LA", "RGB", "RGBA")
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
cases = []

# Adam7 passes: (x0, y0, dx, dy).
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def chunk(kind, data):
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    if pb <= pc:
        return b
    return c


def filter_row(ftype, row, prev, bpp):
    out = bytearray(len(row))
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = (0, a, b, (a + b) // 2, paeth(a, b, c))[ftype] if ftype < 5 else 0
        out[i] = (x - pred) & 0xFF
    return bytes([ftype]) + bytes(out)


def pack_row(samples, depth):
    """Packs one row of samples (ints) at the bit depth, big-endian."""
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    out, acc, bits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        bits += depth
        if bits == 8:
            out.append(acc)
            acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


def encode(samples, w, h, ctype, depth, interlace, filters):
    """The zlib stream's payload: filtered scanlines of every pass."""
    ch = CHANNELS[ctype]
    bpp = max(1, ch * depth // 8)
    passes = ADAM7 if interlace else ((0, 0, 1, 1),)
    raw = bytearray()
    for x0, y0, dx, dy in passes:
        xs = range(x0, w, dx)
        ys = range(y0, h, dy)
        if not xs or not ys:
            continue
        prev = bytes(len(pack_row([0] * (len(xs) * ch), depth)))
        for y in ys:
            row = pack_row([s for x in xs for s in samples[y][x]], depth)
            raw += filter_row(filters(), row, prev, bpp)
            prev = row
    return bytes(raw)


def make_png(w, h, ctype, depth, samples, interlace=False, filters=None, extra=b"", plte=None,
             idat_split=1, level=6, trailing=b""):
    filters = filters or (lambda: rng.randrange(5))
    payload = zlib.compress(encode(samples, w, h, ctype, depth, interlace, filters), level)
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 1 if interlace else 0)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if plte is not None:
        out += chunk(b"PLTE", plte)
    out += extra
    step = max(1, -(-len(payload) // idat_split))
    for i in range(0, len(payload), step):
        out += chunk(b"IDAT", payload[i:i + step])
    return out + chunk(b"IEND", b"") + trailing


def random_samples(w, h, ch, maxval):
    """Smooth gradients with noise and a few flat runs, so every filter type
    has work that is not pure noise."""
    rows = []
    for y in range(h):
        row = []
        for x in range(w):
            px = []
            for c in range(ch):
                base = (x * (c + 3) * maxval // max(w, 1) + y * maxval // max(h, 1)) % (maxval + 1)
                noise = rng.randrange(-maxval // 8 - 1, maxval // 8 + 2)
                v = min(maxval, max(0, base + noise)) if rng.random() < 0.8 else rng.randrange(maxval + 1)
                px.append(v)
            row.append(tuple(px))
        rows.append(row)
    return rows


def pillow_decode(data):
    im = Image.open(io.BytesIO(data))
    im.load()
    return im, b"".join(im.convert(m).tobytes() for m in MODES)


def add(name, data, w, h, note=""):
    fname = name + ".png"
    with open(fname, "wb") as f:
        f.write(data)
    c = {"file": fname, "width": w, "height": h, "note": note}
    try:
        im, golden = pillow_decode(data)
        c["pillow_mode"] = im.mode
        c["golden"] = name + ".golden"
        with open(c["golden"], "wb") as f:
            f.write(golden)
    except Exception as e:  # Pillow refuses the file: the decoder must too
        c["pillow_error"] = type(e).__name__ + ": " + str(e)
    cases.append(c)


DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
SIZES = ((13, 7), (33, 17), (1, 1), (9, 2))

for ctype, depths in DEPTHS.items():
    for depth in depths:
        for interlace in (False, True):
            for w, h in SIZES[:2] if not interlace else SIZES[1:]:
                maxval = (1 << depth) - 1
                ch = CHANNELS[ctype]
                plte = None
                if ctype == 3:
                    n = rng.randrange(1, (1 << depth) + 1)
                    plte = bytes(rng.randrange(256) for _ in range(3 * n))
                samples = random_samples(w, h, ch, maxval)
                name = f"ct{ctype}_d{depth}_{w}x{h}" + ("_i" if interlace else "")
                add(name, make_png(w, h, ctype, depth, samples, interlace, plte=plte), w, h)

# Every filter type alone, on each pixel size the unfilterer distinguishes:
# 1 (grey 8), 2 (grey 16, grey+alpha 8), 3 (RGB 8), 4 (RGBA 8), 6 (RGB 16), 8 (RGBA 16).
for ctype, depth in ((0, 8), (0, 16), (4, 8), (2, 8), (6, 8), (2, 16), (6, 16)):
    for ftype in range(5):
        w, h = 29, 6
        ch = CHANNELS[ctype]
        samples = random_samples(w, h, ch, (1 << depth) - 1)
        add(f"filter{ftype}_ct{ctype}_d{depth}", make_png(w, h, ctype, depth, samples, filters=lambda f=ftype: f), w, h)

# tRNS variants: grey at each depth (value present, absent, above the depth's
# range), RGB 8 and 16 (present, high bits set), palette (shorter than,
# equal to the palette).
for depth in (1, 2, 4, 8, 16):
    maxval = (1 << depth) - 1
    w, h = 11, 5
    samples = random_samples(w, h, 1, maxval)
    for key in sorted({0, maxval, samples[0][0][0], 263 if depth == 8 else maxval // 2 + 256}):
        add(f"trns_ct0_d{depth}_{key}", make_png(w, h, 0, depth, samples, extra=chunk(b"tRNS", struct.pack(">H", key))), w, h)
for depth in (8, 16):
    maxval = (1 << depth) - 1
    w, h = 11, 5
    samples = random_samples(w, h, 3, maxval)
    first = samples[0][0]
    for tag, key in (("hit", first), ("miss", (1, 2, 3)), ("high", tuple(v + 256 if v < 256 else v for v in first))):
        key = tuple(min(k, 65535) for k in key)
        add(f"trns_ct2_d{depth}_{tag}", make_png(w, h, 2, depth, samples, extra=chunk(b"tRNS", struct.pack(">HHH", *key))), w, h)
for n_alpha in (1, 5, 16):
    w, h = 12, 4
    samples = random_samples(w, h, 1, 15)
    plte = bytes(rng.randrange(256) for _ in range(3 * 16))
    alphas = bytes(rng.randrange(256) for _ in range(n_alpha))
    add(f"trns_ct3_{n_alpha}", make_png(w, h, 3, 4, samples, plte=plte, extra=chunk(b"tRNS", alphas)), w, h)

# Palette indexes past the palette's end (Pillow fills the rest of its
# palette with a grey ramp).
samples = [[(x * 7 % 256,) for x in range(40)] for _ in range(3)]
add("plte_short", make_png(40, 3, 3, 8, samples, plte=bytes(range(30))), 40, 3)

# Stream layouts: many IDAT chunks, empty IDAT chunks, stored (level 0) and
# best compression, trailing bytes after IEND, ancillary chunks.
w, h = 47, 19
samples = random_samples(w, h, 3, 255)
add("idat_many", make_png(w, h, 2, 8, samples, idat_split=37), w, h)
good = make_png(w, h, 2, 8, samples)
i = good.index(b"IDAT") - 4
add("idat_empty", good[:i] + chunk(b"IDAT", b"") + good[i:], w, h)
add("level0", make_png(w, h, 2, 8, samples, level=0), w, h)
add("level9", make_png(w, h, 2, 8, samples, level=9), w, h)
add("trailing", make_png(w, h, 2, 8, samples, trailing=b"garbage after IEND"), w, h)
add("ancillary", make_png(w, h, 2, 8, samples, extra=chunk(b"tEXt", b"Comment\x00hello") + chunk(b"gAMA", struct.pack(">I", 45455))), w, h)

# Broken files: Pillow's verdict is recorded; the decoder must return an error
# wherever Pillow raises, and never panic.
i = good.index(b"IDAT")
bad_crc = bytearray(good)
bad_crc[i + 8] ^= 0xFF  # a byte of IDAT data: the chunk's CRC no longer matches
add("bad_idat_crc", bytes(bad_crc), w, h, "IDAT data changed after the CRC was computed")
j = good.index(b"IHDR")
bad_ihdr = bytearray(good)
bad_ihdr[j + 16] ^= 0x01  # bit depth field
add("bad_ihdr_crc", bytes(bad_ihdr), w, h, "IHDR changed after the CRC was computed")
add("truncated_idat", good[: i + 40], w, h, "file ends inside the IDAT chunk")
stream = zlib.compress(encode(samples, w, h, 2, 8, False, lambda: 0))
short = good[:i - 4] + chunk(b"IDAT", stream[: len(stream) // 2]) + chunk(b"IEND", b"")
add("short_stream", short, w, h, "the zlib stream stops half way")
huge = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)) + \
    chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")
add("huge_declared", huge, 60000, 60000, "60000x60000 declared, almost no data")
add("bad_filter", make_png(9, 3, 0, 8, random_samples(9, 3, 1, 255), filters=lambda: 7), 9, 3, "filter type 7")
add("no_idat", good[:i - 4] + chunk(b"IEND", b""), w, h, "no IDAT chunk")

# Files written by other encoders: Pillow's own writer (optimize), and
# ImageMagick or optipng when installed.
im = Image.frombytes("RGB", (w, h), bytes(v for row in samples for px in row for v in px))
buf = io.BytesIO()
im.save(buf, "PNG", optimize=True)
add("pillow_optimize", buf.getvalue(), w, h)
buf = io.BytesIO()
im.convert("P", palette=Image.ADAPTIVE, colors=13).save(buf, "PNG")
add("pillow_palette", buf.getvalue(), w, h)

with open("vectors.json", "w") as f:
    json.dump({"pillow": PIL.__version__, "modes": MODES, "cases": cases}, f, indent=1)
    f.write("\n")
