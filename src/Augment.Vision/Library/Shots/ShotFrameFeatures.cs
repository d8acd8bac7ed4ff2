namespace Augment.Vision;

/// <summary>
/// Per-frame measurements of <see cref="ShotDetector"/>, kept as a few scalars per frame so that the
/// decision pass needs no pixels. Dissolve fields refer to this frame as the middle of a triple.
/// </summary>
internal struct ShotFrameFeatures
{
    /// <summary>Half the L1 distance between this frame's and the previous frame's HSV histograms (0..1).</summary>
    public float HistogramChange;

    /// <summary>Edge change ratio against the previous frame (Zabih, Miller and Mai 1995), 0..1.</summary>
    public float EdgeChange;

    /// <summary>Mean Rec.709 luma of the frame (0..1).</summary>
    public float MeanLuma;

    /// <summary>Variance of the Laplacian of the luma: a sharpness score for the keyframe.</summary>
    public float Sharpness;

    /// <summary>
    /// |f[t] - (f[t-w] + f[t+w]) / 2| / |f[t+w] - f[t-w]| on coarse thumbnails: near 0 when frame t
    /// is a linear blend of its neighbours (inside a dissolve), about 0.5 at a cut. NaN when not computed.
    /// </summary>
    public float Linearity;

    /// <summary>Histogram distance between frames t-w and t+w (0..1): how different the two ends of the triple are. NaN when not computed.</summary>
    public float EndChange;

    /// <summary>The score the cut test uses: mean of histogram and edge change.</summary>
    public readonly float CutScore => 0.5f * (HistogramChange + EdgeChange);
}
