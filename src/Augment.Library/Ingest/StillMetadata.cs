using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace Augment.Library;

/// <summary>
/// What a still's header says, read with ImageSharp's Identify (no pixels decoded): upright size (EXIF orientations
/// 5..8 are quarter turns, so width and height swap, as the decoder's auto-orient does), format, and the capture
/// time from EXIF DateTimeOriginal (CIPA DC-008 tag 0x9003, "YYYY:MM:DD HH:MM:SS", local time) shifted to UTC by
/// OffsetTimeOriginal (tag 0x9011, "+HH:MM") when present; without an offset the local time is kept as if it were UTC.
/// </summary>
internal sealed record StillMetadata(int Width, int Height, string Format, int Orientation, DateTime? CapturedUtc)
{
    public static StillMetadata Identify(string path)
    {
        IImageInfo? info;
        SixLabors.ImageSharp.Formats.IImageFormat? format;
        try
        {
            info = Image.Identify(Configuration.Default, path, out format);
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException)
        {
            throw new InvalidMediaException(path, -1, $"it is not a picture ImageSharp can read: {ex.Message}");
        }
        if (info is null || format is null)
            throw new InvalidMediaException(path, -1, "it is not in a picture format ImageSharp knows (unrecognised header).");
        if (info.Width <= 0 || info.Height <= 0)
            throw new InvalidMediaException(path, -1, $"its header declares an empty picture ({info.Width}x{info.Height}).");
        var exif = info.Metadata.ExifProfile;
        var orientation = exif?.GetValue(ExifTag.Orientation)?.Value is { } o and >= 1 and <= 8 ? o : 1;
        var (width, height) = orientation >= 5 ? (info.Height, info.Width) : (info.Width, info.Height);
        DateTime? captured = null;
        if (exif?.GetValue(ExifTag.DateTimeOriginal)?.Value is { } stamp
            && DateTime.TryParseExact(stamp.Trim('\0', ' '), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            captured = DateTime.SpecifyKind(local, DateTimeKind.Utc);
            if (exif.GetValue(ExifTag.OffsetTimeOriginal)?.Value is { } offsetText && Offset(offsetText) is { } offset)
                captured = DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return new StillMetadata(width, height, format.Name.ToLowerInvariant(), orientation, captured);
    }

    private static TimeSpan? Offset(string text)
    {
        text = text.Trim('\0', ' ');
        if (text.Length != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':')
            return null;
        if (!int.TryParse(text.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            return null;
        var offset = new TimeSpan(hours, minutes, 0);
        return text[0] == '-' ? -offset : offset;
    }
}
