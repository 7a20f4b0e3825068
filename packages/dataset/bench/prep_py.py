"""Python/scipy run of the same per-file pipeline, for the side-by-side throughput figure.

Our own code, with the fixture generator's semantics (dsp.md §0-§8): librosa-style trim
reimplemented in numpy (constant padding, top_db 13.0103, 2048/1024), MVN, crop, LR scheme
(scipy cheby1+lfilter[::r] / scipy.signal.decimate / scipy.signal.resample), splrep/splev,
2048/1024 patches, cut to a multiple of 32, h5py write. Single process, like the seed.

usage: prep_py.py <list-of-lists.json> <out.h5> <scheme> <scale>
  list-of-lists.json: [[root, [relative paths...]], ...]
prints one JSON line: {"seconds": wall, "audio_seconds": s, "patches": n, "max_rss_mib": peak RSS}
"""
import json
import resource
import sys
import time

import h5py
import numpy as np
from scipy.interpolate import splev, splrep
from scipy.io import wavfile
from scipy.signal import cheby1, decimate, lfilter, resample

TOP_DB = -10 * np.log10(0.05)
FRAME, HOP = 2048, 1024


def trim(y):
    yp = np.pad(y, FRAME // 2, mode='constant')
    n_frames = 1 + len(y) // HOP
    idx = np.arange(FRAME)[None, :] + HOP * np.arange(n_frames)[:, None]
    frames = yp[idx]
    power = np.mean(frames**2, axis=1)
    db = 10 * np.log10(np.maximum(1e-10, power)) - 10 * np.log10(np.maximum(1e-10, power.max()))
    nz = np.flatnonzero(db > -TOP_DB)
    if nz.size == 0:
        return y[0:0]
    return y[nz[0] * HOP : min(len(y), (nz[-1] + 1) * HOP)]


def lowres(x, r, scheme, fs=16000):
    if scheme == 'subsampling':
        b, a = cheby1(8, 1, (fs // (2 * r)) / (fs / 2))
        return lfilter(b, a, x)[::r]
    if scheme == 'decimating':
        return decimate(x, r)
    return resample(x, len(x) // r)


def upsample(x_lr, r):
    n = len(x_lr)
    tck = splrep(np.arange(n) * r, x_lr)
    return splev(np.arange(n * r), tck)


def main():
    lists, out, scheme, r = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], int(sys.argv[4])
    t0 = time.perf_counter()
    data, label, audio = [], [], 0.0
    for root, files in lists:
        for f in files:
            fs, s = wavfile.read(f'{root}/{f}')
            x = s.astype(np.float64) / 32768.0
            audio += len(x) / fs
            x = trim(x)
            if len(x) == 0 or x.std() == 0:
                continue
            x = (x - x.mean()) / x.std()
            x = x[: len(x) - len(x) % r]
            if len(x) < 4 * r:
                continue
            up = upsample(lowres(x, r, scheme), r)
            for i in range(0, len(x) - 2048 + 1, 1024):
                label.append(x[i : i + 2048])
                data.append(up[i : i + 2048])
    n = len(data) // 32 * 32
    with h5py.File(out, 'w') as h:
        h.create_dataset('data', data=np.asarray(data[:n], np.float32)[:, :, None])
        h.create_dataset('label', data=np.asarray(label[:n], np.float32)[:, :, None])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'seconds': time.perf_counter() - t0, 'audio_seconds': audio, 'patches': n, 'max_rss_mib': rss}))


main()
