namespace Augment.Audio;

/// <summary>
/// Streaming convolution of one channel with one impulse response by uniformly partitioned overlap-save
/// FFT convolution: the IR is cut into partitions of <see cref="BlockSizeFrames"/> samples, each
/// transformed once (FFT size 2·block); every input block is transformed once into a frequency-domain
/// delay line, and an output block is the inverse transform of Σₚ X[k − p]·H[p] (Wefers, "Partitioned
/// convolution algorithms for real-time auralization", 2015, ch. 5). Cost per block: two real FFTs of
/// 2·block plus one complex multiply-accumulate per partition, independent of where the IR's energy lies.
/// </summary>
/// <remarks>
/// <see cref="ProcessBlock"/> maps one block of input to the output of the same samples (no delay).
/// <see cref="Process"/> takes chunks of any length and delays by <see cref="LatencyFrames"/> (one block),
/// which a real-time caller pays for collecting a block. Not thread-safe; one instance per channel pair.
/// </remarks>
public sealed class PartitionedConvolver : IBlockConvolver
{
    /// <summary>Block size used when none is given: 1024 frames (21 ms at 48 kHz), a good offline throughput.</summary>
    public const int DefaultBlockSizeFrames = 1024;

    /// <summary>Bins per accumulation chunk: 2 x 2048 floats of accumulator, 16 KiB, well inside L1.</summary>
    private const int BinChunk = 2048;

    private readonly RealFftPlan _plan;
    private readonly int _block;
    private readonly int _bins;
    private readonly int _partitions;
    private readonly float[] _irRe;
    private readonly float[] _irIm;
    private readonly bool[] _partitionIsZero;
    private readonly float[] _delayRe;
    private readonly float[] _delayIm;
    private readonly float[] _window;
    private readonly float[] _accRe;
    private readonly float[] _accIm;
    private readonly float[] _time;
    private readonly float[] _inFifo;
    private readonly float[] _outFifo;
    private int _head;
    private int _fifoPosition;

    /// <summary>Prepares the convolution with an impulse response.</summary>
    /// <param name="impulseResponse">The IR samples, at least one; all finite.</param>
    /// <param name="blockSizeFrames">Block (partition) size in frames, a power of two from 16 to 65536.</param>
    /// <exception cref="ArgumentException">The IR is empty or holds NaN or infinity.</exception>
    public PartitionedConvolver(ReadOnlySpan<float> impulseResponse, int blockSizeFrames = DefaultBlockSizeFrames)
    {
        if (impulseResponse.IsEmpty)
            throw new ArgumentException("The impulse response is empty.", nameof(impulseResponse));
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSizeFrames, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSizeFrames, 1 << 16);
        if (!int.IsPow2(blockSizeFrames))
            throw new ArgumentException($"The block size {blockSizeFrames} is not a power of two.", nameof(blockSizeFrames));
        var firstBad = IndexOfNonFinite(impulseResponse);
        if (firstBad >= 0)
            throw new ArgumentException($"The impulse response holds a non-finite value at sample {firstBad}.", nameof(impulseResponse));

        _block = blockSizeFrames;
        _bins = blockSizeFrames + 1;
        _plan = RealFftPlan.Create(2 * blockSizeFrames);
        ImpulseResponseFrames = impulseResponse.Length;
        _partitions = (impulseResponse.Length + blockSizeFrames - 1) / blockSizeFrames;
        _irRe = new float[_partitions * _bins];
        _irIm = new float[_partitions * _bins];
        _partitionIsZero = new bool[_partitions];
        _delayRe = new float[_partitions * _bins];
        _delayIm = new float[_partitions * _bins];
        _window = new float[2 * blockSizeFrames];
        _accRe = new float[_bins];
        _accIm = new float[_bins];
        _time = new float[2 * blockSizeFrames];
        _inFifo = new float[blockSizeFrames];
        _outFifo = new float[blockSizeFrames];

        // Each partition zero-padded to 2·block: the circular convolution of its spectrum with the last
        // 2·block inputs is exact in the second half (overlap-save).
        for (var p = 0; p < _partitions; p++)
        {
            var start = p * blockSizeFrames;
            var count = Math.Min(blockSizeFrames, impulseResponse.Length - start);
            var part = impulseResponse.Slice(start, count);
            _partitionIsZero[p] = !part.ContainsAnyExcept(0f);
            Array.Clear(_time);
            part.CopyTo(_time);
            _plan.Forward(_time, _irRe.AsSpan(p * _bins, _bins), _irIm.AsSpan(p * _bins, _bins));
        }
    }

    /// <summary>Frames per block: the partition length and the unit of <see cref="ProcessBlock"/>.</summary>
    public int BlockSizeFrames => _block;

    /// <summary>Length of the impulse response, in frames.</summary>
    public int ImpulseResponseFrames { get; }

    /// <summary>Number of IR partitions (IR length / block size, rounded up).</summary>
    public int PartitionCount => _partitions;

    /// <summary>Delay of <see cref="Process"/>'s output behind its input, in frames (one block).</summary>
    public int LatencyFrames => _block;

    /// <summary>Bytes of spectra and state a convolver with these sizes holds, for budget checks.</summary>
    /// <param name="impulseResponseFrames">IR length in frames.</param>
    /// <param name="blockSizeFrames">Block size in frames.</param>
    public static long EstimateMemoryBytes(long impulseResponseFrames, int blockSizeFrames)
    {
        var partitions = (impulseResponseFrames + blockSizeFrames - 1) / blockSizeFrames;
        // IR and delay-line spectra (re + im each), plus a few blocks of scratch.
        return (4 * partitions * (blockSizeFrames + 1L) * sizeof(float)) + (8L * blockSizeFrames * sizeof(float));
    }

    /// <summary>Convolves one block: output[i] = Σⱼ ir[j]·input[i − j], where earlier blocks supply the history.</summary>
    /// <param name="input">Exactly <see cref="BlockSizeFrames"/> new input samples.</param>
    /// <param name="output">Receives exactly <see cref="BlockSizeFrames"/> output samples for the same instants; may not overlap the input.</param>
    public void ProcessBlock(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != _block)
            throw new ArgumentException($"The input holds {input.Length} samples; a block is {_block}.", nameof(input));
        if (output.Length != _block)
            throw new ArgumentException($"The output holds {output.Length} samples; a block is {_block}.", nameof(output));

        // Sliding window of the last two blocks; its spectrum enters the delay line at the head.
        _window.AsSpan(_block, _block).CopyTo(_window);
        input.CopyTo(_window.AsSpan(_block));
        _plan.Forward(_window, _delayRe.AsSpan(_head * _bins, _bins), _delayIm.AsSpan(_head * _bins, _bins));

        Array.Clear(_accRe);
        Array.Clear(_accIm);
        // Bins in chunks so that the accumulator chunk stays in L1 while every partition streams past it.
        for (var from = 0; from < _bins; from += BinChunk)
        {
            var count = Math.Min(BinChunk, _bins - from);
            var accRe = _accRe.AsSpan(from, count);
            var accIm = _accIm.AsSpan(from, count);
            var slot = _head;
            for (var p = 0; p < _partitions; p++)
            {
                if (!_partitionIsZero[p])
                {
                    ComplexMacKernels.MultiplyAccumulate(
                        _delayRe.AsSpan((slot * _bins) + from, count), _delayIm.AsSpan((slot * _bins) + from, count),
                        _irRe.AsSpan((p * _bins) + from, count), _irIm.AsSpan((p * _bins) + from, count), accRe, accIm);
                }
                slot = slot == 0 ? _partitions - 1 : slot - 1;
            }
        }
        _head = _head + 1 == _partitions ? 0 : _head + 1;

        _plan.Inverse(_accRe, _accIm, _time);
        _time.AsSpan(_block, _block).CopyTo(output);
    }

    /// <summary>
    /// Convolves a chunk of any length, delayed by <see cref="LatencyFrames"/>: output[i] is the convolution
    /// at input instant i − <see cref="LatencyFrames"/> (zeros before the start). Chunk sizes may vary.
    /// </summary>
    /// <param name="input">New input samples.</param>
    /// <param name="output">Receives as many samples as <paramref name="input"/> holds.</param>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < input.Length)
            throw new ArgumentException($"The output holds {output.Length} samples; the input {input.Length}.", nameof(output));
        var done = 0;
        while (done < input.Length)
        {
            var count = Math.Min(_block - _fifoPosition, input.Length - done);
            // Read the delayed output before its FIFO slot is refilled by this chunk's block.
            _outFifo.AsSpan(_fifoPosition, count).CopyTo(output.Slice(done, count));
            input.Slice(done, count).CopyTo(_inFifo.AsSpan(_fifoPosition, count));
            _fifoPosition += count;
            done += count;
            if (_fifoPosition == _block)
            {
                ProcessBlock(_inFifo, _outFifo);
                _fifoPosition = 0;
            }
        }
    }

    /// <summary>Forgets all input history (the IR is kept).</summary>
    public void Reset()
    {
        Array.Clear(_delayRe);
        Array.Clear(_delayIm);
        Array.Clear(_window);
        Array.Clear(_inFifo);
        Array.Clear(_outFifo);
        _head = 0;
        _fifoPosition = 0;
    }

    internal static int IndexOfNonFinite(ReadOnlySpan<float> samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i])) return i;
        }
        return -1;
    }
}
