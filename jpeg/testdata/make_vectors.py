#!/usr/bin/python3
"""Writes the JPEG test files of package jpeg and what Pillow decodes from
them (Debian bookworm: python3-pil with libjpeg-turbo 2.1, cjpeg from
libjpeg-turbo-progs, ImageMagick 6's convert, libturbojpeg through ctypes). Run from this directory with
/usr/bin/python3. Each case is a .jpg in files/ and Pillow's pixels as a
PNG in golden/ (lossless; L or RGB); cases.json lists them with the mode
asked for, the draft() size if any, and whether the file is truncated."""
import io
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np
from PIL import Image, ImageFile, ImageOps

rng = np.random.default_rng(9)
for d in ("files", "golden", "unsupported"):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
tmp = tempfile.mkdtemp()
cases = []


def content(w, h):
    """Smooth gradients, a few sharp edges and noise: every coefficient
    band is used and saturated colours exercise the clamps."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 127 * np.sin(x / 3.1 + y / 5.3)
    g = 255 * (x + y) / max(w + h - 2, 1)
    b = np.where((x // 5 + y // 7) % 2 == 0, 250, 5).astype(np.float64)
    a = np.stack([r, g, b], axis=-1) + rng.normal(0, 12, (h, w, 3))
    return np.clip(a, 0, 255).astype(np.uint8)


def ppm(w, h, gray=False):
    a = content(w, h)
    p = os.path.join(tmp, "in.pgm" if gray else "in.ppm")
    im = Image.fromarray(a, "RGB")
    (im.convert("L") if gray else im).save(p)
    return p


def add(name, data, mode, draft=None, truncated=False):
    with open(os.path.join("files", name + ".jpg"), "wb") as f:
        f.write(data)
    ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    im = Image.open(io.BytesIO(data))
    if draft:
        im.draft("RGB", tuple(draft))
    im = im.convert(mode)
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    im.save(os.path.join("golden", name + "." + mode + ".png"))
    cases.append({"name": name, "mode": mode, "width": im.width, "height": im.height,
                  "draft": draft, "truncated": truncated})


def cjpeg(w, h, *args, gray=False):
    return subprocess.run(["cjpeg", *args, ppm(w, h, gray)], check=True, capture_output=True).stdout


def pil(w, h, **kw):
    b = io.BytesIO()
    Image.fromarray(content(w, h), "RGB").save(b, "JPEG", **kw)
    return b.getvalue()


sizes = [(1, 1), (7, 13), (17, 9), (33, 27)]
samplings = {"444": "1x1", "422": "2x1", "420": "2x2", "440": "1x2", "411": "4x1",
             "410": "4x2", "310": "3x1", "131": "1x3", "mix": "2x2,1x2,2x1", "y1c2": "1x1,2x2,2x2"}
for sname, s in samplings.items():
    for w, h in sizes:
        data = cjpeg(w, h, "-sample", s, "-quality", "85")
        add(f"seq_{sname}_{w}x{h}", data, "RGB")
    add(f"prog_{sname}_40x30", cjpeg(40, 30, "-sample", s, "-progressive"), "RGB")
    add(f"rst_{sname}_40x30", cjpeg(40, 30, "-sample", s, "-restart", "2B"), "RGB")
for q in (1, 5, 10, 25, 50, 75, 90, 95, 100):
    add(f"q{q}_420", cjpeg(24, 20, "-quality", str(q)), "RGB")
    add(f"q{q}_gray", cjpeg(24, 20, "-quality", str(q), gray=True), "L")
for w, h in sizes + [(64, 48)]:
    add(f"gray_{w}x{h}", cjpeg(w, h, gray=True), "L")
    add(f"grayprog_{w}x{h}", cjpeg(w, h, "-progressive", gray=True), "L")
add("gray_as_rgb", cjpeg(17, 9, gray=True), "RGB")
add("rgb_as_l", cjpeg(17, 9), "L")
add("rgb_as_l_420", cjpeg(33, 27, "-sample", "2x2"), "L")
add("rst_rows", cjpeg(50, 40, "-restart", "1"), "RGB")
add("rst_1block_prog", cjpeg(40, 30, "-restart", "1B", "-progressive"), "RGB")
add("optimize", cjpeg(40, 30, "-optimize"), "RGB")
# sequential files in several scans: Y alone, then Cb and Cr interleaved
# (and each alone)
for name, script in {"multiscan_a": "0;\n1 2;\n", "multiscan_b": "2;\n0;\n1;\n"}.items():
    sp = os.path.join(tmp, name + ".txt")
    with open(sp, "w") as f:
        f.write(script)
    add(name, cjpeg(35, 19, "-sample", "2x2", "-scans", sp), "RGB")
add("adobe_rgb", cjpeg(20, 17, "-rgb"), "RGB")
add("pil_444", pil(31, 23, subsampling=0, quality=90), "RGB")
add("pil_422", pil(31, 23, subsampling=1), "RGB")
add("pil_420_prog", pil(31, 23, subsampling=2, progressive=True, quality=60), "RGB")
exif = Image.Exif()
exif[0x0112] = 6  # orientation: rotate 90 clockwise to view
add("pil_exif6", pil(12, 10, exif=exif.tobytes()), "RGB")
# Options.Orient: ImageOps.exif_transpose, every orientation
for o in range(1, 9):
    exif = Image.Exif()
    exif[0x0112] = o
    data = pil(13, 7, exif=exif.tobytes(), quality=90)
    name = f"orient{o}"
    with open(os.path.join("files", name + ".jpg"), "wb") as f:
        f.write(data)
    im = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    im.save(os.path.join("golden", name + ".RGB.png"))
    cases.append({"name": name, "mode": "RGB", "width": im.width, "height": im.height,
                  "draft": None, "truncated": False, "orient": True})
# ImageMagick 6 (Debian's imagemagick; /usr/bin/convert, not a stand-in
# earlier in PATH): its own encoder settings
IM = "/usr/bin/convert"
for name, args in {"im_420": ["-sampling-factor", "2x2"], "im_prog": ["-interlace", "Plane"],
                   "im_422_q30": ["-sampling-factor", "2x1", "-quality", "30"],
                   "im_gray": ["-colorspace", "Gray"], "im_cmyk": ["-colorspace", "CMYK"]}.items():
    out = os.path.join(tmp, "o.jpg")
    subprocess.run([IM, ppm(29, 19), *args, out], check=True)
    add(name, open(out, "rb").read(), "L" if name == "im_gray" else "RGB")
# draft(): every scale on each subsampling
for sname in ("444", "422", "420", "440", "411"):
    data = cjpeg(61, 45, "-sample", samplings[sname])
    for s in (2, 4, 8):
        add(f"draft{s}_{sname}", data, "RGB", draft=[61 // s, 45 // s])
    prog = cjpeg(61, 45, "-sample", samplings[sname], "-progressive")
    add(f"draft2_{sname}_prog", prog, "RGB", draft=[30, 22])
    add(f"draft8_{sname}_prog", prog, "RGB", draft=[7, 5])
for s in (2, 4, 8):
    add(f"draft{s}_gray", cjpeg(61, 45, gray=True), "L", draft=[61 // s, 45 // s])
    add(f"draft{s}_as_l", cjpeg(61, 45), "L", draft=[61 // s, 45 // s])
# truncated files: Pillow with LOAD_TRUNCATED_IMAGES (libjpeg's fill)
for name, data in {"seq": cjpeg(80, 60), "prog": cjpeg(80, 60, "-progressive"),
                   "rst": cjpeg(80, 60, "-restart", "1B")}.items():
    for frac in (0.5, 0.8):
        add(f"trunc_{name}_{int(frac * 100)}", data[: int(len(data) * frac)], "RGB", truncated=True)
    if name != "prog":  # Pillow leaves a truncated progressive draft() all black
        add(f"trunc_{name}_draft8", data[: int(len(data) * 0.6)], "RGB", draft=[10, 7], truncated=True)

# CMYK: Pillow writes an Adobe marker (inverted inks) and reads every
# CMYK file as inverted, marker or not
def cmyk(w, h, **kw):
    a = content(w, h)
    k = (255 - a.max(axis=-1)) // 2
    im = Image.fromarray(np.dstack([255 - a, k]).astype(np.uint8), "CMYK")
    b = io.BytesIO()
    im.save(b, "JPEG", **kw)
    return b.getvalue()


def strip_adobe(data):
    i = data.find(b"\xff\xee")
    n = int.from_bytes(data[i + 2:i + 4], "big")
    return data[:i] + data[i + 2 + n:]


add("cmyk_adobe", cmyk(23, 17, quality=90), "RGB")
add("cmyk_adobe_as_l", cmyk(23, 17, quality=90), "L")
add("cmyk_adobe_prog", cmyk(23, 17, quality=70, progressive=True), "RGB")
add("cmyk_noadobe", strip_adobe(cmyk(23, 17, quality=90)), "RGB")
add("cmyk_draft2", cmyk(41, 33, quality=90), "RGB", draft=[20, 16])


def ycck(w, h, samp, quality=85):
    """A YCCK file: TurboJPEG (libjpeg-turbo's libturbojpeg, through
    ctypes) writes CMYK sources as YCCK with an Adobe marker (transform 2)."""
    import ctypes
    tj = ctypes.CDLL("libturbojpeg.so.0")
    tj.tjInitCompress.restype = ctypes.c_void_p
    h_ = tj.tjInitCompress()
    a = content(w, h)
    src = np.ascontiguousarray(np.dstack([255 - a, (255 - a.max(axis=-1)) // 3]).astype(np.uint8))
    buf = ctypes.POINTER(ctypes.c_ubyte)()
    size = ctypes.c_ulong(0)
    TJPF_CMYK = 11
    if tj.tjCompress2(ctypes.c_void_p(h_), src.ctypes.data_as(ctypes.c_void_p), w, 0, h, TJPF_CMYK,
                      ctypes.byref(buf), ctypes.byref(size), samp, quality, 0) != 0:
        raise RuntimeError("tjCompress2 failed")
    data = ctypes.string_at(buf, size.value)
    tj.tjFree(buf)
    tj.tjDestroy(ctypes.c_void_p(h_))
    i = data.find(b"\xff\xee")
    assert i > 0 and data[i + 15] == 2, "expected an Adobe marker with transform 2"
    return data


add("ycck_444", ycck(19, 14, 0), "RGB")
add("ycck_420", ycck(37, 21, 2), "RGB")
add("ycck_420_as_l", ycck(37, 21, 2), "L")


# files this package refuses with ErrUnsupported (no golden output)
os.makedirs("unsupported", exist_ok=True)
with open("unsupported/arithmetic.jpg", "wb") as f:
    f.write(cjpeg(16, 16, "-arithmetic"))
with open("unsupported/arithmetic_prog.jpg", "wb") as f:
    f.write(cjpeg(16, 16, "-arithmetic", "-progressive"))

# garbage between a restart interval's data and its RSTn marker, longer
# than a reader's look-ahead and holding a stuffed FF 00 pair: libjpeg
# skips it all (next_marker) and goes on after the marker, at full size
# and at 1/8 (skipRun stops where the garbage starts)
def with_garbage(data):
    sos = data.find(b"\xff\xda")
    out, i = bytearray(data[:sos]), sos
    while True:
        j = data.find(b"\xff", i + 2)
        while j >= 0 and data[j + 1] in (0x00, 0xFF):
            j = data.find(b"\xff", j + 2)
        if j < 0 or not 0xD0 <= data[j + 1] <= 0xD7:
            out += data[i:]
            return bytes(out)
        out += data[i:j] + b"\x11" * 16 + b"\xff\x00\x22\x33"
        i = j


for name, args in {"rst_garbage": ["-restart", "1B"], "rst_garbage_gray": ["-restart", "2B"]}.items():
    data = with_garbage(cjpeg(64, 40, *args, gray=name.endswith("gray")))
    add(name, data, "L" if name.endswith("gray") else "RGB")
    add(name + "_draft8", data, "L" if name.endswith("gray") else "RGB", draft=[8, 5])


with open("cases.json", "w") as f:
    json.dump({"pillow": Image.__version__, "cases": cases}, f, indent=0)
shutil.rmtree(tmp)
print(len(cases), "cases")
