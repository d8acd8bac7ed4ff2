using System.Globalization;

namespace Augment.Splat.Cleaning;

/// <summary>Removes splats whose alpha (the sigmoid of the opacity logit, 0 to 1) is below <see cref="MinAlpha"/>; a NaN opacity counts as below.</summary>
/// <param name="MinAlpha">Smallest alpha kept, 0 to 1 (e.g. 0.05 drops nearly transparent splats).</param>
public sealed record OpacityThresholdStep(float MinAlpha) : CleaningStep
{
    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"opacity < {MinAlpha:0.####}");

    internal override void Validate()
    {
        if (!(MinAlpha >= 0 && MinAlpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinAlpha), MinAlpha, "The smallest alpha must be between 0 and 1.");
    }

    internal override int Apply(CleaningPass pass) => pass.RemoveWhere(new Predicate(pass.Cloud.Planes[10], MinAlpha));

    private readonly struct Predicate(float[] opacity, float minAlpha) : ISplatPredicate
    {
        // The same expression as GaussianCloud.Alpha, so a splat exactly at the threshold is judged alike everywhere.
        public bool Remove(int index) => !(1 / (1 + MathF.Exp(-opacity[index])) >= minAlpha);
    }
}
