using System.Buffers;

namespace Augment.Audio;

/// <summary>Whole-stream helpers over <see cref="IAudioSource"/>.</summary>
public static class AudioSourceExtensions
{
    private const int BlockFrames = 1 << 14;

    /// <summary>
    /// Pulls a source to its end into one <see cref="AudioBuffer"/>. The memory is checked against the
    /// budget before it is allocated: from <see cref="IAudioSource.LengthFrames"/> when known, block by
    /// block otherwise.
    /// </summary>
    /// <param name="source">The source; it is read to its end but not disposed.</param>
    /// <param name="budget">Memory budget; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <exception cref="ResourceLimitException">The audio would exceed the budget or one buffer's capacity.</exception>
    public static AudioBuffer ReadAll(this IAudioSource source, ComputeBudget? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        budget ??= ComputeBudget.Default;
        var format = source.Format;
        var channels = format.Channels;
        if (source.LengthFrames is { } declared && declared >= 0)
        {
            CheckFits(declared, channels, budget);
            var buffer = AudioBuffer.Create(channels, (int)declared, format.SampleRate, budget);
            try
            {
                var filled = Fill(source, buffer, cancellationToken);
                if (filled == declared) return buffer;
                if (filled < declared)
                {
                    // The source ended early (a truncated file): hand back only what was read.
                    var shorter = AudioBuffer.Create(channels, filled, format.SampleRate, budget);
                    for (var c = 0; c < channels; c++)
                        buffer.Channel(c)[..filled].CopyTo(shorter.Channel(c));
                    buffer.Dispose();
                    return shorter;
                }
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }
        return ReadUnknownLength(source, budget, cancellationToken);
    }

    /// <summary>Reads into the buffer until it is full or the source ends; returns frames read. More frames than the buffer holds means the length lied: returns Frames + 1.</summary>
    private static int Fill(IAudioSource source, AudioBuffer buffer, CancellationToken cancellationToken)
    {
        var channels = buffer.Channels;
        var scratch = ArrayPool<float>.Shared.Rent(BlockFrames * channels);
        try
        {
            var position = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = source.Read(scratch, BlockFrames);
                if (n == 0) return position;
                if (n > buffer.Frames - position)
                    throw new InvalidMediaException($"{source} delivered more frames than the {buffer.Frames} its length declared.");
                for (var c = 0; c < channels; c++)
                    scratch.AsSpan(c * BlockFrames, n).CopyTo(buffer.Channel(c).Slice(position, n));
                position += n;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static AudioBuffer ReadUnknownLength(IAudioSource source, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var format = source.Format;
        var channels = format.Channels;
        var blocks = new List<(float[] Samples, int Frames)>();
        long total = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var block = ArrayPool<float>.Shared.Rent(BlockFrames * channels);
                var n = source.Read(block, BlockFrames);
                if (n == 0)
                {
                    ArrayPool<float>.Shared.Return(block);
                    break;
                }
                blocks.Add((block, n));
                total += n;
                // The blocks and the final buffer coexist at the end: budget both.
                CheckFits(total * 2, channels, budget);
            }
            var buffer = AudioBuffer.Create(channels, (int)total, format.SampleRate, budget);
            var position = 0;
            foreach (var (samples, frames) in blocks)
            {
                for (var c = 0; c < channels; c++)
                    samples.AsSpan(c * BlockFrames, frames).CopyTo(buffer.Channel(c).Slice(position, frames));
                position += frames;
            }
            return buffer;
        }
        finally
        {
            foreach (var (samples, _) in blocks)
                ArrayPool<float>.Shared.Return(samples);
        }
    }

    private static void CheckFits(long frames, int channels, ComputeBudget budget)
    {
        var samples = frames * channels;
        if (frames > int.MaxValue || samples > Array.MaxLength)
            throw new ResourceLimitException($"{frames} frames of {channels} channels do not fit one AudioBuffer; stream the source block by block instead.");
        budget.EnsureAllocation(samples * sizeof(float), $"Reading {frames} frames of {channels} channels");
    }
}
