using System.Buffers;

namespace Augment.Audio;

/// <summary>
/// Brings audio to an integrated-loudness target (EBU R128 -23, streaming -16/-14 LUFS) with one linear
/// gain and, optionally, a look-ahead true-peak limiter. Two passes: measure, then apply; a file is
/// streamed both times (constant memory) and written atomically.
/// </summary>
public static class LoudnessNormalizer
{
    private const int BlockFrames = 1 << 14;

    /// <summary>Normalises a WAV (or any <see cref="AudioFile.Open"/> input) into a WAV file.</summary>
    /// <param name="inputPath">The audio to normalise.</param>
    /// <param name="outputPath">The WAV to write (temporary file, then rename: never a partial file).</param>
    /// <param name="options">Target, ceiling, limiter timing, output format.</param>
    /// <param name="progress">Reports both passes as items (frames) of "measure" and "normalize".</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <exception cref="InvalidMediaException">The input has no audio above the -70 LUFS gate.</exception>
    public static LoudnessNormalizationResult NormalizeFile(string inputPath, string outputPath, LoudnessNormalizationOptions? options = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options ??= new LoudnessNormalizationOptions();
        options.Validate();
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException("The output must be a different file from the input (it is read twice).", nameof(outputPath));

        LoudnessResult measured;
        using (var first = AudioFile.Open(inputPath))
            measured = MeasureWithProgress(first, "measure", progress, cancellationToken);
        var gainDb = GainFor(measured, options, inputPath);

        using var second = AudioFile.Open(inputPath);
        using var writer = WavWriter.Create(outputPath, second.Format, options.WavOptions);
        var (output, reduction) = Apply(second, gainDb, options, (block, frames) => writer.Write(block, frames), progress, cancellationToken);
        writer.Complete();
        return new LoudnessNormalizationResult { Input = measured, Output = output, GainDb = gainDb, LimiterReductionDb = reduction };
    }

    /// <summary>Normalises a buffer into a new buffer of the same shape.</summary>
    /// <param name="buffer">The audio.</param>
    /// <param name="options">Target, ceiling, limiter timing.</param>
    /// <param name="channelMask">Speaker positions for the channel weights; from the channel count when <see cref="Speakers.None"/>.</param>
    /// <returns>The normalised audio (dispose it) and what was done.</returns>
    /// <exception cref="InvalidMediaException">The buffer has no audio above the -70 LUFS gate.</exception>
    public static (AudioBuffer Output, LoudnessNormalizationResult Result) Normalize(AudioBuffer buffer, LoudnessNormalizationOptions? options = null, Speakers channelMask = Speakers.None)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        options ??= new LoudnessNormalizationOptions();
        options.Validate();
        using var source = new AudioBufferSource(buffer, channelMask);
        var measured = LoudnessMeter.Measure(source);
        var gainDb = GainFor(measured, options, null);
        using var again = new AudioBufferSource(buffer, channelMask);
        var output = AudioBuffer.Create(buffer.Channels, buffer.Frames, buffer.SampleRate);
        try
        {
            var written = 0;
            var (after, reduction) = Apply(again, gainDb, options, (block, frames) =>
            {
                for (var c = 0; c < output.Channels; c++)
                    block.Slice(c * frames, frames).CopyTo(output.Channel(c).Slice(written, frames));
                written += frames;
            }, null, CancellationToken.None);
            return (output, new LoudnessNormalizationResult { Input = measured, Output = after, GainDb = gainDb, LimiterReductionDb = reduction });
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private static double GainFor(LoudnessResult measured, LoudnessNormalizationOptions options, string? source)
    {
        if (!double.IsFinite(measured.IntegratedLufs))
            throw new InvalidMediaException(source, -1, "no audio above the -70 LUFS absolute gate (silence, or shorter than 400 ms): there is no loudness to normalise.");
        return options.TargetLufs - measured.IntegratedLufs;
    }

    private static LoudnessResult MeasureWithProgress(IAudioSource source, string stage, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var meter = new LoudnessMeter(source.Format, new LoudnessMeterOptions { KeepSeries = false });
        var channels = source.Format.Channels;
        var block = ArrayPool<float>.Shared.Rent(BlockFrames * channels);
        try
        {
            long done = 0;
            int got;
            while ((got = source.Read(block, BlockFrames)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                meter.Process(block, got, BlockFrames);
                done += got;
                if (progress is not null && source.LengthFrames is { } total)
                    progress.Report(AugmentProgress.Items(stage, done, total));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(block);
        }
        return meter.GetResult();
    }

    /// <summary>The second pass: gain (and limiter), handing compact planar blocks to <paramref name="sink"/>, metering what it hands.</summary>
    private static (LoudnessResult Output, double ReductionDb) Apply(IAudioSource source, double gainDb, LoudnessNormalizationOptions options,
        BlockSink sink, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var format = source.Format;
        var channels = format.Channels;
        var gain = (float)Math.Pow(10.0, gainDb / 20.0);
        var limiter = options.TruePeakCeilingDbtp is { } ceilingDb
            ? new TruePeakLimiter(channels, format.SampleRate, (float)Math.Pow(10.0, ceilingDb / 20.0), options.LookAhead, options.Release)
            : null;
        var meter = new LoudnessMeter(format, new LoudnessMeterOptions { KeepSeries = false });
        var input = ArrayPool<float>.Shared.Rent(BlockFrames * channels);
        var output = ArrayPool<float>.Shared.Rent(BlockFrames * channels);
        var compact = ArrayPool<float>.Shared.Rent(BlockFrames * channels);
        try
        {
            var toSkip = limiter?.LatencyFrames ?? 0;
            long done = 0;
            int got;
            while ((got = source.Read(input, BlockFrames)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                System.Numerics.Tensors.TensorPrimitives.Multiply(input.AsSpan(0, BlockFrames * channels), gain, input.AsSpan(0, BlockFrames * channels));
                Emit(input, got);
                done += got;
                if (progress is not null && source.LengthFrames is { } total)
                    progress.Report(AugmentProgress.Items("normalize", done, total));
            }
            if (limiter is not null)
            {
                // Flush the look-ahead delay with silence.
                var remaining = limiter.LatencyFrames;
                Array.Clear(input);
                while (remaining > 0)
                {
                    var frames = Math.Min(remaining, BlockFrames);
                    Emit(input, frames);
                    remaining -= frames;
                }
            }

            void Emit(float[] block, int frames)
            {
                float[] result = block;
                if (limiter is not null)
                {
                    limiter.Process(block, output, frames, BlockFrames);
                    result = output;
                }
                var skip = Math.Min(toSkip, frames);
                toSkip -= skip;
                var kept = frames - skip;
                if (kept == 0) return;
                for (var c = 0; c < channels; c++)
                    result.AsSpan(c * BlockFrames + skip, kept).CopyTo(compact.AsSpan(c * kept));
                meter.Process(compact, kept);
                sink(compact.AsSpan(0, kept * channels), kept);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(output);
            ArrayPool<float>.Shared.Return(compact);
        }
        var reduction = limiter is null ? 0.0 : Math.Max(0.0, -20.0 * Math.Log10(limiter.MinimumGain));
        return (meter.GetResult(), reduction);
    }

    private delegate void BlockSink(ReadOnlySpan<float> planar, int frames);
}
