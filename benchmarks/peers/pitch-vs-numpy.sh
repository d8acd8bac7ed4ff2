#!/usr/bin/env bash
# Pitch tracking side by side: `augment audio pitch --method yin|pyin --json` against a YIN written directly from the
# paper's equations in numpy (difference function summed over the window, eq. 6; cumulative mean normalisation,
# eq. 8; absolute threshold 0.1; parabolic interpolation) with the same frames (centred on i x 10 ms, 25 ms window,
# 60-1000 Hz). librosa is not installed here, so its pyin cannot be the peer.
# Input: 120 s (SECONDS_OF_SPEECH) of espeak-ng speech (en-us, a paragraph, repeated), 16 kHz mono float WAV.
# Agreement: median f0 over frames both call voiced, and the median per-frame difference, in cents (tolerance 5).
# Speed: whole commands (process start, WAV read, JSON out) once each; real-time factor = input seconds / wall time. The .NET process start (~0.5-1 s) is included.
# Needs: espeak-ng, /usr/bin/python3 with numpy, the .NET SDK.
# Usage: bash benchmarks/peers/pitch-vs-numpy.sh   (AUGMENT=/path/to/release/augment skips the build)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/pitch-vs-numpy.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
for tool in espeak-ng /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y espeak-ng python3-numpy)" >&2; exit 2; }
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -z "${AUGMENT:-}" ]]; then
  echo "building augment (Release)..."
  dotnet build "$ROOT/src/Augment.Cli" -c Release -p:ArtifactsPath="$WORK/artifacts" -v quiet -nologo >/dev/null
  AUGMENT="$WORK/artifacts/bin/Augment.Cli/release/augment"
fi

AUGMENT="$AUGMENT" WORK="$WORK" /usr/bin/python3 - <<'EOT'
import json, os, struct, subprocess, time
import numpy as np

work, augment = os.environ["WORK"], os.environ["AUGMENT"]
sr, hop, W, min_lag, max_lag = 16000, 160, 400, 16, 267
seconds = int(os.environ.get("SECONDS_OF_SPEECH", "120"))

text = ("Pitch tracking follows the melody of the voice. The quick brown fox jumps over the lazy dog, "
        "while seven silver swans sing softly by the river. ") * 4
raw = os.path.join(work, "speech22.wav")
subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", raw, text], check=True)
data = open(raw, "rb").read()
pcm = np.frombuffer(data[data.index(b"data") + 8:], "<i2").astype(np.float64) / 32768.0
# 22.05 -> 16 kHz by FFT resampling (numpy only), cut to 30 s.
n16 = int(len(pcm) * sr / 22050)
x = np.fft.irfft(np.fft.rfft(pcm)[: n16 // 2 + 1], n16) * (n16 / len(pcm))
x = np.tile(x, 1 + seconds * sr // len(x))[: seconds * sr].astype(np.float32)
path = os.path.join(work, "speech.wav")
payload = x.astype("<f4").tobytes()
fmt = struct.pack("<HHIIHH", 3, 1, sr, sr * 4, 4, 32)
with open(path, "wb") as f:
    f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(payload)) + b"WAVE")
    f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(payload)) + payload)

def numpy_yin(x):
    L = W + max_lag + 1
    n_frames = (len(x) + hop - 1) // hop
    padded = np.concatenate([np.zeros(L), x.astype(np.float64), np.zeros(2 * L)])
    out = np.full(n_frames, np.nan)
    lags = np.arange(max_lag + 2)
    for i in range(n_frames):
        start = i * hop - L // 2 + L
        frame = padded[start:start + L]
        if np.mean(frame[:W] ** 2) < 1e-6:
            continue
        d = np.sum((np.lib.stride_tricks.sliding_window_view(frame, W)[: max_lag + 2] - frame[:W]) ** 2, axis=1)
        cum = np.cumsum(d[1:])
        dp = np.ones_like(d)
        dp[1:] = np.where(cum > 1e-20, d[1:] * lags[1:] / np.where(cum > 0, cum, 1), 1.0)
        below = np.nonzero(dp[min_lag:max_lag + 1] < 0.1)[0]
        if len(below) == 0:
            continue
        t = min_lag + below[0]
        while t + 1 <= max_lag and dp[t + 1] < dp[t]:
            t += 1
        a, b, c = dp[t - 1], dp[t], dp[t + 1]
        den = a - 2 * b + c
        out[i] = sr / (t + (0.0 if den <= 0 else float(np.clip(0.5 * (a - c) / den, -1, 1))))
    return out

start = time.perf_counter()
reference = numpy_yin(x)
numpy_seconds = time.perf_counter() - start
seconds_in = seconds

ok = True
print(f"| task | input | numpy YIN s (RTF) | augment s (RTF) | speed ratio | median f0 numpy / augment | median frame diff |")
print(f"|---|---|---|---|---|---|---|")
for method in ("yin", "pyin"):
    start = time.perf_counter()
    out = subprocess.run([augment, "audio", "pitch", path, "--json", "--method", method], check=True, capture_output=True).stdout
    wall = time.perf_counter() - start
    frames = json.loads(out)["frames"]
    ours = np.array([np.nan if f["f0"] is None else f["f0"] for f in frames])
    both = ~np.isnan(ours) & ~np.isnan(reference[: len(ours)])
    cents = 1200 * np.log2(ours[both] / reference[: len(ours)][both])
    median_gap = 1200 * np.log2(np.median(ours[both]) / np.median(reference[: len(ours)][both]))
    ok &= abs(median_gap) < 5 and np.median(np.abs(cents)) < 5
    print(f"| pitch {method} | {seconds_in} s 16 kHz speech | {numpy_seconds:.2f} ({seconds_in / numpy_seconds:.0f}x) | {wall:.2f} ({seconds_in / wall:.0f}x) | "
          f"{numpy_seconds / wall:.1f}x | {np.median(reference[: len(ours)][both]):.2f} / {np.median(ours[both]):.2f} Hz ({median_gap:+.2f} c) | "
          f"{np.median(np.abs(cents)):.2f} c over {both.sum()} frames |")
raise SystemExit(0 if ok else 1)
EOT
