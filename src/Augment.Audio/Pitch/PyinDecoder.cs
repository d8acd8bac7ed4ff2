namespace Augment.Audio;

/// <summary>
/// pYIN's pitch HMM (Mauch &amp; Dixon 2014, section 2.2, with librosa's parameters): 10 bins per semitone
/// from the lowest to the highest frequency, each bin voiced or unvoiced; pitch moves by a triangular
/// distribution at most <see cref="PitchTrackerOptions.MaxOctavesPerSecond"/>, voicing switches with a
/// fixed probability. Voiced bins emit the candidates' probabilities, unvoiced bins share what is left.
/// Decoded by Viterbi in log space with a fixed-lag window (<see cref="Capacity"/> frames of back-pointers):
/// when the window is full its older half is traced back from the best current state and committed,
/// so memory stays constant however long the input is.
/// </summary>
internal sealed class PyinDecoder
{
    internal const int BinsPerSemitone = 10;
    internal const int MaxCandidates = 16;
    private const int Capacity = 512;
    private const float LogFloor = -80f;

    private readonly int _bins;
    private readonly int _states;
    private readonly int _half;
    private readonly double _minHz;
    private readonly int _sampleRate;
    private readonly float[] _logWeight;
    private readonly float[] _logNorm;
    private readonly float _logStay;
    private readonly float _logSwitch;
    private readonly float[] _delta;
    private readonly float[] _next;
    private readonly float[] _shifted;
    private readonly float[] _bestValue;
    private readonly int[] _bestSource;
    private readonly float[] _emission;
    private readonly int[] _backPointers;
    private readonly float[] _candidateHz;
    private readonly float[] _candidateProbability;
    private readonly int[] _candidateCount;
    private readonly float[] _voicedProbability;
    private readonly int[] _path = new int[Capacity];
    private readonly Action<float, float> _emit;
    private int _ringStart;
    private int _ringCount;
    private bool _started;

    internal PyinDecoder(PitchTrackerOptions options, int sampleRate, int hopSamples, Action<float, float> emit)
    {
        _sampleRate = sampleRate;
        _minHz = options.MinFrequencyHz;
        _bins = (int)Math.Floor(12 * BinsPerSemitone * Math.Log2(options.MaxFrequencyHz / options.MinFrequencyHz)) + 1;
        _states = 2 * _bins;
        // librosa: max semitones per frame = round(rate · 12 · hop / sr); transition width = that × bins per semitone + 1.
        var semitonesPerFrame = Math.Max(1, (int)Math.Round(options.MaxOctavesPerSecond * 12 * hopSamples / sampleRate));
        _half = Math.Min(_bins - 1, semitonesPerFrame * BinsPerSemitone / 2);
        _logWeight = new float[_half + 1];
        for (var k = 0; k <= _half; k++) _logWeight[k] = (float)Math.Log(_half + 1 - k);
        _logNorm = new float[_bins];
        for (var i = 0; i < _bins; i++)
        {
            double sum = 0;
            for (var k = -_half; k <= _half; k++)
                if (i + k >= 0 && i + k < _bins) sum += _half + 1 - Math.Abs(k);
            _logNorm[i] = (float)Math.Log(sum);
        }
        _logStay = (float)Math.Log(1 - options.VoicingSwitchProbability);
        _logSwitch = (float)Math.Log(options.VoicingSwitchProbability);
        _delta = new float[_states];
        _next = new float[_states];
        _shifted = new float[_states];
        _bestValue = new float[_states];
        _bestSource = new int[_states];
        _emission = new float[_states];
        _backPointers = new int[Capacity * _states];
        _candidateHz = new float[Capacity * MaxCandidates];
        _candidateProbability = new float[Capacity * MaxCandidates];
        _candidateCount = new int[Capacity];
        _voicedProbability = new float[Capacity];
        _emit = emit;
    }

    internal int Bins => _bins;

    internal double BinFrequency(int bin) => _minHz * Math.Pow(2, bin / (12.0 * BinsPerSemitone));

    private int BinOf(double hz) =>
        Math.Clamp((int)Math.Round(12 * BinsPerSemitone * Math.Log2(hz / _minHz)), 0, _bins - 1);

    /// <summary>Adds one frame's candidates (lags in samples, probabilities).</summary>
    internal void Push(ReadOnlySpan<double> lags, ReadOnlySpan<double> probabilities)
    {
        if (_ringCount == Capacity) Commit(Capacity / 2);
        var slot = (_ringStart + _ringCount) % Capacity;
        var count = Math.Min(lags.Length, MaxCandidates);
        double voiced = 0;
        Array.Fill(_emission, 0f, 0, _bins);
        for (var c = 0; c < count; c++)
        {
            var hz = _sampleRate / lags[c];
            _candidateHz[(slot * MaxCandidates) + c] = (float)hz;
            _candidateProbability[(slot * MaxCandidates) + c] = (float)probabilities[c];
            _emission[BinOf(hz)] += (float)probabilities[c];
            voiced += probabilities[c];
        }
        _candidateCount[slot] = count;
        voiced = Math.Clamp(voiced, 0, 1);
        _voicedProbability[slot] = (float)voiced;
        for (var b = 0; b < _bins; b++) _emission[b] = _emission[b] > 0 ? MathF.Max(LogFloor, MathF.Log(_emission[b])) : LogFloor;
        var unvoiced = (float)Math.Max(LogFloor, Math.Log(Math.Max(1e-35, (1 - voiced) / _bins)));
        Array.Fill(_emission, unvoiced, _bins, _bins);

        if (!_started)
        {
            _started = true;
            for (var s = 0; s < _states; s++) _delta[s] = _emission[s];
        }
        else
        {
            Step(_backPointers.AsSpan(slot * _states, _states));
        }
        _ringCount++;
    }

    private void Step(Span<int> backPointers)
    {
        var max = float.NegativeInfinity;
        foreach (var d in _delta) max = MathF.Max(max, d);
        for (var s = 0; s < _bins; s++)
        {
            _shifted[s] = _delta[s] - max - _logNorm[s];
            _shifted[_bins + s] = _delta[_bins + s] - max - _logNorm[s];
        }
        // Best predecessor within each voicing plane: a max-plus convolution with the triangular kernel.
        for (var v = 0; v < 2; v++)
        {
            var plane = v * _bins;
            PyinKernels.MaxPlus(_shifted.AsSpan(plane, _bins), _logWeight, _half, _bestValue.AsSpan(plane, _bins), _bestSource.AsSpan(plane, _bins));
            if (v == 1)
                for (var j = 0; j < _bins; j++) _bestSource[plane + j] += plane;
        }
        for (var v = 0; v < 2; v++)
        {
            var plane = v * _bins;
            var other = (1 - v) * _bins;
            for (var j = 0; j < _bins; j++)
            {
                var stay = _bestValue[plane + j] + _logStay;
                var change = _bestValue[other + j] + _logSwitch;
                if (stay >= change)
                {
                    _next[plane + j] = stay + _emission[plane + j];
                    backPointers[plane + j] = _bestSource[plane + j];
                }
                else
                {
                    _next[plane + j] = change + _emission[plane + j];
                    backPointers[plane + j] = _bestSource[other + j];
                }
            }
        }
        _next.CopyTo(_delta, 0);
    }

    /// <summary>Traces back from the best current state and emits the oldest <paramref name="frames"/> frames.</summary>
    private void Commit(int frames)
    {
        var state = 0;
        for (var s = 1; s < _states; s++)
            if (_delta[s] > _delta[state]) state = s;
        for (var f = _ringCount - 1; f >= 0; f--)
        {
            _path[f] = state;
            if (f > 0) state = _backPointers[(((_ringStart + f) % Capacity) * _states) + state];
        }
        for (var f = 0; f < frames; f++)
        {
            var slot = (_ringStart + f) % Capacity;
            var s = _path[f];
            _emit(s < _bins ? (float)Refine(slot, s) : float.NaN, _voicedProbability[slot]);
        }
        _ringStart = (_ringStart + frames) % Capacity;
        _ringCount -= frames;
    }

    /// <summary>The decoded bin's centre is only 10 cents wide; the likeliest candidate within a bin of it gives the exact f0.</summary>
    private double Refine(int slot, int bin)
    {
        var best = -1;
        float bestProbability = 0;
        for (var c = 0; c < _candidateCount[slot]; c++)
        {
            var hz = _candidateHz[(slot * MaxCandidates) + c];
            if (Math.Abs(BinOf(hz) - bin) > 1) continue;
            var p = _candidateProbability[(slot * MaxCandidates) + c];
            if (p > bestProbability)
            {
                bestProbability = p;
                best = c;
            }
        }
        return best >= 0 ? _candidateHz[(slot * MaxCandidates) + best] : BinFrequency(bin);
    }

    /// <summary>Emits every frame still held.</summary>
    internal void Complete()
    {
        if (_ringCount > 0) Commit(_ringCount);
    }
}
