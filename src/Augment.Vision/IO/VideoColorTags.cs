namespace Augment.Vision;

/// <summary>
/// ffmpeg's names for the colour matrix, primaries, transfer and range that go with a
/// <see cref="ColorSpace"/> (ITU-T H.273 code points as ffmpeg spells them).
/// </summary>
internal static class VideoColorTags
{
    /// <summary>The swscale <c>in_color_matrix</c> for a probed YUV source: its own tag, else BT.709 (BT.2020 for HDR).</summary>
    public static string DecoderMatrix(FfmpegProbe probe) => probe.ColorMatrix switch
    {
        "bt709" => "bt709",
        "bt470bg" or "smpte170m" => "bt601",
        "bt2020nc" or "bt2020c" => "bt2020",
        "fcc" => "fcc",
        "smpte240m" => "smpte240m",
        // Untagged: HD and larger video is BT.709 in practice (what players assume); HDR is BT.2020.
        _ => IsHdr(probe.Info.ColorSpace) ? "bt2020" : "bt709",
    };

    /// <summary>The swscale range of a probed YUV source: full ("pc") only when tagged so.</summary>
    public static string DecoderRange(FfmpegProbe probe) => probe.ColorRange is "pc" or "jpeg" ? "pc" : "tv";

    /// <summary>Matrix for swscale, then the container tags: primaries, transfer, matrix.</summary>
    public static (string ScaleMatrix, string Primaries, string Transfer, string Matrix) ForEncoder(ColorSpace space) => space switch
    {
        ColorSpace.Rec2020Pq => ("bt2020", "bt2020", "smpte2084", "bt2020nc"),
        ColorSpace.Rec2020Hlg => ("bt2020", "bt2020", "arib-std-b67", "bt2020nc"),
        ColorSpace.LinearRec2020 => ("bt2020", "bt2020", "linear", "bt2020nc"),
        ColorSpace.Srgb => ("bt709", "bt709", "iec61966-2-1", "bt709"),
        ColorSpace.LinearSrgb => ("bt709", "bt709", "linear", "bt709"),
        _ => ("bt709", "bt709", "bt709", "bt709"),
    };

    public static bool IsHdr(ColorSpace space) => space is ColorSpace.Rec2020Pq or ColorSpace.Rec2020Hlg or ColorSpace.LinearRec2020;
}
