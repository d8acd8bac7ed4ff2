namespace Augment.Audio;

/// <summary>The overlap-add of one grain.</summary>
internal static class PsolaKernels
{
    /// <summary>
    /// Adds the grain of <paramref name="source"/> centred on <paramref name="mark"/>, Hann-windowed over
    /// ±<paramref name="halfLength"/> samples, to <paramref name="destination"/> centred on the fractional
    /// position <paramref name="at"/> (linear interpolation of the source), so that synthesis marks need not
    /// fall on whole samples and the new period is exact on average.
    /// </summary>
    internal static void AddGrain(ReadOnlySpan<float> source, Span<float> destination, int mark, double halfLength, double at)
    {
        var first = Math.Max(0, (int)Math.Ceiling(at - halfLength));
        var last = Math.Min(destination.Length - 1, (int)Math.Floor(at + halfLength));
        var scale = Math.PI / halfLength;
        for (var o = first; o <= last; o++)
        {
            var offset = o - at;
            var window = 0.5 * (1 + Math.Cos(offset * scale));
            var position = mark + offset;
            var i = (int)Math.Floor(position);
            var frac = position - i;
            double a = i >= 0 && i < source.Length ? source[i] : 0;
            double b = i + 1 >= 0 && i + 1 < source.Length ? source[i + 1] : 0;
            destination[o] += (float)(window * (a + ((b - a) * frac)));
        }
    }
}
