namespace Augment.Core.Tests.Dsp;

/// <summary>Seeded uniform test signals for the transform tests.</summary>
internal static class Signals
{
    public static (float[] Re, float[] Im) RandomComplex(int n, int seed)
    {
        var random = new Random(seed);
        var re = new float[n];
        var im = new float[n];
        for (var i = 0; i < n; i++)
        {
            re[i] = (random.NextSingle() * 2f) - 1f;
            im[i] = (random.NextSingle() * 2f) - 1f;
        }
        return (re, im);
    }

    public static float[] Noise(int n, int seed)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++)
            x[i] = (random.NextSingle() * 2f) - 1f;
        return x;
    }
}
