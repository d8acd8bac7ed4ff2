#!/usr/bin/env bash
# Convolution reverb throughput: a 3-second stereo impulse response on 60 s of stereo 48 kHz noise,
# ffmpeg `afir` (gain normalisation off, plain convolution) vs `augment audio reverb` (uniformly
# partitioned FFT convolution, block 1024), the same WAV files, both writing float32 WAV under /tmp.
# Three views, one run each: (1) whole commands (process start, WAV decode, convolution, WAV encode);
# (2) the convolution's own share: ffmpeg's afir run minus a plain ffmpeg WAV copy of the same file, and
# Augment's ConvolutionReverb.ApplyTo on the loaded buffer timed in-process (second run, after JIT),
# on one thread and on all cores. Real-time factor = audio duration / wall time. "cpu s" is user + system time, steadier than wall time
# on a shared machine. afir in ffmpeg 5.1 doubles the IR with gtype=none, hence irgain=0.5 (see
# tests/Augment.Audio.Tests/Reverb/ConvolutionReverbFfmpegTests.cs); its output stops at the input's
# length while ours keeps the 3 s tail, so ours writes 5 % more samples.
# Usage: bash benchmarks/peers/reverb-vs-ffmpeg.sh [--seconds N]   (default 60)
set -euo pipefail

AUDIO_SECONDS=60
[[ "${1:-}" == "--seconds" ]] && AUDIO_SECONDS="$2"
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

// <dry.wav> <ir.wav> <threads>: times ApplyTo on the loaded buffer; the first run warms the JIT.
using var dry = AudioFile.Load(args[0]);
var budget = ComputeBudget.Default with { MaxThreads = int.Parse(args[2]) };
var reverb = ConvolutionReverb.FromFile(args[1], new ConvolutionReverbOptions { Budget = budget });
double seconds = 0;
for (var run = 0; run < 2; run++)
{
    var watch = Stopwatch.StartNew();
    using var wet = reverb.ApplyTo(dry);
    seconds = watch.Elapsed.TotalSeconds;
}
Console.WriteLine($"{seconds:0.0000}");
EOT
dotnet build "$WORK/runner" -c Release -p:ArtifactsPath="$WORK/artifacts" -v quiet -nologo >/dev/null
RUNNER="$WORK/artifacts/bin/ReverbRunner/release/ReverbRunner"

# Dry: two independent pink noises; IR: exponentially decaying noise per side (RT60 about 3 s).
ffmpeg -v error -y -f lavfi -i "anoisesrc=d=$AUDIO_SECONDS:c=pink:r=48000:a=0.3:s=1" \
  -f lavfi -i "anoisesrc=d=$AUDIO_SECONDS:c=pink:r=48000:a=0.3:s=2" \
  -filter_complex "[0][1]amerge=inputs=2" -c:a pcm_f32le "$WORK/dry.wav"
ffmpeg -v error -y -f lavfi -i "aevalsrc='0.05*(random(0)*2-1)*exp(-2.3*t)|0.05*(random(1)*2-1)*exp(-2.3*t)':s=48000:d=3" \
  -c:a pcm_f32le "$WORK/ir.wav"

time_it() { # label, command...: prints wall and cpu seconds
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$WORK/cpu.txt" "$@" >/dev/null
  end=$(date +%s.%N)
  local wall cpu
  wall=$(echo "$end - $start" | bc -l)
  cpu=$(awk '{print $1 + $2}' "$WORK/cpu.txt")
  printf '%-28s wall %7.3f s   cpu %7.3f s   real-time factor %6.1fx\n' "$label" "$wall" "$cpu" "$(echo "$AUDIO_SECONDS / $wall" | bc -l)"
  echo "$wall" > "$WORK/$label.wall"
}

echo "$AUDIO_SECONDS s stereo 48 kHz x 3 s stereo IR ($(nproc) cores)"
time_it ffmpeg-afir ffmpeg -v error -y -i "$WORK/dry.wav" -i "$WORK/ir.wav" \
  -filter_complex "[0][1]afir=dry=1:wet=1:gtype=none:irgain=0.5" -c:a pcm_f32le "$WORK/afir.wav"
time_it augment-reverb "$AUGMENT" audio reverb "$WORK/dry.wav" --ir "$WORK/ir.wav" --out "$WORK/ours.wav" --wet 0 --dry -200
time_it ffmpeg-copy ffmpeg -v error -y -i "$WORK/dry.wav" -c:a pcm_f32le "$WORK/copy.wav"
AFIR_SHARE=$(echo "$(cat "$WORK/ffmpeg-afir.wall") - $(cat "$WORK/ffmpeg-copy.wall")" | bc -l)
OURS_1=$("$RUNNER" "$WORK/dry.wav" "$WORK/ir.wav" 1)
OURS_N=$("$RUNNER" "$WORK/dry.wav" "$WORK/ir.wav" "$(nproc)")
printf 'whole commands, throughput ratio augment / afir: %.2fx\n' "$(echo "$(cat "$WORK/ffmpeg-afir.wall") / $(cat "$WORK/augment-reverb.wall")" | bc -l)"
printf 'convolution share: afir (afir - copy) %.3f s, RTF %.0fx\n' "$AFIR_SHARE" "$(echo "$AUDIO_SECONDS / $AFIR_SHARE" | bc -l)"
printf 'convolution share: ApplyTo 1 thread %.3f s, RTF %.0fx, ratio to afir %.2fx\n' "$OURS_1" "$(echo "$AUDIO_SECONDS / $OURS_1" | bc -l)" "$(echo "$AFIR_SHARE / $OURS_1" | bc -l)"
printf 'convolution share: ApplyTo %d threads %.3f s, RTF %.0fx, ratio to afir %.2fx\n' "$(nproc)" "$OURS_N" "$(echo "$AUDIO_SECONDS / $OURS_N" | bc -l)" "$(echo "$AFIR_SHARE / $OURS_N" | bc -l)"
