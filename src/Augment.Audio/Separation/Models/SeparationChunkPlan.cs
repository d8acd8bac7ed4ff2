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
    private readonly double[] _ramp;
    private readonly int _margin;

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
        _margin = Overlap / 4;
        // The ramp at distances d + ½ past the margin, d = 0 .. fade − 1: one table instead of a cosine per sample.
        var fade = Overlap - 2 * _margin;
        _ramp = new double[fade];
        for (var d = 0; d < fade; d++)
        {
            var t = (d + 0.5) / fade;
            _ramp[d] = ramp == BlendRamp.Linear ? t : 0.5 - 0.5 * Math.Cos(Math.PI * t);
        }
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

    /// <summary>
    /// The normalised weights of chunk <paramref name="k"/> (<see cref="ValidLength"/> values): its raw weight divided by
    /// the sum of the raw weights of every chunk covering the same position. Computed on demand from the neighbours, so a
    /// plan holds no whole-signal arrays.
    /// </summary>
    public void WeightsOf(int k, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Count);
        var valid = ValidLength;
        if (destination.Length < valid)
            throw new ArgumentException($"The destination holds {destination.Length} values; a chunk has {valid}.", nameof(destination));
        var start = Positions[k];
        var first = k;
        while (first > 0 && Positions[first - 1] + valid > start) first--;
        var last = k;
        while (last + 1 < Count && Positions[last + 1] < start + valid) last++;
        // Between the last left neighbour's end and the next chunk's start only this chunk covers: weight 1.
        var alone = Math.Max(0, k > 0 ? Positions[k - 1] + valid - start : 0);
        var aloneEnd = Math.Min(valid, k + 1 < Count ? Positions[k + 1] - start : valid);
        for (var i = 0; i < valid; i++)
        {
            if (i >= alone && i < aloneEnd)
            {
                destination[i] = 1f;
                continue;
            }
            var position = start + i;
            double sum = 0;
            var covering = 0;
            for (var j = first; j <= last; j++)
            {
                var offset = position - Positions[j];
                if (offset < 0 || offset >= valid) continue;
                sum += Raw(j, offset);
                covering++;
            }
            // Every position has a chunk at least half an overlap from its shared edges, so the sum is positive; the
            // fallback only keeps a degenerate plan from dividing by zero.
            destination[i] = sum > 0 ? (float)(Raw(k, i) / sum) : 1f / covering;
        }
    }

    /// <summary>The raw (unnormalised) weight of chunk <paramref name="k"/> at offset <paramref name="i"/>.</summary>
    private double Raw(int k, int i)
    {
        var valid = ValidLength;
        var w = 1.0;
        if (Positions[k] > 0) w *= RampAt(i - _margin);
        if (Positions[k] + valid < Length) w *= RampAt(valid - 1 - i - _margin);
        return w;
    }

    private double RampAt(int d) => d < 0 ? 0 : d >= _ramp.Length ? 1 : _ramp[d];

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
}
