namespace Augment.Audio;

/// <summary>Formats "source at byte N: reason" messages like <see cref="InvalidMediaException"/>'s, for the other exception types.</summary>
internal static class MediaErrors
{
    public static string Describe(string? source, long offset, string reason)
    {
        var where = source is null ? "input" : $"'{source}'";
        return offset >= 0 ? $"{where} at byte {offset}: {reason}" : $"{where}: {reason}";
    }
}
