namespace Augment;

/// <summary>The shape of the weight ramp where neighbouring tiles or chunks cross-fade.</summary>
public enum BlendRamp
{
    /// <summary>Half a cosine period, 0 to 1 with zero slope at both ends: the smoothest join.</summary>
    RaisedCosine,

    /// <summary>A straight line from 0 to 1.</summary>
    Linear,
}
