namespace Augment.Splat;

/// <summary>
/// Every codec, in the order <c>GaussianCloud.Load</c> asks them to sniff a file's first bytes. Formats with a
/// magic number come first; <see cref="SplatFileCodec"/> (antimatter15 <c>.splat</c>, no magic) is only tried
/// when nothing else matched, whatever its place here. A PLY with a <c>chunk</c> element is routed to the
/// <see cref="SplatFormat.CompressedPly"/> codec by the loader, which reads the whole PLY header to decide.
/// </summary>
internal static class SplatCodecs
{
    /// <summary>The registered codecs; each format's codec adds itself here.</summary>
    public static IReadOnlyList<ISplatCodec> All { get; } =
    [
        new PlyCodec(),
        new CompressedPlyCodec(),
        new SpzCodec(),
        new SogCodec(),
        new KsplatCodec(),
        new SplatFileCodec(),
    ];

    /// <summary>The registered codec for <paramref name="format"/>, or null when none is registered yet.</summary>
    public static ISplatCodec? Find(SplatFormat format)
    {
        foreach (var codec in All)
        {
            if (codec.Format == format)
                return codec;
        }
        return null;
    }
}
