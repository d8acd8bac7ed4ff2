namespace Augment.Splat.Training;

/// <summary>One triangulated point of a COLMAP model: position, 8-bit colour, reprojection error in pixels and its track.</summary>
public sealed class ColmapPoint3D
{
    /// <summary>Creates a point record.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is negative.</exception>
    public ColmapPoint3D(long id, double x, double y, double z, byte red, byte green, byte blue, double error, IReadOnlyList<ColmapTrackElement>? track = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        Id = id;
        X = x;
        Y = y;
        Z = z;
        Red = red;
        Green = green;
        Blue = blue;
        Error = error;
        Track = track is null ? [] : [.. track];
    }

    /// <summary>Point id (keypoints refer to it).</summary>
    public long Id { get; }

    /// <summary>World x.</summary>
    public double X { get; }

    /// <summary>World y.</summary>
    public double Y { get; }

    /// <summary>World z.</summary>
    public double Z { get; }

    /// <summary>Red, 0..255.</summary>
    public byte Red { get; }

    /// <summary>Green, 0..255.</summary>
    public byte Green { get; }

    /// <summary>Blue, 0..255.</summary>
    public byte Blue { get; }

    /// <summary>Mean reprojection error in pixels (COLMAP writes -1 when unknown).</summary>
    public double Error { get; }

    /// <summary>The observations of the point.</summary>
    public IReadOnlyList<ColmapTrackElement> Track { get; }

    /// <summary>Whether two points hold the same values, bit for bit.</summary>
    public bool SameAs(ColmapPoint3D other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Id != other.Id || !X.Equals(other.X) || !Y.Equals(other.Y) || !Z.Equals(other.Z) || Red != other.Red || Green != other.Green
            || Blue != other.Blue || !Error.Equals(other.Error) || Track.Count != other.Track.Count)
            return false;
        for (var i = 0; i < Track.Count; i++)
        {
            if (Track[i] != other.Track[i])
                return false;
        }
        return true;
    }
}
