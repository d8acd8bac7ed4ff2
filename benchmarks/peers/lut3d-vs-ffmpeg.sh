#!/usr/bin/env bash
# 33^3 tetrahedral 3D LUT on 3840x2160 8-bit RGB frames: ffmpeg lut3d vs Augment (Lut3D.ApplyLut),
# the same raw frames and the same .cube file, one thread and all cores.
# Both sides are timed as whole commands (raw rgb24 file in, raw rgb24 out to /dev/null, so that disk
# writes do not blur the comparison), so Augment's time includes its 8-bit <-> planar float
# conversions; Augment's runner also prints the LUT kernel's own share. The outputs are compared on
# a separate, untimed one-frame run written to files.
# Tolerance: outputs may differ by 1/255 per channel (ffmpeg truncates its float result to 8 bits).
# Few frames overstate start-up (process launch, JIT, first-touch page faults), so the default is 24
# frames (600 MB of raw input under /tmp). "cpu s" is user + system time, steadier than wall time on a
# shared machine.
# Usage: bash benchmarks/peers/lut3d-vs-ffmpeg.sh [--frames N]   (default 24 frames)
set -euo pipefail

TOLERANCE=1
FRAMES=24
[[ "${1:-}" == "--frames" ]] && FRAMES="$2"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/lut3d-vs-ffmpeg.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
W=3840; H=2160

if ! command -v ffmpeg >/dev/null; then
  echo "ffmpeg is missing: apt-get install -y --no-install-recommends ffmpeg" >&2
  exit 2
fi

# A tiny runner: writes the grade, and streams raw frames through ImageFrame + ApplyLutInPlace.
mkdir -p "$WORK/runner"
cat > "$WORK/runner/LutRunner.csproj" <<EOF
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

if (args[0] == "make-cube")
{
    // The same smooth grade as the ffmpeg cross-check test: a contrast S-curve and a warm cast.
    var lut = new Lut3D(33) { Title = "warm contrast" };
    lut.Fill(static (r, g, b) =>
    {
        static float S(float x) => x + (0.35f * x * (1 - x) * ((2 * x) - 1)) + (0.06f * MathF.Sin(3 * x));
        var luma = (0.2126f * r) + (0.7152f * g) + (0.0722f * b);
        return (Math.Clamp((S(r) * 1.06f) + (0.03f * luma), 0f, 1f), Math.Clamp(S(g) + (0.02f * (r - b)), 0f, 1f), Math.Clamp(S(b) * 0.88f, 0f, 1f));
    });
    lut.SaveCube(args[1]);
    return;
}
// apply <cube> <in.rgb> <out.rgb> <width> <height> <threads>
var grade = Lut3D.LoadCube(args[1]);
int width = int.Parse(args[4]), height = int.Parse(args[5]), threads = int.Parse(args[6]);
var budget = threads > 0 ? ComputeBudget.Default with { MaxThreads = threads } : ComputeBudget.Default;
var bytes = new byte[width * height * 3];
using var input = File.OpenRead(args[2]);
using var output = File.Create(args[3]);
var kernel = new Stopwatch();
var frames = 0;
while (input.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) == bytes.Length)
{
    using var frame = ImageFrame.FromPixels(bytes, width, height, PixelLayout.Rgb, budget: budget);
    kernel.Start();
    frame.ApplyLutInPlace(grade, LutInterpolation.Tetrahedral);
    kernel.Stop();
    frame.CopyPixelsTo(bytes, PixelLayout.Rgb);
    output.Write(bytes);
    frames++;
}
Console.Error.WriteLine($"augment kernel only: {kernel.Elapsed.TotalSeconds:0.000} s for {frames} frames");
EOF
echo "building the runner (Release)..." >&2
dotnet build -c Release -v q -nologo "$WORK/runner" -p:ArtifactsPath="$WORK/artifacts" -o "$WORK/bin" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
RUN="$WORK/bin/LutRunner"

"$RUN" make-cube "$WORK/grade.cube"
ffmpeg -v error -nostdin -y -f lavfi -i "testsrc2=size=${W}x${H}:rate=25" -frames:v "$FRAMES" -f rawvideo -pix_fmt rgb24 "$WORK/in.rgb"
head -c $((W*H*3)) "$WORK/in.rgb" > "$WORK/first.rgb"
cat "$WORK/in.rgb" > /dev/null   # warm the page cache

timed() { /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" 2>>"$WORK/stderr"; cat "$WORK/time"; }
maxdiff() {
  # Largest per-byte difference between two equal-sized files (od + awk: no Python needed).
  paste <(od -An -v -tu1 -w1 "$1") <(od -An -v -tu1 -w1 "$2") | awk '{d=$1-$2; if(d<0)d=-d; if(d>m)m=d} END{print m+0}'
}

printf '%-38s %-18s %7s %9s %6s %13s %16s %6s %21s %10s\n' task input "peer s" "augment s" ratio "peer cpu s" "augment cpu s" "cpu ratio" "peak MiB (peer/aug)" difference
for threads in 1 0; do
  if [[ $threads == 1 ]]; then label="1 thread"; fargs=(-threads 1 -filter_threads 1); else label="all cores ($(nproc))"; fargs=(); fi
  read -r fs fu fsys fk < <(timed ffmpeg -v error -nostdin -y "${fargs[@]}" -f rawvideo -pix_fmt rgb24 -s ${W}x${H} -i "$WORK/in.rgb" \
      -vf "lut3d=file=$WORK/grade.cube:interp=tetrahedral" -f rawvideo -pix_fmt rgb24 /dev/null)
  read -r as au asys ak < <(timed "$RUN" apply "$WORK/grade.cube" "$WORK/in.rgb" /dev/null $W $H $threads)
  grep "kernel only" "$WORK/stderr" | tail -1 | sed "s/^/  [$label] /" >&2
  ffmpeg -v error -nostdin -y "${fargs[@]}" -f rawvideo -pix_fmt rgb24 -s ${W}x${H} -i "$WORK/first.rgb" \
      -vf "lut3d=file=$WORK/grade.cube:interp=tetrahedral" -f rawvideo -pix_fmt rgb24 "$WORK/ffmpeg.rgb"
  "$RUN" apply "$WORK/grade.cube" "$WORK/first.rgb" "$WORK/augment.rgb" $W $H $threads 2>/dev/null
  diff=$(maxdiff "$WORK/ffmpeg.rgb" "$WORK/augment.rgb")
  ratio=$(awk -v p="$fs" -v a="$as" 'BEGIN{printf "%.2fx", p/a}')
  fc=$(awk -v u="$fu" -v s="$fsys" 'BEGIN{printf "%.2f", u+s}'); ac=$(awk -v u="$au" -v s="$asys" 'BEGIN{printf "%.2f", u+s}')
  cratio=$(awk -v p="$fc" -v a="$ac" 'BEGIN{printf "%.2fx", p/a}')
  printf '%-38s %-18s %7s %9s %6s %13s %16s %6s %21s %10s\n' "lut3d tetrahedral 33^3, $label" "${FRAMES}x ${W}x${H}" "$fs" "$as" "$ratio" "$fc" "$ac" "$cratio" "$((fk/1024)) / $((ak/1024))" "$diff/255"
  if (( diff > TOLERANCE )); then echo "outputs differ by $diff/255 (> $TOLERANCE)" >&2; exit 1; fi
done
