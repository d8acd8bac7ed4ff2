#!/usr/bin/env bash
# Lanczos-3 resize of one 6000x4000 8-bit RGB picture (24 MP) to 3000x2000 (6 MP): ffmpeg's swscale
# (scale=flags=lanczos+accurate_rnd+full_chroma_int) vs Augment (ImageFrame.Resize, linear light off, since
# swscale filters the encoded values). Both read the same raw rgb24 file and write raw rgb24; both are timed
# as whole commands and, for Augment, the resize alone is printed too. The outputs are compared (PSNR, 8-bit).
# ffmpeg's scale filter runs on one thread for one picture; Augment runs on one thread and on all cores.
# Usage: bash benchmarks/peers/resize-vs-ffmpeg.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/resize-vs-ffmpeg.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
W=6000; H=4000; TW=3000; TH=2000

if ! command -v ffmpeg >/dev/null; then
  echo "ffmpeg is missing: apt-get install -y --no-install-recommends ffmpeg" >&2
  exit 2
fi

mkdir -p "$WORK/runner"
cat > "$WORK/runner/ResizeRunner.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><Optimize>true</Optimize></PropertyGroup>
  <ItemGroup><ProjectReference Include="$ROOT/src/Augment.Vision/Augment.Vision.csproj" /></ItemGroup>
</Project>
EOF
cat > "$WORK/runner/Program.cs" <<'EOF'
using System.Diagnostics;
using Augment;
using Augment.Vision;

if (args[0] == "make")
{
    // make <out.rgb> <w> <h>: smooth gradients, hard-edged blocks and noise.
    int w = int.Parse(args[2]), h = int.Parse(args[3]);
    var pixels = new byte[w * h * 3];
    var random = new Random(7);
    for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        {
            var i = ((y * w) + x) * 3;
            var edge = ((x / 300) + (y / 200)) % 2 == 0 ? 40 : 0;
            pixels[i] = (byte)Math.Clamp((x * 200 / w) + edge + random.Next(8), 0, 255);
            pixels[i + 1] = (byte)Math.Clamp((y * 200 / h) + edge + random.Next(8), 0, 255);
            pixels[i + 2] = (byte)Math.Clamp(((x + y) * 100 / h) + random.Next(8), 0, 255);
        }
    File.WriteAllBytes(args[1], pixels);
    return;
}
if (args[0] == "psnr")
{
    var a = File.ReadAllBytes(args[1]);
    var b = File.ReadAllBytes(args[2]);
    double sum = 0;
    for (var i = 0; i < a.Length; i++) { var d = a[i] - b[i]; sum += d * d; }
    Console.WriteLine($"{10 * Math.Log10(255.0 * 255.0 * a.Length / sum):F2}");
    return;
}
// resize <in.rgb> <out.rgb> <w> <h> <tw> <th> <threads>
int width = int.Parse(args[3]), height = int.Parse(args[4]), tw = int.Parse(args[5]), th = int.Parse(args[6]), threads = int.Parse(args[7]);
var budget = threads > 0 ? ComputeBudget.Default with { MaxThreads = threads } : ComputeBudget.Default;
var bytes = File.ReadAllBytes(args[1]);
using var frame = ImageFrame.FromPixels(bytes, width, height, PixelLayout.Rgb, ColorSpace.Srgb, budget);
var clock = Stopwatch.StartNew();
using var small = frame.Resize(r => r.To(tw, th).Using(ResampleKernel.Lanczos3).InLinearLight(false));
Console.Error.WriteLine($"  (resize alone: {clock.Elapsed.TotalMilliseconds:F0} ms)");
File.WriteAllBytes(args[2], small.ToPixels8(PixelLayout.Rgb));
EOF
echo "building the Augment runner..."
dotnet build -c Release -v q -nologo "$WORK/runner" -o "$WORK/bin" -p:ArtifactsPath="$WORK/artifacts" >/dev/null
RUN="$WORK/bin/ResizeRunner"
"$RUN" make "$WORK/in.rgb" $W $H

seconds() { local start end; start=$(date +%s.%N); "$@"; end=$(date +%s.%N); echo "$end - $start" | bc; }

echo "ffmpeg swscale lanczos, ${W}x${H} -> ${TW}x${TH}:"
FF=$(seconds ffmpeg -hide_banner -loglevel error -f rawvideo -pix_fmt rgb24 -s ${W}x${H} -i "$WORK/in.rgb" \
  -vf "scale=${TW}:${TH}:flags=lanczos+accurate_rnd+full_chroma_int" -f rawvideo -pix_fmt rgb24 -y "$WORK/ffmpeg.rgb")
echo "  ${FF} s"
for THREADS in 1 0; do
  echo "Augment Lanczos-3 ($([[ $THREADS == 0 ]] && echo all cores || echo 1 thread)):"
  AUG=$(seconds "$RUN" resize "$WORK/in.rgb" "$WORK/augment.rgb" $W $H $TW $TH $THREADS)
  echo "  ${AUG} s  (ratio Augment/ffmpeg $(echo "scale=2; $AUG / $FF" | bc))"
done
echo "PSNR Augment vs ffmpeg (8-bit): $("$RUN" psnr "$WORK/augment.rgb" "$WORK/ffmpeg.rgb") dB"
