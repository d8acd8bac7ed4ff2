using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Poses;

/// <summary>Small COLMAP models and scratch folders for the pose tests.</summary>
internal static class PosesSamples
{
    /// <summary>Parameter counts per model id as COLMAP's "Camera models" documentation lists them.</summary>
    public static readonly int[] DocumentedParameterCounts = [3, 4, 4, 5, 8, 8, 12, 5, 4, 5, 12];

    /// <summary>One camera of every model, three images (one with an empty keypoint list), four points.</summary>
    public static ColmapModel Model()
    {
        var cameras = new List<ColmapCamera>();
        for (var m = 0; m < DocumentedParameterCounts.Length; m++)
        {
            var parameters = new double[DocumentedParameterCounts[m]];
            for (var p = 0; p < parameters.Length; p++)
                parameters[p] = p < 2 ? 300.5 + m + p : p < 4 ? 160.25 - p : 0.01 * (p + 1) * (m % 2 == 0 ? 1 : -1) + 1e-17;
            cameras.Add(new ColmapCamera(m + 1, (ColmapCameraModel)m, 320 + m, 240, parameters));
        }
        var s = Math.Sqrt(0.5);
        var images = new List<ColmapImage>
        {
            new(1, 1, 0, 0, 0, 0.1, -0.2, 4.5, 1, "frame_0001.png",
                [new ColmapPoint2D(10.5, 20.25, 1), new ColmapPoint2D(0.1, 0.2, ColmapPoint2D.NoPoint), new ColmapPoint2D(300.125, 200.5, 2)]),
            new(7, s, 0, s, 0, -1.0 / 3, 2.0 / 3, 1e-9, 2, "sub/frame_0002.png", [new ColmapPoint2D(1, 2, 3), new ColmapPoint2D(3, 4, 1)]),
            new(3, 0.5, 0.5, -0.5, 0.5, 5, 6, 7, 11, "frame 3.jpg"),
        };
        var points = new List<ColmapPoint3D>
        {
            new(1, 0.1, 0.2, 0.3, 255, 0, 128, 0.75, [new ColmapTrackElement(1, 0), new ColmapTrackElement(7, 1)]),
            new(2, -1e6, 1e-6, Math.PI, 1, 2, 3, 1.0 / 3, [new ColmapTrackElement(1, 2)]),
            new(3, 0, 0, 0, 0, 0, 0, -1, [new ColmapTrackElement(7, 0)]),
            new(1_000_000_000_000, 1, 2, 3, 10, 20, 30, 0),
        };
        return new ColmapModel(cameras, images, points);
    }

    /// <summary>A fresh folder under the temp directory, deleted when disposed.</summary>
    public static TempFolder Folder() => new();

    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aug-poses-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Sub(string name)
        {
            var p = System.IO.Path.Combine(Path, name);
            Directory.CreateDirectory(p);
            return p;
        }

        public void Dispose()
        {
            if (Environment.GetEnvironmentVariable("AUG_POSES_KEEP") == "1")
                return;
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
