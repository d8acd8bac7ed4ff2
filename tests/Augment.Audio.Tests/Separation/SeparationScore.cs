namespace Augment.Audio.Tests.Separation;

/// <summary>Plain signal-to-distortion ratio, 10·log10(|s|² / |s − ŝ|²) over all channels (no BSS-Eval projection).</summary>
internal static class SeparationScore
{
    public static double SdrDb(float[][] reference, AudioBuffer estimate)
    {
        double signal = 0, error = 0;
        for (var c = 0; c < reference.Length; c++)
        {
            var e = estimate.Channel(c);
            for (var i = 0; i < reference[c].Length; i++)
            {
                double s = reference[c][i];
                signal += s * s;
                error += (s - e[i]) * (s - e[i]);
            }
        }
        return 10 * Math.Log10(signal / Math.Max(error, 1e-30));
    }

    public static double SdrDb(float[][] reference, float[][] estimate)
    {
        using var buffer = TestMixture.ToBuffer(estimate, 44100);
        return SdrDb(reference, buffer);
    }
}
