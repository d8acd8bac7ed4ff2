using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Inspection;

/// <summary>
/// The deterministic inspection test set: negatives from the standard pictures (whole, cropped, re-encoded as
/// JPEG quality 85 through ImageSharp, downscaled by area averaging) and positives made from the same pictures
/// with synthetic generator-like defects (upsampling grids, spliced noise levels, glyph rows).
/// </summary>
internal static class ArtifactImages
{
    public static readonly string[] Names = ["astronaut.png", "chelsea.png", "coffee.png", "brick.png", "grass.png", "gravel.png"];

    /// <summary>A width x height crop at (x, y).</summary>
    public static ImageFrame Crop(ImageFrame source, int x, int y, int width, int height)
    {
        var crop = ImageFrame.Create(width, height, source.Channels, source.ColorSpace);
        for (var c = 0; c < source.Channels; c++)
        {
            for (var row = 0; row < height; row++)
                source.Row(c, y + row).Slice(x, width).CopyTo(crop.Row(c, row));
        }
        return crop;
    }

    /// <summary>A centred crop of at most size x size.</summary>
    public static ImageFrame CentreCrop(ImageFrame source, int size)
    {
        int w = Math.Min(size, source.Width), h = Math.Min(size, source.Height);
        return Crop(source, (source.Width - w) / 2, (source.Height - h) / 2, w, h);
    }

    /// <summary>Rounds every value to 8 bits, as saving to PNG would.</summary>
    public static ImageFrame Quantize(ImageFrame frame)
    {
        foreach (ref var v in frame.Data)
            v = MathF.Round(Math.Clamp(v, 0f, 1f) * 255f) / 255f;
        return frame;
    }

    /// <summary>The frame re-encoded as a JPEG of the given quality through ImageSharp and decoded again.</summary>
    public static ImageFrame Jpeg(ImageFrame frame, int quality = 85)
    {
        using var stream = new MemoryStream();
        ImageFile.Save(frame, stream, ImageFileFormat.Jpeg, new ImageSaveOptions { Quality = quality });
        stream.Position = 0;
        return ImageFile.Load(stream, "reencoded.jpg");
    }

    /// <summary>Resized plane by plane with area averaging (down) or bilinear interpolation (up).</summary>
    public static ImageFrame Resize(ImageFrame frame, int width, int height)
    {
        var result = ImageFrame.Create(width, height, frame.Channels, frame.ColorSpace);
        for (var c = 0; c < frame.Channels; c++)
            PlaneResampler.Resize(frame.Plane(c), frame.Width, frame.Height, result.Plane(c), width, height);
        return Quantize(result);
    }

    /// <summary>Nearest-neighbour upsampling by an integer factor (every pixel repeated factor x factor times).</summary>
    public static ImageFrame Nearest(ImageFrame frame, int factor)
    {
        var result = ImageFrame.Create(frame.Width * factor, frame.Height * factor, frame.Channels, frame.ColorSpace);
        for (var c = 0; c < frame.Channels; c++)
        {
            for (var y = 0; y < result.Height; y++)
            {
                var from = frame.Row(c, y / factor);
                var to = result.Row(c, y);
                for (var x = 0; x < result.Width; x++)
                    to[x] = from[x / factor];
            }
        }
        return result;
    }

    /// <summary>
    /// Transposed-convolution-style upsampling: zeros inserted between samples, then a separable triangle
    /// (bilinear) kernel whose taps alternate by ±<paramref name="unevenness"/>, so the kernel phases sum to
    /// 1 ± unevenness — the uneven overlap that leaves a checkerboard (Odena et al. 2016).
    /// </summary>
    public static ImageFrame TransposedConv(ImageFrame frame, int factor, double unevenness)
    {
        var taps = new float[(2 * factor) - 1];
        for (var j = -(factor - 1); j <= factor - 1; j++)
            taps[j + factor - 1] = (float)((1.0 - (Math.Abs(j) / (double)factor)) * (1 + (unevenness * ((j & 1) == 0 ? 1 : -1))));
        int w = frame.Width * factor, h = frame.Height * factor;
        var result = ImageFrame.Create(w, h, frame.Channels, frame.ColorSpace);
        var temporary = new float[frame.Height * w];
        for (var c = 0; c < frame.Channels; c++)
        {
            Array.Clear(temporary);
            for (var y = 0; y < frame.Height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < frame.Width; x++)
                {
                    for (var j = 0; j < taps.Length; j++)
                    {
                        var ox = Math.Clamp((x * factor) + j - (factor - 1), 0, w - 1);
                        temporary[(y * w) + ox] += row[x] * taps[j];
                    }
                }
            }
            var plane = result.Plane(c);
            for (var y = 0; y < frame.Height; y++)
            {
                for (var j = 0; j < taps.Length; j++)
                {
                    var oy = Math.Clamp((y * factor) + j - (factor - 1), 0, h - 1);
                    for (var x = 0; x < w; x++)
                        plane[(oy * w) + x] += temporary[(y * w) + x] * taps[j];
                }
            }
        }
        return Quantize(result);
    }

    /// <summary>Gaussian noise of standard deviation sigma added to every channel (seeded), then 8-bit rounding.</summary>
    public static ImageFrame AddNoise(ImageFrame frame, double sigma, int seed, PixelRegion? region = null)
    {
        var random = new Random(seed);
        var r = region ?? new PixelRegion(0, 0, frame.Width, frame.Height);
        for (var c = 0; c < frame.ColorChannels; c++)
        {
            for (var y = r.Y; y < r.Y + r.Height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = r.X; x < r.X + r.Width; x++)
                    row[x] += (float)(sigma * Gaussian(random));
            }
        }
        return Quantize(frame);
    }

    /// <summary>A region replaced by a Gaussian-blurred copy of itself (sigma in pixels): a "denoised" or smoothed patch.</summary>
    public static ImageFrame SmoothRegion(ImageFrame frame, PixelRegion region, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new float[(2 * radius) + 1];
        float sum = 0;
        for (var i = -radius; i <= radius; i++)
            sum += kernel[i + radius] = (float)Math.Exp(-(i * i) / (2 * sigma * sigma));
        for (var i = 0; i < kernel.Length; i++)
            kernel[i] /= sum;
        for (var c = 0; c < frame.ColorChannels; c++)
        {
            var plane = frame.Plane(c).ToArray();
            var temporary = new float[plane.Length];
            int w = frame.Width, h = frame.Height;
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    float acc = 0;
                    for (var k = -radius; k <= radius; k++)
                        acc += kernel[k + radius] * plane[(y * w) + Math.Clamp(x + k, 0, w - 1)];
                    temporary[(y * w) + x] = acc;
                }
            }
            var target = frame.Plane(c);
            for (var y = region.Y; y < region.Y + region.Height; y++)
            {
                for (var x = region.X; x < region.X + region.Width; x++)
                {
                    float acc = 0;
                    for (var k = -radius; k <= radius; k++)
                        acc += kernel[k + radius] * temporary[(Math.Clamp(y + k, 0, h - 1) * w) + x];
                    target[(y * w) + x] = acc;
                }
            }
        }
        return Quantize(frame);
    }

    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The negatives: every standard picture whole, a 256 centre crop, a JPEG-85 re-encode and an area downscale by 2 and by 3/4.</summary>
    public static IEnumerable<(string Name, ImageFrame Frame)> Negatives()
    {
        foreach (var name in Names)
        {
            using var source = StandardImages.Load(name);
            yield return ($"{name}", source.Clone());
            yield return ($"{name} crop 256", CentreCrop(source, 256));
            yield return ($"{name} jpeg 85", Jpeg(source));
            using (var crop = CentreCrop(source, 256))
                yield return ($"{name} crop jpeg 85", Jpeg(crop));
            yield return ($"{name} down 1/2", Resize(source, source.Width / 2, source.Height / 2));
            yield return ($"{name} down 3/4", Resize(source, source.Width * 3 / 4, source.Height * 3 / 4));
        }
    }

    /// <summary>Spectral positives: upsampling defects applied to crops of every picture (all outputs 256 x 256).</summary>
    public static IEnumerable<(string Name, ImageFrame Frame)> UpsamplingPositives()
    {
        foreach (var name in Names)
        {
            using var source = StandardImages.Load(name);
            using var crop128 = CentreCrop(source, 128);
            using var crop64 = CentreCrop(source, 64);
            yield return ($"{name} nearest x2", Nearest(crop128, 2));
            yield return ($"{name} nearest x4", Nearest(crop64, 4));
            yield return ($"{name} bilinear x2", Resize(crop128, 256, 256));
            yield return ($"{name} tconv x2", TransposedConv(crop128, 2, 0.05));
            yield return ($"{name} tconv x4", TransposedConv(crop64, 4, 0.05));
            using (var up = Nearest(crop128, 2))
                yield return ($"{name} nearest x2 jpeg 85", Jpeg(up));
        }
    }

    /// <summary>The spliced region of the noise positives: a 96 x 96 square at (96, 64) of a 256 x 256 crop.</summary>
    public static readonly PixelRegion Splice = new(96, 64, 96, 96);

    /// <summary>
    /// Noise negatives: 256 crops of every picture with camera-like Gaussian noise (σ 0.02) everywhere.
    /// Noise positives: the same with the splice region smoothed (Gaussian σ 1.5 px after the noise: a "denoised" patch),
    /// or noised with σ 0.06 instead (a differently noised patch), or left clean (generated into a noisy photo).
    /// </summary>
    public static IEnumerable<(string Name, ImageFrame Frame, bool Positive, ArtifactKind Kind)> NoiseSet()
    {
        var seed = 100;
        foreach (var name in Names)
        {
            using var source = StandardImages.Load(name);
            using var crop = CentreCrop(source, 256);
            seed++;
            yield return ($"{name} noisy", AddNoise(crop.Clone(), 0.02, seed), false, ArtifactKind.NoiseTooLow);
            using (var noisy = AddNoise(crop.Clone(), 0.02, seed))
                yield return ($"{name} smoothed patch", SmoothRegion(noisy.Clone(), Splice, 1.5), true, ArtifactKind.NoiseTooLow);
            var louder = AddNoise(crop.Clone(), 0.02, seed);
            using (var clean = crop.Clone())
            {
                var patch = AddNoise(clean.Clone(), 0.06, seed + 50);
                Paste(louder, patch, Splice);
                patch.Dispose();
            }
            yield return ($"{name} noisier patch", Quantize(louder), true, ArtifactKind.NoiseTooHigh);
            var cleanPatch = AddNoise(crop.Clone(), 0.02, seed);
            Paste(cleanPatch, crop, Splice);
            yield return ($"{name} clean patch", cleanPatch, true, ArtifactKind.NoiseTooLow);
        }
    }

    /// <summary>Copies the region of <paramref name="from"/> into <paramref name="into"/>.</summary>
    public static void Paste(ImageFrame into, ImageFrame from, PixelRegion region)
    {
        for (var c = 0; c < into.Channels; c++)
        {
            for (var y = region.Y; y < region.Y + region.Height; y++)
                from.Row(c, y).Slice(region.X, region.Width).CopyTo(into.Row(c, y).Slice(region.X, region.Width));
        }
    }

    /// <summary>
    /// Text pages: three rows of glyphs on paper (256 x 128), glyph heights 24 and 40 px, stroke widths 3, 4 and 5 px;
    /// regular rows are negatives, irregular rows positives.
    /// </summary>
    public static IEnumerable<(string Name, ImageFrame Frame, bool Positive)> TextSet()
    {
        var seed = 7;
        foreach (var height in (int[])[24, 40])
        {
            foreach (var stroke in (double[])[3, 4, 5])
            {
                seed++;
                yield return ($"regular h{height} w{stroke}", GlyphRows.Page(256, 128, 3, height, stroke, false, seed), false);
                yield return ($"irregular h{height} w{stroke}", GlyphRows.Page(256, 128, 3, height, stroke, true, seed), true);
            }
        }
    }
}
