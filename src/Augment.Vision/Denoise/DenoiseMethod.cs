namespace Augment.Vision;

/// <summary>The classical filter <see cref="ImageDenoiser"/> uses when no model is given.</summary>
public enum DenoiseMethod
{
    /// <summary>Fast non-local means (patch similarity over a search window): the best quality here, the slowest.</summary>
    NonLocalMeans,

    /// <summary>Bilateral filter (Tomasi and Manduchi 1998): a spatial Gaussian times a range Gaussian on colour difference.</summary>
    Bilateral,

    /// <summary>Self-guided filter (He, Sun and Tang 2010): local linear model, O(1) per pixel whatever the radius.</summary>
    Guided,
}
