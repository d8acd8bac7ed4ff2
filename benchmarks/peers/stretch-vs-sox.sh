#!/usr/bin/env bash
# Time-stretch and pitch-shift side by side: `augment audio voice stretch --factor 1.5` (phase vocoder, identity
# phase locking) against `sox tempo -s 0.6667` (WSOLA), and `augment audio voice shift --semitones 3` (with and
# without --preserve-formants) against `sox pitch 300`, on the same input: 60 s of 44.1 kHz mono harmonic tone
# (f0 196 Hz, eight partials at 1/k). Result: output duration and the f0 measured on the output (numpy FFT of the
# middle 40 s, 8x zero-padded, parabolic interpolation of the log magnitude). Speed: whole commands (process start,
# WAV read/write), best of 3 for wall time and CPU time (user + system); real-time factor (RTF) = 60 s / wall
# time; ratios = sox time / augment time (wall, CPU).
# Timings need an idle machine: the load average is printed first.
# Needs: sox, /usr/bin/python3 with numpy, the .NET SDK (or AUGMENT=/path/to/augment, a Release build).
# Usage: bash benchmarks/peers/stretch-vs-sox.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/stretch-vs-sox.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
for tool in sox /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y sox python3-numpy)" >&2; exit 2; }
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -z "${AUGMENT:-}" ]; then
  echo "building augment (Release)..."
  dotnet build "$ROOT/src/Augment.Cli" -c Release -p:ArtifactsPath="$WORK/artifacts" -v quiet -nologo >/dev/null
  AUGMENT="$WORK/artifacts/bin/Augment.Cli/release/augment"
fi

AUGMENT="$AUGMENT" WORK="$WORK" /usr/bin/python3 - <<'EOT'
import os, struct, subprocess, time
import numpy as np

work, augment = os.environ["WORK"], os.environ["AUGMENT"]
rate, seconds, f0 = 44100, 60, 196.0

def write_wav(path, x, sr):
    data = np.asarray(x, dtype="<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, sr, sr * 4, 4, 32)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data)

def read_wav(path):
    raw = open(path, "rb").read()
    pos, fmt, bits = 12, None, None
    while pos + 8 <= len(raw):
        cid, size = raw[pos:pos + 4], struct.unpack("<I", raw[pos + 4:pos + 8])[0]
        body = raw[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt, channels, sr, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if fmt == 0xFFFE: fmt = struct.unpack("<H", body[24:26])[0]
        elif cid == b"data":
            if fmt == 3 and bits == 32: return np.frombuffer(body, "<f4").astype(np.float64)
            if fmt == 1 and bits == 16: return np.frombuffer(body, "<i2") / 32768.0
            raise SystemExit(f"{path}: unexpected WAV format {fmt}/{bits}")
        pos += 8 + size + (size & 1)
    raise SystemExit(f"{path}: no data chunk")

def f0_of(x, expected):
    n = len(x)
    seg = x[n // 6: n - n // 6]
    seg = seg * np.hanning(len(seg))
    size = 8 * len(seg)
    spec = np.abs(np.fft.rfft(seg, size))
    lo, hi = int(expected * 0.9 * size / rate), int(expected * 1.1 * size / rate)
    k = lo + int(np.argmax(spec[lo:hi]))
    a, b, c = np.log(spec[k - 1:k + 2])
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * rate / size

def timed(*args):
    # Best of 3 for wall time and for CPU time (user + system of the child): on a loaded machine the CPU time
    # is the steadier of the two.
    best, best_cpu = 1e9, 1e9
    for _ in range(3):
        before = os.times()
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        best = min(best, time.perf_counter() - start)
        after = os.times()
        best_cpu = min(best_cpu, (after.children_user - before.children_user) + (after.children_system - before.children_system))
    return best, best_cpu

t = np.arange(rate * seconds) / rate
x = sum(np.sin(2 * np.pi * k * f0 * t + k) / k for k in range(1, 9))
x = 0.5 * x / np.max(np.abs(x))
src = os.path.join(work, "in.wav")
write_wav(src, x, rate)

cases = [
    ("stretch x1.5", 196.0,
     [augment, "audio", "voice", "stretch", src, "--factor", "1.5", "--out", os.path.join(work, "a1.wav")], "a1.wav",
     ["sox", "-D", src, os.path.join(work, "s1.wav"), "tempo", "-s", str(1 / 1.5)], "s1.wav"),
    ("shift +3 st", 196.0 * 2 ** (3 / 12),
     [augment, "audio", "voice", "shift", src, "--semitones", "3", "--out", os.path.join(work, "a2.wav")], "a2.wav",
     ["sox", "-D", src, os.path.join(work, "s2.wav"), "pitch", "300"], "s2.wav"),
    ("shift +3 st, formants kept", 196.0 * 2 ** (3 / 12),
     [augment, "audio", "voice", "shift", src, "--semitones", "3", "--preserve-formants", "--out", os.path.join(work, "a3.wav")], "a3.wav",
     ["sox", "-D", src, os.path.join(work, "s3.wav"), "pitch", "300"], "s3.wav"),
]
print(f"input: {seconds} s, {rate} Hz mono, f0 {f0} Hz")
print(f"{'case':28} {'aug wall':>8} {'sox wall':>8} {'aug cpu':>8} {'sox cpu':>8} {'aug dur':>8} {'sox dur':>8} {'aug f0':>9} {'sox f0':>9} {'expect':>9} {'aug RTF':>8} {'sox RTF':>8} {'sox/aug':>8} {'cpu s/a':>8}")
for name, expected, acmd, aout, scmd, sout in cases:
    (ta, ca), (ts, cs) = timed(*acmd), timed(*scmd)
    ya, ys = read_wav(os.path.join(work, aout)), read_wav(os.path.join(work, sout))
    print(f"{name:28} {ta:8.2f} {ts:8.2f} {ca:8.2f} {cs:8.2f} {len(ya) / rate:8.3f} {len(ys) / rate:8.3f} {f0_of(ya, expected):9.3f} {f0_of(ys, expected):9.3f} {expected:9.3f} {seconds / ta:8.1f} {seconds / ts:8.1f} {ts / ta:8.2f} {cs / ca:8.2f}")
EOT
