using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// A 3D colour lookup table: an N x N x N lattice of RGB outputs over an RGB input domain, as stored
/// in Adobe/Resolve <c>.cube</c> files, with an optional 1D <see cref="Shaper"/> applied first (Resolve's
/// <c>LUT_1D_SIZE</c> + <c>LUT_3D_SIZE</c> files). Apply it with <see cref="LutExtensions.ApplyLut"/>.
/// </summary>
/// <remarks>
/// The lattice is stored as in a <c>.cube</c> file: blue slowest, red fastest, three floats (R, G, B)
/// per point, so that the point (r, g, b) starts at <c>((b * N + g) * N + r) * 3</c>.
/// A pure 1D <c>.cube</c> file (<c>LUT_1D_SIZE</c> only) loads as a LUT whose <see cref="Shaper"/> holds
/// the curves and whose cube is the size-2 identity over [0, 1] (<see cref="IsCurvesOnly"/>): applying it
/// runs the curves alone, so their outputs are not clamped to [0, 1], and saving it writes a 1D file again.
/// </remarks>
public sealed class Lut3D
{
    /// <summary>Smallest lattice size.</summary>
    public const int MinSize = 2;

    /// <summary>Largest lattice size (the <c>.cube</c> specification's limit).</summary>
    public const int MaxSize = 256;

    private readonly float[] _lattice;
    private readonly float[] _domainMin;
    private readonly float[] _domainMax;

    /// <summary>Creates a LUT of <paramref name="size"/>^3 points, all black, over the domain [0, 1]^3.</summary>
    /// <param name="size">Points per axis (2..256).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is outside 2..256.</exception>
    public Lut3D(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        Size = size;
        _lattice = new float[size * size * size * 3];
        _domainMin = [0f, 0f, 0f];
        _domainMax = [1f, 1f, 1f];
    }

    /// <summary>Points per axis.</summary>
    public int Size { get; }

    /// <summary>Free text from the <c>TITLE</c> line; empty when none.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>
    /// The lattice: <see cref="Size"/>^3 RGB triples, red index fastest, blue slowest
    /// (<c>((b * Size + g) * Size + r) * 3 + channel</c>).
    /// </summary>
    public Span<float> Lattice => _lattice;

    /// <summary>Input value (R, G, B) that maps to the first lattice point; default 0.</summary>
    public ReadOnlySpan<float> DomainMin => _domainMin;

    /// <summary>Input value (R, G, B) that maps to the last lattice point; default 1.</summary>
    public ReadOnlySpan<float> DomainMax => _domainMax;

    /// <summary>
    /// Optional per-channel curves applied to the input before the cube (a Resolve "shaper", often a log
    /// curve that spreads the cube's points evenly over scene-linear or HDR input); null when none.
    /// The shaper's output is the cube's input, in the cube's domain.
    /// </summary>
    public Lut1D? Shaper { get; set; }

    /// <summary>
    /// True when this LUT is a pure 1D LUT: it has a <see cref="Shaper"/> and its cube is the size-2
    /// identity over [0, 1]. Such a LUT is applied as the curves alone and saved as a 1D <c>.cube</c> file.
    /// </summary>
    public bool IsCurvesOnly
    {
        get
        {
            if (Shaper is null || Size != 2 || !HasUnitDomain)
                return false;
            for (var i = 0; i < 8; i++)
            {
                // The identity lattice point i is (i & 1, (i >> 1) & 1, i >> 2), red fastest.
                if (_lattice[i * 3] != (i & 1) || _lattice[(i * 3) + 1] != ((i >> 1) & 1) || _lattice[(i * 3) + 2] != (i >> 2))
                    return false;
            }
            return true;
        }
    }

    internal float[] LatticeArray => _lattice;

    internal bool HasUnitDomain =>
        _domainMin[0] == 0f && _domainMin[1] == 0f && _domainMin[2] == 0f && _domainMax[0] == 1f && _domainMax[1] == 1f && _domainMax[2] == 1f;

    internal bool HasUniformDomain =>
        _domainMin[0] == _domainMin[1] && _domainMin[1] == _domainMin[2] && _domainMax[0] == _domainMax[1] && _domainMax[1] == _domainMax[2];

    /// <summary>
    /// A pure 1D LUT: <paramref name="curves"/> as the <see cref="Shaper"/> of a size-2 identity cube
    /// (<see cref="IsCurvesOnly"/> is true), so that 1D curves go wherever a <see cref="Lut3D"/> is taken.
    /// </summary>
    /// <param name="curves">The curves; kept by reference, not copied.</param>
    public static Lut3D FromCurves(Lut1D curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var lut = Identity(2);
        lut.Title = string.Empty;
        lut.Shaper = curves;
        return lut;
    }

    /// <summary>A LUT that maps every colour in [0, 1]^3 to itself.</summary>
    /// <param name="size">Points per axis (2..256).</param>
    public static Lut3D Identity(int size)
    {
        var lut = new Lut3D(size);
        lut.Title = "Identity";
        lut.Fill(static (r, g, b) => (r, g, b));
        return lut;
    }

    /// <summary>
    /// Sets every lattice point from a function of the point's input colour (in the LUT's domain):
    /// the usual way to bake a grade into a LUT.
    /// </summary>
    /// <param name="grade">Maps an input (R, G, B) to an output (R, G, B).</param>
    public void Fill(Func<float, float, float, (float R, float G, float B)> grade)
    {
        ArgumentNullException.ThrowIfNull(grade);
        var n = Size;
        var step = 1f / (n - 1);
        var i = 0;
        for (var b = 0; b < n; b++)
        {
            var bIn = Lerp(_domainMin[2], _domainMax[2], b * step);
            for (var g = 0; g < n; g++)
            {
                var gIn = Lerp(_domainMin[1], _domainMax[1], g * step);
                for (var r = 0; r < n; r++)
                {
                    var (ro, go, bo) = grade(Lerp(_domainMin[0], _domainMax[0], r * step), gIn, bIn);
                    _lattice[i] = ro;
                    _lattice[i + 1] = go;
                    _lattice[i + 2] = bo;
                    i += 3;
                }
            }
        }
    }

    /// <summary>Sets the input domain per channel (R, G, B).</summary>
    /// <param name="min">Input that maps to the first lattice point, per channel.</param>
    /// <param name="max">Input that maps to the last lattice point, per channel; each above <paramref name="min"/>.</param>
    /// <exception cref="ArgumentException">A span is not three long, a value is not finite, or min is not below max.</exception>
    public void SetDomain(ReadOnlySpan<float> min, ReadOnlySpan<float> max)
    {
        if (min.Length != 3 || max.Length != 3)
            throw new ArgumentException("The domain needs three values (R, G, B) for min and max.", nameof(min));
        for (var c = 0; c < 3; c++)
        {
            if (!float.IsFinite(min[c]) || !float.IsFinite(max[c]) || !(min[c] < max[c]))
                throw new ArgumentException($"Domain channel {c}: min {min[c]} must be finite and below max {max[c]}.", nameof(max));
        }
        min.CopyTo(_domainMin);
        max.CopyTo(_domainMax);
    }

    /// <summary>Reads a <c>.cube</c> file.</summary>
    /// <param name="path">File to read.</param>
    /// <exception cref="InvalidMediaException">The file is malformed; the message names the file and line.</exception>
    /// <remarks>Reads 3D files, pure 1D files (see <see cref="IsCurvesOnly"/>) and 1D shaper + 3D files.</remarks>
    public static Lut3D LoadCube(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return CubeFormat.Parse(reader, path);
    }

    /// <summary>Parses <c>.cube</c> text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">Name for error messages (usually the path).</param>
    /// <exception cref="InvalidMediaException">The text is malformed; the message names the source and line.</exception>
    /// <remarks>Reads 3D, pure 1D and 1D shaper + 3D text (see <see cref="LoadCube"/>).</remarks>
    public static Lut3D ParseCube(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return CubeFormat.Parse(reader, sourceName);
    }

    /// <summary>
    /// Writes the LUT as a <c>.cube</c> file, atomically (a temporary file renamed on success): a 1D file
    /// when <see cref="IsCurvesOnly"/>, Resolve's 1D shaper + 3D layout when there is a <see cref="Shaper"/>,
    /// else a 3D file.
    /// </summary>
    /// <param name="path">Destination.</param>
    /// <exception cref="NotSupportedException">The shaper's domain differs between channels while a cube follows it (Resolve's format has one range).</exception>
    public void SaveCube(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            CubeFormat.Write(this, writer);
        });
    }

    /// <summary>Writes the LUT as <c>.cube</c> text (see <see cref="SaveCube"/> for the layout).</summary>
    /// <param name="writer">Destination.</param>
    /// <exception cref="NotSupportedException">The shaper's domain differs between channels while a cube follows it.</exception>
    public void WriteCube(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CubeFormat.Write(this, writer);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsCurvesOnly
            ? string.Create(CultureInfo.InvariantCulture, $"Lut1D {Shaper!.Size}{(Title.Length > 0 ? " \"" + Title + "\"" : "")}")
            : string.Create(CultureInfo.InvariantCulture, $"Lut3D {Size}^3{(Shaper is null ? "" : " with shaper " + Shaper.Size)}{(Title.Length > 0 ? " \"" + Title + "\"" : "")}");

    private static float Lerp(float a, float b, float t) => a + ((b - a) * t);
}
