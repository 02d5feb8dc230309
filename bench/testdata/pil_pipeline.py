"""The seeds' image pipeline in Pillow, timed for bench/pipeline:
Image.open(p).convert("RGB").resize(size), stacked with numpy, run
sequentially and with ProcessPoolExecutor(workers).

usage: pil_pipeline.py DIR WxH WORKERS OUT_PREFIX
Prints one line per mode: "pillow-sequential <seconds wall> <seconds CPU>"
(CPU of this process and its children), and writes the sequential array
to OUT_PREFIX.npy so the caller can compare it with hotloop's."""
import os, sys, time, resource
import numpy as np
from PIL import Image
from concurrent.futures import ProcessPoolExecutor

SIZE = None

def one(path):
    return np.asarray(Image.open(path).convert("RGB").resize(SIZE))

def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime

def main():
    global SIZE
    d, size, workers, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    SIZE = tuple(int(x) for x in size.split("x"))
    files = sorted(os.path.join(d, f) for f in os.listdir(d))
    c, t = cpu(), time.perf_counter()
    seq = np.array([one(f) for f in files])
    print(f"pillow-sequential {time.perf_counter() - t:.4f} {cpu() - c:.4f}", flush=True)
    np.save(out + ".npy", seq)
    c, t = cpu(), time.perf_counter()
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(SIZE,)) as ex:
        par = np.array(list(ex.map(one, files, chunksize=8)))
    print(f"pillow-processpool-{workers} {time.perf_counter() - t:.4f} {cpu() - c:.4f}", flush=True)
    assert (seq == par).all()

def _init(size):
    global SIZE
    SIZE = size

main()
