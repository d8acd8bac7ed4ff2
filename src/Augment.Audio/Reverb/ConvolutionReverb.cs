namespace Augment.Audio;

/// <summary>
/// Convolution reverb: puts a signal into the room an impulse response (IR) was recorded in, by
/// partitioned FFT convolution: uniform partitions for whole buffers (<see cref="PartitionedConvolver"/>,
/// large blocks for throughput) and, for streams with a <see cref="ConvolutionReverbOptions.LatencyFrames"/>,
/// non-uniform ones (<see cref="NonUniformConvolver"/>: short head partitions, long tail partitions). Mono IRs process every
/// channel; stereo IRs make stereo from mono or stereo; 4-channel IRs are true stereo in the order
/// LL, LR, RL, RR (input side, then output side); an IR with as many channels as the signal pairs them.
/// The IR is resampled to the signal's rate (its response kept: samples scaled by IR rate / signal rate).
/// </summary>
/// <example>
/// <code>
/// var reverb = ConvolutionReverb.FromFile("hall.wav").WithWetGain(-6).WithDryGain(0).WithPreDelay(TimeSpan.FromMilliseconds(20));
/// using var wet = reverb.ApplyTo(voice);          // AudioBuffer in, AudioBuffer out (longer by the tail)
/// reverb.ApplyToFile("take.wav", "take-hall.wav"); // streaming, atomic WAV output
/// </code>
/// </example>
/// <remarks>The fluent <c>With...</c> methods only copy settings; the IR is prepared (resampled, transformed) when a signal is processed.</remarks>
public sealed class ConvolutionReverb
{
    private readonly float[][] _impulseResponse;

    /// <summary>Uses an impulse response held in a buffer (copied; the buffer may be disposed afterwards).</summary>
    /// <param name="impulseResponse">The IR: 1, 2, 4 or the signal's number of channels, every sample finite.</param>
    /// <param name="options">Mix, pre-delay, tail and limits; <see cref="ConvolutionReverbOptions.Default"/> when null.</param>
    /// <exception cref="InvalidMediaException">The IR holds NaN or infinity (the message names channel and frame).</exception>
    public ConvolutionReverb(AudioBuffer impulseResponse, ConvolutionReverbOptions? options = null)
        : this(Copy(impulseResponse, null), impulseResponse.SampleRate, options ?? ConvolutionReverbOptions.Default)
    {
    }

    private ConvolutionReverb(float[][] impulseResponse, int sampleRate, ConvolutionReverbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _impulseResponse = impulseResponse;
        ImpulseResponseSampleRate = sampleRate;
        Options = options;
    }

    /// <summary>Loads the impulse response from an audio file (WAV, MP3, others through ffmpeg).</summary>
    /// <param name="impulseResponsePath">The IR file.</param>
    /// <param name="options">Mix, pre-delay, tail and limits; <see cref="ConvolutionReverbOptions.Default"/> when null.</param>
    /// <exception cref="InvalidMediaException">The file is damaged or holds NaN or infinity.</exception>
    /// <exception cref="ResourceLimitException">The IR is longer than <see cref="ConvolutionReverbOptions.MaxImpulseResponseDuration"/>.</exception>
    public static ConvolutionReverb FromFile(string impulseResponsePath, ConvolutionReverbOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(impulseResponsePath);
        options ??= ConvolutionReverbOptions.Default;
        using var source = AudioFile.Open(impulseResponsePath);
        // Refuse an absurd IR from its header before reading it all.
        if (source.LengthFrames is { } frames && frames > source.Format.SampleRate * options.MaxImpulseResponseDuration.TotalSeconds)
            throw TooLong(impulseResponsePath, source.Format.DurationOf(frames), options);
        using var buffer = source.ReadAll(options.Budget);
        return new ConvolutionReverb(Copy(buffer, impulseResponsePath), buffer.SampleRate, options);
    }

    /// <summary>The settings in use.</summary>
    public ConvolutionReverbOptions Options { get; }

    /// <summary>Channels of the impulse response.</summary>
    public int ImpulseResponseChannels => _impulseResponse.Length;

    /// <summary>Frames of the impulse response at its own rate.</summary>
    public int ImpulseResponseFrames => _impulseResponse[0].Length;

    /// <summary>Sample rate of the impulse response, in hertz.</summary>
    public int ImpulseResponseSampleRate { get; }

    /// <summary>The same IR with other settings.</summary>
    /// <param name="options">The new settings.</param>
    public ConvolutionReverb WithOptions(ConvolutionReverbOptions options) => new(_impulseResponse, ImpulseResponseSampleRate, options);

    /// <summary>Sets the wet (convolved) gain in dB (<see cref="double.NegativeInfinity"/> mutes it).</summary>
    /// <param name="gainDb">Gain in dB, at most +60.</param>
    public ConvolutionReverb WithWetGain(double gainDb) => WithOptions(Options with { WetGainDb = gainDb });

    /// <summary>Sets the dry (unprocessed) gain in dB (<see cref="double.NegativeInfinity"/> leaves the dry signal out).</summary>
    /// <param name="gainDb">Gain in dB, at most +60.</param>
    public ConvolutionReverb WithDryGain(double gainDb) => WithOptions(Options with { DryGainDb = gainDb });

    /// <summary>Sets a linear wet/dry balance: wet gain = <paramref name="wetFraction"/>, dry gain = 1 − <paramref name="wetFraction"/>.</summary>
    /// <param name="wetFraction">0 (dry only) to 1 (wet only).</param>
    public ConvolutionReverb WithMix(double wetFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wetFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wetFraction, 1);
        return WithOptions(Options with { WetGainDb = 20 * Math.Log10(wetFraction), DryGainDb = 20 * Math.Log10(1 - wetFraction) });
    }

    /// <summary>Delays the wet signal behind the dry one.</summary>
    /// <param name="preDelay">0 to 10 s.</param>
    public ConvolutionReverb WithPreDelay(TimeSpan preDelay) => WithOptions(Options with { PreDelay = preDelay });

    /// <summary>Keeps the output as long as the input (no reverb tail after the end) or not.</summary>
    /// <param name="trimTail">True to cut the output at the input's length.</param>
    public ConvolutionReverb WithTrimmedTail(bool trimTail = true) => WithOptions(Options with { TrimTail = trimTail });

    /// <summary>Frames the output adds after the input at a sample rate: IR length (resampled, plus pre-delay) − 1, or 0 with <see cref="ConvolutionReverbOptions.TrimTail"/>.</summary>
    /// <param name="sampleRate">The signal's rate, in hertz.</param>
    public long TailFrames(int sampleRate) => Options.TrimTail ? 0 : ImpulseResponseFramesAt(sampleRate) - 1;

    /// <summary>Convolves a whole buffer.</summary>
    /// <param name="signal">The dry signal.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <returns>A new buffer (dispose it) of the routed channel count and input length + <see cref="TailFrames"/>.</returns>
    public AudioBuffer ApplyTo(AudioBuffer signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var frames = signal.Frames + TailFrames(signal.SampleRate);
        var engine = CreateEngine(signal.SampleRate, signal.Channels, wholeSignalFrames: frames);
        if (frames > int.MaxValue)
            throw new ResourceLimitException($"The reverberated signal would hold {frames} frames, more than a buffer can; use ApplyTo(IAudioSource) to stream it.");
        var output = AudioBuffer.Create(engine.OutputChannels, (int)frames, signal.SampleRate, Options.Budget ?? signal.Budget);
        try
        {
            // One output channel per thread over the whole signal: no per-block synchronisation.
            Parallel.For(0, engine.OutputChannels, engine.Budget.ToParallelOptions(cancellationToken), o =>
            {
                var b = engine.BlockSizeFrames;
                var inBlock = new float[engine.InputChannels * b];
                var outBlock = new float[engine.OutputChannels * b];
                for (var start = 0; start < frames; start += b)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var available = Math.Clamp(signal.Frames - start, 0, b);
                    for (var c = 0; c < engine.InputChannels; c++)
                    {
                        // Each thread copies only the input planes its output channel reads.
                        if (!engine.Reads(o, c)) continue;
                        var plane = inBlock.AsSpan(c * b, b);
                        if (available > 0) signal.Channel(c).Slice(start, available).CopyTo(plane);
                        plane[available..].Clear();
                    }
                    engine.ProcessOutput(o, inBlock, outBlock);
                    var count = (int)Math.Min(b, frames - start);
                    outBlock.AsSpan(o * b, count).CopyTo(output.Channel(o).Slice(start, count));
                }
            });
            return output;
        }
        catch (AggregateException error) when (error.InnerExceptions.Count == 1)
        {
            output.Dispose();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerExceptions[0]);
            throw;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Wraps a source in a streaming reverb stage (constant memory; the tail follows the input's end). It reads the
    /// source one block ahead: <see cref="ConvolutionReverbOptions.LatencyFrames"/> frames (non-uniform partitions)
    /// when set, else 8 blocks of the block size (uniform partitions, batched: fastest).
    /// </summary>
    /// <param name="source">The dry signal; the returned stage owns it and disposes it (when this method throws, the caller still owns it).</param>
    /// <returns>A source of the routed channel count at the input's rate.</returns>
    /// <exception cref="ResourceLimitException">The IR is too long for the limits.</exception>
    public IAudioSource ApplyTo(IAudioSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var engine = CreateEngine(source.Format.SampleRate, source.Format.Channels, streaming: true);
        return new ConvolutionReverbSource(source, engine, TailFrames(source.Format.SampleRate));
    }

    /// <summary>
    /// Whole buffers (latency irrelevant) get uniform partitions of the block size, the fastest; streams with a
    /// <see cref="ConvolutionReverbOptions.LatencyFrames"/> get non-uniform ones, head = latency, tail up to the block size.
    /// </summary>
    /// <remarks>Whole buffers run up to <see cref="OfflineBatchBlocks"/> partitions per call, fewer when the signal is shorter; streams without a latency request run that many.</remarks>
    private ConvolutionEngine CreateEngine(int sampleRate, int inputChannels, bool streaming = false, long wholeSignalFrames = 0)
    {
        var impulseResponse = PrepareImpulseResponse(sampleRate);
        var block = Options.BlockSizeFrames ?? ConvolutionReverbOptions.AutomaticBlockSizeFrames(impulseResponse[0].Length);
        var maxPartition = 0;
        if (streaming && Options.LatencyFrames is { } latency)
        {
            maxPartition = Math.Max(Options.BlockSizeFrames ?? ConvolutionReverbOptions.StreamingTailPartitionFrames(latency), latency);
            block = latency;
        }
        // A stream without a latency request is about throughput too (files, the CLI): batch like whole buffers.
        var batch = streaming
            ? (maxPartition > 0 || Options.LatencyFrames is not null ? 1 : OfflineBatchBlocks)
            : (int)Math.Clamp((wholeSignalFrames + block - 1) / block, 1, OfflineBatchBlocks);
        return new ConvolutionEngine(impulseResponse, inputChannels, block,
            ConvolutionReverbOptions.ToLinear(Options.DryGainDb), Options.Budget ?? ComputeBudget.Default, maxPartition, batch);
    }

    /// <summary>Partitions per call on whole buffers (see <see cref="BatchedPartitionedConvolver"/>).</summary>
    private const int OfflineBatchBlocks = 8;

    /// <summary>Reverberates a file into a WAV file, streaming; the output appears only when complete.</summary>
    /// <param name="inputPath">The dry audio file.</param>
    /// <param name="outputPath">The WAV to write (replaced atomically).</param>
    /// <param name="writeOptions">Sample format of the output; float32 when null.</param>
    /// <param name="progress">Frames written.</param>
    /// <param name="cancellationToken">Checked between blocks; a cancelled run leaves no output file.</param>
    /// <returns>Frames written.</returns>
    public long ApplyToFile(string inputPath, string outputPath, WavWriteOptions? writeOptions = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var input = AudioFile.Open(inputPath);
        IAudioSource stage;
        try
        {
            stage = ApplyTo(input);
        }
        catch
        {
            input.Dispose();
            throw;
        }
        using var owned = stage;
        using var writer = WavWriter.Create(outputPath, stage.Format, writeOptions);
        var frames = writer.WriteFrom(stage, progress, cancellationToken);
        writer.Complete();
        return frames;
    }

    private long ImpulseResponseFramesAt(int sampleRate)
    {
        var frames = sampleRate == ImpulseResponseSampleRate
            ? ImpulseResponseFrames
            : new Resampler(ImpulseResponseSampleRate, sampleRate, Options.ResamplerQuality).OutputLength(ImpulseResponseFrames);
        return frames + PreDelayFrames(sampleRate);
    }

    private long PreDelayFrames(int sampleRate) => (long)Math.Round(Options.PreDelay.TotalSeconds * sampleRate);

    /// <summary>The IR at the signal's rate with the pre-delay in front and the wet gain folded in.</summary>
    private float[][] PrepareImpulseResponse(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var total = ImpulseResponseFramesAt(sampleRate);
        if (total > sampleRate * Options.MaxImpulseResponseDuration.TotalSeconds)
            throw TooLong(null, TimeSpan.FromSeconds((double)total / sampleRate), Options);
        var delay = (int)PreDelayFrames(sampleRate);
        var wet = ConvolutionReverbOptions.ToLinear(Options.WetGainDb);
        var prepared = new float[_impulseResponse.Length][];
        if (sampleRate == ImpulseResponseSampleRate)
        {
            for (var c = 0; c < prepared.Length; c++)
            {
                prepared[c] = new float[delay + ImpulseResponseFrames];
                System.Numerics.Tensors.TensorPrimitives.Multiply(_impulseResponse[c], wet, prepared[c].AsSpan(delay));
            }
            return prepared;
        }
        using var original = AudioBuffer.Create(_impulseResponse.Length, ImpulseResponseFrames, ImpulseResponseSampleRate, Options.Budget);
        for (var c = 0; c < prepared.Length; c++) _impulseResponse[c].CopyTo(original.Channel(c));
        using var resampled = Resampler.Resample(original, sampleRate, Options.ResamplerQuality);
        // A band-limited IR resampled by r = out/in has r times the gain per sample; scaling by 1/r keeps its response.
        var scale = wet * (float)((double)ImpulseResponseSampleRate / sampleRate);
        for (var c = 0; c < prepared.Length; c++)
        {
            prepared[c] = new float[delay + resampled.Frames];
            System.Numerics.Tensors.TensorPrimitives.Multiply(resampled.Channel(c), scale, prepared[c].AsSpan(delay));
        }
        return prepared;
    }

    private static ResourceLimitException TooLong(string? source, TimeSpan duration, ConvolutionReverbOptions options) =>
        new(MediaErrors.Describe(source, -1,
            $"the impulse response lasts {duration.TotalSeconds:0.###} s (with pre-delay), over the limit of {options.MaxImpulseResponseDuration.TotalSeconds:0.###} s (ConvolutionReverbOptions.MaxImpulseResponseDuration)."));

    private static float[][] Copy(AudioBuffer impulseResponse, string? source)
    {
        ArgumentNullException.ThrowIfNull(impulseResponse);
        if (impulseResponse.Frames == 0)
            throw new InvalidMediaException(source, -1, "the impulse response holds no samples.");
        var copy = new float[impulseResponse.Channels][];
        for (var c = 0; c < copy.Length; c++)
        {
            var channel = impulseResponse.Channel(c);
            var bad = PartitionedConvolver.IndexOfNonFinite(channel);
            if (bad >= 0)
                throw new InvalidMediaException(source, -1, $"the impulse response's channel {c} holds {channel[bad]} at frame {bad}; every sample must be finite.");
            copy[c] = channel.ToArray();
        }
        return copy;
    }
}
