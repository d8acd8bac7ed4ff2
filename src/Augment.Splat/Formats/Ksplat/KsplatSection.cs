using System.Buffers.Binary;

namespace Augment.Splat;

/// <summary>One ksplat section: its 1024-byte header's fields and the decoder of its data.</summary>
internal sealed class KsplatSection
{
    private KsplatSection() { }

    public int Count { get; private init; }

    public int MaxCount { get; private init; }

    public int BucketCapacity { get; private init; }

    public int BucketCount { get; private init; }

    public float SpatialBlockSize { get; private init; }

    public int QuantisationRange { get; private init; }

    public int FullBuckets { get; private init; }

    public int PartialBuckets { get; private init; }

    public int ShDegree { get; private init; }

    /// <summary>Partial-bucket sizes and bucket centres before the splats.</summary>
    public long StorageBytes { get; private init; }

    /// <summary>Splat records: bytes per splat x the section's capacity.</summary>
    public long DataBytes { get; private init; }

    public int ShComponents => 3 * GaussianCloud.RestCountFor(ShDegree);

    public static KsplatSection Parse(ReadOnlySpan<byte> header, KsplatLayout layout, string source, long offset)
    {
        var count = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var maxCount = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var bucketCapacity = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        var bucketCount = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        var blockSize = BinaryPrimitives.ReadSingleLittleEndian(header[16..]);
        var bucketStorage = BinaryPrimitives.ReadUInt16LittleEndian(header[20..]);
        var range = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        var fullBuckets = BinaryPrimitives.ReadUInt32LittleEndian(header[32..]);
        var partialBuckets = BinaryPrimitives.ReadUInt32LittleEndian(header[36..]);
        var degree = BinaryPrimitives.ReadUInt16LittleEndian(header[40..]);
        if (count > maxCount || maxCount > int.MaxValue)
            throw new InvalidMediaException(source, offset, $"a section holds {count:N0} splats but has room for {maxCount:N0}");
        if (degree > GaussianCloud.MaxShDegree)
            throw new InvalidMediaException(source, offset + 40, $"SH degree {degree} is not a valid ksplat degree (0 to 3)");
        if (bucketCount > int.MaxValue / 12 || fullBuckets + (ulong)partialBuckets > bucketCount || bucketCapacity > int.MaxValue)
            throw new InvalidMediaException(source, offset + 12, $"{fullBuckets:N0} full and {partialBuckets:N0} partial buckets do not fit {bucketCount:N0} buckets");
        if (count > 0 && layout.CenterBytes == 6 && (bucketStorage < 12 || !float.IsFinite(blockSize)))
            throw new InvalidMediaException(source, offset + 16, "a quantised section needs bucket centres (12 bytes each) and a finite block size");
        if (range > 65535)
            throw new InvalidMediaException(source, offset + 24, $"quantisation range {range:N0} does not fit 16-bit positions");
        var shComponents = 3 * GaussianCloud.RestCountFor(degree);
        return new KsplatSection
        {
            Count = (int)count,
            MaxCount = (int)maxCount,
            BucketCapacity = (int)bucketCapacity,
            BucketCount = (int)bucketCount,
            SpatialBlockSize = blockSize,
            QuantisationRange = range == 0 ? layout.DefaultQuantisationRange : (int)range,
            FullBuckets = (int)fullBuckets,
            PartialBuckets = (int)partialBuckets,
            ShDegree = degree,
            StorageBytes = ((long)bucketStorage * bucketCount) + (4L * partialBuckets),
            DataBytes = (long)layout.BytesPerSplat(shComponents) * maxCount,
        };
    }

    /// <summary>Decodes this section's splats from <paramref name="data"/> (storage then records) into the cloud from index <paramref name="first"/>.</summary>
    public void Decode(ReadOnlySpan<byte> data, KsplatLayout layout, int mode, float shMin, float shMax, GaussianCloud cloud, int first, string source, long offset)
    {
        var partialSizes = data[..(4 * PartialBuckets)];
        if (Count == 0)
            return;
        var centres = data.Slice(4 * PartialBuckets, 12 * (layout.CenterBytes == 6 ? BucketCount : 0));
        var records = data[(int)StorageBytes..];
        var stride = layout.BytesPerSplat(ShComponents);
        var positionScale = SpatialBlockSize / 2f / QuantisationRange;
        var fullSplats = (long)FullBuckets * BucketCapacity;
        var partialBucket = FullBuckets;
        var partialBase = fullSplats;
        for (var i = 0; i < Count; i++)
        {
            var record = records.Slice(i * stride, stride);
            var target = first + i;
            if (mode == 0)
            {
                cloud.X[target] = BinaryPrimitives.ReadSingleLittleEndian(record);
                cloud.Y[target] = BinaryPrimitives.ReadSingleLittleEndian(record[4..]);
                cloud.Z[target] = BinaryPrimitives.ReadSingleLittleEndian(record[8..]);
            }
            else
            {
                int bucket;
                if (i < fullSplats)
                {
                    bucket = i / BucketCapacity;
                }
                else
                {
                    // Partial buckets follow the full ones; each has its own size in the storage block.
                    while (true)
                    {
                        var index = partialBucket - FullBuckets;
                        if (index >= PartialBuckets)
                            throw new InvalidMediaException(source, offset, $"splat {i} of a section lies beyond its {PartialBuckets:N0} partial buckets");
                        var size = BinaryPrimitives.ReadUInt32LittleEndian(partialSizes[(4 * index)..]);
                        if (i < partialBase + size)
                            break;
                        partialBase += size;
                        partialBucket++;
                    }
                    bucket = partialBucket;
                }
                if (bucket >= BucketCount)
                    throw new InvalidMediaException(source, offset, $"splat {i} of a section names bucket {bucket:N0} of {BucketCount:N0}");
                var centre = centres[(12 * bucket)..];
                cloud.X[target] = ((BinaryPrimitives.ReadUInt16LittleEndian(record) - QuantisationRange) * positionScale) + BinaryPrimitives.ReadSingleLittleEndian(centre);
                cloud.Y[target] = ((BinaryPrimitives.ReadUInt16LittleEndian(record[2..]) - QuantisationRange) * positionScale) + BinaryPrimitives.ReadSingleLittleEndian(centre[4..]);
                cloud.Z[target] = ((BinaryPrimitives.ReadUInt16LittleEndian(record[4..]) - QuantisationRange) * positionScale) + BinaryPrimitives.ReadSingleLittleEndian(centre[8..]);
            }
            cloud.ScaleX[target] = LogScale(ReadValue(record[layout.ScaleStart..], mode == 0));
            cloud.ScaleY[target] = LogScale(ReadValue(record[(layout.ScaleStart + layout.ScaleBytes / 3)..], mode == 0));
            cloud.ScaleZ[target] = LogScale(ReadValue(record[(layout.ScaleStart + (2 * layout.ScaleBytes / 3))..], mode == 0));
            var rotationStep = layout.RotationBytes / 4;
            cloud.RotationW[target] = ReadValue(record[layout.RotationStart..], mode == 0);
            cloud.RotationX[target] = ReadValue(record[(layout.RotationStart + rotationStep)..], mode == 0);
            cloud.RotationY[target] = ReadValue(record[(layout.RotationStart + (2 * rotationStep))..], mode == 0);
            cloud.RotationZ[target] = ReadValue(record[(layout.RotationStart + (3 * rotationStep))..], mode == 0);
            for (var c = 0; c < 3; c++)
                cloud.ShDc(c)[target] = ((record[layout.ColorStart + c] / 255f) - 0.5f) / GaussianCloud.ShC0;
            var alpha = Math.Clamp(record[layout.ColorStart + 3] / 255f, 1e-6f, 1f - 1e-6f);
            cloud.Opacity[target] = MathF.Log(alpha / (1f - alpha));
            for (var j = 0; j < ShComponents; j++)
            {
                // Band 1 holds 3 coefficients per channel, band 2 five, band 3 seven; channel-major within a band.
                int channel, coefficient;
                if (j < 9)
                    (channel, coefficient) = (j / 3, j % 3);
                else if (j < 24)
                    (channel, coefficient) = ((j - 9) / 5, ((j - 9) % 5) + 3);
                else
                    (channel, coefficient) = ((j - 24) / 7, ((j - 24) % 7) + 8);
                var at = record[(layout.ShStart + (j * layout.ShBytes))..];
                var value = mode switch
                {
                    0 => BinaryPrimitives.ReadSingleLittleEndian(at),
                    1 => (float)BinaryPrimitives.ReadHalfLittleEndian(at),
                    _ => shMin + (at[0] / 255f * (shMax - shMin)),
                };
                cloud.ShRest(channel, coefficient)[target] = value;
            }
        }
    }

    private static float ReadValue(ReadOnlySpan<byte> at, bool full) =>
        full ? BinaryPrimitives.ReadSingleLittleEndian(at) : (float)BinaryPrimitives.ReadHalfLittleEndian(at);

    // ksplat stores linear scales; a zero or negative scale becomes the smallest log scale splat-transform uses.
    private static float LogScale(float linear) => linear > 0 ? MathF.Log(linear) : -10f;
}
