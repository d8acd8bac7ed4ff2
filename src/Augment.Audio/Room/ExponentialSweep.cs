namespace Augment.Audio;

/// <summary>
/// Exponential sine sweep and its inverse filter (A. Farina, "Simultaneous measurement of impulse response
/// and distortion with a swept-sine technique", AES 108th Convention, 2000). Play <see cref="Generate"/>
/// in the room, record it, and pass both to <see cref="SweepDeconvolution.Deconvolve"/>.
/// </summary>
/// <example>
/// <code>
/// using var sweep = ExponentialSweep.Generate(SweepOptions.Default with { SilenceTail = TimeSpan.FromSeconds(3) });
/// sweep.SaveWav("sweep.wav");
/// </code>
/// </example>
public static class ExponentialSweep
{
    /// <summary>The sweep signal, mono: x(t) = A·sin(2π·f1·L·(e^(t/L) − 1)), L = T / ln(f2/f1), faded, then the silence.</summary>
    /// <param name="options">Frequencies, length, rate, fades; <see cref="SweepOptions.Default"/> when null.</param>
    /// <returns>A new mono buffer (dispose it) of <see cref="SweepOptions.SweepFrames"/> + <see cref="SweepOptions.SilenceFrames"/> frames.</returns>
    public static AudioBuffer Generate(SweepOptions? options = null)
    {
        options ??= SweepOptions.Default;
        options.Validate();
        var n = options.SweepFrames;
        var buffer = AudioBuffer.Create(1, n + options.SilenceFrames, options.SampleRate);
        Fill(options, buffer.Channel(0)[..n]);
        return buffer;
    }

    /// <summary>
    /// Farina's inverse filter: the sweep reversed in time with an amplitude envelope falling 6 dB per octave
    /// along the reversed filter (gain ∝ e^(t/L) at the sweep's time t), scaled so that the sweep convolved with it is a band-limited impulse of unit gain at the
    /// geometric-mean frequency, delayed by the sweep length − 1 frames. <see cref="SweepDeconvolution"/> uses
    /// regularised spectral division instead (flat in band); this filter is for tools that expect Farina's.
    /// </summary>
    /// <param name="options">The sweep's settings; <see cref="SweepOptions.Default"/> when null.</param>
    /// <returns>A new mono buffer (dispose it) of <see cref="SweepOptions.SweepFrames"/> frames.</returns>
    public static AudioBuffer InverseFilter(SweepOptions? options = null)
    {
        options ??= SweepOptions.Default;
        options.Validate();
        var n = options.SweepFrames;
        var sweep = new float[n];
        Fill(options, sweep);
        var rate = options.SampleRate;
        var l = options.Duration.TotalSeconds / Math.Log(options.EndHz / options.StartHz);
        var buffer = AudioBuffer.Create(1, n, rate);
        var inverse = buffer.Channel(0);
        for (var i = 0; i < n; i++)
            // The envelope falls 6 dB per octave along the (reversed) filter, i.e. rises with the sweep's frequency,
            // undoing the sweep's pink (1/f) energy spectrum.
            inverse[i] = (float)(sweep[n - 1 - i] * Math.Exp(-i / (double)rate / l));
        // Unit gain at the geometric-mean frequency: measure the cascade's response there and divide it out.
        var f = Math.Sqrt(options.StartHz * options.EndHz);
        double re = 0, im = 0, sre = 0, sim = 0;
        for (var i = 0; i < n; i++)
        {
            var w = -2 * Math.PI * f * i / rate;
            re += inverse[i] * Math.Cos(w);
            im += inverse[i] * Math.Sin(w);
            sre += sweep[i] * Math.Cos(w);
            sim += sweep[i] * Math.Sin(w);
        }
        var gain = Math.Sqrt((re * re) + (im * im)) * Math.Sqrt((sre * sre) + (sim * sim));
        if (gain > 0)
        {
            var scale = (float)(1 / gain);
            for (var i = 0; i < n; i++) inverse[i] *= scale;
        }
        return buffer;
    }

    internal static void Fill(SweepOptions options, Span<float> destination)
    {
        var rate = (double)options.SampleRate;
        var n = destination.Length;
        var duration = n / rate;
        var l = duration / Math.Log(options.EndHz / options.StartHz);
        var amplitude = Math.Pow(10, options.LevelDbfs / 20);
        var fadeIn = (int)Math.Round(options.FadeIn.TotalSeconds * rate);
        var fadeOut = (int)Math.Round(options.FadeOut.TotalSeconds * rate);
        for (var i = 0; i < n; i++)
        {
            var t = i / rate;
            // Phase of Farina's sweep, eq. (2): ω1·L·(e^(t/L) − 1).
            var phase = 2 * Math.PI * options.StartHz * l * (Math.Exp(t / l) - 1);
            var gain = amplitude;
            if (i < fadeIn) gain *= 0.5 - (0.5 * Math.Cos(Math.PI * i / fadeIn));
            var fromEnd = n - 1 - i;
            if (fromEnd < fadeOut) gain *= 0.5 - (0.5 * Math.Cos(Math.PI * fromEnd / fadeOut));
            destination[i] = (float)(gain * Math.Sin(phase));
        }
    }
}
