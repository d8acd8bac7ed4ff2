#!/usr/bin/env bash
# 48 kHz -> 44.1 kHz sample-rate conversion of a stereo multi-tone: Augment's Resampler (each quality
# preset) vs ffmpeg aresample with its own resampler (swr, default settings) and with libsoxr
# (precision 20 = soxr "HQ", 28 = "VHQ"), and sox `rate -v` when sox is installed.
# Speed: each tool runs once on the same raw f32le file, timed as a whole command (wall and cpu s).
# Quality: the same measurement for every output: a 65536-point periodic Blackman-Harris spectrum of
# the left channel, whose in-band tones (0.97..19.9 kHz) and out-of-band tones (22.2, 23.1, 23.9 kHz,
# which must be filtered out before they alias to 20.1..21.9 kHz) all fall exactly on bins at 44.1 kHz,
# so every other bin shows only what the resampler added. "stopband" is the loudest such bin relative to
# one tone's amplitude; "ripple" the largest deviation of an in-band tone from its input level.
# Tolerance: Augment's High preset must measure at most -100 dB (the script fails otherwise).
# Usage: bash benchmarks/peers/resample-vs-ffmpeg.sh [--seconds N]   (default 60 s of stereo)
set -euo pipefail

LIMIT_DB=-100
SECONDS_OF_AUDIO=60
[[ "${1:-}" == "--seconds" ]] && SECONDS_OF_AUDIO="$2"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/resample-vs-ffmpeg.XXXXXX)"
trap '[[ -n "${KEEP:-}" ]] || rm -rf "$WORK"' EXIT   # KEEP=1 keeps the work folder for inspection

if ! command -v ffmpeg >/dev/null; then
  echo "ffmpeg is missing: apt-get install -y --no-install-recommends ffmpeg" >&2
  exit 2
fi

mkdir -p "$WORK/runner"
cat > "$WORK/runner/ResampleRunner.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><Optimize>true</Optimize></PropertyGroup>
  <ItemGroup><ProjectReference Include="$ROOT/src/Augment.Audio/Augment.Audio.csproj" /></ItemGroup>
</Project>
EOF
cat > "$WORK/runner/Program.cs" <<'EOF'
using System.Diagnostics;
using System.Runtime.InteropServices;
using Augment;
using Augment.Audio;

// Tones on multiples of 44100*160/65536 Hz: bin-centred in a 65536-point spectrum at 44.1 kHz.
const double Bin = 44_100.0 * 160 / 65_536;
int[] inBand = [9, 28, 93, 150, 171, 185];
int[] outOfBand = [206, 215, 222];
const double Amplitude = 0.1;

switch (args[0])
{
    case "make-signal": // make-signal <out.f32> <seconds>: stereo interleaved f32le at 48 kHz
    {
        var frames = 48_000 * int.Parse(args[2]);
        var samples = new float[frames * 2];
        for (var i = 0; i < frames; i++)
        {
            double sum = 0;
            var t = i / 48_000.0;
            var tones = 0;
            foreach (var m in (int[])[.. inBand, .. outOfBand])
                sum += Math.Sin((2 * Math.PI * m * Bin * t) + (0.37 * ++tones));
            samples[2 * i] = samples[(2 * i) + 1] = (float)(Amplitude * sum);
        }
        File.WriteAllBytes(args[1], MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
        break;
    }
    case "resample": // resample <in.f32> <out.f32> <quality>
    {
        var bytes = File.ReadAllBytes(args[1]);
        var total = Stopwatch.StartNew();
        using var source = AudioBuffer.FromInterleaved(MemoryMarshal.Cast<byte, float>(bytes), 2, 48_000);
        var kernel = Stopwatch.StartNew();
        using var result = Resampler.Resample(source, 44_100, Enum.Parse<ResamplerQuality>(args[3]));
        kernel.Stop();
        var output = new float[result.Frames * 2];
        result.CopyInterleavedTo(output);
        File.WriteAllBytes(args[2], MemoryMarshal.AsBytes(output.AsSpan()).ToArray());
        Console.Error.WriteLine($"augment {args[3]}: resampler only {kernel.Elapsed.TotalSeconds:0.000} s, in-process total {total.Elapsed.TotalSeconds:0.000} s");
        break;
    }
    case "measure": // measure <out.f32>: prints "<stopband dB> <ripple dB>"
    {
        var stereo = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(args[1]));
        const int n = 65_536, offset = 22_050; // half a second in: past any start-up transient
        var x = new float[n];
        for (var i = 0; i < n; i++)
            x[i] = stereo[2 * (offset + i)];
        var window = WindowFunctions.Create(WindowKind.BlackmanHarris, n);
        double gain = 0;
        for (var i = 0; i < n; i++)
        {
            gain += window[i];
            x[i] *= window[i];
        }
        var plan = RealFftPlan.Create(n);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(x, re, im);
        double spur = 0, ripple = 0;
        for (var k = 1; k < plan.BinCount; k++)
        {
            var a = 2 * Math.Sqrt((re[k] * (double)re[k]) + (im[k] * (double)im[k])) / gain;
            var near = false;
            foreach (var m in inBand)
                near |= Math.Abs(k - (m * 160)) <= 3;
            if (!near)
                spur = Math.Max(spur, a);
        }
        foreach (var m in inBand)
        {
            var k = m * 160;
            var a = 2 * Math.Sqrt((re[k] * (double)re[k]) + (im[k] * (double)im[k])) / gain;
            ripple = Math.Max(ripple, Math.Abs(20 * Math.Log10(a / Amplitude)));
        }
        Console.WriteLine($"{20 * Math.Log10(spur / Amplitude):0.0} {ripple:0.0000}");
        break;
    }
}
EOF
echo "building the runner (Release)..." >&2
dotnet build -c Release -v q -nologo "$WORK/runner" -p:ArtifactsPath="$WORK/artifacts" -o "$WORK/bin" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
RUN="$WORK/bin/ResampleRunner"

"$RUN" make-signal "$WORK/in.f32" "$SECONDS_OF_AUDIO"
cat "$WORK/in.f32" > /dev/null   # warm the page cache

timed() { /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" 2>>"$WORK/stderr"; cat "$WORK/time"; }
FFIN=(-v error -nostdin -y -f f32le -ar 48000 -ac 2 -i "$WORK/in.f32")

printf '%-44s %-14s %7s %7s %10s %11s %9s\n' tool input "wall s" "cpu s" "peak MiB" "stopband dB" "ripple dB"
row() { # row <label> <wall> <user> <sys> <kib> <output file>; leaves the stopband in LAST_STOP
  read -r LAST_STOP ripple < <("$RUN" measure "$6")
  printf '%-44s %-14s %7s %7s %10s %11s %9s\n' "$1" "${SECONDS_OF_AUDIO} s 48k st." "$2" "$(awk -v u="$3" -v s="$4" 'BEGIN{printf "%.2f", u+s}')" "$(( $5 / 1024 ))" "$LAST_STOP" "$ripple"
}

read -r w u s k < <(timed ffmpeg "${FFIN[@]}" -af "aresample=44100" -f f32le "$WORK/swr.f32")
row "ffmpeg aresample (swr default)" "$w" "$u" "$s" "$k" "$WORK/swr.f32"
read -r w u s k < <(timed ffmpeg "${FFIN[@]}" -af "aresample=44100:resampler=soxr:precision=20" -f f32le "$WORK/soxr20.f32")
row "ffmpeg aresample soxr precision=20 (HQ)" "$w" "$u" "$s" "$k" "$WORK/soxr20.f32"
read -r w u s k < <(timed ffmpeg "${FFIN[@]}" -af "aresample=44100:resampler=soxr:precision=28" -f f32le "$WORK/soxr28.f32")
row "ffmpeg aresample soxr precision=28 (VHQ)" "$w" "$u" "$s" "$k" "$WORK/soxr28.f32"
if command -v sox >/dev/null; then
  read -r w u s k < <(timed sox -t f32 -r 48000 -c 2 "$WORK/in.f32" -t f32 "$WORK/sox.f32" rate -v 44100)
  row "sox rate -v" "$w" "$u" "$s" "$k" "$WORK/sox.f32"
else
  echo "(sox not installed: apt-get install -y sox adds the 'sox rate -v' row)" >&2
fi
for quality in Fast Balanced High; do
  read -r w u s k < <(timed "$RUN" resample "$WORK/in.f32" "$WORK/augment-$quality.f32" "$quality")
  row "augment Resampler $quality" "$w" "$u" "$s" "$k" "$WORK/augment-$quality.f32"
done
grep "resampler only" "$WORK/stderr" | sed 's/^/  /' >&2
if awk -v s="$LAST_STOP" -v l="$LIMIT_DB" 'BEGIN{exit !(s > l)}'; then
  echo "Augment High measured $LAST_STOP dB, above the $LIMIT_DB dB limit" >&2
  exit 1
fi
