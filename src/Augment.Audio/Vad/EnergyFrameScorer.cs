namespace Augment.Audio;

/// <summary>
/// The model-free detector. Per 32 ms window (Hann, 512-point FFT at 16 kHz):
/// <list type="number">
/// <item>Speech-band (250–4000 Hz) energy in dB against a noise floor tracked by minimum statistics: the
/// minimum over the last 3 s, allowed to rise by at most 3 dB/s so that a long utterance cannot pull
/// the floor up to itself (it falls at once when the sound gets quieter).</item>
/// <item>Spectral flatness of power over a per-bin noise spectrum: stationary noise of any colour is
/// flat, voiced speech is not. The noise spectrum is the plain mean of the first 8 frames, then a
/// recursive average updated in frames near the energy floor (SNR under 3 dB) or judged non-speech;
/// the cue is left out while those first 8 frames are averaged (a spectrum over one or two
/// periodograms is too noisy to divide by).</item>
/// </list>
/// The two cues add as logits: z = (SNR − 6 dB) / 1.5 dB + (0.45 − flatness) / 0.08, p = σ(z). Hangover
/// (bridging short pauses) is applied by the shared segmenter.
/// </summary>
internal sealed class EnergyFrameScorer : IVadFrameScorer
{
    private const int Length = SileroVadModel.WindowSamples;
    private const int LowBin = 250 * Length / SileroVadModel.SampleRate;    // 8
    private const int HighBin = 4000 * Length / SileroVadModel.SampleRate;  // 128
    private const int FloorHistoryFrames = 94;                              // 3 s of 32 ms frames
    private const double MaxFloorRiseDb = 3.0 * Length / SileroVadModel.SampleRate; // 3 dB/s
    private const double SnrMidDb = 6;
    private const double SnrScaleDb = 1.5;
    private const double FlatnessMid = 0.45;
    private const double FlatnessScale = 0.08;
    private const float NoiseTrackingRate = 0.05f;
    private const float NoiseUpdateBelow = 0.3f;
    private const double NoiseUpdateBelowSnrDb = 3;
    private const int WarmUpFrames = 8;

    private readonly RealFftPlan _fft = RealFftPlan.Create(Length);
    private readonly float[] _window = WindowFunctions.Create(WindowKind.Hann, Length);
    private readonly float[] _frame = new float[Length];
    private readonly float[] _real = new float[(Length / 2) + 1];
    private readonly float[] _imag = new float[(Length / 2) + 1];
    private readonly float[] _power = new float[(Length / 2) + 1];
    private readonly float[] _noise = new float[(Length / 2) + 1];
    private readonly double[] _history = new double[FloorHistoryFrames];
    private int _historyCount;
    private int _historyNext;
    private double _floorDb;
    private int _noiseFrames;

    public float Score(ReadOnlySpan<float> window, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Length; i++) _frame[i] = window[i] * _window[i];
        _fft.Forward(_frame, _real, _imag);
        EnergyVadKernels.Power(_real, _imag, _power);
        var levelDb = 10 * Math.Log10(EnergyVadKernels.MeanPower(_power, LowBin, HighBin));

        if (_historyCount == 0) _floorDb = levelDb;
        _history[_historyNext] = levelDb;
        _historyNext = (_historyNext + 1) % _history.Length;
        _historyCount = Math.Min(_historyCount + 1, _history.Length);
        var minimum = double.PositiveInfinity;
        for (var i = 0; i < _historyCount; i++) minimum = Math.Min(minimum, _history[i]);
        _floorDb = Math.Min(minimum, _floorDb + MaxFloorRiseDb);

        var snrDb = levelDb - _floorDb;
        var z = (snrDb - SnrMidDb) / SnrScaleDb;
        if (_noiseFrames >= WarmUpFrames)
            z += (FlatnessMid - EnergyVadKernels.WhitenedFlatness(_power, _noise, LowBin, HighBin)) / FlatnessScale;
        var p = (float)(1 / (1 + Math.Exp(-z)));
        if (_noiseFrames < WarmUpFrames)
        {
            // Plain mean of the first frames (rate 1/n).
            _noiseFrames++;
            EnergyVadKernels.TrackNoise(_power, _noise, 1f / _noiseFrames);
        }
        else if (p < NoiseUpdateBelow || snrDb < NoiseUpdateBelowSnrDb)
        {
            // The energy test alone can also update it, so a wrong spectrum cannot lock itself in.
            EnergyVadKernels.TrackNoise(_power, _noise, NoiseTrackingRate);
        }
        return p;
    }

    public void Reset()
    {
        _historyCount = 0;
        _historyNext = 0;
        _noiseFrames = 0;
        _floorDb = 0;
        Array.Clear(_noise);
    }

    public void Dispose()
    {
    }
}
