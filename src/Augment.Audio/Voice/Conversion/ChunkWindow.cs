namespace Augment.Audio;

/// <summary>
/// One chunk of <see cref="VoiceConverter"/>'s run, in 10 ms frames: it keeps output frames [Start, OutputEnd)
/// (its core [Start, End) plus the crossfade into the next chunk) and feeds the models [InputStart, InputEnd)
/// (context on both sides, clipped to the signal). Start and InputStart are even, so content frames line up with
/// the whole signal's.
/// </summary>
internal readonly record struct ChunkWindow(int Start, int End, int OutputEnd, int InputStart, int InputEnd, int FadeIn)
{
    public static ChunkWindow For(int index, int chunkFrames, int contextFrames, int crossfadeFrames, int totalFrames)
    {
        var start = index * chunkFrames;
        var end = Math.Min(totalFrames, start + chunkFrames);
        var outputEnd = Math.Min(totalFrames, end + crossfadeFrames);
        var fadeIn = index == 0 ? 0 : Math.Min(crossfadeFrames, totalFrames - start);
        return new ChunkWindow(start, end, outputEnd, Math.Max(0, start - contextFrames), Math.Min(totalFrames, outputEnd + contextFrames), fadeIn);
    }

    /// <summary>Adds the chunk's output frames, weighted by the crossfade ramps, into <paramref name="output"/>.</summary>
    public void Place(ReadOnlySpan<float> audio, int hop, Span<float> output)
    {
        var fadeInSamples = FadeIn * hop;
        var fadeOutSamples = (OutputEnd - End) * hop;
        var from = (Start - InputStart) * hop;
        var count = (OutputEnd - Start) * hop;
        var source = audio.Slice(from, count);
        var destination = output.Slice(Start * hop, count);
        var coreEnd = count - fadeOutSamples;
        for (var i = 0; i < count; i++)
        {
            float w = 1;
            if (i < fadeInSamples) w = Ramp(i, fadeInSamples);
            else if (i >= coreEnd) w = 1 - Ramp(i - coreEnd, fadeOutSamples);
            destination[i] += w * source[i];
        }
    }

    /// <summary>Raised-cosine rise from 0 to 1 over <paramref name="length"/> samples; with its complement it sums to one.</summary>
    internal static float Ramp(int i, int length) => (float)(0.5 - (0.5 * Math.Cos(Math.PI * (i + 0.5) / length)));
}
