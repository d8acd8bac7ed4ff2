using System.Collections.Concurrent;

namespace Augment.Library.Tests.Ingest;

/// <summary>
/// An analyser for tests: tags every shot with "{source} shot", embeds its keyframe's mean R, G, B, counts its calls
/// per file and keeps the samples' shape (keyframe sizes, motion amounts) so tests can check what the scanner handed it.
/// </summary>
internal sealed class RecordingAnalyzer(string source, string version, Func<AssetSample, bool>? throwWhen = null) : IAssetAnalyzer
{
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, (int Width, int Height, float Motion)[]> Seen { get; } = new(StringComparer.Ordinal);

    public string Source => source;

    public string Version { get; set; } = version;

    public int TotalCalls => Calls.Values.Sum();

    public AssetAnalysis Analyze(AssetSample sample, CancellationToken cancellationToken = default)
    {
        Calls.AddOrUpdate(sample.Info.Path, 1, (_, n) => n + 1);
        if (throwWhen?.Invoke(sample) == true)
            throw new InvalidOperationException("the test analyser was told to fail on this file");
        var tags = new List<AssetTag>();
        var embeddings = new List<AssetEmbedding>();
        var seen = new (int, int, float)[sample.Shots.Count];
        for (var i = 0; i < sample.Shots.Count; i++)
        {
            var shot = sample.Shots[i];
            seen[i] = (shot.Keyframe.Width, shot.Keyframe.Height, shot.MotionAmount);
            tags.Add(new AssetTag(source + " shot", 0.5f, shot.ShotIndex, shot.Start, shot.End));
            var mean = new float[3];
            for (var c = 0; c < 3; c++)
                mean[c] = shot.Keyframe.Plane(c).ToArray().Average() + 0.01f;
            embeddings.Add(new AssetEmbedding(shot.ShotIndex, mean));
        }
        Seen[sample.Info.Path] = seen;
        return new AssetAnalysis(source, Version, tags, embeddings);
    }
}
