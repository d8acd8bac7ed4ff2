namespace Augment.Audio;

/// <summary>The fluent processing chain spelled on <see cref="AudioBuffer"/>: <c>voice.Process(p => p.ReduceNoise().NormalizeLoudness(-16))</c>.</summary>
public static class AudioChainExtensions
{
    /// <summary>Builds a chain with <paramref name="build"/> and runs it on <paramref name="input"/>.</summary>
    /// <param name="input">The signal; not modified, not disposed.</param>
    /// <param name="build">Adds the steps, e.g. <c>p => p.ReduceNoise().ApplyRoom(ir).NormalizeLoudness(-16)</c>.</param>
    /// <param name="progress">One report as each step starts (stage = the step's name) and one at the end.</param>
    /// <param name="cancellationToken">Checked between steps and inside the long ones.</param>
    /// <returns>A new buffer (dispose it); a copy of the input when the chain is empty.</returns>
    public static AudioBuffer Process(this AudioBuffer input, Action<AudioChain> build, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        input.Process(build, out _, progress, cancellationToken);

    /// <summary>
    /// Builds and runs a chain like <see cref="Process(AudioBuffer, Action{AudioChain}, IProgress{AugmentProgress}?, CancellationToken)"/>,
    /// and hands back the chain so that what its steps measured (e.g. <see cref="AudioChain.Loudness"/>) can be read.
    /// </summary>
    /// <param name="input">The signal; not modified, not disposed.</param>
    /// <param name="build">Adds the steps.</param>
    /// <param name="chain">The chain that ran.</param>
    /// <param name="progress">One report per step.</param>
    /// <param name="cancellationToken">Checked between steps and inside the long ones.</param>
    /// <returns>A new buffer (dispose it).</returns>
    public static AudioBuffer Process(this AudioBuffer input, Action<AudioChain> build, out AudioChain chain, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(build);
        chain = new AudioChain();
        build(chain);
        return chain.Run(input, progress, cancellationToken);
    }
}
