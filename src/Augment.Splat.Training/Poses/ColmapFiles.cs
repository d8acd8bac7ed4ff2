namespace Augment.Splat.Training;

/// <summary>File names of a COLMAP sparse model.</summary>
internal static class ColmapFiles
{
    public const string Cameras = "cameras";
    public const string Images = "images";
    public const string Points = "points3D";

    public static bool All(string folder, string extension) =>
        File.Exists(Path.Combine(folder, Cameras + extension)) && File.Exists(Path.Combine(folder, Images + extension))
        && File.Exists(Path.Combine(folder, Points + extension));
}
