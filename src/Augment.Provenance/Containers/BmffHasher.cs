using System.Buffers.Binary;
using System.Security.Cryptography;
using Augment.Provenance.Cbor;

namespace Augment.Provenance.Containers;

/// <summary>
/// The hard binding of <c>c2pa.hash.bmff.v2</c> and <c>.v3</c> without a Merkle tree (C2PA 2.1, section 18.6.3): one
/// pass over the top-level boxes in file order; each box not wholly excluded contributes its absolute file offset
/// (8 bytes, big-endian) and then its bytes minus the excluded ranges inside it. Hashing the offsets binds the box
/// layout, which is why a moved <c>mdat</c> (with patched chunk offsets) still hashes differently.
/// </summary>
internal static class BmffHasher
{
    private const int MaxXpathDepth = 16;

    /// <summary>Hashes <paramref name="file"/> with <paramref name="exclusions"/> applied.</summary>
    /// <returns>The digest, or null when an xpath is malformed.</returns>
    /// <exception cref="InvalidMediaException">The box structure is damaged.</exception>
    public static byte[]? Hash(ReadOnlySpan<byte> file, IReadOnlyList<BmffExclusion> exclusions, HashAlgorithmName algorithm, string? source)
    {
        var top = BmffReader.TopLevel(file, source);
        var ranges = new List<(long Start, long End)>();
        foreach (var exclusion in exclusions)
        {
            if (!TryMatch(file, top, exclusion, ranges, source))
                return null;
        }
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        using var hash = IncrementalHash.CreateHash(algorithm);
        Span<byte> marker = stackalloc byte[8];
        foreach (var box in top)
        {
            if (WhollyExcluded(ranges, box))
                continue;
            BinaryPrimitives.WriteUInt64BigEndian(marker, (ulong)box.Offset);
            hash.AppendData(marker);
            var position = box.Offset;
            foreach (var (start, end) in ranges)
            {
                if (end <= position || start >= box.End)
                    continue;
                if (start > position)
                    hash.AppendData(file[(int)position..(int)start]);
                position = Math.Max(position, Math.Min(end, box.End));
            }
            if (position < box.End)
                hash.AppendData(file[(int)position..(int)box.End]);
        }
        return hash.GetHashAndReset();
    }

    private static bool WhollyExcluded(List<(long Start, long End)> ranges, BmffBox box)
    {
        foreach (var (start, end) in ranges)
        {
            if (start <= box.Offset && end >= box.End)
                return true;
        }
        return false;
    }

    /// <summary>Adds the ranges <paramref name="exclusion"/> removes; false when its xpath is malformed.</summary>
    private static bool TryMatch(ReadOnlySpan<byte> file, List<BmffBox> top, BmffExclusion exclusion, List<(long, long)> ranges, string? source)
    {
        var parts = exclusion.Xpath.Split('/', StringSplitOptions.None);
        if (parts.Length < 2 || parts[0].Length != 0 || parts.Length - 1 > MaxXpathDepth)
            return false;
        var level = top;
        for (var i = 1; i < parts.Length; i++)
        {
            if (!TryParseStep(parts[i], out var type, out var index))
                return false;
            var matches = new List<BmffBox>();
            var seen = 0;
            foreach (var box in level)
            {
                if (box.Type != type)
                    continue;
                seen++;
                if (index is null || index == seen)
                    matches.Add(box);
            }
            if (i == parts.Length - 1)
            {
                foreach (var box in matches)
                {
                    if (Satisfies(file, box, exclusion))
                        AddRanges(box, exclusion, ranges);
                }
                return true;
            }
            var next = new List<BmffBox>();
            foreach (var box in matches)
            {
                // A path through a box whose payload is not a box sequence (mdat, a sample entry's fixed fields)
                // selects nothing there; it does not make the assertion malformed.
                try
                {
                    next.AddRange(BmffReader.ChildrenOf(file, box, source));
                }
                catch (InvalidMediaException)
                {
                }
            }
            level = next;
        }
        return true;
    }

    private static bool TryParseStep(string step, out uint type, out int? index)
    {
        type = 0;
        index = null;
        var name = step;
        var bracket = step.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            if (!step.EndsWith(']') || !int.TryParse(step.AsSpan(bracket + 1, step.Length - bracket - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
                return false;
            index = n;
            name = step[..bracket];
        }
        if (name.Length != 4)
            return false;
        foreach (var c in name)
        {
            if (c > 0xFF)
                return false;
            type = (type << 8) | c;
        }
        return true;
    }

    private static bool Satisfies(ReadOnlySpan<byte> file, BmffBox box, BmffExclusion exclusion)
    {
        if (exclusion.Length is { } length && length != box.Length)
            return false;
        if (exclusion.Data is { } data)
        {
            foreach (var (offset, value) in data)
            {
                if (offset < 0 || value.Length == 0 || offset > box.Length - value.Length
                    || !file.Slice((int)(box.Offset + offset), value.Length).SequenceEqual(value))
                    return false;
            }
        }
        // FullBox version and flags follow the header (and a uuid box's extended type).
        var versionAt = box.PayloadOffset + (box.Type == BmffReader.Uuid ? 16 : 0);
        if (exclusion.Version is not null || exclusion.Flags is not null)
        {
            if (versionAt + 4 > box.End)
                return false;
            if (exclusion.Version is { } version && file[(int)versionAt] != version)
                return false;
            if (exclusion.Flags is { } flags)
            {
                if (flags.Length != 3)
                    return false;
                for (var i = 0; i < 3; i++)
                {
                    var actual = file[(int)versionAt + 1 + i];
                    if (exclusion.Exact ? actual != flags[i] : (actual & flags[i]) != flags[i])
                        return false;
                }
            }
        }
        return true;
    }

    private static void AddRanges(BmffBox box, BmffExclusion exclusion, List<(long, long)> ranges)
    {
        if (exclusion.Subset is not { Count: > 0 } subset)
        {
            ranges.Add((box.Offset, box.End));
            return;
        }
        foreach (var (offset, length) in subset)
        {
            if (offset < 0 || offset >= box.Length || length < 0)
                continue;
            var end = length == 0 ? box.End : box.Offset + offset + Math.Min(box.Length - offset, length);
            ranges.Add((box.Offset + offset, end));
        }
    }

    /// <summary>Reads a <c>c2pa.hash.bmff.v2</c>/<c>.v3</c> map.</summary>
    /// <returns>False when a required field is missing or has the wrong type (<c>assertion.bmffHash.malformed</c>).</returns>
    public static bool TryRead(CborMap map, out List<BmffExclusion> exclusions, out string? algorithm, out byte[] hash, out bool merkle)
    {
        exclusions = [];
        algorithm = map.Text("alg");
        hash = map.Bytes("hash") ?? [];
        merkle = map["merkle"] is List<object?> { Count: > 0 };
        if (hash.Length == 0 && !merkle)
            return false;
        if (map["exclusions"] is not List<object?> items)
            return map["exclusions"] is null;
        foreach (var item in items)
        {
            if (item is not CborMap entry || entry.Text("xpath") is not { } xpath)
                return false;
            List<(long, byte[])>? data = null;
            if (entry["data"] is List<object?> dataItems)
            {
                data = [];
                foreach (var d in dataItems)
                {
                    if (d is not CborMap dm || dm.Integer("offset") is not { } offset || dm.Bytes("value") is not { } value)
                        return false;
                    data.Add((offset, value));
                }
            }
            List<(long, long)>? subset = null;
            if (entry["subset"] is List<object?> subsetItems)
            {
                subset = [];
                foreach (var s in subsetItems)
                {
                    if (s is not CborMap sm || sm.Integer("offset") is not { } offset || sm.Integer("length") is not { } length)
                        return false;
                    subset.Add((offset, length));
                }
            }
            var version = entry.Integer("version");
            if (version is < 0 or > 255)
                return false;
            exclusions.Add(new BmffExclusion(xpath, entry.Integer("length"), data, subset,
                (int?)version, entry.Bytes("flags"), entry["exact"] is true));
        }
        return true;
    }
}
