namespace Augment.Vision;

/// <summary>The result of <see cref="LatticeRegression.Fit"/>: the LUT and how the solve ended.</summary>
/// <param name="Lut">The fitted LUT over the sRGB-encoded unit cube.</param>
/// <param name="Iterations">CG iterations over all levels.</param>
/// <param name="RelativeResidual">‖r‖/‖b‖ of the finest level at exit (worst channel).</param>
internal readonly record struct LatticeFit(Lut3D Lut, int Iterations, double RelativeResidual);
