namespace Augment.Audio;

/// <summary>
/// Where <see cref="VoiceConverter"/> gets the fundamental frequency of the source voice: one value in hertz per
/// 10 ms frame of 16 kHz sound (frame <c>i</c> covers samples <c>160 i .. 160 i + 159</c>), 0 where unvoiced.
/// The converter calls it per chunk, with the chunk's samples (context included) and their position in the whole
/// signal, so a source may analyse the samples or look up a precomputed contour.
/// </summary>
public interface IVoiceF0Source
{
    /// <summary>Fills <paramref name="f0Hz"/> (one value per 10 ms frame of <paramref name="samples16k"/>).</summary>
    /// <param name="samples16k">Mono sound at 16 kHz; its length is <c>160 x f0Hz.Length</c> (zero-padded at the end of the signal).</param>
    /// <param name="firstFrame">Index of the first frame in the whole signal (its first sample is <c>160 x firstFrame</c>).</param>
    /// <param name="f0Hz">Destination: frequency in hertz per frame, 0 when unvoiced.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    void Estimate(ReadOnlySpan<float> samples16k, long firstFrame, Span<float> f0Hz, CancellationToken cancellationToken);
}
