#!/usr/bin/env bash
# Integrated loudness + true peak (EBU R128 / ITU-R BS.1770-4) of a generated 48 kHz stereo 16-bit WAV:
# ffmpeg `ebur128=peak=true` vs Augment (LoudnessMeter.Measure over a streaming WavReader), same file.
# Both sides are timed as whole commands (process start, WAV decode, K-weighting, gating, 4x true peak);
# the Augment runner also prints the meter's own share. Augment runs single-threaded (the meter is one
# pass over the stream), as does ffmpeg's filter. "cpu s" is user + system time, steadier than wall time
# on a shared machine.
# The programme is music-like (bass line, harmonic chords, repeating chirps, hi-hat noise bursts, a slow
# swell, quiet passages) so the gates and inter-sample peaks have work to do.
# Tolerance: |ΔI| <= 0.1 LU, |ΔTP| <= 0.2 dB (ffmpeg prints one decimal).
# Usage: bash benchmarks/peers/loudness-vs-ffmpeg.sh [--minutes N]   (default 10 minutes, ~110 MB under /tmp)
set -euo pipefail

TOL_I=0.1
TOL_TP=0.2
MINUTES=10
[[ "${1:-}" == "--minutes" ]] && MINUTES="$2"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/loudness-vs-ffmpeg.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

if ! command -v ffmpeg >/dev/null; then
  echo "ffmpeg is missing: apt-get install -y --no-install-recommends ffmpeg" >&2
  exit 2
fi

mkdir -p "$WORK/runner"
cat > "$WORK/runner/LoudnessRunner.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><Optimize>true</Optimize></PropertyGroup>
  <ItemGroup><ProjectReference Include="$ROOT/src/Augment.Audio/Augment.Audio.csproj" /></ItemGroup>
</Project>
EOF
cat > "$WORK/runner/Program.cs" <<'EOF'
using System.Diagnostics;
using System.Globalization;
using Augment;
using Augment.Audio;

if (args[0] == "make")
{
    // make <out.wav> <minutes>: the music-like programme, written block by block (constant memory).
    const int rate = 48000, block = 48000;
    var frames = (long)(double.Parse(args[2], CultureInfo.InvariantCulture) * 60 * rate);
    using var writer = WavWriter.Create(args[1], new AudioFormat(rate, 2), new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16 });
    var planar = new float[2 * block];
    var random = new Random(7);
    double[] roots = [55.0, 65.41, 73.42, 49.0];
    for (long start = 0; start < frames; start += block)
    {
        var n = (int)Math.Min(block, frames - start);
        for (var i = 0; i < n; i++)
        {
            var t = (double)(start + i) / rate;
            var root = roots[(int)(t / 2.0) % roots.Length];
            var beat = t * 2 % 1.0;
            var bass = 0.25 * Math.Sin(2 * Math.PI * root * t) * Math.Exp(-3 * beat);
            var chord = 0.0;
            for (var h = 1; h <= 4; h++)
                chord += 0.05 / h * (Math.Sin(2 * Math.PI * root * 4 * h * t) + Math.Sin(2 * Math.PI * root * 5 * h * t + 0.3));
            var tc = t % 10.0;
            var chirp = 0.08 * Math.Sin(2 * Math.PI * (200 * tc + 40 * tc * tc));
            var hat = (t * 4 % 1.0) < 0.03 ? 0.3 * (random.NextDouble() * 2 - 1) : 0.0;
            // A slow swell plus a quiet passage every 40 s, so the gates and the range matter.
            var swell = (0.6 + 0.4 * Math.Sin(2 * Math.PI * t / 7.0)) * (t % 40.0 < 8.0 ? 0.1 : 1.0);
            planar[i] = (float)(swell * (bass + chord + 0.7 * chirp) + hat);
            planar[n + i] = (float)(swell * (bass + 0.8 * chord + chirp) - 0.8 * hat);
        }
        writer.Write(planar, n);
    }
    writer.Complete();
    return;
}
// measure <in.wav>
var clock = Stopwatch.StartNew();
using var source = AudioFile.Open(args[1]);
var result = LoudnessMeter.Measure(source, new LoudnessMeterOptions { KeepSeries = false });
Console.Error.WriteLine($"augment measure only: {clock.Elapsed.TotalSeconds:0.000} s");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.IntegratedLufs:0.000} {result.TruePeakDbtp:0.000} {result.RangeLu:0.00}"));
EOF
echo "building the runner (Release)..." >&2
dotnet build -c Release -v q -nologo "$WORK/runner" -p:ArtifactsPath="$WORK/artifacts" -o "$WORK/bin" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
RUN="$WORK/bin/LoudnessRunner"

"$RUN" make "$WORK/programme.wav" "$MINUTES"
cat "$WORK/programme.wav" > /dev/null   # warm the page cache

timed() { /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@"; cat "$WORK/time"; }

read -r fs fu fsys fk < <(timed ffmpeg -nostdin -hide_banner -nostats -i "$WORK/programme.wav" -af ebur128=peak=true -f null - 2>"$WORK/ffmpeg.log")
summary="$(sed -n '/Summary:/,$p' "$WORK/ffmpeg.log")"
f_i=$(awk '/^ *I:/{print $2; exit}' <<<"$summary")
f_tp=$(awk '/^ *Peak:/{print $2; exit}' <<<"$summary")
f_lra=$(awk '/^ *LRA:/{print $2; exit}' <<<"$summary")

/usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$RUN" measure "$WORK/programme.wav" >"$WORK/augment.out" 2>"$WORK/augment.err"
read -r as au asys ak < "$WORK/time"
cat "$WORK/augment.err" >&2
read -r a_i a_tp a_lra < "$WORK/augment.out"

ratio=$(awk -v p="$fs" -v a="$as" 'BEGIN{printf "%.2fx", p/a}')
fc=$(awk -v u="$fu" -v s="$fsys" 'BEGIN{printf "%.2f", u+s}'); ac=$(awk -v u="$au" -v s="$asys" 'BEGIN{printf "%.2f", u+s}')
cratio=$(awk -v p="$fc" -v a="$ac" 'BEGIN{printf "%.2fx", p/a}')
d_i=$(awk -v p="$f_i" -v a="$a_i" 'BEGIN{d=p-a; if(d<0)d=-d; printf "%.3f", d}')
d_tp=$(awk -v p="$f_tp" -v a="$a_tp" 'BEGIN{d=p-a; if(d<0)d=-d; printf "%.3f", d}')

printf '%-34s %-20s %7s %9s %6s %10s %13s %9s %21s %s\n' task input "peer s" "augment s" ratio "peer cpu s" "augment cpu s" "cpu ratio" "peak MiB (peer/aug)" "difference"
printf '%-34s %-20s %7s %9s %6s %10s %13s %9s %21s %s\n' "loudness I + true peak (ebur128)" "${MINUTES} min 48k stereo s16" "$fs" "$as" "$ratio" "$fc" "$ac" "$cratio" "$((fk/1024)) / $((ak/1024))" \
  "I ${f_i}/${a_i} LUFS (Δ${d_i}), TP ${f_tp}/${a_tp} dBTP (Δ${d_tp}), LRA ${f_lra}/${a_lra} LU"
awk -v d="$d_i" -v t="$TOL_I" 'BEGIN{exit !(d <= t)}' || { echo "integrated loudness differs by $d_i LU (> $TOL_I)" >&2; exit 1; }
awk -v d="$d_tp" -v t="$TOL_TP" 'BEGIN{exit !(d <= t)}' || { echo "true peak differs by $d_tp dB (> $TOL_TP)" >&2; exit 1; }
