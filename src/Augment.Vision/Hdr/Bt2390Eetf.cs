namespace Augment.Vision;

/// <summary>
/// The ITU-R BT.2390-10 section 5.4 EETF (electrical-electrical transfer function): a Hermite-spline
/// knee on PQ-encoded values that maps a source (mastering) luminance range onto a target display range.
/// Scalar double-precision reference; the frame kernel calls it once per pixel on max(R, G, B).
/// </summary>
internal readonly struct Bt2390Eetf
{
    private readonly double _sourceBlackPq;
    private readonly double _sourceRangePq;
    private readonly double _minLum;
    private readonly double _maxLum;
    private readonly double _kneeStart;

    /// <summary>Prepares the EETF for a source range and a target range, all in cd/m².</summary>
    internal Bt2390Eetf(double sourceMinNits, double sourceMaxNits, double targetMinNits, double targetMaxNits)
    {
        _sourceBlackPq = TransferKernels.PqInverseEotf(sourceMinNits / HdrReference.PqPeakNits);
        var sourceWhitePq = TransferKernels.PqInverseEotf(sourceMaxNits / HdrReference.PqPeakNits);
        _sourceRangePq = sourceWhitePq - _sourceBlackPq;
        // BT.2390 eqs. for minLum / maxLum: target range normalised to the source's PQ range.
        _minLum = (TransferKernels.PqInverseEotf(targetMinNits / HdrReference.PqPeakNits) - _sourceBlackPq) / _sourceRangePq;
        _maxLum = (TransferKernels.PqInverseEotf(targetMaxNits / HdrReference.PqPeakNits) - _sourceBlackPq) / _sourceRangePq;
        // KS = 1.5·maxLum − 0.5; kept at or above 0 so very small targets still give a valid spline.
        _kneeStart = Math.Max(0.0, 1.5 * _maxLum - 0.5);
    }

    /// <summary>The knee start KS in normalised source PQ units.</summary>
    internal double KneeStart => _kneeStart;

    /// <summary>The source black as a PQ signal.</summary>
    internal double SourceBlackPq => _sourceBlackPq;

    /// <summary>The source white minus black as PQ signals.</summary>
    internal double SourceRangePq => _sourceRangePq;

    /// <summary>The target black, normalised to the source PQ range (the black-lift weight b).</summary>
    internal double MinLum => _minLum;

    /// <summary>The target peak, normalised to the source PQ range.</summary>
    internal double MaxLum => _maxLum;

    /// <summary>True when the target peak is at or above the source peak: only the black lift applies.</summary>
    internal bool IsIdentityAbove => _maxLum >= 1.0;

    /// <summary>Maps an absolute PQ signal (0..1, 1 = 10000 cd/m²) to the target's PQ signal.</summary>
    internal double MapPq(double pq)
    {
        // E1: normalised to the source range; values outside it are clipped (BT.2390 assumes 0..1).
        var e1 = Math.Clamp((pq - _sourceBlackPq) / _sourceRangePq, 0.0, 1.0);
        var e2 = e1;
        if (_maxLum < 1.0 && e1 >= _kneeStart)
        {
            // Hermite spline P(B) between (KS, KS) with slope 1 and (1, maxLum) with slope 0.
            var t = (e1 - _kneeStart) / (1.0 - _kneeStart);
            var t2 = t * t;
            var t3 = t2 * t;
            e2 = (2 * t3 - 3 * t2 + 1) * _kneeStart + (t3 - 2 * t2 + t) * (1.0 - _kneeStart) + (-2 * t3 + 3 * t2) * _maxLum;
        }

        // E3 = E2 + b·(1 − E2)^4, the black-level lift towards the target's minimum.
        if (_minLum > 0.0)
        {
            var d = 1.0 - e2;
            var d2 = d * d;
            e2 += _minLum * d2 * d2;
        }

        // E4: back to absolute PQ.
        return e2 * _sourceRangePq + _sourceBlackPq;
    }

    /// <summary>Maps absolute luminance in cd/m² through the EETF and returns cd/m².</summary>
    internal double MapNits(double nits)
    {
        if (!(nits > 0.0))
            nits = 0.0;
        var pq = TransferKernels.PqInverseEotf(nits / HdrReference.PqPeakNits);
        return TransferKernels.PqEotf(MapPq(pq)) * HdrReference.PqPeakNits;
    }
}
