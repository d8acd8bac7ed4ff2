namespace Augment.Audio;

/// <summary>
/// Settings of a <see cref="ConvolutionReverb"/>. The defaults give the plain convolution of the signal
/// with the IR (wet 0 dB, dry off, no pre-delay, full tail), which is what ffmpeg's <c>afir</c> computes
/// with gain normalisation off.
/// </summary>
public sealed record ConvolutionReverbOptions
{
    /// <summary>The defaults.</summary>
    public static ConvolutionReverbOptions Default { get; } = new();

    /// <summary>Gain of the convolved (wet) signal in dB; 0 = the IR as it is. <see cref="double.NegativeInfinity"/> mutes it. Linear gain g is 20·log10(g) dB.</summary>
    public double WetGainDb { get; init; }

    /// <summary>Gain of the unprocessed (dry) signal added to the output, in dB; <see cref="double.NegativeInfinity"/> (the default) leaves it out.</summary>
    public double DryGainDb { get; init; } = double.NegativeInfinity;

    /// <summary>Delay of the wet signal behind the dry one (zeros put before the IR), 0 to 10 s.</summary>
    public TimeSpan PreDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Whether the output keeps the input's length (true) or grows by the IR's length − 1 (+ pre-delay) so the reverb tail rings out (false, the default).</summary>
    public bool TrimTail { get; init; }

    /// <summary>
    /// Partition (block) size of the FFT convolution in frames, a power of two from 16 to 65536; null (the default)
    /// picks one from the IR length for throughput (<see cref="AutomaticBlockSizeFrames"/>). Larger blocks read the
    /// IR spectra fewer times (faster offline); smaller ones lower the latency of real-time callers of
    /// <see cref="PartitionedConvolver.Process"/>. <see cref="ConvolutionReverb"/> itself adds no delay either way: a stream
    /// reads a block ahead and returns the output for the same instants. With <see cref="LatencyFrames"/> set, a stream
    /// uses this as its largest (tail) partition instead.
    /// </summary>
    public int? BlockSizeFrames { get; init; }

    /// <summary>
    /// Latency of the streaming stage (<see cref="ConvolutionReverb.ApplyTo(IAudioSource)"/>, <see cref="ConvolutionReverb.ApplyToFile"/>)
    /// in frames, a power of two from 16 to 65536, or null (the default) for the block size. When set, the stage reads
    /// and emits blocks of this many frames and convolves with non-uniform partitions (<see cref="NonUniformConvolver"/>):
    /// this size for the IR's head, growing to <see cref="BlockSizeFrames"/> (or <see cref="StreamingTailPartitionFrames"/>) for its tail. Lower
    /// latency costs more per sample (one FFT pair per partition size in use). Whole buffers ignore it: they use
    /// uniform partitions of the block size, the fastest.
    /// </summary>
    public int? LatencyFrames { get; init; }

    /// <summary>
    /// The block size used when <see cref="BlockSizeFrames"/> is null: IR length / 8 rounded up to a power of two,
    /// from 256 to 32768 frames (32768 for IRs of 2.7 s and more at 48 kHz). Each block streams every partition's spectrum
    /// once, so memory traffic falls as 1/block while the FFT cost grows only as log(block); for a 3 s IR at 48 kHz
    /// 32768 measured fastest on both machines tried (AMD EPYC: 16384 took 1.5x as long; Intel Xeon: 16384 and 65536 took
    /// 8 % and 6 % longer).
    /// </summary>
    /// <param name="impulseResponseFrames">IR length in frames at the signal's rate.</param>
    public static int AutomaticBlockSizeFrames(long impulseResponseFrames)
    {
        var target = Math.Clamp(impulseResponseFrames / 8, 256, 32768);
        return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)target);
    }

    /// <summary>
    /// The largest (tail) partition of a stream with <see cref="LatencyFrames"/> set and <see cref="BlockSizeFrames"/> null:
    /// 8192 frames, or the latency when that is larger (then the partitions are uniform). Measured with a 3 s IR at 48 kHz
    /// and latencies of 64 to 1024 frames, 8192 beat 2048, 4096 and 16384: beyond it, one more partition size costs more
    /// FFT work than the fewer multiply-accumulates save.
    /// </summary>
    /// <param name="latencyFrames">The stream's latency (head partition size) in frames.</param>
    public static int StreamingTailPartitionFrames(int latencyFrames) => Math.Max(latencyFrames, 8192);

    /// <summary>Longest IR accepted (after resampling and pre-delay); longer ones throw <see cref="ResourceLimitException"/>. Default 60 s.</summary>
    public TimeSpan MaxImpulseResponseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Quality of the resampler that brings the IR to the signal's rate when they differ.</summary>
    public ResamplerQuality ResamplerQuality { get; init; } = ResamplerQuality.High;

    /// <summary>Threads and memory: the IR spectra are checked against its memory limit; output channels run in parallel up to its thread limit. <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (double.IsNaN(WetGainDb) || WetGainDb > 60)
            throw new ArgumentOutOfRangeException(nameof(WetGainDb), WetGainDb, "The wet gain must be at most +60 dB (−∞ mutes it).");
        if (double.IsNaN(DryGainDb) || DryGainDb > 60)
            throw new ArgumentOutOfRangeException(nameof(DryGainDb), DryGainDb, "The dry gain must be at most +60 dB (−∞ mutes it).");
        if (PreDelay < TimeSpan.Zero || PreDelay > TimeSpan.FromSeconds(10))
            throw new ArgumentOutOfRangeException(nameof(PreDelay), PreDelay, "The pre-delay must be between 0 and 10 s.");
        if (BlockSizeFrames is { } block && (block < 16 || block > 1 << 16 || !int.IsPow2(block)))
            throw new ArgumentOutOfRangeException(nameof(BlockSizeFrames), BlockSizeFrames, "The block size must be a power of two from 16 to 65536.");
        if (LatencyFrames is { } latency && (latency < 16 || latency > 1 << 16 || !int.IsPow2(latency)))
            throw new ArgumentOutOfRangeException(nameof(LatencyFrames), LatencyFrames, "The latency must be a power of two from 16 to 65536 frames.");
        if (MaxImpulseResponseDuration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxImpulseResponseDuration), MaxImpulseResponseDuration, "The IR length limit must be positive.");
    }

    internal static float ToLinear(double gainDb) => double.IsNegativeInfinity(gainDb) ? 0f : (float)Math.Pow(10, gainDb / 20);
}
