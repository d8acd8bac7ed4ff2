// RestorePhoto: a photographer's low-light phone shot must become a clean, print-ready file without "plastic" texture,
// a distracting element must go, and the 4:5 photo must become 16:9. The sample generates the shot (a dusk street with
// a traffic cone on the gravel, with a phone sensor's signal-dependent noise) or takes yours, then estimates the noise,
// denoises with texture preservation, fills the cone away, extends the canvas to 16:9, upscales x2, sizes the result
// for an 8-inch print at 300 dpi, saves it as PNG with its resolution, adds an optional film grain, and runs the
// AI-artifact checks on the result. Every result is checked; the exit code says whether all checks passed.
using System.Diagnostics;
using Augment;
using Augment.Vision;
using RestorePhoto;

const int Width = 640, Height = 800;                  // 4:5, small enough to restore in seconds on two cores
const double PrintWidthInches = 8, PrintDpi = 300;    // an 8x4.5-inch print at photo resolution: 2400x1350
const float PreserveTexture = 0.5f;                   // above the default 0.15: gravel and brick should stay crisp
const float GrainIntensity = 0.15f;

var checks = new Checks();
var work = Path.Combine(Path.GetTempPath(), "augment-restorephoto-" + Environment.ProcessId); // kept: the outputs are yours to look at
Directory.CreateDirectory(work);
var total = Stopwatch.StartNew();

// 1. The shot: generated, with its ground truth, or yours (a photo and, optionally, a mask of what must go: white = remove).
ImageFrame? scene = null;     // the clean scene without the cone: the truth every step is measured against
ImageFrame? cone = null;      // exactly the cone's pixels
ImageFrame? noiseFree = null; // the shot as a noiseless sensor would have taken it
ImageFrame shot;
ImageFrame? fillMask;
if (args.Length > 0)
{
    shot = ColorOnly(ImageFile.Load(args[0]));
    fillMask = args.Length > 1 ? MaskFrom(ImageFile.Load(args[1])) : null;
    if (fillMask is not null && (fillMask.Width != shot.Width || fillMask.Height != shot.Height))
    {
        Console.Error.WriteLine($"The mask is {fillMask.Width}x{fillMask.Height}, the photo {shot.Width}x{shot.Height}: they must be the same size.");
        return 2;
    }
    Console.WriteLine($"Shot:      {args[0]} ({shot.Width}x{shot.Height}){(fillMask is null ? ", no mask: nothing is filled" : $", mask {args[1]}")}");
}
else
{
    scene = Media.Scene(Width, Height);
    cone = Media.ConeMask(Width, Height);
    noiseFree = Media.WithCone(scene, cone);
    shot = Media.AddSensorNoise(noiseFree, photonsAtWhite: 80, readSigma: 0.01, seed: 2026);
    fillMask = Dilate(cone, radiusPixels: 4); // a margin: denoising spreads the cone's edge by a pixel or two
    shot.Save(Path.Combine(work, "shot.png"));
    fillMask.Save(Path.Combine(work, "cone-mask.png"));
    Console.WriteLine($"Shot:      {Width}x{Height} (4:5), generated: a dusk street in low light, a traffic cone on the gravel -> {Path.Combine(work, "shot.png")}");
}

// 2. Noise: Immerkær's estimate per channel plus a signal-dependent fit σ²(I) = a·I + b, as low-light sensor noise is.
var clock = Stopwatch.StartNew();
var estimate = shot.EstimateNoise();
if (noiseFree is not null)
{
    var added = Rms(shot, noiseFree);
    Console.WriteLine($"Noise:     {estimate} (added: {added * 255:0.0}/255 rms)");
    checks.That(Math.Abs(estimate.Sigma - added) <= 0.3 * added, $"the estimated noise σ {estimate.Sigma * 255:0.0}/255 is within 30 % of the added {added * 255:0.0}/255");
    checks.That(estimate.SignalGain > 0, $"the noise is found to grow with brightness, as a sensor's does (σ² slope {estimate.SignalGain:0.#####})");
}
else
{
    Console.WriteLine($"Noise:     {estimate}");
}

// 3. Denoise: non-local means with the strength set from the estimate, chroma smoothed harder than luma, and half of
//    the removed residual put back where the result has texture, so that gravel and brick keep their grain.
using var denoised = shot.Denoise(d => d.PreserveTexture(PreserveTexture));
Console.Write($"Denoise:   non-local means, texture preservation {PreserveTexture:0.##}");
if (scene is not null && noiseFree is not null)
{
    var before = ImageQuality.Psnr(noiseFree, shot);
    var after = ImageQuality.Psnr(noiseFree, denoised);
    // The "plastic" test, on a gravel crop away from the cone: the same denoise with and without texture preservation,
    // and how much of the clean crop's fine detail each keeps (noise is uncorrelated with the detail, so it does not count).
    var gravel = new PixelRegion(40, (int)(Height * 0.62), 280, (int)(Height * 0.32));
    using var noisyCrop = Crop(shot, gravel);
    using var cleanCrop = Crop(noiseFree, gravel);
    using var kept = noisyCrop.Denoise(d => d.PreserveTexture(PreserveTexture).NoiseSigma(estimate.Sigma));
    using var plain = noisyCrop.Denoise(d => d.PreserveTexture(0).NoiseSigma(estimate.Sigma));
    var detailKept = DetailKept(cleanCrop, kept);
    var detailPlain = DetailKept(cleanCrop, plain);
    Console.WriteLine($": PSNR {before:0.0} -> {after:0.0} dB against the noiseless shot; fine detail kept on the gravel {detailKept:P0} (plain filter {detailPlain:P0}) ({clock.Elapsed.TotalSeconds:0.0} s)");
    checks.That(after >= before + 6, $"denoising raises PSNR by at least 6 dB ({before:0.00} -> {after:0.00} dB)");
    checks.That(detailKept >= detailPlain + 0.04, $"texture preservation keeps at least 4 points more fine detail than the plain filter ({detailKept:P1} vs {detailPlain:P1})");
    checks.That(detailKept >= 0.45, $"at least 45 % of the gravel's fine detail survives denoising ({detailKept:P1})");
}
else
{
    Console.WriteLine($" ({clock.Elapsed.TotalSeconds:0.0} s)");
}

// 4. The cone goes: PatchMatch content-aware fill (multi-scale, the mask's edge blended).
clock.Restart();
using var filled = fillMask is null ? denoised.Clone() : denoised.Fill(fillMask, f => f.Seed(7));
if (fillMask is not null)
{
    var share = Coverage(fillMask);
    Console.Write($"Fill:      content-aware fill of {share:P1} of the picture");
    if (scene is not null && cone is not null)
    {
        var withCone = MaskedPsnr(scene, denoised, cone);
        var withoutCone = MaskedPsnr(scene, filled, cone);
        var shift = MaxMeanShift(scene, filled, cone);
        Console.WriteLine($": in the cone's area PSNR {withCone:0.0} -> {withoutCone:0.0} dB against the gravel behind it, mean colour within {shift:0.000} ({clock.Elapsed.TotalSeconds:0.0} s)");
        checks.That(withoutCone >= withCone + 10, $"the fill brings the cone's area at least 10 dB closer to the background ({withCone:0.00} -> {withoutCone:0.00} dB)");
        checks.That(shift <= 0.03, $"the filled area's mean colour is within 0.03 of the background's ({shift:0.000})");
    }
    else
    {
        Console.WriteLine($" ({clock.Elapsed.TotalSeconds:0.0} s)");
    }
    checks.That(UnchangedOutside(denoised, filled, fillMask, marginPixels: 8), "the fill leaves the picture away from the mask untouched");
}

// 5. 4:5 -> 16:9: the canvas grows sideways, the picture centred; the new strips are filled from the picture itself.
clock.Restart();
var aspect = AspectRatio.Parse("16:9");
using var extended = filled.Extend(aspect, e => e.Anchor(ExtendAnchor.Center).Filling(f => f.Seed(7)));
var (left, top) = ((extended.Width - filled.Width) / 2, (extended.Height - filled.Height) / 2);
var edgeShift = StripShift(filled, extended, left, top);
Console.WriteLine($"Extend:    {filled.Width}x{filled.Height} -> {extended.Width}x{extended.Height} ({aspect}); new strips' mean colour within {edgeShift:0.000} of the picture's edges ({clock.Elapsed.TotalSeconds:0.0} s)");
checks.That(Math.Abs((extended.Width * 9.0 / 16) - extended.Height) <= 1, $"the extended picture is 16:9 within a pixel ({extended.Width}x{extended.Height})");
checks.That(extended.Width >= filled.Width && extended.Height >= filled.Height, "extending never crops");
checks.That(Inside(filled, extended, left, top, insetPixels: 8), "the original picture sits unchanged in the middle of the extended canvas");
checks.That(edgeShift <= 0.08, $"the new strips continue the picture's colours (mean within 0.08 of its outer columns: {edgeShift:0.000})");

// 6. x2 upscale: Lanczos-3 with edge-aware sharpening (no model given; a super-resolution ONNX model plugs in with u.Model(...)).
clock.Restart();
using var upscaled = extended.Upscale(u => u.Scale(2));
using var roundTrip = upscaled.Resize(extended.Width, extended.Height, ResampleKernel.Box);
var consistency = ImageQuality.Psnr(extended, roundTrip);
Console.WriteLine($"Upscale:   x2 -> {upscaled.Width}x{upscaled.Height}; averaged back down it matches its input at {consistency:0.0} dB ({clock.Elapsed.TotalSeconds:0.0} s)");
checks.That(upscaled.Width == 2 * extended.Width && upscaled.Height == 2 * extended.Height, $"the upscale doubles both sides ({upscaled.Width}x{upscaled.Height})");
checks.That(consistency >= 30, $"the upscale is consistent with its input (area-averaged back down: {consistency:0.00} dB, at least 30)");

// 7. Print sizing: 8 inches wide at 300 dpi, the resolution recorded in the PNG (pHYs) so a lab prints it at that size.
clock.Restart();
using var print = upscaled.ToPrint(PrintWidthInches, PrintDpi);
var printPath = Path.Combine(work, "restored-print.png");
print.Save(printPath);
using var readBack = ImageFile.Load(printPath);
var fileFidelity = ImageQuality.Psnr(print, readBack);
Console.WriteLine($"Print:     {PrintWidthInches:0.#} in at {PrintDpi:0} dpi -> {print.Width}x{print.Height} -> {printPath} (reads back {readBack.Width}x{readBack.Height} at {readBack.DotsPerInch:0.##} dpi) ({clock.Elapsed.TotalSeconds:0.0} s)");
checks.That(print.Width == (int)(PrintWidthInches * PrintDpi), $"the print is {PrintWidthInches * PrintDpi:0} pixels wide ({print.Width})");
checks.That(Math.Abs((print.Width * 9.0 / 16) - print.Height) <= 1, $"the print is 16:9 within a pixel ({print.Width}x{print.Height})");
checks.That(print.DotsPerInch == PrintDpi, $"the print frame records {PrintDpi:0} dpi ({print.DotsPerInch})");
checks.That(readBack.DotsPerInch is { } dpi && Math.Abs(dpi - PrintDpi) < 0.5, $"the saved PNG reads back at {PrintDpi:0} dpi ({readBack.DotsPerInch})");
checks.That(readBack.Width == print.Width && readBack.Height == print.Height && fileFidelity >= 45,
    $"the saved PNG holds the print ({readBack.Width}x{readBack.Height}, {fileFidelity:0.0} dB against it)");

// 8. Optional film look: luminance-dependent grain (strongest in the mid-tones), reproducible by its seed.
using var film = FilmLook.Apply(print, o => o.WithGrain(GrainIntensity, 1.5f).WithSeed(7));
var filmPath = Path.Combine(work, "restored-print-film.png");
film.Save(filmPath);
var grain = Rms(film, print);
Console.WriteLine($"Film look: grain {GrainIntensity:0.##} (σ {0.1 * GrainIntensity * 255:0.0}/255 at mid-grey), {grain * 255:0.0}/255 rms on this picture -> {filmPath}");
checks.That(grain >= 0.3 * 0.1 * GrainIntensity && grain <= 0.1 * GrainIntensity, $"the film grain is at the level asked for, less in shadows ({grain * 255:0.00}/255 rms, mid-grey σ {0.1 * GrainIntensity * 255:0.0}/255)");

// 9. AI-artifact checks on the deliverable, for the human reviewer: upsampling grids, noise inconsistency between
//    regions (a filled or outpainted area can be cleaner than the rest), irregular text. A review aid, not proof.
clock.Restart();
var report = print.Inspect();
Console.WriteLine($"Inspect:   score {report.Score:0.00} (upsampling grid {report.PeriodicSpectrumScore:0.00}, noise inconsistency {report.NoiseInconsistencyScore:0.00}, irregular text {report.IrregularTextScore:0.00}); {report.Regions.Count} region(s) to review ({clock.Elapsed.TotalSeconds:0.0} s)");
foreach (var region in report.Regions.Take(5))
    Console.WriteLine($"           {region.Kind} at {region.Bounds.X},{region.Bounds.Y} {region.Bounds.Width}x{region.Bounds.Height}, {region.Score:0.00}: {region.Explanation}");
checks.That(report.Width == print.Width && report.Height == print.Height, "the inspection covers the whole print");
checks.That(report.Score is >= 0 and <= 1 && report.Regions.All(r => r.Score is >= 0 and <= 1), "the inspection's scores lie in 0..1");

Console.WriteLine();
Console.WriteLine($"Outputs in {work} ({total.Elapsed.TotalSeconds:0.0} s in all).");
shot.Dispose();
fillMask?.Dispose();
scene?.Dispose();
cone?.Dispose();
noiseFree?.Dispose();
return checks.Report();

// The colour channels of a loaded photo (alpha dropped: a print has none).
static ImageFrame ColorOnly(ImageFrame loaded)
{
    if (!loaded.HasAlpha && loaded.Channels == 3)
        return loaded;
    var color = ImageFrame.Create(loaded.Width, loaded.Height, 3, loaded.ColorSpace);
    color.DotsPerInch = loaded.DotsPerInch;
    for (var c = 0; c < 3; c++)
        loaded.Plane(Math.Min(c, loaded.ColorChannels - 1)).CopyTo(color.Plane(c));
    loaded.Dispose();
    return color;
}

// A one-channel mask from a loaded image: its first channel, 1 where it is light.
static ImageFrame MaskFrom(ImageFrame loaded)
{
    var mask = ImageFrame.Create(loaded.Width, loaded.Height, 1, ColorSpace.LinearSrgb);
    loaded.Plane(0).CopyTo(mask.Plane(0));
    loaded.Dispose();
    return mask;
}

// A square dilation of a 0/1 mask.
static ImageFrame Dilate(ImageFrame mask, int radiusPixels)
{
    var grown = ImageFrame.Create(mask.Width, mask.Height, 1, mask.ColorSpace);
    ReadOnlySpan<float> source = mask.Plane(0);
    var target = grown.Plane(0);
    for (var y = 0; y < mask.Height; y++)
    {
        for (var x = 0; x < mask.Width; x++)
        {
            if (source[(y * mask.Width) + x] < 0.5f)
                continue;
            for (var dy = -radiusPixels; dy <= radiusPixels; dy++)
            {
                var yy = y + dy;
                if (yy < 0 || yy >= mask.Height)
                    continue;
                var from = Math.Max(0, x - radiusPixels);
                var to = Math.Min(mask.Width - 1, x + radiusPixels);
                target.Slice((yy * mask.Width) + from, to - from + 1).Fill(1f);
            }
        }
    }
    return grown;
}

static ImageFrame Crop(ImageFrame frame, PixelRegion region)
{
    var crop = ImageFrame.Create(region.Width, region.Height, frame.Channels, frame.ColorSpace);
    for (var c = 0; c < frame.Channels; c++)
        for (var y = 0; y < region.Height; y++)
            frame.Row(c, region.Y + y).Slice(region.X, region.Width).CopyTo(crop.Row(c, y));
    return crop;
}

// Root-mean-square difference over all samples.
static double Rms(ImageFrame a, ImageFrame b)
{
    ReadOnlySpan<float> x = a.Data, y = b.Data;
    double sum = 0;
    for (var i = 0; i < x.Length; i++)
        sum += (x[i] - y[i]) * (double)(x[i] - y[i]);
    return Math.Sqrt(sum / x.Length);
}

static double Coverage(ImageFrame mask)
{
    var count = 0;
    foreach (var value in mask.Plane(0))
        count += value >= 0.5f ? 1 : 0;
    return (double)count / mask.PixelCount;
}

// PSNR over the pixels inside the mask only.
static double MaskedPsnr(ImageFrame reference, ImageFrame test, ImageFrame mask)
{
    double sum = 0;
    long count = 0;
    ReadOnlySpan<float> weights = mask.Plane(0);
    for (var c = 0; c < reference.ColorChannels; c++)
    {
        ReadOnlySpan<float> r = reference.Plane(c), t = test.Plane(c);
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] < 0.5f)
                continue;
            sum += (r[i] - t[i]) * (double)(r[i] - t[i]);
            count++;
        }
    }
    return 10 * Math.Log10(1 / Math.Max(sum / count, 1e-12));
}

// The largest per-channel difference of the two pictures' mean colours inside the mask.
static double MaxMeanShift(ImageFrame reference, ImageFrame test, ImageFrame mask)
{
    ReadOnlySpan<float> weights = mask.Plane(0);
    double worst = 0;
    for (var c = 0; c < reference.ColorChannels; c++)
    {
        ReadOnlySpan<float> r = reference.Plane(c), t = test.Plane(c);
        double difference = 0;
        var count = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] < 0.5f)
                continue;
            difference += t[i] - r[i];
            count++;
        }
        worst = Math.Max(worst, Math.Abs(difference / count));
    }
    return worst;
}

// True when every pixel farther than marginPixels from the mask is the same in both frames.
static bool UnchangedOutside(ImageFrame before, ImageFrame after, ImageFrame mask, int marginPixels)
{
    using var near = Dilate(mask, marginPixels);
    ReadOnlySpan<float> weights = near.Plane(0);
    for (var c = 0; c < before.Channels; c++)
    {
        ReadOnlySpan<float> b = before.Plane(c), a = after.Plane(c);
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] < 0.5f && Math.Abs(b[i] - a[i]) > 1e-6f)
                return false;
        }
    }
    return true;
}

// True when the picture, placed at (left, top), matches the canvas away from the seam.
static bool Inside(ImageFrame picture, ImageFrame canvas, int left, int top, int insetPixels)
{
    for (var c = 0; c < picture.Channels; c++)
    {
        for (var y = insetPixels; y < picture.Height - insetPixels; y++)
        {
            ReadOnlySpan<float> source = picture.Row(c, y), target = canvas.Row(c, top + y).Slice(left);
            for (var x = insetPixels; x < picture.Width - insetPixels; x++)
            {
                if (Math.Abs(source[x] - target[x]) > 1e-6f)
                    return false;
            }
        }
    }
    return true;
}

// The largest per-channel difference between the mean colour of the new strips and that of the picture's outer 64 columns.
static double StripShift(ImageFrame picture, ImageFrame canvas, int left, int top)
{
    if (left == 0)
        return 0; // grown in height (a picture wider than 16:9): nothing added at the sides
    const int Band = 64;
    double worst = 0;
    for (var c = 0; c < picture.ColorChannels; c++)
    {
        double added = 0, edges = 0;
        long addedCount = 0, edgeCount = 0;
        for (var y = 0; y < canvas.Height; y++)
        {
            ReadOnlySpan<float> row = canvas.Row(c, y);
            for (var x = 0; x < canvas.Width; x++)
            {
                if (x >= left && x < left + picture.Width)
                    continue;
                added += row[x];
                addedCount++;
            }
        }
        for (var y = 0; y < picture.Height; y++)
        {
            ReadOnlySpan<float> row = picture.Row(c, y);
            for (var x = 0; x < Math.Min(Band, picture.Width); x++)
                edges += row[x] + row[picture.Width - 1 - x];
            edgeCount += 2 * Math.Min(Band, picture.Width);
        }
        worst = Math.Max(worst, Math.Abs((added / addedCount) - (edges / edgeCount)));
    }
    return worst;
}

// How much of the clean picture's fine detail (luma minus its 5x5 mean) the test picture carries, 0..1 and more:
// the projection of the test's detail on the clean's, so that noise, uncorrelated with the detail, does not count.
static double DetailKept(ImageFrame clean, ImageFrame test)
{
    using var cleanLuma = Luma(clean);
    using var testLuma = Luma(test);
    ReadOnlySpan<float> c = cleanLuma.Plane(0), t = testLuma.Plane(0);
    double dot = 0, energy = 0;
    var w = clean.Width;
    for (var y = 8; y < clean.Height - 8; y++) // away from the crop's edge, where the filters see less
    {
        for (var x = 8; x < w - 8; x++)
        {
            var i = (y * w) + x;
            var dc = c[i] - Mean5x5(c, i, w);
            var dt = t[i] - Mean5x5(t, i, w);
            dot += dc * dt;
            energy += dc * dc;
        }
    }
    return dot / energy;

    static double Mean5x5(ReadOnlySpan<float> plane, int i, int width)
    {
        double sum = 0;
        for (var dy = -2; dy <= 2; dy++)
            for (var dx = -2; dx <= 2; dx++)
                sum += plane[i + (dy * width) + dx];
        return sum / 25;
    }
}

static ImageFrame Luma(ImageFrame frame)
{
    var luma = ImageFrame.Create(frame.Width, frame.Height, 1, ColorSpace.LinearSrgb);
    ReadOnlySpan<float> r = frame.Plane(0), g = frame.Plane(1), b = frame.Plane(2);
    var y = luma.Plane(0);
    for (var i = 0; i < y.Length; i++)
        y[i] = (0.2126f * r[i]) + (0.7152f * g[i]) + (0.0722f * b[i]);
    return luma;
}
