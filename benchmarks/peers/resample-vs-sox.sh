#!/usr/bin/env bash
# Sample-rate conversion, Augment's Resampler (High, the default) vs `sox rate -v` (very high quality),
# side by side on the same raw float32 files, measured the same way (issue 5: "sine sweep through
# 48k->44.1k->48k, stopband and passband ripple measured; compare quality and speed with sox rate -v").
#
# Quality (mono, 48 kHz):
#   tones      bin-centred multi-tone (in band 0.97..19.9 kHz, above the 22.05 kHz Nyquist 22.2..23.9 kHz)
#              through 48k->44.1k; a 65536-point periodic Blackman-Harris spectrum: "spurs" is the loudest
#              bin away from the in-band tones (aliases and anything else added), "ripple" the largest
#              deviation of an in-band tone from its input level.
#   stopband   a 22.1 -> 23.99 kHz linear sweep through 48k->44.1k: everything that comes out is aliasing;
#              output RMS relative to input RMS.
#   round trip a 20 Hz -> 19.5 kHz linear sweep through 48k->44.1k->48k: RMS of (output - input) relative
#              to the input (both tools are linear-phase and time-aligned, so the same samples should return).
# Speed: a 10-minute stereo 48 kHz file (a 20 Hz..20 kHz log sweep over pink-ish noise) through 48k->44.1k
#   and back 44.1k->48k, each whole command timed under /usr/bin/time, best of 3 (wall and cpu s). Both
#   stream the file on one thread (sox by default; Augment with one streaming Resampler per channel in
#   65536-frame blocks). The Augment command includes .NET start-up, JIT and the raw file I/O; its runner
#   also prints the in-process resampling time (de/interleaving included). Timings need an idle machine:
#   the script prints the load average.
# Tolerance: Augment's spurs and stopband leak must stay under -100 dB (the issue's 100 dB), else exit 1.
# Usage: bash benchmarks/peers/resample-vs-sox.sh [--minutes N] [--runs N]   (defaults 10 and 3)
set -euo pipefail

LIMIT_DB=-100
MINUTES=10
RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/resample-vs-sox.XXXXXX)"
trap '[[ -n "${KEEP:-}" ]] || rm -rf "$WORK"' EXIT   # KEEP=1 keeps the work folder for inspection

if ! command -v sox >/dev/null; then
  echo "sox is missing: apt-get install -y --no-install-recommends sox" >&2
  exit 2
fi

mkdir -p "$WORK/runner"
cat > "$WORK/runner/SoxRunner.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><Optimize>true</Optimize></PropertyGroup>
  <ItemGroup><ProjectReference Include="$ROOT/src/Augment.Audio/Augment.Audio.csproj" /></ItemGroup>
</Project>
EOF
cat > "$WORK/runner/Program.cs" <<'EOF'
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Augment;
using Augment.Audio;

// Tones on multiples of 44100*160/65536 Hz: bin-centred in a 65536-point spectrum at 44.1 kHz.
const double Bin = 44_100.0 * 160 / 65_536;
int[] inBand = [9, 28, 93, 150, 171, 185];
int[] outOfBand = [206, 215, 222];
const double ToneAmplitude = 0.1;

static float[] Load(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
static void Save(string path, float[] x) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(x.AsSpan()).ToArray());
static double Rms(ReadOnlySpan<float> x) { double s = 0; foreach (var v in x) s += v * (double)v; return Math.Sqrt(s / x.Length); }
static double Db(double r) => 20 * Math.Log10(Math.Max(r, 1e-300));

// A linear sweep with 2000-sample raised-cosine fades, so the ends add no clicks.
static float[] Sweep(int n, int rate, double from, double to, double amplitude)
{
    var x = new float[n];
    var seconds = n / (double)rate;
    for (var i = 0; i < n; i++)
    {
        var t = i / (double)rate;
        var fade = Math.Min(1.0, Math.Min(i, n - 1 - i) / 2000.0);
        x[i] = (float)(amplitude * (0.5 - (0.5 * Math.Cos(Math.PI * fade))) * Math.Sin(2 * Math.PI * ((from * t) + ((to - from) * t * t / (2 * seconds)))));
    }
    return x;
}

switch (args[0])
{
    case "make": // make <folder> <minutes>: the quality signals (mono) and the long stereo file
    {
        var folder = args[1];
        var n = 90_000; // 82 688 samples at 44.1 kHz: the analysis needs 8192 + 65536
        var tones = new float[n];
        var all = (int[])[.. inBand, .. outOfBand];
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            for (var t = 0; t < all.Length; t++)
                sum += Math.Sin((2 * Math.PI * all[t] * Bin * i / 48_000) + (0.37 * (t + 1)));
            tones[i] = (float)(ToneAmplitude * sum);
        }
        Save(Path.Combine(folder, "tones.f32"), tones);
        Save(Path.Combine(folder, "stopband.f32"), Sweep(96_000, 48_000, 22_100, 23_990, 0.5));
        Save(Path.Combine(folder, "passband.f32"), Sweep(96_000, 48_000, 20, 19_500, 0.5));
        // Long stereo file, written in blocks: a 20 Hz..20 kHz log sweep every 10 s plus noise, channels decorrelated.
        var frames = (long)(double.Parse(args[2], CultureInfo.InvariantCulture) * 60 * 48_000);
        using var stream = File.Create(Path.Combine(folder, "long.f32"));
        var random = new Random(3);
        var block = new float[2 * 48_000];
        double phase = 0;
        for (long start = 0; start < frames; start += 48_000)
        {
            var count = (int)Math.Min(48_000, frames - start);
            for (var i = 0; i < count; i++)
            {
                var t = ((start + i) % 480_000) / 48_000.0;
                phase += 2 * Math.PI * 20 * Math.Pow(1000, t / 10) / 48_000;
                var s = 0.3 * Math.Sin(phase);
                block[2 * i] = (float)(s + (0.05 * ((random.NextDouble() * 2) - 1)));
                block[(2 * i) + 1] = (float)((0.8 * s) + (0.05 * ((random.NextDouble() * 2) - 1)));
            }
            stream.Write(MemoryMarshal.AsBytes(block.AsSpan(0, 2 * count)));
        }
        break;
    }
    case "resample": // resample <in.f32> <out.f32> <in rate> <out rate> <channels>: High preset, streamed like sox
    {
        // One streaming Resampler per channel on one thread, 65536-frame blocks read and written through the
        // files: constant memory, as sox runs (and as a long file is converted).
        var channels = int.Parse(args[5], CultureInfo.InvariantCulture);
        var (inRate, outRate) = (int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
        const int block = 65_536;
        var resamplers = new Resampler[channels];
        for (var c = 0; c < channels; c++)
            resamplers[c] = new Resampler(inRate, outRate, ResamplerQuality.High);
        var capacity = resamplers[0].MaxOutputLength(block) + resamplers[0].MaxOutputLength(resamplers[0].LookaheadSamples);
        var interleaved = new float[block * channels];
        var planeIn = new float[block];
        var planesOut = new float[channels][];
        for (var c = 0; c < channels; c++)
            planesOut[c] = new float[capacity];
        var output = new float[capacity * channels];
        var kernel = new Stopwatch();
        var total = Stopwatch.StartNew();
        using var reader = File.OpenRead(args[1]);
        using var writer = File.Create(args[2]);
        var bytes = MemoryMarshal.AsBytes(interleaved.AsSpan());
        while (true)
        {
            var got = reader.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) / (4 * channels);
            var written = 0;
            kernel.Start();
            for (var c = 0; c < channels; c++)
            {
                for (var i = 0; i < got; i++)
                    planeIn[i] = interleaved[(i * channels) + c];
                written = resamplers[c].Process(planeIn.AsSpan(0, got), planesOut[c]);
                if (got < block)
                    written += resamplers[c].Flush(planesOut[c].AsSpan(written));
                for (var i = 0; i < written; i++)
                    output[(i * channels) + c] = planesOut[c][i];
            }
            kernel.Stop();
            writer.Write(MemoryMarshal.AsBytes(output.AsSpan(0, written * channels)));
            if (got < block)
                break;
        }
        Console.Error.WriteLine($"augment {inRate}->{outRate}: resampling {kernel.Elapsed.TotalSeconds:0.000} s of {total.Elapsed.TotalSeconds:0.000} s in process");
        break;
    }
    case "tones": // tones <out.f32 at 44.1k>: "<spurs dB> <ripple dB>"
    {
        var y = Load(args[1]);
        const int n = 65_536, offset = 8_192;
        var x = new float[n];
        var window = WindowFunctions.Create(WindowKind.BlackmanHarris, n);
        double gain = 0;
        for (var i = 0; i < n; i++)
        {
            gain += window[i];
            x[i] = y[offset + i] * window[i];
        }
        var plan = RealFftPlan.Create(n);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(x, re, im);
        double Amplitude(int k) => 2 * Math.Sqrt((re[k] * (double)re[k]) + (im[k] * (double)im[k])) / gain;
        double spur = 0, ripple = 0;
        for (var k = 1; k < plan.BinCount; k++)
        {
            var near = false;
            foreach (var m in inBand)
                near |= Math.Abs(k - (m * 160)) <= 3;
            if (!near)
                spur = Math.Max(spur, Amplitude(k));
        }
        foreach (var m in inBand)
            ripple = Math.Max(ripple, Math.Abs(Db(Amplitude(m * 160) / ToneAmplitude)));
        Console.WriteLine(FormattableString.Invariant($"{Db(spur / ToneAmplitude):0.0} {ripple:0.000000}"));
        break;
    }
    case "leak": // leak <in.f32> <out.f32>: output RMS / input RMS in dB
        Console.WriteLine(FormattableString.Invariant($"{Db(Rms(Load(args[2])) / Rms(Load(args[1]))):0.0}"));
        break;
    case "error": // error <reference.f32> <out.f32>: RMS of the difference over the reference's length, in dB
    {
        var reference = Load(args[1]);
        var y = Load(args[2]);
        double sum = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var e = (i < y.Length ? y[i] : 0.0) - reference[i];
            sum += e * e;
        }
        Console.WriteLine(FormattableString.Invariant($"{Db(Math.Sqrt(sum / reference.Length) / Rms(reference)):0.0}"));
        break;
    }
}
EOF
echo "building the runner (Release)..." >&2
dotnet build -c Release -v q -nologo "$WORK/runner" -p:ArtifactsPath="$WORK/artifacts" -o "$WORK/bin" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
RUN="$WORK/bin/SoxRunner"
"$RUN" make "$WORK" "$MINUTES"

ours() { "$RUN" resample "$1" "$2" "$3" "$4" "$5" 2>>"$WORK/stderr"; }
theirs() { sox -D -V1 -t f32 -r "$3" -c "$5" "$1" -t f32 "$2" rate -v "$4"; }

# --- quality -------------------------------------------------------------------------------------
for tool in ours theirs; do
  "$tool" "$WORK/tones.f32" "$WORK/tones-$tool.f32" 48000 44100 1
  "$tool" "$WORK/stopband.f32" "$WORK/stopband-$tool.f32" 48000 44100 1
  "$tool" "$WORK/passband.f32" "$WORK/down-$tool.f32" 48000 44100 1
  "$tool" "$WORK/down-$tool.f32" "$WORK/back-$tool.f32" 44100 48000 1
done
read -r OUR_SPUR OUR_RIPPLE < <("$RUN" tones "$WORK/tones-ours.f32")
read -r SOX_SPUR SOX_RIPPLE < <("$RUN" tones "$WORK/tones-theirs.f32")
OUR_LEAK=$("$RUN" leak "$WORK/stopband.f32" "$WORK/stopband-ours.f32")
SOX_LEAK=$("$RUN" leak "$WORK/stopband.f32" "$WORK/stopband-theirs.f32")
OUR_ERR=$("$RUN" error "$WORK/passband.f32" "$WORK/back-ours.f32")
SOX_ERR=$("$RUN" error "$WORK/passband.f32" "$WORK/back-theirs.f32")

echo "quality (mono 48 kHz signals; lower is better):"
printf '  %-34s %14s %14s\n' measure "sox rate -v" "augment High"
printf '  %-34s %14s %14s\n' "tones 48k->44.1k: spurs dB" "$SOX_SPUR" "$OUR_SPUR"
printf '  %-34s %14s %14s\n' "tones 48k->44.1k: ripple dB" "$SOX_RIPPLE" "$OUR_RIPPLE"
printf '  %-34s %14s %14s\n' "stopband sweep leak dB" "$SOX_LEAK" "$OUR_LEAK"
printf '  %-34s %14s %14s\n' "passband sweep round trip err dB" "$SOX_ERR" "$OUR_ERR"

# --- speed ---------------------------------------------------------------------------------------
cat "$WORK/long.f32" > /dev/null   # warm the page cache
echo "speed (ratio = sox / augment, above 1 means Augment is faster): ${MINUTES} min stereo 48 kHz f32, best of $RUNS whole commands; load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
best() { # best <label> <command...>: prints "<wall> <cpu> <peak MiB>" of the fastest run (by wall)
  local label="$1"; shift
  local bw="" bc="" bm=""
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@"
    read -r w u s k < "$WORK/time"
    if [[ -z "$bw" ]] || awk -v a="$w" -v b="$bw" 'BEGIN{exit !(a < b)}'; then
      bw="$w"; bc=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}'); bm=$(( k / 1024 ))
    fi
  done
  echo "$bw $bc $bm"
}
printf '  %-18s %8s %8s %9s %8s %8s %9s %10s %10s\n' direction "sox s" "cpu s" "peak MiB" "ours s" "cpu s" "peak MiB" "wall ratio" "cpu ratio"
for pair in "48000 44100 long.f32 long-44k" "44100 48000 long-44k-theirs.f32 long-48k"; do
  read -r from to input output <<<"$pair"
  # The way back starts from each tool's own 44.1 kHz output (same length, same content within -85 dB).
  sox_in="$WORK/$input"; our_in="$WORK/$input"
  [[ "$input" == long-44k-theirs.f32 ]] && our_in="$WORK/long-44k-ours.f32"
  read -r sw sc sm < <(best sox sox -D -V1 -t f32 -r "$from" -c 2 "$sox_in" -t f32 "$WORK/$output-theirs.f32" rate -v "$to")
  read -r ow oc om < <(best augment "$RUN" resample "$our_in" "$WORK/$output-ours.f32" "$from" "$to" 2 2>>"$WORK/stderr")
  printf '  %-18s %8s %8s %9s %8s %8s %9s %9sx %9sx\n' "$from -> $to" "$sw" "$sc" "$sm" "$ow" "$oc" "$om" \
    "$(awk -v a="$sw" -v b="$ow" 'BEGIN{printf "%.2f", a/b}')" "$(awk -v a="$sc" -v b="$oc" 'BEGIN{printf "%.2f", a/b}')"
done
echo "  (in-process resampling time of each Augment run:)"
grep "resampling" "$WORK/stderr" | tail -n $((2 * RUNS)) | sed 's/^/    /'

status=0
for v in "$OUR_SPUR" "$OUR_LEAK"; do
  if awk -v s="$v" -v l="$LIMIT_DB" 'BEGIN{exit !(s > l)}'; then
    echo "Augment High measured $v dB, above the $LIMIT_DB dB limit" >&2
    status=1
  fi
done
exit $status
