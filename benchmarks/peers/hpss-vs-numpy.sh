#!/usr/bin/env bash
# HPSS speed: Augment's HarmonicPercussiveSeparator (one thread) against a numpy/scipy implementation of the
# same method (scipy.signal.stft, scipy.ndimage.median_filter 31x1 and 1x31, the same soft masks, istft) on the
# same 5-minute stereo 44.1 kHz float32 input, one thread each (OMP_NUM_THREADS=1), best of 2 runs on the Augment
# side, one run for scipy. Prints both times, the real-time factors, the ratio scipy/augment, and how closely the
# harmonic stems agree (SDR of Augment's stem against scipy's). The issue's target: Augment >= 20x real time.
# Usage: bash benchmarks/peers/hpss-vs-numpy.sh [seconds=300]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECONDS_LONG="${1:-300}"
WORK="$(mktemp -d /tmp/hpss-vs-numpy.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
if ! /usr/bin/python3 -c "import numpy, scipy.signal, scipy.ndimage" 2>/dev/null; then
  echo "numpy/scipy are missing for /usr/bin/python3: apt-get install -y --no-install-recommends python3-numpy python3-scipy" >&2
  exit 2
fi
mkdir -p "$WORK/runner"
cat > "$WORK/runner/HpssRunner.csproj" <<EOF2
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><Optimize>true</Optimize></PropertyGroup>
  <ItemGroup><ProjectReference Include="$ROOT/src/Augment.Audio/Augment.Audio.csproj" /></ItemGroup>
</Project>
EOF2
cat > "$WORK/runner/Program.cs" <<'EOF2'
using System.Diagnostics;
using System.Runtime.InteropServices;
using Augment;
using Augment.Audio;

var seconds = int.Parse(args[0]);
var folder = args[1];
const int Rate = 44100;
using var track = AudioBuffer.Create(2, seconds * Rate, Rate);
var random = new Random(11);
for (var c = 0; c < 2; c++)
{
    var x = track.Channel(c);
    for (var i = 0; i < x.Length; i++)
    {
        var t = (double)i / Rate;
        int beat = i % (Rate / 2), hit = i % (Rate / 4);
        var tones = (0.1 * Math.Sin(2 * Math.PI * 220 * t)) + (0.07 * Math.Sin(2 * Math.PI * 277.18 * t)) + (0.05 * Math.Sin(2 * Math.PI * (330 + (c * 0.5)) * t));
        var kick = 0.5 * Math.Exp(-beat / (0.05 * Rate)) * Math.Sin(2 * Math.PI * 55 * beat / Rate);
        var noise = 0.2 * Math.Exp(-hit / (0.02 * Rate)) * ((random.NextDouble() * 2) - 1);
        x[i] = (float)(tones + kick + noise);
    }
    File.WriteAllBytes(Path.Combine(folder, $"in{c}.f32"), MemoryMarshal.AsBytes(x).ToArray());
}
var separator = new HarmonicPercussiveSeparator(new HpssOptions { Budget = ComputeBudget.Default with { MaxThreads = 1 } });
var best = double.MaxValue;
for (var run = 0; run < 2; run++)
{
    var clock = Stopwatch.StartNew();
    using var stems = separator.Separate(track);
    best = Math.Min(best, clock.Elapsed.TotalSeconds);
    if (run == 0)
        for (var c = 0; c < 2; c++)
            File.WriteAllBytes(Path.Combine(folder, $"augment-harmonic{c}.f32"), MemoryMarshal.AsBytes(stems["harmonic"].Channel(c)).ToArray());
}
Console.WriteLine(best.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
EOF2
cat > "$WORK/peer.py" <<'EOF2'
import sys, time
import numpy as np, scipy.signal, scipy.ndimage
folder = sys.argv[1]
n_fft, hop, k = 2048, 512, 31
window = scipy.signal.get_window("hann", n_fft)
start = time.perf_counter()
outputs = []
for c in range(2):
    x = np.fromfile(f"{folder}/in{c}.f32", dtype=np.float32)
    _, _, z = scipy.signal.stft(x, window=window, nperseg=n_fft, noverlap=n_fft - hop, boundary="zeros", padded=True)
    z = z.astype(np.complex64)
    mag = np.abs(z)
    h = scipy.ndimage.median_filter(mag, size=(1, k), mode="reflect")
    p = scipy.ndimage.median_filter(mag, size=(k, 1), mode="reflect")
    hp, pp = h * h, p * p
    total = hp + pp
    mask = np.where(total > 0, hp / np.where(total > 0, total, 1), 0.5)
    for m in (mask, 1 - mask):
        _, y = scipy.signal.istft(z * m, window=window, nperseg=n_fft, noverlap=n_fft - hop, boundary=True)
        if m is mask:
            outputs.append(y[: len(x)].astype(np.float32))
elapsed = time.perf_counter() - start
for c in range(2):
    a = np.fromfile(f"{folder}/augment-harmonic{c}.f32", dtype=np.float32).astype(np.float64)
    s = outputs[c].astype(np.float64)
    n = min(len(a), len(s))
    print(f"channel {c}: harmonic stems agree to {10 * np.log10(np.sum(s[:n] ** 2) / max(np.sum((s[:n] - a[:n]) ** 2), 1e-30)):.1f} dB SDR", file=sys.stderr)
print(f"{elapsed:.3f}")
EOF2
dotnet build -c Release "$WORK/runner" -o "$WORK/bin" -v q -nologo >/dev/null
AUG="$(dotnet "$WORK/bin/HpssRunner.dll" "$SECONDS_LONG" "$WORK")"
PEER="$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$WORK/peer.py" "$WORK")"
/usr/bin/python3 - "$SECONDS_LONG" "$AUG" "$PEER" <<'EOF2'
import sys
seconds, aug, peer = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"HPSS of {seconds:.0f} s stereo 44.1 kHz, one thread:")
print(f"  augment     {aug:8.2f} s  ({seconds / aug:6.1f}x real time)")
print(f"  numpy/scipy {peer:8.2f} s  ({seconds / peer:6.1f}x real time)")
print(f"  ratio scipy/augment: {peer / aug:.1f}x")
EOF2
