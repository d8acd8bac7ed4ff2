namespace Augment.Audio.Tests.Dsp;

/// <summary>Generated test signals: reproducible noise, sines and tone sums.</summary>
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

    public static float[] Noise(int n, int seed, float amplitude = 1f)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++)
            x[i] = amplitude * ((random.NextSingle() * 2f) - 1f);
        return x;
    }

    /// <summary>Σ amplitude·sin(2π·f·t + phase), computed in double then rounded once.</summary>
    public static float[] Tones(int n, double sampleRate, ReadOnlySpan<double> frequenciesHz, double amplitude, long startFrame = 0)
    {
        var x = new float[n];
        var phases = new double[frequenciesHz.Length];
        for (var t = 0; t < frequenciesHz.Length; t++)
            phases[t] = 0.37 * (t + 1); // spread the peaks of the sum
        for (var i = 0; i < n; i++)
        {
            var time = (i + startFrame) / sampleRate;
            double sum = 0;
            for (var t = 0; t < frequenciesHz.Length; t++)
                sum += Math.Sin((2 * Math.PI * frequenciesHz[t] * time) + phases[t]);
            x[i] = (float)(amplitude * sum);
        }
        return x;
    }
}
