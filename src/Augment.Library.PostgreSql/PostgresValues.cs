namespace Augment.Library;

/// <summary>How values are stored: instants and durations as 100 ns ticks (timestamptz keeps only microseconds), hashes as bigint.</summary>
internal static class PostgresValues
{
    /// <summary>UTC ticks of an instant (a local time is converted; an unspecified one is taken as UTC).</summary>
    public static long UtcTicks(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;

    /// <summary>The UTC instant of stored ticks.</summary>
    public static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>The 64 hash bits as a signed bigint (same bits).</summary>
    public static long HashToBigint(ulong bits) => unchecked((long)bits);

    /// <summary>The 64 hash bits of a stored bigint.</summary>
    public static ulong BigintToHash(long value) => unchecked((ulong)value);

    /// <summary>A tsquery matching any of the words (each quoted, so the server takes it literally; words are letters and digits only).</summary>
    public static string AnyWordQuery(IReadOnlyCollection<string> words) =>
        string.Join(" | ", words.Select(word => "'" + word + "'"));
}
