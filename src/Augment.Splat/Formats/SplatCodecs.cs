namespace Augment.Splat;

/// <summary>Every codec, in the order <c>GaussianCloud.Load</c> asks them to sniff a file's first bytes.</summary>
internal static class SplatCodecs
{
    /// <summary>The registered codecs; each format's codec adds itself here.</summary>
    public static IReadOnlyList<ISplatCodec> All { get; } =
    [
    ];
}
