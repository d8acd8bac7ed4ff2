namespace Augment.Vision;

/// <summary>What <see cref="Deflicker.Process"/> did to one frame.</summary>
/// <param name="Gain0">Linear-light gain applied to colour channel 0 (red, or grey).</param>
/// <param name="Gain1">Linear-light gain applied to colour channel 1 (green; equals <paramref name="Gain0"/> for grey frames).</param>
/// <param name="Gain2">Linear-light gain applied to colour channel 2 (blue; equals <paramref name="Gain0"/> for grey frames).</param>
/// <param name="MeanLuminance">The frame's mean linear luminance before correction.</param>
/// <param name="SceneCut">True when the frame was taken as the first of a new shot (the filter restarted).</param>
public readonly record struct DeflickerCorrection(double Gain0, double Gain1, double Gain2, double MeanLuminance, bool SceneCut);
