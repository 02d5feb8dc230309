#!/usr/bin/python3
"""Writes the numpy-made .npy files package npy's tests read (Debian
python3-numpy): run from this directory with /usr/bin/python3."""
import numpy as np

rng = np.random.default_rng(13)
np.save("u8_2x3x4.npy", rng.integers(0, 256, (2, 3, 4), dtype=np.uint8))
np.save("i64_5.npy", rng.integers(-2**62, 2**62, (5,), dtype=np.int64))
np.save("f32_3x7.npy", rng.standard_normal((3, 7)).astype(np.float32))
np.save("f64_scalar.npy", np.float64(-2.5))
np.save("f64_0x4.npy", np.zeros((0, 4)))
for name in ["u8_2x3x4", "i64_5", "f32_3x7", "f64_scalar", "f64_0x4"]:
    a = np.load(name + ".npy")
    with open(name + ".txt", "w") as f:  # the values, to check the Go reader
        f.write(" ".join(str(d) for d in a.shape) + "\n")
        f.write(" ".join(repr(v) for v in a.ravel().tolist()) + "\n")
