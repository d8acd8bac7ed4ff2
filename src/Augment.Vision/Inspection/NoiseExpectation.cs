namespace Augment.Vision;

/// <summary>
/// The signal-dependent noise the image shows: block σ as a function of brightness, summarised per brightness
/// bin by its lower and upper quartile (bins with too few blocks borrow the whole image's quartiles). Sensor
/// noise grows with intensity (Poisson–Gaussian, Foi et al. 2008), so blocks are compared only with blocks of
/// similar brightness; blocks at the clipping ends carry no estimate.
/// </summary>
internal sealed class NoiseExpectation
{
    private const int Bins = 8;
    private const int MinBlocksPerBin = 4;

    private readonly double[] _quiet = new double[Bins];
    private readonly double[] _loud = new double[Bins];

    /// <summary>Blocks with an estimate.</summary>
    public int Usable { get; private init; }

    /// <summary>The quieter and noisier quartile of σ at the given mean luma.</summary>
    public (double Quiet, double Loud) At(double luma)
    {
        var bin = Math.Clamp((int)(luma * Bins), 0, Bins - 1);
        return (_quiet[bin], _loud[bin]);
    }

    public static NoiseExpectation Fit(NoiseBlock[] blocks)
    {
        var all = new List<double>();
        var perBin = new List<double>[Bins];
        for (var b = 0; b < Bins; b++)
            perBin[b] = [];
        foreach (var block in blocks)
        {
            if (float.IsNaN(block.Sigma))
                continue;
            all.Add(block.Sigma);
            perBin[Math.Clamp((int)(block.Mean * Bins), 0, Bins - 1)].Add(block.Sigma);
        }
        var result = new NoiseExpectation { Usable = all.Count };
        if (all.Count == 0)
            return result;
        all.Sort();
        var quiet = Quantile(all, 0.25);
        var loud = Quantile(all, 0.75);
        for (var b = 0; b < Bins; b++)
        {
            var list = perBin[b];
            if (list.Count < MinBlocksPerBin)
            {
                result._quiet[b] = quiet;
                result._loud[b] = loud;
                continue;
            }
            list.Sort();
            result._quiet[b] = Quantile(list, 0.25);
            result._loud[b] = Quantile(list, 0.75);
        }
        return result;
    }

    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
