namespace Augment.Vision;

/// <summary>
/// What the periodic-spectrum check measured on one tile: for each upsampling period (2, 4, 8 pixels) the
/// strongest ratio of a spectral bin at a frequency whose period is exactly that (an odd multiple of 1/N on
/// at least one axis) to the median power of the bins around it, over the residual maps (Map2..Map8: which map gave it).
/// The depths are the peak's amplitude over the map's mean magnitude (1 for a map that vanishes on every other column).
/// </summary>
internal readonly record struct SpectralTile(int X, int Y, int Size, double Period2, double Period4, double Period8, int Map2, int Map4, int Map8,
    double Depth2, double Depth4, double Depth8);
