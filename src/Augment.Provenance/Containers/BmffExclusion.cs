namespace Augment.Provenance.Containers;

/// <summary>
/// One entry of a <c>c2pa.hash.bmff.v2</c>/<c>.v3</c> exclusion list (C2PA 2.1, section 18.6.2): the boxes at
/// <paramref name="Xpath"/> that also satisfy every given condition are left out of the hash, wholly or (with
/// <paramref name="Subset"/>) in part.
/// </summary>
/// <param name="Xpath">Box path from the top, e.g. <c>/uuid</c> or <c>/moov[1]/trak</c> (1-based indices).</param>
/// <param name="Length">The box must be exactly this long, or null.</param>
/// <param name="Data">Bytes the box must hold at offsets from its start, or null.</param>
/// <param name="Subset">Ranges (offset from the box start, length; 0 = to the box end) to exclude instead of the whole box, or null.</param>
/// <param name="Version">The FullBox version the box must have, or null.</param>
/// <param name="Flags">The FullBox flags (3 bytes) the box must have, or null.</param>
/// <param name="Exact">True: flags must be equal; otherwise every set bit of <paramref name="Flags"/> must be set.</param>
internal sealed record BmffExclusion(
    string Xpath,
    long? Length = null,
    IReadOnlyList<(long Offset, byte[] Value)>? Data = null,
    IReadOnlyList<(long Offset, long Length)>? Subset = null,
    int? Version = null,
    byte[]? Flags = null,
    bool Exact = false)
{
    /// <summary>What C2PA writers exclude by default (the reference implementation's list): the C2PA box itself
    /// (matched by its extended type), <c>ftyp</c>, <c>mfra</c>, <c>free</c> and <c>skip</c>.</summary>
    public static IReadOnlyList<BmffExclusion> Defaults { get; } =
    [
        new("/uuid", Data: [(8, BmffReader.C2paUuid.ToArray())]),
        new("/ftyp"),
        new("/mfra"),
        new("/free"),
        new("/skip"),
    ];
}
