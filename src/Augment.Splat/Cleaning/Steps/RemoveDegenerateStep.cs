using System.Globalization;

namespace Augment.Splat.Cleaning;

/// <summary>
/// Removes splats whose covariance is degenerate: a scale axis below <see cref="MinScale"/> (world units, i.e.
/// exp(log-scale) below it) or whose exp overflows a float (log-scale above about 88.7, or NaN), or a rotation
/// quaternion whose length is below <see cref="MinQuaternionLength"/> or not finite (no rotation to normalise).
/// </summary>
public sealed record RemoveDegenerateStep : CleaningStep
{
    /// <summary>Smallest scale an axis may have, world units (exp of the stored log-scale); default 1e-9. Zero keeps every finite scale.</summary>
    public float MinScale { get; init; } = 1e-9f;

    /// <summary>Smallest length the rotation quaternion may have before normalisation; default 1e-6.</summary>
    public float MinQuaternionLength { get; init; } = 1e-6f;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"degenerate (scale < {MinScale:G3}, |q| < {MinQuaternionLength:G3})");

    internal override void Validate()
    {
        if (!float.IsFinite(MinScale) || MinScale < 0)
            throw new ArgumentOutOfRangeException(nameof(MinScale), MinScale, "The smallest scale must be finite and non-negative (world units).");
        if (!float.IsFinite(MinQuaternionLength) || MinQuaternionLength < 0)
            throw new ArgumentOutOfRangeException(nameof(MinQuaternionLength), MinQuaternionLength, "The smallest quaternion length must be finite and non-negative.");
    }

    internal override int Apply(CleaningPass pass) => pass.RemoveWhere(new Predicate(pass.Cloud, MinScale, MinQuaternionLength));

    private readonly struct Predicate(GaussianCloud cloud, float minScale, float minQuaternionLength) : ISplatPredicate
    {
        private readonly float[][] _planes = cloud.Planes;
        // Compare in the log domain: exp(s) < min  <=>  s < ln(min); ln(0) = -inf keeps every finite s.
        private readonly float _minLog = MathF.Log(minScale);
        private readonly float _minLengthSquared = minQuaternionLength * minQuaternionLength;

        public bool Remove(int index)
        {
            for (var axis = 3; axis <= 5; axis++)
            {
                var s = _planes[axis][index];
                if (!(s >= _minLog) || !float.IsFinite(MathF.Exp(s)))
                    return true;
            }
            float w = _planes[6][index], x = _planes[7][index], y = _planes[8][index], z = _planes[9][index];
            var lengthSquared = (w * w) + (x * x) + (y * y) + (z * z);
            return !(lengthSquared >= _minLengthSquared) || !float.IsFinite(lengthSquared) || lengthSquared == 0;
        }
    }
}
