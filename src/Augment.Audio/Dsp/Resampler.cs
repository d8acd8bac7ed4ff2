using System.Runtime.CompilerServices;

namespace Augment.Audio;

/// <summary>
/// Streaming sample-rate conversion of one channel with a polyphase Kaiser-windowed sinc filter.
/// <para>
/// Rational ratios (44.1k ↔ 48k ↔ 96k and any pair of integer rates whose reduced ratio L/M has
/// L ≤ 1024) use one exact coefficient row per phase; other ratios, and the <see cref="Resampler(double, ResamplerQuality)"/>
/// constructor, interpolate linearly between 4096 rows per input sample. The output is time-aligned
/// with the input (output sample n sits at input time n/ratio; no delay to compensate) and its
/// length, once <see cref="Flush"/> has been called, is ⌈input length × ratio⌉ (for interpolated
/// ratios the step 1/ratio is rounded to 32 fractional bits; <see cref="OutputLength"/> is exact). Output is
/// bit-identical however the input is chunked. One instance per channel; instances are not
/// thread-safe, but coefficient tables are shared between them.
/// </para>
/// </summary>
public sealed class Resampler
{
    private const int BlockSize = 4096;
    private const int ArbitraryPhaseBits = 12;
    private const int MaxRationalPhases = 1024;

    private readonly ResamplerKernel _kernel;
    private readonly float[] _buffer;
    private readonly bool _rational;
    private readonly long _stepWhole;   // rational: M / L;   arbitrary: whole input samples per output
    private readonly long _stepPart;    // rational: M mod L; arbitrary: 32-bit fraction per output
    private readonly long _phases;      // rational: L;       arbitrary: 2^32

    private long _bufferStart;          // input index of _buffer[0]
    private int _bufferCount;
    private long _index;                // input index at or before the next output's time
    private long _phase;                // the next output's time past _index, in 1/_phases
    private long _inputConsumed;

    /// <summary>Creates a converter between two integer rates.</summary>
    /// <param name="inputRate">Input sample rate in hertz.</param>
    /// <param name="outputRate">Output sample rate in hertz.</param>
    /// <param name="quality">Speed/fidelity preset.</param>
    public Resampler(int inputRate, int outputRate, ResamplerQuality quality = ResamplerQuality.High)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        var divisor = Gcd(inputRate, outputRate);
        long l = outputRate / divisor, m = inputRate / divisor;
        Ratio = (double)outputRate / inputRate;
        Quality = quality;
        CheckRatio(Ratio);
        if (l <= MaxRationalPhases)
        {
            _rational = true;
            _phases = l;
            _stepWhole = m / l;
            _stepPart = m % l;
            _kernel = ResamplerKernel.Get(quality, Math.Min(1.0, Ratio), (int)l);
        }
        else
        {
            (_stepWhole, _stepPart, _phases) = FixedPointStep(Ratio);
            _kernel = ResamplerKernel.Get(quality, Math.Min(1.0, Ratio), 1 << ArbitraryPhaseBits);
        }
        _buffer = new float[_kernel.Taps + BlockSize];
        Reset();
    }

    /// <summary>Creates a converter for an arbitrary ratio (e.g. 1.000_5 for a clock-drift correction).</summary>
    /// <param name="ratio">Output rate divided by input rate (1/256 .. 256).</param>
    /// <param name="quality">Speed/fidelity preset.</param>
    public Resampler(double ratio, ResamplerQuality quality = ResamplerQuality.High)
    {
        CheckRatio(ratio);
        Ratio = ratio;
        Quality = quality;
        (_stepWhole, _stepPart, _phases) = FixedPointStep(ratio);
        _kernel = ResamplerKernel.Get(quality, Math.Min(1.0, ratio), 1 << ArbitraryPhaseBits);
        _buffer = new float[_kernel.Taps + BlockSize];
        Reset();
    }

    /// <summary>Output rate divided by input rate.</summary>
    public double Ratio { get; }

    /// <summary>The speed/fidelity preset.</summary>
    public ResamplerQuality Quality { get; }

    /// <summary>Whether the ratio runs on exact polyphase rows (true) or interpolated ones (false).</summary>
    public bool IsRational => _rational;

    /// <summary>Filter taps per output sample (per channel).</summary>
    public int FilterTaps => _kernel.Taps;

    /// <summary>Input samples the converter must see beyond an output's time before it can compute it.</summary>
    public int LookaheadSamples => _kernel.HalfTaps;

    /// <summary>The most output samples one <see cref="Process"/> call writes for <paramref name="inputLength"/> input samples.</summary>
    /// <param name="inputLength">Input samples in the call.</param>
    public int MaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((int)Math.Ceiling(inputLength * Ratio) + 2);
    }

    /// <summary>Output length for a whole signal of <paramref name="inputLength"/> samples (after <see cref="Flush"/>).</summary>
    /// <param name="inputLength">Total input samples.</param>
    public long OutputLength(long inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        // Outputs n with time n·step < inputLength; step = stepWhole + stepPart/phases input samples.
        var stepNumerator = (Int128)_stepWhole * _phases + _stepPart;
        return (long)((((Int128)inputLength * _phases) + stepNumerator - 1) / stepNumerator);
    }

    /// <summary>Consumes input and writes every output sample whose filter window is complete.</summary>
    /// <param name="input">The next input samples.</param>
    /// <param name="output">Receives output; must hold at least <see cref="MaxOutputLength"/>(input.Length) samples.</param>
    /// <returns>Number of samples written.</returns>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < MaxOutputLength(input.Length))
            throw new ArgumentException($"The output holds {output.Length} samples; {input.Length} input samples may produce up to {MaxOutputLength(input.Length)}.", nameof(output));
        return ProcessCore(input, output);
    }

    /// <summary>
    /// Ends the stream: writes the outputs that needed look-ahead past the last input, so that the
    /// total is <see cref="OutputLength"/>(all input), then resets for a new stream.
    /// </summary>
    /// <param name="output">Receives the tail; must hold at least <see cref="MaxOutputLength"/>(<see cref="LookaheadSamples"/>) samples.</param>
    /// <returns>Number of samples written.</returns>
    public int Flush(Span<float> output)
    {
        if (output.Length < MaxOutputLength(LookaheadSamples))
            throw new ArgumentException($"The output must hold at least {MaxOutputLength(LookaheadSamples)} samples.", nameof(output));
        var written = FlushCore(output);
        return written;
    }

    /// <summary>Forgets the stream: the next input sample is time zero again.</summary>
    public void Reset()
    {
        // H − 1 zeros of history stand for the silence before the first sample.
        var history = _kernel.HalfTaps - 1;
        Array.Clear(_buffer);
        _bufferStart = -history;
        _bufferCount = history;
        _index = 0;
        _phase = 0;
        _inputConsumed = 0;
    }

    /// <summary>Resamples every channel of a buffer (channels in parallel, within the buffer's budget).</summary>
    /// <param name="source">The audio.</param>
    /// <param name="outputRate">Target sample rate in hertz.</param>
    /// <param name="quality">Speed/fidelity preset.</param>
    /// <param name="cancellationToken">Cancels between channels.</param>
    /// <returns>A new buffer at <paramref name="outputRate"/> with ⌈frames × ratio⌉ frames.</returns>
    public static AudioBuffer Resample(AudioBuffer source, int outputRate, ResamplerQuality quality = ResamplerQuality.High, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        var probe = new Resampler(source.SampleRate, outputRate, quality);
        var frames = probe.OutputLength(source.Frames);
        if (frames > int.MaxValue)
            throw new ResourceLimitException($"Resampling {source.Frames} frames from {source.SampleRate} Hz to {outputRate} Hz gives {frames} frames, more than one buffer holds.");
        var result = AudioBuffer.Create(source.Channels, (int)frames, outputRate, source.Budget);
        try
        {
            Parallel.For(0, source.Channels, source.Budget.ToParallelOptions(cancellationToken), c =>
            {
                var resampler = c == 0 ? probe : new Resampler(source.SampleRate, outputRate, quality);
                // The result holds exactly OutputLength(frames) samples, which is all these two calls write.
                var written = resampler.ProcessCore(source.Channel(c), result.Channel(c));
                written += resampler.FlushCore(result.Channel(c)[written..]);
                if (written != frames)
                    throw new InvalidOperationException($"Channel {c} produced {written} frames instead of {frames}.");
            });
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>Process without the output-size check: the caller guarantees room for what the input produces.</summary>
    private int ProcessCore(ReadOnlySpan<float> input, Span<float> output)
    {
        _inputConsumed += input.Length;
        var written = 0;
        var half = _kernel.HalfTaps;
        while (true)
        {
            written += Produce(output[written..]);
            if (input.IsEmpty)
                return written;
            // Drop samples no future output needs, then append input.
            var keepFrom = _index - half + 1;
            var drop = keepFrom - _bufferStart;
            if (drop >= _bufferCount)
            {
                // Large down-sampling steps can skip input entirely.
                var skip = (int)Math.Min(drop - _bufferCount, input.Length);
                _bufferStart += _bufferCount + skip;
                _bufferCount = 0;
                input = input[skip..];
            }
            else if (drop > 0)
            {
                _buffer.AsSpan((int)drop, _bufferCount - (int)drop).CopyTo(_buffer);
                _bufferStart += drop;
                _bufferCount -= (int)drop;
            }
            var take = Math.Min(input.Length, _buffer.Length - _bufferCount);
            input[..take].CopyTo(_buffer.AsSpan(_bufferCount));
            _bufferCount += take;
            input = input[take..];
        }
    }

    /// <summary>
    /// Feeds H zeros: an output at input time t needs samples up to ⌊t⌋ + H, so afterwards every
    /// output with t &lt; (input length) has been written, and none later.
    /// </summary>
    private int FlushCore(Span<float> output)
    {
        Span<float> zeros = stackalloc float[64];
        zeros.Clear();
        var written = 0;
        for (var remaining = _kernel.HalfTaps; remaining > 0;)
        {
            var n = Math.Min(remaining, zeros.Length);
            written += ProcessCore(zeros[..n], output[written..]);
            remaining -= n;
        }
        Reset();
        return written;
    }

    /// <summary>Writes the outputs whose windows lie inside the buffer.</summary>
    /// <remarks>Fully optimised from the first call: one long call (a whole file) would otherwise run its loop unoptimised at first.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Produce(Span<float> output)
    {
        var half = _kernel.HalfTaps;
        var taps = _kernel.Taps;
        var coefficients = _kernel.Coefficients;
        var end = _bufferStart + _bufferCount;
        var written = 0;
        while (_index + half < end)
        {
            var window = _buffer.AsSpan((int)(_index - half + 1 - _bufferStart), taps);
            if (_rational)
            {
                output[written++] = ResamplerKernels.Dot(coefficients.AsSpan((int)_phase * taps, taps), window, taps);
                _index += _stepWhole;
                _phase += _stepPart;
                if (_phase >= _phases)
                {
                    _phase -= _phases;
                    _index++;
                }
            }
            else
            {
                // 32-bit fraction: the top 12 bits pick the row, the rest blend it with the next row.
                var row = (int)(_phase >> (32 - ArbitraryPhaseBits));
                var blend = (_phase & ((1L << (32 - ArbitraryPhaseBits)) - 1)) * (1f / (1L << (32 - ArbitraryPhaseBits)));
                output[written++] = ResamplerKernels.DotBlend(
                    coefficients.AsSpan(row * taps, taps), coefficients.AsSpan((row + 1) * taps, taps), window, taps, blend);
                _index += _stepWhole;
                _phase += _stepPart;
                if (_phase >= _phases)
                {
                    _phase -= _phases;
                    _index++;
                }
            }
        }
        return written;
    }

    private static (long Whole, long Part, long Phases) FixedPointStep(double ratio)
    {
        // Input samples per output in 32.32 fixed point: exact enough that drift stays below one
        // sample in 2^32 outputs (a day at 48 kHz), and deterministic across chunkings.
        var step = (long)Math.Round((1.0 / ratio) * (1L << 32));
        return (step >> 32, step & 0xFFFF_FFFFL, 1L << 32);
    }

    private static void CheckRatio(double ratio)
    {
        if (!(ratio >= 1.0 / 256 && ratio <= 256))
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The output/input rate ratio must lie between 1/256 and 256.");
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
