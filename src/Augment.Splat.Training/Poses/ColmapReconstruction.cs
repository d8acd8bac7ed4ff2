namespace Augment.Splat.Training;

/// <summary>What <see cref="ColmapRunner.RunAsync"/> produced.</summary>
/// <param name="ImageFolder">The images COLMAP read.</param>
/// <param name="Workspace">The workspace (database.db, sparse/).</param>
/// <param name="ModelFolder">The sparse model kept: the one with the most registered images (sparse/0 usually).</param>
/// <param name="ImageCount">Images in the image folder.</param>
/// <param name="RegisteredImages">Images the model registered.</param>
/// <param name="PointCount">3D points in the model.</param>
public sealed record ColmapReconstruction(string ImageFolder, string Workspace, string ModelFolder, int ImageCount, int RegisteredImages, int PointCount)
{
    /// <summary>The model as a capture, with the image names resolved against <see cref="ImageFolder"/>.</summary>
    public SceneCapture Load() => SceneCapture.FromColmap(ColmapModel.Load(ModelFolder), ImageFolder, Path.Combine(ModelFolder, "images.bin"));
}
