namespace Augment.Audio;

/// <summary>
/// Uniformly partitioned overlap-save convolution for whole signals (latency irrelevant): the same arithmetic as
/// <see cref="PartitionedConvolver"/>, but a call takes a batch of several partition-sized blocks, and the
/// multiply-accumulate runs bin chunk by bin chunk over all blocks of the batch. Each IR partition's chunk and each
/// input spectrum's chunk is then read from memory once per batch instead of once per block: with a 3 s IR and
/// 32768-frame partitions the spectra (2.6 MB per block) do not fit in L2, so the per-block loop is bound by memory
/// bandwidth, and the more so when both cores run it.
/// </summary>
internal sealed class BatchedPartitionedConvolver : IBlockConvolver
{
    /// <summary>Bins per chunk: with 5 partitions and 8 blocks, about 200 KiB of spectra and accumulators, inside L2.</summary>
    private const int BinChunk = 1024;

    private readonly RealFftPlan _plan;
    private readonly int _block;
    private readonly int _batch;
    private readonly int _bins;
    private readonly int _partitions;
    private readonly int _slots;
    private readonly float[] _irRe;
    private readonly float[] _irIm;
    private readonly bool[] _partitionIsZero;
    private readonly float[] _delayRe;
    private readonly float[] _delayIm;
    private readonly float[] _window;
    private readonly float[] _accRe;
    private readonly float[] _accIm;
    private readonly float[] _time;
    private long _blocksDone;

    /// <param name="impulseResponse">The IR samples (checked finite by the caller).</param>
    /// <param name="partitionFrames">Partition size, a power of two from 16 to 65536.</param>
    /// <param name="batchBlocks">Partitions per call, at least 1.</param>
    public BatchedPartitionedConvolver(ReadOnlySpan<float> impulseResponse, int partitionFrames, int batchBlocks)
    {
        _block = partitionFrames;
        _batch = batchBlocks;
        _bins = partitionFrames + 1;
        _plan = RealFftPlan.Create(2 * partitionFrames);
        _partitions = (impulseResponse.Length + partitionFrames - 1) / partitionFrames;
        // A batch's blocks reach back P − 1 blocks before its first: P + K − 1 live input spectra.
        _slots = _partitions + batchBlocks - 1;
        _irRe = new float[_partitions * _bins];
        _irIm = new float[_partitions * _bins];
        _partitionIsZero = new bool[_partitions];
        _delayRe = new float[_slots * _bins];
        _delayIm = new float[_slots * _bins];
        _window = new float[2 * partitionFrames];
        _accRe = new float[batchBlocks * _bins];
        _accIm = new float[batchBlocks * _bins];
        _time = new float[2 * partitionFrames];
        for (var p = 0; p < _partitions; p++)
        {
            var start = p * partitionFrames;
            var part = impulseResponse.Slice(start, Math.Min(partitionFrames, impulseResponse.Length - start));
            _partitionIsZero[p] = !part.ContainsAnyExcept(0f);
            Array.Clear(_time);
            part.CopyTo(_time);
            _plan.Forward(_time, _irRe.AsSpan(p * _bins, _bins), _irIm.AsSpan(p * _bins, _bins));
        }
    }

    /// <summary>Frames per call: partition size × batch.</summary>
    public int BlockSizeFrames => _block * _batch;

    /// <summary>Bytes of spectra and state, for budget checks.</summary>
    public static long EstimateMemoryBytes(long impulseResponseFrames, int partitionFrames, int batchBlocks)
    {
        var partitions = (impulseResponseFrames + partitionFrames - 1) / partitionFrames;
        return (((2 * partitions) + (2L * batchBlocks)) * 2 * (partitionFrames + 1L) * sizeof(float)) + (4L * partitionFrames * sizeof(float));
    }

    /// <summary>Convolves <see cref="BlockSizeFrames"/> input samples into the output for the same instants.</summary>
    public void ProcessBlock(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != BlockSizeFrames)
            throw new ArgumentException($"The input holds {input.Length} samples; a batch is {BlockSizeFrames}.", nameof(input));
        if (output.Length != BlockSizeFrames)
            throw new ArgumentException($"The output holds {output.Length} samples; a batch is {BlockSizeFrames}.", nameof(output));
        var first = _blocksDone;
        for (var k = 0; k < _batch; k++)
        {
            _window.AsSpan(_block, _block).CopyTo(_window);
            input.Slice(k * _block, _block).CopyTo(_window.AsSpan(_block));
            var slot = Slot(first + k);
            _plan.Forward(_window, _delayRe.AsSpan(slot * _bins, _bins), _delayIm.AsSpan(slot * _bins, _bins));
        }

        Array.Clear(_accRe);
        Array.Clear(_accIm);
        for (var from = 0; from < _bins; from += BinChunk)
        {
            var count = Math.Min(BinChunk, _bins - from);
            for (var k = 0; k < _batch; k++)
            {
                var accRe = _accRe.AsSpan((k * _bins) + from, count);
                var accIm = _accIm.AsSpan((k * _bins) + from, count);
                var n = first + k;
                // Blocks before the signal's start are zero: stop at block 0.
                var reach = (int)Math.Min(_partitions, n + 1);
                for (var p = 0; p < reach; p++)
                {
                    if (_partitionIsZero[p]) continue;
                    var slot = Slot(n - p);
                    ComplexMacKernels.MultiplyAccumulate(
                        _delayRe.AsSpan((slot * _bins) + from, count), _delayIm.AsSpan((slot * _bins) + from, count),
                        _irRe.AsSpan((p * _bins) + from, count), _irIm.AsSpan((p * _bins) + from, count), accRe, accIm);
                }
            }
        }

        for (var k = 0; k < _batch; k++)
        {
            _plan.Inverse(_accRe.AsSpan(k * _bins, _bins), _accIm.AsSpan(k * _bins, _bins), _time);
            _time.AsSpan(_block, _block).CopyTo(output.Slice(k * _block, _block));
        }
        _blocksDone += _batch;
    }

    private int Slot(long block) => (int)(block % _slots);
}
