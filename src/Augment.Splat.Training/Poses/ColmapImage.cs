namespace Augment.Splat.Training;

/// <summary>
/// One registered image of a COLMAP model: its pose as the world-to-camera rotation quaternion (w, x, y, z) and translation,
/// so that a world point X lands at camera coordinates R X + t (x right, y down, z forward: RDF), plus the keypoints.
/// </summary>
public sealed class ColmapImage
{
    /// <summary>Creates an image record.</summary>
    /// <exception cref="ArgumentException">The name is empty or a pose value is not finite.</exception>
    public ColmapImage(int id, double qw, double qx, double qy, double qz, double tx, double ty, double tz, int cameraId, string name, IReadOnlyList<ColmapPoint2D>? points2D = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.AsSpan().IndexOfAny('\0', '\n', '\r') >= 0 || name != name.Trim())
            throw new ArgumentException($"image {id}: the name '{name.ReplaceLineEndings(" ")}' has a NUL, a line break or surrounding spaces, which COLMAP's files cannot hold.", nameof(name));
        if (!double.IsFinite(qw) || !double.IsFinite(qx) || !double.IsFinite(qy) || !double.IsFinite(qz)
            || !double.IsFinite(tx) || !double.IsFinite(ty) || !double.IsFinite(tz))
            throw new ArgumentException($"image {id} ('{name}'): the pose must be finite.", nameof(qw));
        Id = id;
        Qw = qw;
        Qx = qx;
        Qy = qy;
        Qz = qz;
        Tx = tx;
        Ty = ty;
        Tz = tz;
        CameraId = cameraId;
        Name = name;
        Points2D = points2D is null ? [] : [.. points2D];
    }

    /// <summary>Image id.</summary>
    public int Id { get; }

    /// <summary>Rotation quaternion w (world to camera; Hamilton convention as COLMAP).</summary>
    public double Qw { get; }

    /// <summary>Rotation quaternion x.</summary>
    public double Qx { get; }

    /// <summary>Rotation quaternion y.</summary>
    public double Qy { get; }

    /// <summary>Rotation quaternion z.</summary>
    public double Qz { get; }

    /// <summary>Translation x (world to camera).</summary>
    public double Tx { get; }

    /// <summary>Translation y.</summary>
    public double Ty { get; }

    /// <summary>Translation z.</summary>
    public double Tz { get; }

    /// <summary>Id of the camera (intrinsics) that took the image.</summary>
    public int CameraId { get; }

    /// <summary>File name relative to the image folder.</summary>
    public string Name { get; }

    /// <summary>Keypoints with their 3D point ids.</summary>
    public IReadOnlyList<ColmapPoint2D> Points2D { get; }

    /// <summary>
    /// The world-to-camera rotation as a row-major 3x3 matrix (rows are the camera's right, down and forward axes in world
    /// coordinates), from the quaternion normalised first.
    /// </summary>
    public double[] RotationMatrix()
    {
        var n = Math.Sqrt((Qw * Qw) + (Qx * Qx) + (Qy * Qy) + (Qz * Qz));
        if (!(n > 0))
            throw new InvalidOperationException($"image {Id} ('{Name}') has a zero rotation quaternion.");
        double w = Qw / n, x = Qx / n, y = Qy / n, z = Qz / n;
        return
        [
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (w * z)), 2 * ((x * z) + (w * y)),
            2 * ((x * y) + (w * z)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (w * x)),
            2 * ((x * z) - (w * y)), 2 * ((y * z) + (w * x)), 1 - (2 * ((x * x) + (y * y))),
        ];
    }

    /// <summary>The camera centre in world coordinates: -Rᵀ t.</summary>
    public (double X, double Y, double Z) Center()
    {
        var r = RotationMatrix();
        return (-((r[0] * Tx) + (r[3] * Ty) + (r[6] * Tz)), -((r[1] * Tx) + (r[4] * Ty) + (r[7] * Tz)), -((r[2] * Tx) + (r[5] * Ty) + (r[8] * Tz)));
    }

    /// <summary>Whether two images hold the same values, bit for bit.</summary>
    public bool SameAs(ColmapImage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Id != other.Id || CameraId != other.CameraId || Name != other.Name || Points2D.Count != other.Points2D.Count)
            return false;
        if (!Qw.Equals(other.Qw) || !Qx.Equals(other.Qx) || !Qy.Equals(other.Qy) || !Qz.Equals(other.Qz)
            || !Tx.Equals(other.Tx) || !Ty.Equals(other.Ty) || !Tz.Equals(other.Tz))
            return false;
        for (var i = 0; i < Points2D.Count; i++)
        {
            if (!Points2D[i].Equals(other.Points2D[i]))
                return false;
        }
        return true;
    }
}
