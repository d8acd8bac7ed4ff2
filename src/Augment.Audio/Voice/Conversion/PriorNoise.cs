namespace Augment.Audio;

/// <summary>
/// The standard normal noise RVC feeds the generator's prior (<c>rnd</c>, [1, 192, T]), made deterministic: each
/// value is a pure function of (seed, absolute frame, channel) — SplitMix64 (Steele et al., "Fast splittable
/// pseudorandom number generators", OOPSLA 2014) hashed to two uniforms, then the Box–Muller transform — so a
/// frame gets the same noise whichever chunk computes it, and a run with the same seed repeats exactly.
/// </summary>
internal static class PriorNoise
{
    /// <summary>Channels of RVC's prior (the generator's <c>inter_channels</c>).</summary>
    internal const int Channels = 192;

    /// <summary>Fills <paramref name="destination"/> ([channels, frames], row-major) for frames starting at <paramref name="firstFrame"/>.</summary>
    public static void Fill(ulong seed, long firstFrame, int frames, int channels, Span<float> destination)
    {
        for (var c = 0; c < channels; c++)
        {
            var row = destination.Slice(c * frames, frames);
            for (var t = 0; t < frames; t++) row[t] = Gaussian(seed, firstFrame + t, c);
        }
    }

    /// <summary>One standard normal value.</summary>
    public static float Gaussian(ulong seed, long frame, int channel)
    {
        var state = seed ^ ((ulong)frame * 0xD1B54A32D192ED03UL) ^ ((ulong)(uint)channel * 0x8CB92BA72F3D8DD7UL);
        var a = SplitMix(ref state);
        var b = SplitMix(ref state);
        // 53-bit uniforms; u1 in (0, 1] keeps the logarithm finite.
        var u1 = ((a >> 11) + 1) * (1.0 / 9007199254740992.0);
        var u2 = (b >> 11) * (1.0 / 9007199254740992.0);
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
