"""Reference harmonic/percussive separation with numpy/scipy (Fitzgerald 2010, margins after Driedger 2014).

Usage: hpss_peer.py in.f32 out_prefix n_fft hop kernel_harmonic kernel_percussive power margin
Writes out_prefix.harmonic.f32 and out_prefix.percussive.f32 (and .residual.f32 when margin > 1), float32 mono.
The masks are written the way librosa.decompose.hpss writes them; where H and P are both zero each stem gets half.
"""
import sys
import numpy as np
import scipy.signal
import scipy.ndimage


def softmask(x, y, p):
    z = np.maximum(x, y)
    bad = z <= 0
    z = np.where(bad, 1.0, z)
    a = (x / z) ** p
    b = (y / z) ** p
    return np.where(bad, 0.5, a / np.where(bad, 1.0, a + b))


def main():
    src, prefix = sys.argv[1], sys.argv[2]
    n_fft, hop, kh, kp = (int(v) for v in sys.argv[3:7])
    power, margin = float(sys.argv[7]), float(sys.argv[8])
    x = np.fromfile(src, dtype=np.float32).astype(np.float64)
    window = scipy.signal.get_window("hann", n_fft)  # periodic
    _, _, z = scipy.signal.stft(x, window=window, nperseg=n_fft, noverlap=n_fft - hop, boundary="zeros", padded=True)
    mag = np.abs(z)
    h = scipy.ndimage.median_filter(mag, size=(1, kh), mode="reflect")
    p = scipy.ndimage.median_filter(mag, size=(kp, 1), mode="reflect")
    mh = softmask(h, margin * p, power)
    mp = softmask(p, margin * h, power)
    stems = {"harmonic": mh}
    if margin > 1:
        stems["percussive"] = mp
        stems["residual"] = np.maximum(1.0 - mh - mp, 0.0)
    else:
        stems["percussive"] = 1.0 - mh
    for name, mask in stems.items():
        _, y = scipy.signal.istft(z * mask, window=window, nperseg=n_fft, noverlap=n_fft - hop, boundary=True)
        y = np.pad(y, (0, max(0, len(x) - len(y))))[: len(x)]
        y.astype(np.float32).tofile(f"{prefix}.{name}.f32")


if __name__ == "__main__":
    main()
