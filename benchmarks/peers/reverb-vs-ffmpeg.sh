#!/usr/bin/env bash
# Convolution reverb throughput: a 3-second stereo impulse response on stereo 48 kHz pink noise, ffmpeg
# `afir` (gain normalisation off, plain convolution) vs `augment audio reverb` (partitioned FFT convolution,
# automatic block: 32768 frames for this IR), the same WAV files, both writing float32 WAV under /tmp.
# Two lengths by default: 60 s, and 600 s (10 minutes) where process start-up is amortised and the
# whole-command numbers show throughput. Every time is the best of 3 runs (a shared machine only ever adds).
# Views per length:
#  (1) whole commands (process start, WAV decode, convolution, WAV encode);
#  (2) the convolution's own share: ffmpeg's afir run minus a plain ffmpeg WAV copy of the same file, and
#      Augment's ConvolutionReverb.ApplyTo on the loaded buffer timed in-process (after a JIT warm-up run),
#      on one thread and on all cores;
#  (3) once: the CLI's fixed cost (a 1 s input) with the default JIT settings and with TieredPGO off, and the
#      streaming convolver at 256 frames (5.3 ms) latency, uniform vs non-uniform partitions (one channel).
# Real-time factor (RTF) = audio duration / wall time. "cpu" is user + system time of the best-wall run; on a
# busy machine the CPU-time ratios are the steadier comparison (wall times there mostly measure waiting).
# afir in ffmpeg 5.1 doubles the IR with gtype=none, hence irgain=0.5 (see
# tests/Augment.Audio.Tests/Reverb/ConvolutionReverbFfmpegTests.cs); its output stops at the input's
# length while ours keeps the 3 s tail, so ours writes 5 % (60 s) or 0.5 % (600 s) more samples.
# Timings need an idle machine: the script prints the load average first; rerun when it is above 1.
# Usage: bash benchmarks/peers/reverb-vs-ffmpeg.sh [--seconds "N M ..."]   (default "60 600")
set -euo pipefail

LENGTHS="60 600"
[[ "${1:-}" == "--seconds" ]] && LENGTHS="$2"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/reverb-vs-ffmpeg.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

if ! command -v ffmpeg >/dev/null; then
  echo "ffmpeg is missing: apt-get install -y --no-install-recommends ffmpeg" >&2
  exit 2
fi

echo "building augment (Release)..."
dotnet build "$ROOT/src/Augment.Cli" -c Release -p:ArtifactsPath="$WORK/artifacts" -v quiet -nologo >/dev/null
AUGMENT="$WORK/artifacts/bin/Augment.Cli/release/augment"

mkdir -p "$WORK/runner"
cat > "$WORK/runner/ReverbRunner.csproj" <<EOT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><Optimize>true</Optimize></PropertyGroup>
  <ItemGroup><ProjectReference Include="$ROOT/src/Augment.Audio/Augment.Audio.csproj" /></ItemGroup>
</Project>
EOT
cat > "$WORK/runner/Program.cs" <<'EOT'
using System.Diagnostics;
using Augment;
using Augment.Audio;

// apply <dry.wav> <ir.wav> <threads>: best of 3 ApplyTo runs on the loaded buffer after one warm-up run.
// stream <dry.wav> <ir.wav> <latency>: one channel in blocks of <latency>, uniform vs non-uniform partitions.
using var dry = AudioFile.Load(args[1]);
if (args[0] == "apply")
{
    var budget = ComputeBudget.Default with { MaxThreads = int.Parse(args[3]) };
    var reverb = ConvolutionReverb.FromFile(args[2], new ConvolutionReverbOptions { Budget = budget });
    // Wall and process CPU time of the run with the best wall time.
    double best = double.MaxValue, bestCpu = 0;
    for (var run = 0; run < 4; run++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var wet = reverb.ApplyTo(dry);
        var wall = watch.Elapsed.TotalSeconds;
        if (run > 0 && wall < best)
        {
            best = wall;
            bestCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        }
    }
    Console.WriteLine($"{best:0.0000} {bestCpu:0.000}");
}
else
{
    var latency = int.Parse(args[3]);
    using var ir = AudioFile.Load(args[2]);
    var x = dry.Channel(0).ToArray();
    var y = new float[x.Length];
    var uniform = new PartitionedConvolver(ir.Channel(0), latency);
    var nonUniform = new NonUniformConvolver(ir.Channel(0), latency, ConvolutionReverbOptions.StreamingTailPartitionFrames(latency));
    double Time(Action<int> step)
    {
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i + latency <= x.Length; i += latency) step(i);
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }
    var u = Time(i => uniform.Process(x.AsSpan(i, latency), y.AsSpan(i, latency)));
    var n = Time(i => nonUniform.Process(x.AsSpan(i, latency), y.AsSpan(i, latency)));
    var seconds = (double)x.Length / dry.SampleRate;
    Console.WriteLine($"streaming 1 channel, latency {latency} frames: uniform {u:0.000} s (RTF {seconds / u:0}x), non-uniform {string.Join("/", nonUniform.PartitionSizesFrames.Distinct())} {n:0.000} s (RTF {seconds / n:0}x), {u / n:0.0}x faster");
}
EOT
dotnet build "$WORK/runner" -c Release -p:ArtifactsPath="$WORK/artifacts" -v quiet -nologo >/dev/null
RUNNER="$WORK/artifacts/bin/ReverbRunner/release/ReverbRunner"

ffmpeg -v error -y -f lavfi -i "aevalsrc='0.05*(random(0)*2-1)*exp(-2.3*t)|0.05*(random(1)*2-1)*exp(-2.3*t)':s=48000:d=3" \
  -c:a pcm_f32le "$WORK/ir.wav"

best_of_3() { # label, seconds, command...: prints the best wall time of 3 and its cpu time
  local label="$1" seconds="$2"; shift 2
  local best="" best_cpu="" start end wall
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$WORK/cpu.txt" "$@" >/dev/null
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc -l)
    if [[ -z "$best" ]] || (( $(echo "$wall < $best" | bc -l) )); then
      best="$wall"; best_cpu=$(awk '{print $1 + $2}' "$WORK/cpu.txt")
    fi
  done
  printf '  %-26s wall %7.3f s   cpu %7.3f s   RTF %6.0fx\n' "$label" "$best" "$best_cpu" "$(echo "$seconds / $best" | bc -l)"
  echo "$best" > "$WORK/$label.wall"
  echo "$best_cpu" > "$WORK/$label.cpu"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average now: $(cut -d' ' -f1-3 /proc/loadavg) (rerun above 1)"

# The CLI's fixed cost: a 1 s input, where the convolution is a few milliseconds.
ffmpeg -v error -y -f lavfi -i "anoisesrc=d=1:c=pink:r=48000:a=0.3:s=1" -ac 2 -c:a pcm_f32le "$WORK/short.wav"
echo "start-up (1 s stereo input, best of 3):"
best_of_3 ffmpeg-afir-1s 1 ffmpeg -v error -y -i "$WORK/short.wav" -i "$WORK/ir.wav" \
  -filter_complex "[0][1]afir=dry=1:wet=1:gtype=none:irgain=0.5" -c:a pcm_f32le "$WORK/short-afir.wav"
best_of_3 augment-1s 1 "$AUGMENT" audio reverb "$WORK/short.wav" --ir "$WORK/ir.wav" --out "$WORK/short-ours.wav" --wet 0 --dry -200
best_of_3 augment-1s-TieredPGO=0 1 env DOTNET_TieredPGO=0 "$AUGMENT" audio reverb "$WORK/short.wav" --ir "$WORK/ir.wav" --out "$WORK/short-ours.wav" --wet 0 --dry -200

for AUDIO_SECONDS in $LENGTHS; do
  # Dry: two independent pink noises.
  ffmpeg -v error -y -f lavfi -i "anoisesrc=d=$AUDIO_SECONDS:c=pink:r=48000:a=0.3:s=1" \
    -f lavfi -i "anoisesrc=d=$AUDIO_SECONDS:c=pink:r=48000:a=0.3:s=2" \
    -filter_complex "[0][1]amerge=inputs=2" -c:a pcm_f32le "$WORK/dry.wav"
  echo "$AUDIO_SECONDS s stereo 48 kHz x 3 s stereo IR (best of 3):"
  best_of_3 ffmpeg-afir "$AUDIO_SECONDS" ffmpeg -v error -y -i "$WORK/dry.wav" -i "$WORK/ir.wav" \
    -filter_complex "[0][1]afir=dry=1:wet=1:gtype=none:irgain=0.5" -c:a pcm_f32le "$WORK/afir.wav"
  best_of_3 augment-reverb "$AUDIO_SECONDS" "$AUGMENT" audio reverb "$WORK/dry.wav" --ir "$WORK/ir.wav" --out "$WORK/ours.wav" --wet 0 --dry -200
  best_of_3 ffmpeg-copy "$AUDIO_SECONDS" ffmpeg -v error -y -i "$WORK/dry.wav" -c:a pcm_f32le "$WORK/copy.wav"
  rm -f "$WORK/afir.wav" "$WORK/ours.wav" "$WORK/copy.wav"
  AFIR_SHARE=$(echo "$(cat "$WORK/ffmpeg-afir.wall") - $(cat "$WORK/ffmpeg-copy.wall")" | bc -l)
  AFIR_CPU=$(echo "$(cat "$WORK/ffmpeg-afir.cpu") - $(cat "$WORK/ffmpeg-copy.cpu")" | bc -l)
  read -r OURS_1 OURS_1_CPU < <("$RUNNER" apply "$WORK/dry.wav" "$WORK/ir.wav" 1)
  read -r OURS_N OURS_N_CPU < <("$RUNNER" apply "$WORK/dry.wav" "$WORK/ir.wav" "$(nproc)")
  printf '  whole commands, throughput ratio augment / afir: %.2fx (cpu time ratio %.2fx)\n' "$(echo "$(cat "$WORK/ffmpeg-afir.wall") / $(cat "$WORK/augment-reverb.wall")" | bc -l)" "$(echo "$(cat "$WORK/ffmpeg-afir.cpu") / $(cat "$WORK/augment-reverb.cpu")" | bc -l)"
  printf '  convolution share: afir (afir - copy) wall %.3f s (RTF %.0fx), cpu %.3f s\n' "$AFIR_SHARE" "$(echo "$AUDIO_SECONDS / $AFIR_SHARE" | bc -l)" "$AFIR_CPU"
  printf '  convolution share: ApplyTo 1 thread wall %.3f s (RTF %.0fx), cpu %.3f s; ratio to afir %.2fx wall, %.2fx cpu\n' "$OURS_1" "$(echo "$AUDIO_SECONDS / $OURS_1" | bc -l)" "$OURS_1_CPU" "$(echo "$AFIR_SHARE / $OURS_1" | bc -l)" "$(echo "$AFIR_CPU / $OURS_1_CPU" | bc -l)"
  printf '  convolution share: ApplyTo %d threads wall %.3f s (RTF %.0fx), cpu %.3f s; ratio to afir %.2fx wall\n' "$(nproc)" "$OURS_N" "$(echo "$AUDIO_SECONDS / $OURS_N" | bc -l)" "$OURS_N_CPU" "$(echo "$AFIR_SHARE / $OURS_N" | bc -l)"
done

ffmpeg -v error -y -f lavfi -i "anoisesrc=d=60:c=pink:r=48000:a=0.3:s=1" -c:a pcm_f32le "$WORK/dry.wav"
echo "  $("$RUNNER" stream "$WORK/dry.wav" "$WORK/ir.wav" 256)"
