namespace Augment.Vision;

/// <summary>Resolved non-local-means parameters (sample units).</summary>
/// <param name="PatchRadius">f: patches are (2f+1)².</param>
/// <param name="SearchRadius">r: offsets −r..r in x and y.</param>
/// <param name="Sigma">Noise σ subtracted from distances (2σ²).</param>
/// <param name="HLuma">Filtering parameter h of channel 0.</param>
/// <param name="HChroma">Filtering parameter h of the other channels.</param>
internal readonly record struct NlmParameters(int PatchRadius, int SearchRadius, float Sigma, float HLuma, float HChroma);
