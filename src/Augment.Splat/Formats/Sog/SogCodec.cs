using System.IO.Compression;

namespace Augment.Splat;

/// <summary>
/// PlayCanvas SOG (version 2, as splat-transform writes it): a zip (<c>.sog</c>) of <c>meta.json</c> and lossless WebP
/// images with one texel per splat in Morton order. means_l/means_u hold 16-bit positions (low and high bytes) in
/// sign(x) ln(|x| + 1) space over the meta's range; quats the three smallest quaternion components (8 bits each,
/// scaled by sqrt 2) with 252 + the dropped index in alpha; scales and sh0 8-bit indices into 256-entry 1-D k-means
/// codebooks (sh0's alpha is the opacity as 8-bit alpha); shN a palette of SH vectors (k-means, up to 65,536 entries,
/// coefficients coded through a third codebook) and a 16-bit palette label per splat. A <c>meta.json</c> given as the
/// stream is read as the folder form, its images from the folder of the source path. Writing produces the zip.
/// </summary>
internal sealed class SogCodec : ISplatCodec, ISplatFolderCodec
{
    private const int MaxMetaBytes = 64 << 20;
    private const float Sqrt2 = 1.41421356237309505f;
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc/>
    public SplatFormat Format => SplatFormat.Sog;

    /// <inheritdoc/>
    public bool CanWrite => true;

    /// <inheritdoc/>
    public bool Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\x03\x04"u8))
            return true;
        var trimmed = head.TrimStart(" \t\r\n"u8);
        return trimmed.StartsWith("{"u8) && (trimmed.IndexOf("\"version\""u8) >= 0 || trimmed.IndexOf("\"means\""u8) >= 0 || trimmed.IndexOf("\"count\""u8) >= 0);
    }

    /// <inheritdoc/>
    public GaussianCloud Read(Stream stream, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.Budget ?? ComputeBudget.Default;
        var input = stream;
        MemoryStream? buffered = null;
        try
        {
            if (!stream.CanSeek)
            {
                buffered = new MemoryStream();
                var chunk = new byte[81920];
                int n;
                while ((n = stream.Read(chunk)) > 0)
                {
                    if (buffered.Length + n > options.MaxDecompressedBytes)
                        throw new InvalidMediaException(source, buffered.Length, "the SOG stream is longer than the decompression limit");
                    buffered.Write(chunk, 0, n);
                }
                buffered.Position = 0;
                input = buffered;
            }
            var start = input.Position;
            Span<byte> magic = stackalloc byte[4];
            var got = input.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            input.Position = start;
            SogArchive archive;
            byte[] metaBytes;
            if (got == 4 && magic.SequenceEqual("PK\x03\x04"u8))
            {
                archive = SogArchive.OpenZip(input, source, options.MaxDecompressedBytes);
                if (!archive.Contains("meta.json"))
                {
                    archive.Dispose();
                    throw new InvalidMediaException(source, 0, "the archive has no meta.json");
                }
                metaBytes = archive.Read("meta.json");
            }
            else if (got > 0 && magic[0] is (byte)'{' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                metaBytes = ReadAll(input, source, Math.Min(MaxMetaBytes, options.MaxDecompressedBytes));
                var folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
                archive = SogArchive.OpenFolder(folder, source, options.MaxDecompressedBytes);
            }
            else
            {
                throw new InvalidMediaException(source, 0, "neither a SOG zip nor a meta.json");
            }
            using (archive)
            {
                var meta = SogMeta.Parse(metaBytes, source, options.MaxSplats);
                return Decode(meta, archive, source, options, budget, cancellationToken);
            }
        }
        finally
        {
            buffered?.Dispose();
        }
    }

    /// <inheritdoc/>
    public GaussianCloud ReadFolder(string directory, SplatReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var metaPath = Path.Combine(directory, "meta.json");
        using var stream = File.OpenRead(metaPath);
        return Read(stream, metaPath, options, cancellationToken);
    }

    private static byte[] ReadAll(Stream input, string source, long limit)
    {
        using var output = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = input.Read(chunk)) > 0)
        {
            if (output.Length + n > limit)
                throw new InvalidMediaException(source, output.Length, $"meta.json is longer than {limit:N0} bytes");
            output.Write(chunk, 0, n);
        }
        return output.ToArray();
    }

    private static GaussianCloud Decode(SogMeta meta, SogArchive archive, string source, SplatReadOptions options, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var count = meta.Count;
        // The writer's layout is about count texels rounded up to multiples of 4 a side; allow generous slack, no more.
        var maxTexels = Math.Min((4L * count) + 65536, options.MaxDecompressedBytes / 4);
        byte[] Image(string name) => SogImages.DecodeRgba(archive.Read(name), name, source, count, maxTexels, budget, out _, out _);

        // The first images prove the declared count (texels >= count) before the cloud is allocated.
        var lo = Image(meta.MeansFiles[0]);
        var hi = Image(meta.MeansFiles[1]);
        cancellationToken.ThrowIfCancellationRequested();
        var cloud = GaussianCloud.Create(count, meta.ShBands, null, options.Budget);
        Span<float> min = [meta.MeansMin[0], meta.MeansMin[1], meta.MeansMin[2]];
        Span<float> range = stackalloc float[3];
        for (var a = 0; a < 3; a++)
            range[a] = meta.MeansMax[a] - meta.MeansMin[a] is var r && r != 0 ? r : 1;
        float[][] planes = cloud.Planes;
        for (var i = 0; i < count; i++)
        {
            for (var a = 0; a < 3; a++)
            {
                var q = lo[(i * 4) + a] | (hi[(i * 4) + a] << 8);
                planes[a][i] = InverseLogTransform(min[a] + (range[a] * (q / 65535f)));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var quats = Image(meta.QuatsFile);
        Span<float> quat = stackalloc float[4];
        for (var i = 0; i < count; i++)
        {
            UnpackQuaternion(quats.AsSpan(i * 4, 4), quat);
            cloud.RotationW[i] = quat[0];
            cloud.RotationX[i] = quat[1];
            cloud.RotationY[i] = quat[2];
            cloud.RotationZ[i] = quat[3];
        }

        cancellationToken.ThrowIfCancellationRequested();
        var scales = Image(meta.ScalesFile);
        var scaleBook = meta.ScalesCodebook;
        for (var i = 0; i < count; i++)
        {
            for (var a = 0; a < 3; a++)
                planes[3 + a][i] = Lookup(scaleBook, scales[(i * 4) + a], source, meta.ScalesFile, i);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var sh0 = Image(meta.Sh0File);
        var colourBook = meta.Sh0Codebook;
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < 3; c++)
                planes[11 + c][i] = Lookup(colourBook, sh0[(i * 4) + c], source, meta.Sh0File, i);
            planes[10][i] = CompressedPlyPacking.AlphaToLogit(sh0[(i * 4) + 3] / 255f);
        }

        if (meta.ShBands > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var coefficients = GaussianCloud.RestCountFor(meta.ShBands);
            var rows = (meta.ShCount + 63) / 64;
            var centroids = SogImages.DecodeRgba(archive.Read(meta.ShFiles[0]), meta.ShFiles[0], source, (long)64 * coefficients * rows, (long)64 * coefficients * rows, budget, out var centroidWidth, out _);
            if (centroidWidth != 64 * coefficients)
                throw new InvalidMediaException(source, 0, $"member '{meta.ShFiles[0]}' is {centroidWidth} texels wide; SH degree {meta.ShBands} needs {64 * coefficients}");
            var labels = Image(meta.ShFiles[1]);
            var shBook = meta.ShCodebook;
            for (var i = 0; i < count; i++)
            {
                var label = labels[i * 4] | (labels[(i * 4) + 1] << 8);
                if (label >= meta.ShCount)
                    throw new InvalidMediaException(source, 0, $"splat {i} has SH palette label {label}, the palette has {meta.ShCount}");
                var texel = ((label / 64 * centroidWidth) + (label % 64 * coefficients)) * 4;
                for (var k = 0; k < coefficients; k++)
                {
                    for (var c = 0; c < 3; c++)
                        planes[14 + (c * coefficients) + k][i] = Lookup(shBook, centroids[texel + (k * 4) + c], source, meta.ShFiles[0], label);
                }
            }
        }
        return cloud;
    }

    private static float Lookup(float[] codebook, byte index, string source, string member, int texel) =>
        index < codebook.Length ? codebook[index] : throw new InvalidMediaException(source, 0, $"texel {texel} of '{member}' indexes entry {index} of a {codebook.Length}-entry codebook");

    /// <summary>sign(x) ln(|x| + 1): more precision near the origin, where scenes are dense.</summary>
    internal static float LogTransform(float x) => MathF.CopySign(MathF.Log(MathF.Abs(x) + 1), x);

    /// <summary>The inverse of <see cref="LogTransform"/>.</summary>
    internal static float InverseLogTransform(float v) => MathF.CopySign(MathF.Exp(MathF.Abs(v)) - 1, v);

    /// <summary>Decodes one quats texel to (w, x, y, z); an alpha outside 252..255 gives the identity, as splat-transform does.</summary>
    internal static void UnpackQuaternion(ReadOnlySpan<byte> texel, Span<float> wxyz)
    {
        var tag = texel[3];
        if (tag < 252)
        {
            (wxyz[0], wxyz[1], wxyz[2], wxyz[3]) = (1, 0, 0, 0);
            return;
        }
        var largest = tag - 252;
        var sum = 0f;
        var t = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i == largest)
                continue;
            var v = ((texel[t++] / 255f * 2) - 1) / Sqrt2;
            wxyz[i] = v;
            sum += v * v;
        }
        wxyz[largest] = MathF.Sqrt(MathF.Max(0, 1 - sum));
    }

    /// <summary>Encodes a quaternion given as (w, x, y, z) into a quats texel (normalised first; zero or non-finite gives the identity).</summary>
    internal static void PackQuaternion(float w, float x, float y, float z, Span<byte> texel)
    {
        Span<float> q = stackalloc float[4];
        var largest = SmallestThree.Normalize(w, x, y, z, q);
        var scale = (q[largest] < 0 ? -1 : 1) * Sqrt2;
        var t = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i != largest)
                texel[t++] = ToByte(255 * ((q[i] * scale * 0.5f) + 0.5f));
        }
        texel[3] = (byte)(252 + largest);
    }

    private static byte ToByte(float v) => v >= 255 ? (byte)255 : v > 0 ? (byte)MathF.Round(v) : (byte)0;

    /// <inheritdoc/>
    public void Write(GaussianCloud cloud, Stream stream, SplatWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.Budget ?? ComputeBudget.Default;
        var count = cloud.Count;
        var width = Math.Max(4, (int)Math.Ceiling(Math.Sqrt(count) / 4) * 4);
        var height = Math.Max(4, (int)Math.Ceiling((double)count / width / 4) * 4);
        if (width > SogImages.MaxSide || height > SogImages.MaxSide)
            throw new ArgumentException($"SOG holds at most {SogImages.MaxSide} x {SogImages.MaxSide} texels; {count:N0} splats need {width} x {height}.", nameof(cloud));
        var texels = (long)width * height;
        budget.EnsureAllocation((texels * 4 * 3) + ((long)count * 4 * 4), "SOG images");
        var order = PlayCanvasMortonOrder.Compute(cloud);
        var planes = cloud.Planes;

        // means: log-space range over finite positions, 16 bits split into two images.
        var meansMin = new float[3];
        var meansMax = new float[3];
        for (var a = 0; a < 3; a++)
        {
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            foreach (var v in planes[a])
            {
                if (!float.IsFinite(v))
                    continue;
                var t = LogTransform(v);
                lo = MathF.Min(lo, t);
                hi = MathF.Max(hi, t);
            }
            (meansMin[a], meansMax[a]) = lo <= hi ? (lo, hi) : (0, 0);
        }
        var meansL = new byte[texels * 4];
        var meansU = new byte[texels * 4];
        var quats = new byte[texels * 4];
        for (var i = 0; i < count; i++)
        {
            var s = order[i];
            for (var a = 0; a < 3; a++)
            {
                var range = meansMax[a] - meansMin[a];
                var value = planes[a][s];
                var q = range > 0 && float.IsFinite(value) ? Math.Clamp((int)MathF.Round(65535 * (LogTransform(value) - meansMin[a]) / range), 0, 65535) : 0;
                meansL[(i * 4) + a] = (byte)q;
                meansU[(i * 4) + a] = (byte)(q >> 8);
            }
            meansL[(i * 4) + 3] = 255;
            meansU[(i * 4) + 3] = 255;
            PackQuaternion(planes[6][s], planes[7][s], planes[8][s], planes[9][s], quats.AsSpan(i * 4, 4));
        }
        cancellationToken.ThrowIfCancellationRequested();

        var scaleBook = FitColumns(planes, 3, 3, count);
        var colourBook = FitColumns(planes, 11, 3, count);
        var scales = new byte[texels * 4];
        var sh0 = new byte[texels * 4];
        for (var i = 0; i < count; i++)
        {
            var s = order[i];
            for (var a = 0; a < 3; a++)
            {
                scales[(i * 4) + a] = SogQuantizer1D.Nearest(scaleBook, planes[3 + a][s]);
                sh0[(i * 4) + a] = SogQuantizer1D.Nearest(colourBook, planes[11 + a][s]);
            }
            scales[(i * 4) + 3] = 255;
            sh0[(i * 4) + 3] = ToByte(255 * CompressedPlyPacking.Sigmoid(planes[10][s]));
        }
        cancellationToken.ThrowIfCancellationRequested();

        var meta = new SogMeta
        {
            Count = count,
            MeansMin = meansMin,
            MeansMax = meansMax,
            MeansFiles = ["means_l.webp", "means_u.webp"],
            ScalesCodebook = scaleBook,
            ScalesFile = "scales.webp",
            QuatsFile = "quats.webp",
            Sh0Codebook = colourBook,
            Sh0File = "sh0.webp",
        };
        var members = new List<(string Name, byte[] Bytes)>
        {
            ("means_l.webp", SogImages.EncodeLossless(meansL, width, height)),
            ("means_u.webp", SogImages.EncodeLossless(meansU, width, height)),
            ("quats.webp", SogImages.EncodeLossless(quats, width, height)),
            ("scales.webp", SogImages.EncodeLossless(scales, width, height)),
            ("sh0.webp", SogImages.EncodeLossless(sh0, width, height)),
        };

        if (cloud.ShDegree > 0 && count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var coefficients = cloud.ShRestCount;
            var (paletteCount, centroidImage, centroidRows, shBook, labels) = SogShPalette.Build(cloud, order, budget, cancellationToken);
            var labelImage = new byte[texels * 4];
            for (var i = 0; i < count; i++)
            {
                labelImage[i * 4] = (byte)labels[i];
                labelImage[(i * 4) + 1] = (byte)(labels[i] >> 8);
                labelImage[(i * 4) + 3] = 255;
            }
            members.Add(("shN_centroids.webp", SogImages.EncodeLossless(centroidImage, 64 * coefficients, centroidRows)));
            members.Add(("shN_labels.webp", SogImages.EncodeLossless(labelImage, width, height)));
            meta = new SogMeta
            {
                Count = meta.Count, MeansMin = meta.MeansMin, MeansMax = meta.MeansMax, MeansFiles = meta.MeansFiles,
                ScalesCodebook = meta.ScalesCodebook, ScalesFile = meta.ScalesFile, QuatsFile = meta.QuatsFile,
                Sh0Codebook = meta.Sh0Codebook, Sh0File = meta.Sh0File,
                ShBands = cloud.ShDegree,
                ShCount = paletteCount,
                ShCodebook = shBook,
                ShFiles = ["shN_centroids.webp", "shN_labels.webp"],
            };
        }
        members.Add(("meta.json", meta.ToJson("Augment.Splat")));

        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, bytes) in members)
        {
            // WebP is already entropy coded; store it, as splat-transform does.
            var entry = zip.CreateEntry(name, name.EndsWith(".json", StringComparison.Ordinal) ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = FixedTimestamp; // same scene, same bytes
            using var output = entry.Open();
            output.Write(bytes);
        }
    }

    /// <summary>One codebook over <paramref name="planeCount"/> planes together (SOG shares it across axes or channels).</summary>
    private static float[] FitColumns(float[][] planes, int firstPlane, int planeCount, int count)
    {
        var all = new float[(long)count * planeCount];
        for (var p = 0; p < planeCount; p++)
            planes[firstPlane + p].AsSpan(0, count).CopyTo(all.AsSpan(p * count));
        return SogQuantizer1D.Fit(all);
    }
}
