namespace Augment.Splat.Training;

/// <summary>
/// COLMAP's camera models, with the numeric ids its binary files store (COLMAP documentation, "Camera models";
/// src/colmap/sensor/models.h). The parameter order of each model is given in <see cref="ColmapCamera.Parameters"/>.
/// </summary>
public enum ColmapCameraModel
{
    /// <summary>f, cx, cy (3 parameters).</summary>
    SimplePinhole = 0,

    /// <summary>fx, fy, cx, cy (4 parameters).</summary>
    Pinhole = 1,

    /// <summary>f, cx, cy, k (4 parameters).</summary>
    SimpleRadial = 2,

    /// <summary>f, cx, cy, k1, k2 (5 parameters).</summary>
    Radial = 3,

    /// <summary>fx, fy, cx, cy, k1, k2, p1, p2 (8 parameters).</summary>
    OpenCv = 4,

    /// <summary>fx, fy, cx, cy, k1, k2, k3, k4 (8 parameters).</summary>
    OpenCvFisheye = 5,

    /// <summary>fx, fy, cx, cy, k1, k2, p1, p2, k3, k4, k5, k6 (12 parameters).</summary>
    FullOpenCv = 6,

    /// <summary>fx, fy, cx, cy, omega (5 parameters).</summary>
    Fov = 7,

    /// <summary>f, cx, cy, k (4 parameters).</summary>
    SimpleRadialFisheye = 8,

    /// <summary>f, cx, cy, k1, k2 (5 parameters).</summary>
    RadialFisheye = 9,

    /// <summary>fx, fy, cx, cy, k1, k2, p1, p2, k3, k4, sx1, sy1 (12 parameters).</summary>
    ThinPrismFisheye = 10,
}
