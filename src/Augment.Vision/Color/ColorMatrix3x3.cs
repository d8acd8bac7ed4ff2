namespace Augment.Vision;

/// <summary>A 3x3 matrix in double precision, row-major, that maps a column vector (x, y, z).</summary>
/// <param name="M11">Row 1, column 1.</param>
/// <param name="M12">Row 1, column 2.</param>
/// <param name="M13">Row 1, column 3.</param>
/// <param name="M21">Row 2, column 1.</param>
/// <param name="M22">Row 2, column 2.</param>
/// <param name="M23">Row 2, column 3.</param>
/// <param name="M31">Row 3, column 1.</param>
/// <param name="M32">Row 3, column 2.</param>
/// <param name="M33">Row 3, column 3.</param>
public readonly record struct ColorMatrix3x3(
    double M11, double M12, double M13,
    double M21, double M22, double M23,
    double M31, double M32, double M33)
{
    /// <summary>The identity matrix.</summary>
    public static ColorMatrix3x3 Identity { get; } = new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>The element at <paramref name="row"/>, <paramref name="column"/> (both 0..2).</summary>
    /// <param name="row">Row index, 0..2.</param>
    /// <param name="column">Column index, 0..2.</param>
    public double this[int row, int column] => (row, column) switch
    {
        (0, 0) => M11, (0, 1) => M12, (0, 2) => M13,
        (1, 0) => M21, (1, 1) => M22, (1, 2) => M23,
        (2, 0) => M31, (2, 1) => M32, (2, 2) => M33,
        _ => throw new ArgumentOutOfRangeException(row is < 0 or > 2 ? nameof(row) : nameof(column), "Indices run 0..2."),
    };

    /// <summary>Maps the column vector (<paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/>).</summary>
    /// <param name="x">First component.</param>
    /// <param name="y">Second component.</param>
    /// <param name="z">Third component.</param>
    /// <returns>The product M·v.</returns>
    public (double X, double Y, double Z) Transform(double x, double y, double z) =>
        (M11 * x + M12 * y + M13 * z, M21 * x + M22 * y + M23 * z, M31 * x + M32 * y + M33 * z);

    /// <summary>The matrix product <paramref name="left"/>·<paramref name="right"/> (apply right first).</summary>
    /// <param name="left">Applied second.</param>
    /// <param name="right">Applied first.</param>
    public static ColorMatrix3x3 Multiply(ColorMatrix3x3 left, ColorMatrix3x3 right) => new(
        left.M11 * right.M11 + left.M12 * right.M21 + left.M13 * right.M31,
        left.M11 * right.M12 + left.M12 * right.M22 + left.M13 * right.M32,
        left.M11 * right.M13 + left.M12 * right.M23 + left.M13 * right.M33,
        left.M21 * right.M11 + left.M22 * right.M21 + left.M23 * right.M31,
        left.M21 * right.M12 + left.M22 * right.M22 + left.M23 * right.M32,
        left.M21 * right.M13 + left.M22 * right.M23 + left.M23 * right.M33,
        left.M31 * right.M11 + left.M32 * right.M21 + left.M33 * right.M31,
        left.M31 * right.M12 + left.M32 * right.M22 + left.M33 * right.M32,
        left.M31 * right.M13 + left.M32 * right.M23 + left.M33 * right.M33);

    /// <summary>Every element multiplied by <paramref name="factor"/>.</summary>
    /// <param name="factor">Scale factor.</param>
    public ColorMatrix3x3 Scale(double factor) => new(
        M11 * factor, M12 * factor, M13 * factor,
        M21 * factor, M22 * factor, M23 * factor,
        M31 * factor, M32 * factor, M33 * factor);

    /// <summary>The inverse, by the adjugate.</summary>
    /// <exception cref="InvalidOperationException">The matrix is singular.</exception>
    public ColorMatrix3x3 Invert()
    {
        var c11 = M22 * M33 - M23 * M32;
        var c12 = M23 * M31 - M21 * M33;
        var c13 = M21 * M32 - M22 * M31;
        var determinant = M11 * c11 + M12 * c12 + M13 * c13;
        if (Math.Abs(determinant) < 1e-300)
            throw new InvalidOperationException("The colour matrix is singular and has no inverse.");
        var inv = 1.0 / determinant;
        return new(
            c11 * inv, (M13 * M32 - M12 * M33) * inv, (M12 * M23 - M13 * M22) * inv,
            c12 * inv, (M11 * M33 - M13 * M31) * inv, (M13 * M21 - M11 * M23) * inv,
            c13 * inv, (M12 * M31 - M11 * M32) * inv, (M11 * M22 - M12 * M21) * inv);
    }
}
