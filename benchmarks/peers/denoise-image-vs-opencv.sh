#!/usr/bin/env bash
# Non-local means on a 12-megapixel (4000x3000) colour image with Gaussian noise sigma 25/255: Augment
# (`augment image denoise --sigma 25`, defaults for that sigma: 3x3 patches, 13x13 search) vs OpenCV's
# fastNlMeansDenoisingColored (7x7 patches, 21x21 search, h = 0.6 sigma), both on every core, both given the
# sigma. Times are whole commands under /usr/bin/time (PNG decode + denoise + BMP encode: ImageSharp's PNG encoder
# alone takes ~7 CPU s at 12 MP, so both write BMP) and the denoise calls alone (wall, same load);
# quality is PSNR/SSIM against the clean image. Fails when Augment's PSNR is below OpenCV's.
# Needs /usr/bin/python3 with cv2 and skimage, ~3 GB of memory. Usage: bash benchmarks/peers/denoise-image-vs-opencv.sh [--size WxH]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d /tmp/denoise-image-vs-opencv.XXXXXX)"
ARTIFACTS="${AUGMENT_PEER_ARTIFACTS:-/tmp/aug-denoise-peer}"
trap 'rm -rf "$WORK"' EXIT
SIZE=4000x3000
[[ "${1:-}" == "--size" ]] && SIZE="$2"
W=${SIZE%x*}; H=${SIZE#*x}
SIGMA=25
THREADS=$(nproc)
PY="$ROOT/benchmarks/peers/denoise-image-vs-opencv.py"

if ! /usr/bin/python3 -c "import cv2, skimage" 2>/dev/null; then
  echo "cv2/skimage missing for /usr/bin/python3: apt-get install -y python3-opencv python3-skimage" >&2
  exit 2
fi
dotnet build -c Release -v q -nologo "$ROOT/src/Augment.Cli" -p:ArtifactsPath="$ARTIFACTS" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
AUGMENT="$ARTIFACTS/bin/Augment.Cli/release/augment"

/usr/bin/python3 "$PY" make "$WORK" "$W" "$H" "$SIGMA"
/usr/bin/time -f '%e %U %S %M' -o "$WORK/opencv.time" /usr/bin/python3 "$PY" opencv "$WORK" "$SIGMA" "$THREADS" >"$WORK/opencv.call"
/usr/bin/time -f '%e %U %S %M' -o "$WORK/augment.time" "$AUGMENT" image denoise "$WORK/noisy.png" --out "$WORK/augment.bmp" \
  --sigma "$SIGMA" --texture 0 --chroma 1 >"$WORK/augment.log"
read -r peer_s peer_user peer_sys peer_kb <"$WORK/opencv.time"
read -r aug_s aug_user aug_sys aug_kb <"$WORK/augment.time"
peer_call=$(cat "$WORK/opencv.call")
aug_call=$(sed -n 's/.*(denoise \([0-9,]*\) ms).*/\1/p' "$WORK/augment.log" | tr -d , | awk '{ printf "%.2f", $1 / 1000 }')
peer_cpu=$(awk -v u="$peer_user" -v s="$peer_sys" 'BEGIN { printf "%.2f", u + s }')
aug_cpu=$(awk -v u="$aug_user" -v s="$aug_sys" 'BEGIN { printf "%.2f", u + s }')
read -r peer_psnr peer_ssim < <(/usr/bin/python3 "$PY" score "$WORK" "$WORK/opencv.bmp")
read -r aug_psnr aug_ssim < <(/usr/bin/python3 "$PY" score "$WORK" "$WORK/augment.bmp")
read -r noisy_psnr noisy_ssim < <(/usr/bin/python3 "$PY" score "$WORK" "$WORK/noisy.png")
ratio=$(awk -v p="$peer_s" -v a="$aug_s" 'BEGIN { printf "%.1fx", p / a }')
call_ratio=$(awk -v p="$peer_call" -v a="$aug_call" 'BEGIN { printf "%.1fx", p / a }')
cpu_ratio=$(awk -v p="$peer_cpu" -v a="$aug_cpu" 'BEGIN { printf "%.1fx", p / a }')
printf '%-30s %-14s %7s %9s %6s | %6s %6s %6s | %7s %7s %6s | %13s | %s\n' task input "peer s" "augment s" ratio "peer call" "aug call" ratio "peer cpu" "aug cpu" ratio "peak MiB p/a" "PSNR/SSIM noisy -> peer / augment"
printf '%-30s %-14s %7s %9s %6s | %6s %6s %6s | %7s %7s %6s | %13s | %s\n' "nlm colour sigma $SIGMA, ${THREADS}t" "${W}x${H} RGB" "$peer_s" "$aug_s" "$ratio" "$peer_call" "$aug_call" "$call_ratio" \
  "$peer_cpu" "$aug_cpu" "$cpu_ratio" "$((peer_kb / 1024)) / $((aug_kb / 1024))" "$noisy_psnr/$noisy_ssim -> $peer_psnr/$peer_ssim / $aug_psnr/$aug_ssim"
awk -v a="$aug_psnr" -v p="$peer_psnr" 'BEGIN { exit (a + 0 >= p + 0) ? 0 : 1 }' || { echo "Augment's PSNR $aug_psnr dB is below OpenCV's $peer_psnr dB" >&2; exit 1; }
