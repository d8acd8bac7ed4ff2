using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// One channel's noise suppressor: a <see cref="StreamingStft"/> whose frame processor estimates the noise
/// spectrum (minimum statistics or a fixed spectrum) and applies the per-bin gain. All state is allocated
/// once; a frame allocates nothing.
/// </summary>
internal sealed class DenoiseChannel
{
    /// <summary>Sub-windows of the minimum search (Martin 2001 uses U = 8).</summary>
    private const int SubWindows = 8;

    /// <summary>Most smoothing of the periodogram before the minimum search (per quarter-frame hop).</summary>
    private const float MaxPowerSmoothing = 0.96f;

    /// <summary>Least smoothing of the periodogram.</summary>
    private const float MinPowerSmoothing = 0.7f;

    /// <summary>
    /// Bias compensation: the minimum of the smoothed periodogram over the window sits below the mean noise
    /// power; calibrated on white noise at the default settings (see the tests).
    /// </summary>
    private const float MinimumBias = 2.2f;

    /// <summary>Frames averaged before the minimum search starts (~0.1 s at a 8 ms hop).</summary>
    private const int LearningFrames = 12;

    /// <summary>Lower bound of the a priori SNR (−25 dB), against musical noise.</summary>
    private const float XiMin = 0.0031623f;

    private readonly StreamingStft _stft;
    private readonly NoiseReducerOptions _options;
    private readonly float _floor;
    private readonly bool _fixedNoise;
    private readonly int _warmupFrames;
    private readonly int _subWindowFrames;
    private readonly float[] _power;
    private readonly float[] _smoothed;
    private readonly float[] _currentMin;
    private readonly float[] _pastMin;
    private readonly float[] _subMins;
    private readonly float[] _noise;
    private readonly float[] _previousClean;
    private readonly float[] _gamma;
    private readonly float[] _xi;
    private readonly float[] _gain;
    private readonly float[] _scratch;
    private readonly float[] _presence;
    private readonly float[] _meanPresence;
    private readonly float _noiseSmoothing;
    private readonly float _presenceSmoothing;
    private long _frames;
    private long _tracked;
    private int _subFrame;
    private int _subIndex;
    private int _subFilled;

    public DenoiseChannel(NoiseReducerOptions options, int sampleRate, ReadOnlySpan<float> fixedNoise)
    {
        _options = options;
        var n = options.FftLengthFor(sampleRate);
        var hop = n / 4;
        _stft = new StreamingStft(new StftOptions { FftLength = n, HopLength = hop, Window = WindowKind.Hann });
        var bins = _stft.Options.BinCount;
        _floor = (float)Math.Pow(10, -options.ReductionDb / 20);
        _warmupFrames = (n / hop) - 1;
        var windowFrames = options.MinimumStatisticsWindow.TotalSeconds * sampleRate / hop;
        _subWindowFrames = Math.Max(1, (int)Math.Ceiling(windowFrames / SubWindows));
        _power = new float[bins];
        _smoothed = new float[bins];
        _currentMin = new float[bins];
        _pastMin = new float[bins];
        _subMins = new float[bins * SubWindows];
        _noise = new float[bins];
        _previousClean = new float[bins];
        _gamma = new float[bins];
        _xi = new float[bins];
        _gain = new float[bins];
        _scratch = new float[bins];
        _presence = new float[bins];
        _meanPresence = new float[bins];
        // Gerkmann & Hendriks tuned β = 0.8 and 0.9 for the SPP mean at a 16 ms hop; keep their time constants at ours.
        var hopSeconds = (double)hop / sampleRate;
        _noiseSmoothing = (float)Math.Pow(0.8, hopSeconds / 0.016);
        _presenceSmoothing = (float)Math.Pow(0.9, hopSeconds / 0.016);
        _currentMin.AsSpan().Fill(float.PositiveInfinity);
        _pastMin.AsSpan().Fill(float.PositiveInfinity);
        if (!fixedNoise.IsEmpty)
        {
            _fixedNoise = true;
            TensorPrimitives.Max(fixedNoise, NoiseFloor, _noise);
        }
        Processor = ProcessFrame;
    }

    /// <summary>Smallest noise power used (unnormalised FFT units), so digital silence does not divide by zero.</summary>
    public const float NoiseFloor = 1e-20f;

    public StreamingStft Stft => _stft;

    public SpectrumFrameProcessor Processor { get; }

    /// <summary>The current noise estimate (per bin power).</summary>
    public ReadOnlySpan<float> Noise => _noise;

    /// <summary>
    /// Runs the noise tracker (not the gain) over the first samples of the stream before they are processed,
    /// so the start of the output is reduced with a settled estimate instead of one learnt from the first frames.
    /// </summary>
    public void Prime(ReadOnlySpan<float> samples)
    {
        var n = _stft.Options.FftLength;
        var hop = _stft.Options.HopLength;
        var analysis = new Stft(_stft.Options with { Center = false });
        var real = new float[_power.Length];
        var imag = new float[_power.Length];
        var frames = _frames;
        _frames = _warmupFrames;
        for (var start = 0; start + n <= samples.Length; start += hop)
        {
            analysis.AnalyzeFrame(samples.Slice(start, n), real, imag);
            DenoiseKernels.Power(real, imag, _power);
            TrackNoise();
        }
        _frames = frames;
    }

    private void ProcessFrame(Span<float> real, Span<float> imag)
    {
        DenoiseKernels.Power(real, imag, _power);
        if (!_fixedNoise)
            TrackNoise();
        DenoiseKernels.AprioriSnr(_power, _noise, _previousClean, (float)_options.DecisionDirectedAlpha, XiMin,
            (float)_options.FrequencySmoothing, _gamma, _xi, _scratch);
        if (_options.Gain == NoiseReductionGain.Wiener)
            DenoiseKernels.WienerGain(_xi, _gain);
        else
            DenoiseKernels.LogMmseGain(_xi, _gamma, _gain);
        if (_options.Gain == NoiseReductionGain.OmLsa)
        {
            // The decision-directed recursion uses the gain under speech presence (G_H1), as in Cohen's OM-LSA.
            TensorPrimitives.Multiply(_gain, _gain, _previousClean);
            TensorPrimitives.Multiply(_previousClean, _power, _previousClean);
            DenoiseKernels.PresenceProbability(_xi, _gamma, (float)_options.SpeechAbsencePrior, _presence, _scratch);
            DenoiseKernels.PresenceWeightedGain(_gain, _presence, _floor);
            TensorPrimitives.Max(_gain, _floor, _gain);
        }
        else
        {
            DenoiseKernels.FinishGain(_gain, _power, _floor, _previousClean);
        }
        TensorPrimitives.Multiply(real, _gain, real);
        TensorPrimitives.Multiply(imag, _gain, imag);
        _frames++;
    }

    /// <summary>
    /// Minimum statistics (after Martin 2001): smooth the periodogram, track its minimum over U sub-windows
    /// of V frames, noise = bias · minimum. The first frames of the stream overlap the zero history of the
    /// STFT and would pull the minimum down, so they are not tracked; the next few seed it with their mean.
    /// </summary>
    private void TrackNoise()
    {
        if (_frames < _warmupFrames)
        {
            // These frames overlap the STFT's zero history: keep a primed estimate, else use the frame itself.
            if (_tracked == 0)
                TensorPrimitives.Max(_power, NoiseFloor, _noise);
            return;
        }
        var count = _tracked++;
        if (count < LearningFrames)
        {
            // A single periodogram is exponentially distributed: a minimum seeded from it would sit far below
            // the noise in a tenth of the bins for a whole window. Start from the running mean of a few frames.
            TensorPrimitives.Multiply(_smoothed, count / (count + 1f), _smoothed);
            TensorPrimitives.MultiplyAdd(_power, 1f / (count + 1f), _smoothed, _smoothed);
            TensorPrimitives.Max(_smoothed, NoiseFloor, _noise);
            return;
        }
        if (_options.NoiseTracking == NoiseTracking.SpeechPresence)
        {
            DenoiseKernels.SpeechPresenceNoiseUpdate(_power, _noise, _meanPresence, _noiseSmoothing, _presenceSmoothing, _presence);
            TensorPrimitives.Max(_noise, NoiseFloor, _noise);
            return;
        }

        // Martin's optimal smoothing: α = αmax / (1 + (P/λ − 1)²), so the smoothed power follows speech
        // onsets and, more importantly, falls into short speech pauses fast, and averages long in noise.
        var alpha = _gamma.AsSpan();
        var difference = _xi.AsSpan();
        TensorPrimitives.Divide(_smoothed, _noise, alpha);
        TensorPrimitives.Subtract(alpha, 1f, alpha);
        TensorPrimitives.MultiplyAdd(alpha, alpha, 1f, alpha);
        TensorPrimitives.Divide(MaxPowerSmoothing, alpha, alpha);
        TensorPrimitives.Max(alpha, MinPowerSmoothing, alpha);
        TensorPrimitives.Subtract(_smoothed, _power, difference);
        TensorPrimitives.MultiplyAdd(difference, alpha, _power, _smoothed);
        TensorPrimitives.Min(_currentMin, _smoothed, _currentMin);
        if (++_subFrame == _subWindowFrames)
        {
            _currentMin.CopyTo(_subMins.AsSpan(_subIndex * _power.Length, _power.Length));
            _subIndex = (_subIndex + 1) % SubWindows;
            _subFilled = Math.Min(_subFilled + 1, SubWindows);
            _subFrame = 0;
            _currentMin.AsSpan().Fill(float.PositiveInfinity);
            _pastMin.AsSpan().Fill(float.PositiveInfinity);
            for (var u = 0; u < _subFilled; u++)
                TensorPrimitives.Min(_pastMin, _subMins.AsSpan(u * _power.Length, _power.Length), _pastMin);
        }
        TensorPrimitives.Min(_pastMin, _currentMin, _noise);
        TensorPrimitives.Multiply(_noise, MinimumBias, _noise);
        TensorPrimitives.Max(_noise, NoiseFloor, _noise);
    }
}
