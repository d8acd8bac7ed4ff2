namespace Augment.Audio;

/// <summary>
/// Where the chunks of a separation run sit along time (waveform frames or STFT frames) and how much each
/// contributes to every position. Same arithmetic as Core's chunked runner, kept here because the separators
/// accumulate several stems per chunk and shift their input:
/// <list type="bullet">
/// <item>chunk length <c>C</c> (the model's fixed length, else the requested length cut to the signal), overlap
/// <c>O = min(requested, C/2)</c>;</item>
/// <item>the fewest chunks whose steps are at most <c>C − O</c>, starts spread evenly from 0 to <c>L − C</c>
/// (<c>start_k = ⌊k·(L − C)/(n − 1)⌋</c>); a signal shorter than a chunk gets one chunk, padded with silence
/// when the model's length is fixed;</item>
/// <item>a chunk's raw weight is 0 within <c>⌊O/4⌋</c> of an edge it shares with a neighbour (context whose output is
/// discarded), ramps from 0 to 1 across the next <c>O − 2⌊O/4⌋</c> positions (raised cosine or linear), and is 1
/// elsewhere; the signal's own ends have no ramp;</item>
/// <item>weights are divided by their sum at every position, so that overlapping chunks add to exactly one.</item>
/// </list>
/// </summary>
internal sealed class SeparationChunkPlan
{
    public SeparationChunkPlan(int length, int chunkLength, int overlap, bool fixedLength, BlendRamp ramp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkLength, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        Length = length;
        ChunkLength = fixedLength ? chunkLength : Math.Min(chunkLength, length);
        ValidLength = Math.Min(ChunkLength, length);
        Overlap = Math.Min(overlap, ChunkLength / 2);
        Positions = Plan(length, ChunkLength, Overlap);
        Weights = BuildWeights(ramp);
    }

    /// <summary>Signal length.</summary>
    public int Length { get; }

    /// <summary>Length fed to the model per chunk.</summary>
    public int ChunkLength { get; }

    /// <summary>Part of a chunk inside the signal (less than <see cref="ChunkLength"/> only when padded).</summary>
    public int ValidLength { get; }

    /// <summary>Overlap in use.</summary>
    public int Overlap { get; }

    /// <summary>Chunk starts, ascending; the first is 0, the last ends at the signal's end.</summary>
    public int[] Positions { get; }

    /// <summary>Number of chunks.</summary>
    public int Count => Positions.Length;

    /// <summary><see cref="Count"/> runs of <see cref="ValidLength"/> normalised weights, chunk after chunk.</summary>
    public float[] Weights { get; }

    /// <summary>The weights of chunk <paramref name="k"/>.</summary>
    public ReadOnlySpan<float> WeightsOf(int k) => Weights.AsSpan(k * ValidLength, ValidLength);

    private static int[] Plan(int length, int chunk, int overlap)
    {
        if (length <= chunk) return [0];
        var stride = chunk - overlap;
        var span = length - chunk;
        var count = (span + stride - 1) / stride + 1;
        var positions = new int[count];
        for (var k = 0; k < count; k++) positions[k] = (int)((long)k * span / (count - 1));
        return positions;
    }

    private float[] BuildWeights(BlendRamp ramp)
    {
        var valid = ValidLength;
        var margin = Overlap / 4;
        var fade = Overlap - 2 * margin;
        var weights = new float[Count * valid];
        var sums = new double[Length];
        for (var k = 0; k < Count; k++)
        {
            var start = Positions[k];
            var leftShared = start > 0;
            var rightShared = start + valid < Length;
            for (var i = 0; i < valid; i++)
            {
                var w = 1.0;
                if (leftShared) w *= Ramp(i + 0.5 - margin, fade, ramp);
                if (rightShared) w *= Ramp(valid - i - 0.5 - margin, fade, ramp);
                weights[k * valid + i] = (float)w;
                sums[start + i] += w;
            }
        }
        for (var k = 0; k < Count; k++)
        {
            var start = Positions[k];
            for (var i = 0; i < valid; i++)
            {
                var sum = sums[start + i];
                // Every position has a chunk at least half an overlap from its shared edges, so the sum is
                // positive; the fallback only keeps a degenerate plan (overlap 0 or 1) from dividing by zero.
                weights[k * valid + i] = sum > 0 ? (float)(weights[k * valid + i] / sum) : 1f;
            }
        }
        return weights;
    }

    private static double Ramp(double distance, int fade, BlendRamp ramp)
    {
        if (distance <= 0) return fade == 0 ? 1 : 0;
        if (distance >= fade) return 1;
        var t = distance / fade;
        return ramp == BlendRamp.Linear ? t : 0.5 - 0.5 * Math.Cos(Math.PI * t);
    }
}
