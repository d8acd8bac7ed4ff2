namespace Augment.Vision;

/// <summary>Small loops over interleaved RGBA samples used at the decode edge.</summary>
internal static class PixelRows
{
    /// <summary>Whether any alpha sample (every fourth, from index 3) differs from <paramref name="opaque"/>.</summary>
    public static bool AnyTranslucent<T>(ReadOnlySpan<T> rgba, T opaque)
        where T : unmanaged, IEquatable<T>
    {
        for (var i = 3; i < rgba.Length; i += 4)
        {
            if (!rgba[i].Equals(opaque))
                return true;
        }
        return false;
    }

    /// <summary>Packs <paramref name="pixelCount"/> RGBA pixels into the first 3/4 of the span as RGB.</summary>
    public static void DropAlphaInPlace<T>(Span<T> rgba, int pixelCount)
        where T : unmanaged
    {
        // Writes never overtake reads: pixel i goes to 3i, read from 4i >= 3i.
        for (var i = 0; i < pixelCount; i++)
        {
            var s = 4 * i;
            var d = 3 * i;
            rgba[d] = rgba[s];
            rgba[d + 1] = rgba[s + 1];
            rgba[d + 2] = rgba[s + 2];
        }
    }
}
