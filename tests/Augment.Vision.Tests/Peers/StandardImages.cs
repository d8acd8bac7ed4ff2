namespace Augment.Vision.Tests.Peers;

/// <summary>The standard test pictures in <c>Data/Standard</c> (see its README for their licences).</summary>
internal static class StandardImages
{
    /// <summary>Colour: astronaut.png, chelsea.png, coffee.png. Grey textures: brick.png, grass.png, gravel.png.</summary>
    public static ImageFrame Load(string name) =>
        ImageFile.Load(Path.Combine(AppContext.BaseDirectory, "Data", "Standard", name));
}
