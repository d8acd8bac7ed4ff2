namespace Augment.Audio;

/// <summary>
/// A processing chain built fluently and run by <see cref="AudioChainExtensions.Process(AudioBuffer, Action{AudioChain}, IProgress{AugmentProgress}?, CancellationToken)"/>:
/// <c>voice.Process(p => p.ReduceNoise().ApplyRoom(impulse).NormalizeLoudness(-16))</c>. Steps run in the order
/// they are added, each on the previous step's output; intermediate buffers are released as soon as the next
/// step has its result. Every step has a plain equivalent (<see cref="NoiseReducer"/>, <see cref="RoomExtensions"/>,
/// <see cref="RoomMatch"/>, <see cref="ConvolutionReverb"/>, <see cref="Resampler"/>, <see cref="LoudnessNormalizer"/>).
/// </summary>
public sealed class AudioChain
{
    private readonly List<(string Name, Func<AudioBuffer, CancellationToken, AudioBuffer> Run)> _steps = [];

    internal AudioChain()
    {
    }

    /// <summary>The names of the steps added so far, in order (e.g. "reduce-noise", "normalize-loudness").</summary>
    public IReadOnlyList<string> Steps
    {
        get
        {
            var names = new string[_steps.Count];
            for (var i = 0; i < names.Length; i++)
                names[i] = _steps[i].Name;
            return names;
        }
    }

    /// <summary>
    /// What the last run measured: the loudness before and after the <see cref="NormalizeLoudness"/> step, or
    /// null when the chain has none (or has not run).
    /// </summary>
    public LoudnessNormalizationResult? Loudness { get; private set; }

    /// <summary>Speech noise reduction (<see cref="NoiseReducer"/>).</summary>
    /// <param name="options">Reduction, gain rule, noise region; <see cref="NoiseReducerOptions"/> defaults when null.</param>
    public AudioChain ReduceNoise(NoiseReducerOptions? options = null)
    {
        var reducer = new NoiseReducer(options);
        return Add("reduce-noise", (input, _) => reducer.Process(input));
    }

    /// <summary>Puts the signal into the room of an impulse response (<see cref="RoomExtensions"/>' <c>ApplyRoom</c>).</summary>
    /// <param name="impulseResponse">The room's IR; the chain does not dispose it.</param>
    /// <param name="options">Mix, level matching, tail; defaults when null.</param>
    public AudioChain ApplyRoom(AudioBuffer impulseResponse, RoomApplyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(impulseResponse);
        options?.Validate();
        return Add("apply-room", (input, ct) => input.ApplyRoom(impulseResponse, options, ct));
    }

    /// <summary>Puts the signal into a room estimated blind from a location recording (<see cref="RoomMatch.Apply"/>).</summary>
    /// <param name="room">The estimate, from <see cref="BlindRoomEstimator.Estimate"/>.</param>
    /// <param name="options">DRR override, seed, mix; defaults when null.</param>
    public AudioChain MatchRoom(BlindRoomEstimate room, RoomMatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Add("match-room", (input, ct) => RoomMatch.Apply(input, room, options, ct));
    }

    /// <summary>Convolution reverb with its own wet/dry settings (<see cref="ConvolutionReverb.ApplyTo(AudioBuffer, CancellationToken)"/>).</summary>
    /// <param name="reverb">The configured reverb.</param>
    public AudioChain Reverb(ConvolutionReverb reverb)
    {
        ArgumentNullException.ThrowIfNull(reverb);
        return Add("reverb", (input, ct) => reverb.ApplyTo(input, ct));
    }

    /// <summary>Sample-rate conversion (<see cref="Resampler.Resample"/>); a no-op copy when the rate already matches.</summary>
    /// <param name="sampleRate">The output rate in hertz.</param>
    /// <param name="quality">Filter quality.</param>
    public AudioChain Resample(int sampleRate, ResamplerQuality quality = ResamplerQuality.High)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        return Add("resample", (input, ct) => input.SampleRate == sampleRate ? input.Clone() : Resampler.Resample(input, sampleRate, quality, ct));
    }

    /// <summary>A fixed gain in decibels.</summary>
    /// <param name="gainDb">The gain; finite.</param>
    public AudioChain Gain(double gainDb)
    {
        if (!double.IsFinite(gainDb))
            throw new ArgumentOutOfRangeException(nameof(gainDb), gainDb, "The gain must be a finite number of decibels.");
        var factor = (float)Math.Pow(10, gainDb / 20);
        return Add("gain", (input, _) =>
        {
            var output = input.Clone();
            System.Numerics.Tensors.TensorPrimitives.Multiply(output.Data, factor, output.Data);
            return output;
        });
    }

    /// <summary>
    /// Loudness normalisation to <paramref name="targetLufs"/> (ITU-R BS.1770-4 integrated loudness) with linear gain,
    /// and a look-ahead true-peak limiter when <paramref name="truePeakCeilingDbtp"/> is given
    /// (<see cref="LoudnessNormalizer.Normalize"/>). The measurements land in <see cref="Loudness"/>.
    /// </summary>
    /// <param name="targetLufs">e.g. -23 (broadcast), -16 (podcast), -14 (music streaming).</param>
    /// <param name="truePeakCeilingDbtp">e.g. -1; null for gain only.</param>
    public AudioChain NormalizeLoudness(double targetLufs, double? truePeakCeilingDbtp = -1)
    {
        var options = new LoudnessNormalizationOptions { TargetLufs = targetLufs, TruePeakCeilingDbtp = truePeakCeilingDbtp };
        options.Validate();
        return Add("normalize-loudness", (input, _) =>
        {
            var (output, result) = LoudnessNormalizer.Normalize(input, options);
            Loudness = result;
            return output;
        });
    }

    /// <summary>A step of your own: it receives the previous output (do not dispose it) and returns a new buffer.</summary>
    /// <param name="name">Shown in progress reports.</param>
    /// <param name="step">The step.</param>
    public AudioChain Then(string name, Func<AudioBuffer, CancellationToken, AudioBuffer> step)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(step);
        return Add(name, step);
    }

    private AudioChain Add(string name, Func<AudioBuffer, CancellationToken, AudioBuffer> run)
    {
        _steps.Add((name, run));
        return this;
    }

    internal AudioBuffer Run(AudioBuffer input, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        Loudness = null;
        var current = input;
        try
        {
            for (var i = 0; i < _steps.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (name, run) = _steps[i];
                progress?.Report(new AugmentProgress(name, (double)i / _steps.Count, i, _steps.Count));
                var next = run(current, cancellationToken)
                    ?? throw new InvalidOperationException($"The chain step '{name}' returned no buffer.");
                if (!ReferenceEquals(current, input) && !ReferenceEquals(next, current))
                    current.Dispose();
                current = next;
            }
            progress?.Report(new AugmentProgress("done", 1, _steps.Count, _steps.Count));
            return ReferenceEquals(current, input) ? input.Clone() : current;
        }
        catch
        {
            if (!ReferenceEquals(current, input))
                current.Dispose();
            throw;
        }
    }
}
