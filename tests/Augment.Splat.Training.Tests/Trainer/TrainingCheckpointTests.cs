using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

public class TrainingCheckpointTests
{
    [Fact]
    public void A_checkpoint_round_trips_scene_moments_and_iteration()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aug-trainer-{Guid.NewGuid():N}.augckpt");
        try
        {
            var scene = Filled(5, 1, 1);
            new TrainingCheckpoint(scene, Filled(5, 1, 2), Filled(5, 1, 3), 1234, 1200).Write(path);
            Assert.Equal(8 + 20 + 8 + (3L * 23 * 5 * 4) + 4, new FileInfo(path).Length);
            var back = TrainingCheckpoint.Read(path);
            Assert.Equal(1234, back.Iteration);
            Assert.Equal(1200, back.AdamStep);
            Assert.Equal(1, back.Scene.ShDegree);
            for (var p = 0; p < scene.PlaneCount; p++)
            {
                Assert.Equal(scene.Plane(p).ToArray(), back.Scene.Plane(p).ToArray());
                Assert.Equal(Filled(5, 1, 3).Plane(p).ToArray(), back.SecondMoment.Plane(p).ToArray());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1)]
    public void A_truncated_checkpoint_is_invalid_media(int cut)
    {
        var path = Path.Combine(Path.GetTempPath(), $"aug-trainer-{Guid.NewGuid():N}.augckpt");
        try
        {
            new TrainingCheckpoint(Filled(4, 0, 1), Filled(4, 0, 2), Filled(4, 0, 3), 7, 7).Write(path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^cut]);
            var error = Assert.Throws<InvalidMediaException>(() => TrainingCheckpoint.Read(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_foreign_file_is_invalid_media()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aug-trainer-{Guid.NewGuid():N}.augckpt");
        try
        {
            File.WriteAllBytes(path, new byte[200]);
            Assert.Throws<InvalidMediaException>(() => TrainingCheckpoint.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static SplatParameters Filled(int count, int degree, int seed)
    {
        var parameters = new SplatParameters(count, degree);
        var random = new Random(seed);
        for (var p = 0; p < parameters.PlaneCount; p++)
            for (var i = 0; i < count; i++)
                parameters.Plane(p)[i] = (float)random.NextDouble();
        return parameters;
    }
}
