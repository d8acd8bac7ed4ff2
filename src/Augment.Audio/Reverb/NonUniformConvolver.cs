namespace Augment.Audio;

/// <summary>
/// Streaming convolution of one channel with one impulse response by non-uniformly partitioned FFT
/// convolution: short partitions at the head of the IR give a low latency, longer ones for the tail keep
/// the cost per sample low (Gardner, "Efficient convolution without input-output delay", JAES 43(3), 1995;
/// Garcia, "Optimal filter partition for efficient convolution with short input/output delay", AES 113,
/// 2002). Each run of equal partition sizes (a size class) is its own uniformly partitioned convolver
/// (<see cref="PartitionedConvolver"/>, with its own frequency-domain delay line) over its slice of the IR;
/// its output block is added into an output ring at the slice's offset.
/// </summary>
/// <remarks>
/// A class of partition size B that starts at IR offset s may compute its block only after collecting B
/// inputs; its first output sample is due s − B + head frames later, so every class must start at
/// s ≥ B − head (checked). All work is done in the call that completes a class's block, so a call that
/// completes the largest class costs more than the others (the average is what <see cref="PlanPartitions"/>
/// minimises). <see cref="ProcessBlock"/> maps one head block of input to the output of the same samples
/// (no delay); <see cref="Process"/> takes chunks of any length and delays by exactly <see cref="LatencyFrames"/>
/// (the head block). Not thread-safe; one instance per channel pair.
/// </remarks>
public sealed class NonUniformConvolver : IBlockConvolver
{
    /// <summary>Partitions per size class that <see cref="PlanPartitions"/> places before doubling the size.</summary>
    /// <remarks>
    /// Two is the least that satisfies the start condition when sizes double; more per class means fewer size
    /// classes (each costs an FFT pair per block of its size) for a few more multiply-accumulates per sample.
    /// Garcia's optimal plans for long IRs likewise hold several partitions per size.
    /// </remarks>
    public const int PartitionsPerClass = 4;

    private readonly Segment[] _segments;
    private readonly int[] _partitionSizes;
    private readonly int _head;
    private readonly float[] _ring;
    private readonly int _ringMask;
    private readonly float[] _inFifo;
    private readonly float[] _outFifo;
    private long _time;
    private int _fifoPosition;

    /// <summary>Prepares the convolution with partitions planned by <see cref="PlanPartitions"/>.</summary>
    /// <param name="impulseResponse">The IR samples, at least one; all finite.</param>
    /// <param name="latencyFrames">The head partition size, which is the latency of <see cref="Process"/>: a power of two from 16 to 65536.</param>
    /// <param name="maxPartitionFrames">The largest partition size for the IR's tail: a power of two from <paramref name="latencyFrames"/> to 65536 (8192 measured fastest for a 3 s IR at 48 kHz).</param>
    /// <exception cref="ArgumentException">The IR is empty or holds NaN or infinity, or a size is not a power of two.</exception>
    public NonUniformConvolver(ReadOnlySpan<float> impulseResponse, int latencyFrames = 256, int maxPartitionFrames = 8192)
        : this(impulseResponse, PlanPartitions(Math.Max(1, impulseResponse.Length), latencyFrames, maxPartitionFrames))
    {
    }

    /// <summary>Prepares the convolution with an explicit partition plan.</summary>
    /// <param name="impulseResponse">The IR samples, at least one; all finite.</param>
    /// <param name="partitionSizesFrames">
    /// Partition sizes from the IR's start: powers of two from 16 to 65536, never decreasing, together at least
    /// as long as the IR (extra partitions are dropped), and each one starting at an offset of at least its size
    /// minus the first size. The first size is the latency.
    /// </param>
    /// <exception cref="ArgumentException">The IR is empty or holds NaN or infinity, or the plan breaks a rule above.</exception>
    public NonUniformConvolver(ReadOnlySpan<float> impulseResponse, ReadOnlySpan<int> partitionSizesFrames)
    {
        if (impulseResponse.IsEmpty)
            throw new ArgumentException("The impulse response is empty.", nameof(impulseResponse));
        var firstBad = PartitionedConvolver.IndexOfNonFinite(impulseResponse);
        if (firstBad >= 0)
            throw new ArgumentException($"The impulse response holds a non-finite value at sample {firstBad}.", nameof(impulseResponse));
        var used = CheckPlan(partitionSizesFrames, impulseResponse.Length);

        _head = partitionSizesFrames[0];
        _partitionSizes = partitionSizesFrames[..used].ToArray();
        ImpulseResponseFrames = impulseResponse.Length;

        var segments = new List<Segment>();
        var offset = 0;
        var maxReach = 0;
        for (var p = 0; p < used;)
        {
            var size = _partitionSizes[p];
            var count = 0;
            while (p + count < used && _partitionSizes[p + count] == size) count++;
            var length = Math.Min(count * size, impulseResponse.Length - offset);
            var slice = impulseResponse.Slice(offset, length);
            // A slice of zeros (a pre-delay) costs nothing to skip.
            if (slice.ContainsAnyExcept(0f))
                segments.Add(new Segment(new PartitionedConvolver(slice, size), offset));
            maxReach = Math.Max(maxReach, offset + _head);
            offset += length;
            p += count;
        }
        _segments = [.. segments];
        // Live output spans [now, now + head + largest offset): a power of two at least that long lets indices wrap by mask.
        var ringLength = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * _head, maxReach + _head));
        _ring = new float[ringLength];
        _ringMask = ringLength - 1;
        _inFifo = new float[_head];
        _outFifo = new float[_head];
    }

    /// <summary>Frames per <see cref="ProcessBlock"/> call: the head partition size.</summary>
    public int BlockSizeFrames => _head;

    /// <summary>Delay of <see cref="Process"/>'s output behind its input, in frames: exactly the head partition size.</summary>
    public int LatencyFrames => _head;

    /// <summary>Length of the impulse response, in frames.</summary>
    public int ImpulseResponseFrames { get; }

    /// <summary>The partition sizes in use, from the IR's start (the plan, less partitions past the IR's end).</summary>
    public IReadOnlyList<int> PartitionSizesFrames => _partitionSizes;

    /// <summary>
    /// A partition plan for an IR: <see cref="PartitionsPerClass"/> partitions of the latency size, then as many of
    /// twice the size, and so on up to <paramref name="maxPartitionFrames"/>, which covers the rest of the IR.
    /// An IR no longer than the head gets one partition.
    /// </summary>
    /// <param name="impulseResponseFrames">IR length in frames, at least 1.</param>
    /// <param name="latencyFrames">Head partition size: a power of two from 16 to 65536.</param>
    /// <param name="maxPartitionFrames">Largest partition size: a power of two from <paramref name="latencyFrames"/> to 65536.</param>
    /// <returns>Partition sizes from the IR's start, together at least as long as the IR.</returns>
    public static int[] PlanPartitions(long impulseResponseFrames, int latencyFrames, int maxPartitionFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(impulseResponseFrames, 1);
        CheckSize(latencyFrames, nameof(latencyFrames));
        CheckSize(maxPartitionFrames, nameof(maxPartitionFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartitionFrames, latencyFrames);
        var sizes = new List<int>();
        long covered = 0;
        var size = latencyFrames;
        while (covered < impulseResponseFrames)
        {
            // Doubling needs the class to start at offset ≥ new size − head; PartitionsPerClass ≥ 2 of the old size give that.
            var count = size == maxPartitionFrames ? int.MaxValue : PartitionsPerClass;
            for (var i = 0; i < count && covered < impulseResponseFrames; i++)
            {
                sizes.Add(size);
                covered += size;
            }
            size = Math.Min(2 * size, maxPartitionFrames);
        }
        return [.. sizes];
    }

    /// <summary>Bytes of spectra and state a convolver with this plan holds, for budget checks.</summary>
    /// <param name="impulseResponseFrames">IR length in frames.</param>
    /// <param name="latencyFrames">Head partition size.</param>
    /// <param name="maxPartitionFrames">Largest partition size.</param>
    public static long EstimateMemoryBytes(long impulseResponseFrames, int latencyFrames, int maxPartitionFrames)
    {
        var sizes = PlanPartitions(impulseResponseFrames, latencyFrames, maxPartitionFrames);
        long bytes = 0, offset = 0;
        for (var p = 0; p < sizes.Length;)
        {
            var count = 0;
            while (p + count < sizes.Length && sizes[p + count] == sizes[p]) count++;
            bytes += PartitionedConvolver.EstimateMemoryBytes(Math.Min((long)count * sizes[p], impulseResponseFrames - offset), sizes[p]);
            offset += (long)count * sizes[p];
            p += count;
        }
        return bytes + (4L * (offset + latencyFrames) * sizeof(float));
    }

    /// <summary>Convolves one head block: output[i] = Σⱼ ir[j]·input[i − j], where earlier blocks supply the history.</summary>
    /// <param name="input">Exactly <see cref="BlockSizeFrames"/> new input samples.</param>
    /// <param name="output">Receives exactly <see cref="BlockSizeFrames"/> output samples for the same instants; may not overlap the input.</param>
    public void ProcessBlock(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != _head)
            throw new ArgumentException($"The input holds {input.Length} samples; a block is {_head}.", nameof(input));
        if (output.Length != _head)
            throw new ArgumentException($"The output holds {output.Length} samples; a block is {_head}.", nameof(output));

        var end = _time + _head;
        foreach (var segment in _segments)
        {
            var size = segment.Convolver.BlockSizeFrames;
            input.CopyTo(segment.InFifo.AsSpan(segment.Fill));
            segment.Fill += _head;
            if (segment.Fill < size) continue;
            segment.Fill = 0;
            // The block covers input instants [end − size, end); its outputs land `offset` frames later.
            segment.Convolver.ProcessBlock(segment.InFifo, segment.OutBlock);
            AddToRing(segment.OutBlock, end - size + segment.Offset);
        }

        // Emit [time, end) and clear those slots for the outputs that will land there one ring length on.
        var start = (int)(_time & _ringMask);
        var first = Math.Min(_head, _ring.Length - start);
        _ring.AsSpan(start, first).CopyTo(output);
        _ring.AsSpan(start, first).Clear();
        if (first < _head)
        {
            _ring.AsSpan(0, _head - first).CopyTo(output[first..]);
            _ring.AsSpan(0, _head - first).Clear();
        }
        _time = end;
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
            var count = Math.Min(_head - _fifoPosition, input.Length - done);
            // Read the delayed output before its FIFO slot is refilled by this chunk's block.
            _outFifo.AsSpan(_fifoPosition, count).CopyTo(output.Slice(done, count));
            input.Slice(done, count).CopyTo(_inFifo.AsSpan(_fifoPosition, count));
            _fifoPosition += count;
            done += count;
            if (_fifoPosition == _head)
            {
                ProcessBlock(_inFifo, _outFifo);
                _fifoPosition = 0;
            }
        }
    }

    /// <summary>Forgets all input history (the IR is kept).</summary>
    public void Reset()
    {
        foreach (var segment in _segments)
        {
            segment.Convolver.Reset();
            segment.Fill = 0;
        }
        Array.Clear(_ring);
        Array.Clear(_inFifo);
        Array.Clear(_outFifo);
        _time = 0;
        _fifoPosition = 0;
    }

    private void AddToRing(ReadOnlySpan<float> values, long at)
    {
        var start = (int)(at & _ringMask);
        var first = Math.Min(values.Length, _ring.Length - start);
        var ring = _ring.AsSpan(start, first);
        System.Numerics.Tensors.TensorPrimitives.Add(ring, values[..first], ring);
        if (first < values.Length)
        {
            var rest = _ring.AsSpan(0, values.Length - first);
            System.Numerics.Tensors.TensorPrimitives.Add(rest, values[first..], rest);
        }
    }

    /// <summary>Validates a plan and returns how many of its partitions the IR uses.</summary>
    private static int CheckPlan(ReadOnlySpan<int> partitionSizesFrames, int impulseResponseFrames)
    {
        var sizes = partitionSizesFrames;
        if (sizes.IsEmpty)
            throw new ArgumentException("The partition plan is empty.", nameof(partitionSizesFrames));
        var head = sizes[0];
        long offset = 0;
        for (var p = 0; p < sizes.Length; p++)
        {
            var size = sizes[p];
            CheckSize(size, nameof(partitionSizesFrames));
            if (p > 0 && size < sizes[p - 1])
                throw new ArgumentException($"Partition {p} ({size} frames) is shorter than the one before it ({sizes[p - 1]}); sizes may only grow.", nameof(partitionSizesFrames));
            if (offset < size - head)
                throw new ArgumentException($"Partition {p} ({size} frames) starts at frame {offset}, before {size - head} (its size minus the head's {head}): its output would be due before its input block is complete.", nameof(partitionSizesFrames));
            offset += size;
            if (offset >= impulseResponseFrames) return p + 1;
        }
        throw new ArgumentException($"The partitions cover {offset} frames; the impulse response holds {impulseResponseFrames}.", nameof(partitionSizesFrames));
    }

    private static void CheckSize(int size, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 1 << 16, name);
        if (!int.IsPow2(size))
            throw new ArgumentException($"The partition size {size} is not a power of two.", name);
    }

    /// <summary>One size class: its convolver over its IR slice, where the slice starts, and its input FIFO.</summary>
    private sealed class Segment(PartitionedConvolver convolver, int offset)
    {
        public PartitionedConvolver Convolver { get; } = convolver;

        public int Offset { get; } = offset;

        public float[] InFifo { get; } = new float[convolver.BlockSizeFrames];

        public float[] OutBlock { get; } = new float[convolver.BlockSizeFrames];

        public int Fill { get; set; }
    }
}
