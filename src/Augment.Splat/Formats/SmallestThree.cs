namespace Augment.Splat;

/// <summary>
/// The first step of "smallest three" quaternion packing that the PlayCanvas formats share (compressed PLY and
/// SOG): normalise (w, x, y, z) and find the component of largest magnitude, which the formats drop and rebuild
/// from the other three.
/// </summary>
internal static class SmallestThree
{
    /// <summary>
    /// Writes the unit quaternion to <paramref name="wxyz"/> (a zero or non-finite one becomes the identity) and
    /// returns the index (0 = w .. 3 = z) of its largest-magnitude component.
    /// </summary>
    public static int Normalize(float w, float x, float y, float z, Span<float> wxyz)
    {
        var length = MathF.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        if (!(length > 0) || !float.IsFinite(length))
            (w, x, y, z, length) = (1, 0, 0, 0, 1);
        (wxyz[0], wxyz[1], wxyz[2], wxyz[3]) = (w / length, x / length, y / length, z / length);
        var largest = 0;
        for (var i = 1; i < 4; i++)
        {
            if (MathF.Abs(wxyz[i]) > MathF.Abs(wxyz[largest]))
                largest = i;
        }
        return largest;
    }
}
