namespace Augment.Library;

/// <summary>What kind of media an asset is.</summary>
public enum AssetKind
{
    /// <summary>A still picture: one shot of zero duration.</summary>
    Image = 0,

    /// <summary>A video: one or more shots on its timeline.</summary>
    Video = 1,
}
