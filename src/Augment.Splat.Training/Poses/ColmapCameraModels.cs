namespace Augment.Splat.Training;

/// <summary>Names, parameter counts and intrinsics layout of <see cref="ColmapCameraModel"/>, per COLMAP's models.h.</summary>
public static class ColmapCameraModels
{
    private static readonly string[] Names =
    [
        "SIMPLE_PINHOLE", "PINHOLE", "SIMPLE_RADIAL", "RADIAL", "OPENCV", "OPENCV_FISHEYE", "FULL_OPENCV", "FOV",
        "SIMPLE_RADIAL_FISHEYE", "RADIAL_FISHEYE", "THIN_PRISM_FISHEYE",
    ];

    private static readonly int[] Counts = [3, 4, 4, 5, 8, 8, 12, 5, 4, 5, 12];

    /// <summary>Whether <paramref name="id"/> is a model id this SDK knows (0 to 10).</summary>
    public static bool IsKnown(int id) => id >= 0 && id < Counts.Length;

    /// <summary>Number of parameters the model stores.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a known model.</exception>
    public static int ParameterCount(ColmapCameraModel model) => Counts[Check(model)];

    /// <summary>COLMAP's name of the model, as cameras.txt spells it (e.g. <c>SIMPLE_RADIAL</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a known model.</exception>
    public static string Name(ColmapCameraModel model) => Names[Check(model)];

    /// <summary>The model that COLMAP calls <paramref name="name"/> (case-insensitive), or false.</summary>
    public static bool TryParse(string name, out ColmapCameraModel model)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                model = (ColmapCameraModel)i;
                return true;
            }
        }
        model = default;
        return false;
    }

    /// <summary>Whether the model has a single focal length (f) rather than fx and fy.</summary>
    public static bool HasSingleFocal(ColmapCameraModel model) => model is ColmapCameraModel.SimplePinhole or ColmapCameraModel.SimpleRadial
        or ColmapCameraModel.Radial or ColmapCameraModel.SimpleRadialFisheye or ColmapCameraModel.RadialFisheye;

    /// <summary>Index of the first parameter after the focal length(s) and principal point: the distortion terms.</summary>
    public static int DistortionStart(ColmapCameraModel model) => HasSingleFocal(model) ? 3 : 4;

    private static int Check(ColmapCameraModel model)
    {
        var id = (int)model;
        if (!IsKnown(id))
            throw new ArgumentOutOfRangeException(nameof(model), model, $"COLMAP camera model id {id} is not one of 0..{Counts.Length - 1}.");
        return id;
    }
}
