using System.Globalization;

namespace Augment.Library;

/// <summary>
/// An SMPTE ST 12-1 timecode: a frame count at a nominal rate (24, 25, 30, 50, 60...), shown as HH:MM:SS:FF, or with
/// drop-frame counting (29.97 and 59.94 material) as HH:MM:SS;FF, where frame numbers 0 and 1 (0-3 at 59.94) are skipped
/// at the start of every minute except each tenth minute so that the timecode keeps to the clock.
/// </summary>
/// <param name="Frames">Frames since 00:00:00:00.</param>
/// <param name="NominalRate">Frames per timecode second: the frame rate rounded (30 for 29.97).</param>
/// <param name="DropFrame">Whether the display drops frame numbers (only for nominal rates 30 and 60).</param>
public readonly record struct SmpteTimecode(long Frames, int NominalRate, bool DropFrame)
{
    /// <summary>The timecode <paramref name="time"/> after <paramref name="start"/> on material at <paramref name="frameRate"/>.</summary>
    /// <param name="time">Time from the start of the material.</param>
    /// <param name="frameRate">Actual frames per second (29.97 as 30000/1001 or 29.97).</param>
    /// <param name="start">Timecode of the first frame (its counting is kept); 00:00:00:00, drop-frame for 29.97 and 59.94, when null.</param>
    public static SmpteTimecode FromTime(TimeSpan time, double frameRate, SmpteTimecode? start = null)
    {
        var (nominal, drop) = Describe(frameRate);
        var frames = (long)Math.Round(time.TotalSeconds * frameRate, MidpointRounding.AwayFromZero);
        return start is { } origin
            ? new SmpteTimecode(origin.Frames + frames, origin.NominalRate, origin.DropFrame)
            : new SmpteTimecode(frames, nominal, drop);
    }

    /// <summary>The nominal rate and drop-frame rule for an actual frame rate: 29.97 and 59.94 drop frames.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not between 1 and 1000 frames per second.</exception>
    public static (int NominalRate, bool DropFrame) Describe(double frameRate)
    {
        if (!(frameRate is >= 1 and <= 1000))
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "A timecode frame rate must be between 1 and 1000 frames per second.");
        var nominal = (int)Math.Round(frameRate);
        var drop = (nominal == 30 || nominal == 60) && Math.Abs(frameRate - nominal * 1000.0 / 1001.0) < 0.005;
        return (nominal, drop);
    }

    /// <summary>
    /// Reads "HH:MM:SS:FF" (non-drop) or "HH:MM:SS;FF" / "HH:MM:SS.FF" (drop-frame, for 29.97 and 59.94 material).
    /// </summary>
    /// <exception cref="FormatException">The text is not a timecode, or a field is out of range for the rate.</exception>
    public static SmpteTimecode Parse(string text, double frameRate)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (nominal, drop) = Describe(frameRate);
        var parts = text.Trim().Split(':', ';', '.', ',');
        if (parts.Length != 4)
            throw new FormatException($"A timecode is HH:MM:SS:FF; got \"{text}\".");
        var fields = new int[4];
        for (var i = 0; i < 4; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out fields[i]))
                throw new FormatException($"A timecode is HH:MM:SS:FF; got \"{text}\".");
        var (h, m, sec, f) = (fields[0], fields[1], fields[2], fields[3]);
        var dropMark = text.Contains(';', StringComparison.Ordinal) || text.Contains('.', StringComparison.Ordinal) || text.Contains(',', StringComparison.Ordinal);
        drop = drop && dropMark;
        if (h > 23 || m > 59 || sec > 59 || f >= nominal)
            throw new FormatException($"Timecode \"{text}\" has a field out of range at {nominal} frames per second.");
        var dropped = drop ? DroppedPerMinute(nominal) : 0;
        if (drop && sec == 0 && f < dropped && m % 10 != 0)
            throw new FormatException($"Timecode \"{text}\" names a frame number that drop-frame counting skips.");
        var totalMinutes = 60L * h + m;
        var frames = ((totalMinutes * 60 + sec) * nominal + f) - dropped * (totalMinutes - totalMinutes / 10);
        return new SmpteTimecode(frames, nominal, drop);
    }

    /// <summary>This timecode <paramref name="frames"/> frames later.</summary>
    public SmpteTimecode AddFrames(long frames) => this with { Frames = Frames + frames };

    /// <summary>HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame; hours wrap at 24.</summary>
    public override string ToString()
    {
        var nominal = NominalRate > 0 ? NominalRate : 25;
        var frames = Frames;
        if (DropFrame && (nominal == 30 || nominal == 60))
        {
            // Put the skipped numbers back: each 10-minute block holds 10 * 60 * nominal - 9 * dropped frames.
            var dropped = DroppedPerMinute(nominal);
            var perTenMinutes = 600L * nominal - 9 * dropped;
            var perMinute = 60L * nominal - dropped;
            var tens = Math.DivRem(frames, perTenMinutes, out var rest);
            frames += 9 * dropped * tens;
            if (rest > dropped)
                frames += dropped * ((rest - dropped) / perMinute);
        }
        var day = 24L * 3600 * nominal;
        frames = ((frames % day) + day) % day;
        var ff = frames % nominal;
        var totalSeconds = frames / nominal;
        var separator = DropFrame ? ';' : ':';
        return string.Create(CultureInfo.InvariantCulture,
            $"{totalSeconds / 3600:D2}:{totalSeconds / 60 % 60:D2}:{totalSeconds % 60:D2}{separator}{ff:D2}");
    }

    private static int DroppedPerMinute(int nominal) => nominal == 60 ? 4 : 2;
}
