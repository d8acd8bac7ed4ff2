using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Augment;

/// <summary>
/// Sound as planar float32 samples (channels x frames, one contiguous block) at a sample rate.
/// Full scale is ±1. Memory is rented from a pool: dispose the buffer when done. Conversions to and
/// from interleaved 16-bit, 24-bit-in-32 and float samples happen once, at the edge, with SIMD kernels.
/// </summary>
public sealed class AudioBuffer : IDisposable
{
    /// <summary>Most channels a buffer holds (up to 9.1.6 immersive layouts and beyond).</summary>
    public const int MaxChannels = 64;

    private readonly PooledFloats _buffer;

    private AudioBuffer(int channels, int frames, int sampleRate, ComputeBudget budget, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, MaxChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        Channels = channels;
        Frames = frames;
        SampleRate = sampleRate;
        Budget = budget;
        _buffer = new PooledFloats((long)channels * frames, budget, $"A {channels}-channel buffer of {frames} frames", clear);
    }

    /// <summary>Number of channels.</summary>
    public int Channels { get; }

    /// <summary>Samples per channel.</summary>
    public int Frames { get; }

    /// <summary>Sample rate in hertz.</summary>
    public int SampleRate { get; }

    /// <summary>Length in time.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);

    /// <summary>The budget the buffer was allocated under; operations on it use the same.</summary>
    public ComputeBudget Budget { get; }

    /// <summary>All samples, channel after channel.</summary>
    public Span<float> Data => _buffer.Span;

    /// <summary>The samples of one channel.</summary>
    public Span<float> Channel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return _buffer.Span.Slice(channel * Frames, Frames);
    }

    /// <summary>Creates a silent buffer.</summary>
    /// <param name="channels">Number of channels (1..64).</param>
    /// <param name="frames">Samples per channel.</param>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="budget">Memory and thread budget; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <exception cref="ResourceLimitException">The buffer would exceed the budget's memory.</exception>
    public static AudioBuffer Create(int channels, int frames, int sampleRate, ComputeBudget? budget = null) =>
        new(channels, frames, sampleRate, budget ?? ComputeBudget.Default, clear: true);

    /// <summary>
    /// Creates a buffer whose samples are not cleared: they hold whatever the pooled memory held. For producers that
    /// write every sample before anyone reads one (a chunked model runner, a decoder), where clearing would be a wasted
    /// pass over the memory.
    /// </summary>
    /// <inheritdoc cref="Create(int, int, int, ComputeBudget?)"/>
    public static AudioBuffer CreateUninitialized(int channels, int frames, int sampleRate, ComputeBudget? budget = null) =>
        new(channels, frames, sampleRate, budget ?? ComputeBudget.Default, clear: false);

    /// <summary>A deep copy with its own pooled memory.</summary>
    public AudioBuffer Clone()
    {
        var copy = new AudioBuffer(Channels, Frames, SampleRate, Budget, clear: false);
        Data.CopyTo(copy.Data);
        return copy;
    }

    /// <summary>Creates a buffer from interleaved float samples, copied unchanged.</summary>
    /// <param name="samples">Frame after frame, <paramref name="channels"/> samples each; the length must be a whole number of frames.</param>
    /// <param name="channels">Number of channels.</param>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    /// <param name="budget">Memory and thread budget; <see cref="ComputeBudget.Default"/> when null.</param>
    public static AudioBuffer FromInterleaved(ReadOnlySpan<float> samples, int channels, int sampleRate, ComputeBudget? budget = null)
    {
        var buffer = Allocate(samples.Length, channels, sampleRate, budget);
        SampleKernels.Deinterleave(samples, buffer.Data, buffer.Frames, channels);
        return buffer;
    }

    /// <summary>Creates a buffer from interleaved 16-bit PCM, mapping -32768..32767 to -1..1 (divides by 32768).</summary>
    /// <inheritdoc cref="FromInterleaved(ReadOnlySpan{float}, int, int, ComputeBudget?)"/>
    public static AudioBuffer FromInterleaved(ReadOnlySpan<short> samples, int channels, int sampleRate, ComputeBudget? budget = null)
    {
        var buffer = Allocate(samples.Length, channels, sampleRate, budget);
        SampleKernels.Deinterleave(samples, buffer.Data, buffer.Frames, channels);
        return buffer;
    }

    /// <summary>
    /// Creates a buffer from interleaved 32-bit integer PCM (also 24-bit audio left-aligned in 32 bits),
    /// dividing by 2^31.
    /// </summary>
    /// <inheritdoc cref="FromInterleaved(ReadOnlySpan{float}, int, int, ComputeBudget?)"/>
    public static AudioBuffer FromInterleaved(ReadOnlySpan<int> samples, int channels, int sampleRate, ComputeBudget? budget = null)
    {
        var buffer = Allocate(samples.Length, channels, sampleRate, budget);
        SampleKernels.Deinterleave(samples, buffer.Data, buffer.Frames, channels);
        return buffer;
    }

    /// <summary>Writes interleaved float samples, unchanged and unclamped.</summary>
    /// <param name="destination">At least <c>Frames * Channels</c> elements.</param>
    public void CopyInterleavedTo(Span<float> destination)
    {
        CheckDestination(destination.Length);
        SampleKernels.Interleave(Data, Frames, Channels, destination);
    }

    /// <summary>
    /// Writes interleaved 16-bit PCM: multiplies by 32768, rounds to nearest and clamps to
    /// -32768..32767; NaN becomes 0.
    /// </summary>
    /// <param name="destination">At least <c>Frames * Channels</c> elements.</param>
    public void CopyInterleavedTo(Span<short> destination)
    {
        CheckDestination(destination.Length);
        SampleKernels.Interleave(Data, Frames, Channels, destination);
    }

    /// <summary>A zero-copy tensor view of shape [channels, frames].</summary>
    public TensorSpan<float> AsTensorSpan() => new(Data, [Channels, Frames]);

    /// <summary>
    /// A zero-copy ONNX Runtime tensor of shape [1, channels, frames] over this buffer's memory.
    /// Dispose the value before the buffer.
    /// </summary>
    public OrtValue ToOrtValue() =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _buffer.Memory, [1, Channels, Frames]);

    /// <summary>Returns the memory to the pool. Views taken earlier become invalid.</summary>
    public void Dispose() => _buffer.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"AudioBuffer {Channels} ch x {Frames} @ {SampleRate} Hz ({Duration.TotalSeconds:0.###} s)";

    private static AudioBuffer Allocate(int length, int channels, int sampleRate, ComputeBudget? budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (length % channels != 0)
            throw new ArgumentException($"{length} interleaved samples are not a whole number of {channels}-channel frames.", nameof(length));
        return new AudioBuffer(channels, length / channels, sampleRate, budget ?? ComputeBudget.Default, clear: false);
    }

    private void CheckDestination(int length)
    {
        var needed = (long)Frames * Channels;
        if (length < needed)
            throw new ArgumentException($"The destination needs {needed} elements; it has {length}.", nameof(length));
    }
}
