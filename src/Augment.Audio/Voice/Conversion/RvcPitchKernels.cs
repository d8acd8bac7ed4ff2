namespace Augment.Audio;

/// <summary>
/// RVC's pitch inputs. The coarse bin follows RVC-Project <c>pipeline.py</c> (<c>get_f0</c>): mel = 1127·ln(1 + f/700)
/// (O'Shaughnessy's mel scale), mapped linearly so that 50 Hz is bin 1 and 1100 Hz bin 255, clamped to 1..255 and
/// rounded half to even (NumPy's <c>rint</c>); unvoiced frames (0 Hz) are bin 1.
/// </summary>
internal static class RvcPitchKernels
{
    /// <summary>RVC's lowest and highest modelled frequencies, in hertz.</summary>
    internal const double MinHz = 50, MaxHz = 1100;

    private static readonly double MelMin = Mel(MinHz);
    private static readonly double MelMax = Mel(MaxHz);

    /// <summary>The coarse pitch bin (1..255) of a frequency in hertz.</summary>
    public static long CoarseBin(double hz)
    {
        var mel = Mel(hz);
        if (mel > 0) mel = ((mel - MelMin) * 254 / (MelMax - MelMin)) + 1;
        mel = Math.Clamp(mel, 1, 255);
        return (long)Math.Round(mel, MidpointRounding.ToEven);
    }

    /// <summary>Transposes <paramref name="f0Hz"/> by <paramref name="semitones"/> (×2^(st/12)) in place and fills the coarse bins.</summary>
    public static void Prepare(Span<float> f0Hz, double semitones, Span<long> coarse)
    {
        var factor = (float)Math.Pow(2, semitones / 12);
        for (var i = 0; i < f0Hz.Length; i++)
        {
            var hz = f0Hz[i];
            hz = hz > 0 && float.IsFinite(hz) ? hz * factor : 0;
            f0Hz[i] = hz;
            coarse[i] = CoarseBin(hz);
        }
    }

    private static double Mel(double hz) => 1127 * Math.Log(1 + (hz / 700));
}
