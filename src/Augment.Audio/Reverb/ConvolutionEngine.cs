namespace Augment.Audio;

/// <summary>
/// The routing of a reverb: one convolver per (input channel, output channel) pair the IR layout asks for,
/// summed per output channel, plus the dry signal. Works on planar blocks. The convolvers are uniformly
/// partitioned (<see cref="PartitionedConvolver"/>, partition = block) or, when a larger tail partition size
/// is given, non-uniformly partitioned (<see cref="NonUniformConvolver"/>: head = block, tail up to that size), or,
/// for whole signals, uniform with several partitions per call (<see cref="BatchedPartitionedConvolver"/>; the
/// engine's block is then partition × batch).
/// </summary>
internal sealed class ConvolutionEngine
{
    private readonly Route[] _routes;
    private readonly int[] _dryInput;
    private readonly float _dryGain;
    private readonly float[] _scratch;
    private readonly ParallelOptions _parallel;
    private readonly ComputeBudget _budget;

    public ConvolutionEngine(float[][] impulseResponses, int inputChannels, int blockSizeFrames, float dryGain, ComputeBudget budget, int maxPartitionFrames = 0, int batchBlocks = 1)
    {
        BlockSizeFrames = blockSizeFrames;
        InputChannels = inputChannels;
        var ir = impulseResponses.Length;
        (int Input, int Output, int Ir)[] map;
        if (ir == 1)
        {
            OutputChannels = inputChannels;
            map = new (int, int, int)[inputChannels];
            for (var c = 0; c < inputChannels; c++) map[c] = (c, c, 0);
        }
        else if (ir == 2 && inputChannels <= 2)
        {
            OutputChannels = 2;
            map = inputChannels == 1 ? [(0, 0, 0), (0, 1, 1)] : [(0, 0, 0), (1, 1, 1)];
        }
        else if (ir == 4 && inputChannels <= 2)
        {
            // True stereo: IR channels LL, LR, RL, RR (input side first); a mono input feeds both sides.
            OutputChannels = 2;
            var right = inputChannels == 2 ? 1 : 0;
            map = [(0, 0, 0), (0, 1, 1), (right, 0, 2), (right, 1, 3)];
        }
        else if (ir == inputChannels)
        {
            OutputChannels = inputChannels;
            map = new (int, int, int)[inputChannels];
            for (var c = 0; c < inputChannels; c++) map[c] = (c, c, c);
        }
        else
        {
            throw new ArgumentException($"An impulse response with {ir} channels cannot process a signal with {inputChannels}: use 1 (any signal), 2 (mono or stereo), 4 (true stereo LL, LR, RL, RR) or as many as the signal.");
        }

        var nonUniform = maxPartitionFrames > blockSizeFrames;
        var batched = !nonUniform && batchBlocks > 1;
        var bytes = 0L;
        foreach (var (_, _, i) in map)
        {
            bytes += nonUniform ? NonUniformConvolver.EstimateMemoryBytes(impulseResponses[i].Length, blockSizeFrames, maxPartitionFrames)
                : batched ? BatchedPartitionedConvolver.EstimateMemoryBytes(impulseResponses[i].Length, blockSizeFrames, batchBlocks)
                : PartitionedConvolver.EstimateMemoryBytes(impulseResponses[i].Length, blockSizeFrames);
        }
        budget.EnsureAllocation(bytes, "convolution reverb IR spectra");

        _routes = new Route[map.Length];
        for (var r = 0; r < map.Length; r++)
        {
            var response = impulseResponses[map[r].Ir];
            IBlockConvolver convolver = nonUniform ? new NonUniformConvolver(response, blockSizeFrames, maxPartitionFrames)
                : batched ? new BatchedPartitionedConvolver(response, blockSizeFrames, batchBlocks)
                : new PartitionedConvolver(response, blockSizeFrames);
            _routes[r] = new Route(map[r].Input, map[r].Output, convolver);
        }
        _dryInput = new int[OutputChannels];
        for (var o = 0; o < OutputChannels; o++) _dryInput[o] = inputChannels == 1 ? 0 : o;
        _dryGain = dryGain;
        BlockSizeFrames = _routes[0].Convolver.BlockSizeFrames;
        _scratch = new float[OutputChannels * BlockSizeFrames];
        _parallel = budget.ToParallelOptions();
        _budget = budget;
    }

    public int BlockSizeFrames { get; }

    public ComputeBudget Budget => _budget;

    public int InputChannels { get; }

    public int OutputChannels { get; }

    /// <summary>Convolves one planar block (<see cref="InputChannels"/> planes of a block) into <see cref="OutputChannels"/> planes.</summary>
    public void ProcessBlock(float[] input, float[] output)
    {
        if (OutputChannels == 1 || _parallel.MaxDegreeOfParallelism == 1)
        {
            for (var o = 0; o < OutputChannels; o++) ProcessOutput(o, input, output);
        }
        else
        {
            Parallel.For(0, OutputChannels, _parallel, o => ProcessOutput(o, input, output));
        }
    }

    /// <summary>
    /// Convolves one block for one output channel only. Calls for different output channels touch disjoint
    /// state (their own convolvers and scratch), so whole signals can run one output channel per thread.
    /// </summary>
    public void ProcessOutput(int o, float[] input, float[] output)
    {
        var b = BlockSizeFrames;
        var destination = output.AsSpan(o * b, b);
        // The first contribution is written straight into the destination (no clear, no scratch pass): with the
        // dry path off and one route per output, a block is convolved in place.
        var written = false;
        if (_dryGain != 0f)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(input.AsSpan(_dryInput[o] * b, b), _dryGain, destination);
            written = true;
        }
        var scratch = _scratch.AsSpan(o * b, b);
        foreach (var route in _routes)
        {
            if (route.Output != o) continue;
            if (!written)
            {
                route.Convolver.ProcessBlock(input.AsSpan(route.Input * b, b), destination);
                written = true;
                continue;
            }
            route.Convolver.ProcessBlock(input.AsSpan(route.Input * b, b), scratch);
            System.Numerics.Tensors.TensorPrimitives.Add(destination, scratch, destination);
        }
        if (!written) destination.Clear();
    }

    /// <summary>Whether output channel <paramref name="o"/> reads input channel <paramref name="c"/> (a route or the dry path).</summary>
    public bool Reads(int o, int c)
    {
        if (_dryGain != 0f && _dryInput[o] == c) return true;
        foreach (var route in _routes)
        {
            if (route.Output == o && route.Input == c) return true;
        }
        return false;
    }

    private sealed record Route(int Input, int Output, IBlockConvolver Convolver);
}
