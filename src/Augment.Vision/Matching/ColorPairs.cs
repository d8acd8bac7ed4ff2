namespace Augment.Vision;

/// <summary>
/// Weighted colour pairs (from → to), both sRGB-encoded, that <see cref="LatticeRegression"/> fits a
/// LUT to. Stored as planar float arrays that grow by doubling; <c>to</c> may leave [0, 1].
/// </summary>
internal sealed class ColorPairs
{
    private float[] _data;

    public ColorPairs(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = Math.Max(capacity, 16);
        _data = new float[7 * Capacity];
    }

    /// <summary>Number of pairs.</summary>
    public int Count { get; private set; }

    private int Capacity { get; set; }

    /// <summary>Sum of all weights (double).</summary>
    public double TotalWeight
    {
        get
        {
            double total = 0;
            foreach (var w in Weight)
                total += w;
            return total;
        }
    }

    public ReadOnlySpan<float> FromR => _data.AsSpan(0, Count);
    public ReadOnlySpan<float> FromG => _data.AsSpan(Capacity, Count);
    public ReadOnlySpan<float> FromB => _data.AsSpan(2 * Capacity, Count);
    public ReadOnlySpan<float> ToR => _data.AsSpan(3 * Capacity, Count);
    public ReadOnlySpan<float> ToG => _data.AsSpan(4 * Capacity, Count);
    public ReadOnlySpan<float> ToB => _data.AsSpan(5 * Capacity, Count);
    public ReadOnlySpan<float> Weight => _data.AsSpan(6 * Capacity, Count);

    /// <summary>How far outside [0, 1] a <c>from</c> value may lie (rounding) and still be clamped in.</summary>
    public const float DomainTolerance = 1e-3f;

    /// <summary>
    /// Adds one pair. Pairs with a non-positive or non-finite weight or colour are ignored (they carry
    /// no information), and so are pairs whose <c>from</c> colour lies outside the unit cube: the LUT
    /// clamps such inputs to the cube's surface, where the pair's target would contradict the colours
    /// that really lie there (a super-white shifted by a grade is not the grade of white).
    /// </summary>
    public void Add(float fromR, float fromG, float fromB, float toR, float toG, float toB, float weight = 1f)
    {
        if (!(weight > 0f) || !float.IsFinite(weight) || !float.IsFinite(fromR + fromG + fromB + toR + toG + toB))
            return;
        if (!InDomain(ref fromR) || !InDomain(ref fromG) || !InDomain(ref fromB))
            return;
        if (Count == Capacity)
            Grow();
        var i = Count;
        var c = Capacity;
        _data[i] = fromR;
        _data[c + i] = fromG;
        _data[2 * c + i] = fromB;
        _data[3 * c + i] = toR;
        _data[4 * c + i] = toG;
        _data[5 * c + i] = toB;
        _data[6 * c + i] = weight;
        Count++;
    }

    private static bool InDomain(ref float value)
    {
        if (value is < -DomainTolerance or > 1f + DomainTolerance)
            return false;
        value = Math.Clamp(value, 0f, 1f);
        return true;
    }

    private void Grow()
    {
        var capacity = Capacity * 2;
        var data = new float[7 * capacity];
        for (var k = 0; k < 7; k++)
            Array.Copy(_data, k * Capacity, data, k * capacity, Count);
        _data = data;
        Capacity = capacity;
    }
}
