namespace Augment.Library;

/// <summary>
/// The tags that need no model, as an <see cref="IAssetAnalyzer"/> (source "descriptors"): per shot, the palette
/// names of the dominant colours, "bright"/"dark", "high contrast"/"low contrast", "colorful"/"muted",
/// "black and white", "warm tones"/"cool tones", and for video shots "static"/"moving"/"fast motion" and
/// "short shot"/"long take". Each tag carries its shot's time range. Stateless, so thread-safe.
/// See docs/library-descriptors.md for every threshold.
/// </summary>
public sealed class DescriptorAnalyzer : IAssetAnalyzer
{
    /// <summary>The algorithm's version; bump it whenever a measure or a rule changes the tags.</summary>
    public const string AlgorithmVersion = "descriptors/1";

    /// <summary>Creates the analyser.</summary>
    /// <param name="options">The settings; <see cref="DescriptorOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public DescriptorAnalyzer(DescriptorOptions? options = null)
    {
        Options = options ?? DescriptorOptions.Default;
        Options.Validate(nameof(options));
        Version = AlgorithmVersion + ";" + Options.Fingerprint();
    }

    /// <summary>The settings in use.</summary>
    public DescriptorOptions Options { get; }

    /// <inheritdoc/>
    public string Source => "descriptors";

    /// <inheritdoc/>
    /// <remarks><see cref="AlgorithmVersion"/> followed by every setting.</remarks>
    public string Version { get; }

    /// <inheritdoc/>
    public AssetAnalysis Analyze(AssetSample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var tags = new List<AssetTag>();
        foreach (var shot in sample.Shots)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var descriptors = ImageDescriptors.Compute(shot.Keyframe, Options, cancellationToken);
            DescriptorTags.Add(tags, descriptors, shot, Options);
        }
        return new AssetAnalysis(Source, Version, tags, []);
    }
}
