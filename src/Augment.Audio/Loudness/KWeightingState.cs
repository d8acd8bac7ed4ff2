namespace Augment.Audio;

/// <summary>The four delay elements of one channel's K-weighting cascade (transposed direct form II).</summary>
internal struct KWeightingState
{
    public double S1;
    public double S2;
    public double H1;
    public double H2;
}
