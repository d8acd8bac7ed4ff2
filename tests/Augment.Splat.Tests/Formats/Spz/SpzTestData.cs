using System.Globalization;
using System.Text;

namespace Augment.Splat.Tests.Formats.Spz;

/// <summary>Fixture access for the SPZ and ksplat tests: files, splat-transform's decoded CSVs, and a minimal float PLY reader.</summary>
internal static class SpzTestData
{
    public static string PathOf(string folder, string file) => Path.Combine(AppContext.BaseDirectory, "Data", folder, file);

    public static GaussianCloud Read(ISplatCodec codec, string folder, string file, SplatReadOptions? options = null)
    {
        using var stream = File.OpenRead(PathOf(folder, file));
        return codec.Read(stream, file, options ?? SplatReadOptions.Default, TestContext.Current.CancellationToken);
    }

    /// <summary>Columns of a CSV with a header row, by name.</summary>
    public static Dictionary<string, float[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var names = lines[0].Split(',');
        var columns = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var c = 0; c < names.Length; c++)
            columns[names[c]] = new float[lines.Length - 1];
        for (var r = 1; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            for (var c = 0; c < names.Length; c++)
                columns[names[c]][r - 1] = float.Parse(cells[c], CultureInfo.InvariantCulture);
        }
        return columns;
    }

    /// <summary>Columns of a binary little-endian PLY whose vertex properties are all floats (the fixtures here).</summary>
    public static Dictionary<string, float[]> ReadFloatPly(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var end = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 64 * 1024)).IndexOf("end_header\n", StringComparison.Ordinal);
        var header = Encoding.ASCII.GetString(bytes, 0, end).Split('\n');
        var names = new List<string>();
        var count = 0;
        foreach (var line in header)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 3 && words[0] == "element" && words[1] == "vertex")
                count = int.Parse(words[2], CultureInfo.InvariantCulture);
            else if (words.Length == 3 && words[0] == "property")
            {
                Assert.Equal("float", words[1]);
                names.Add(words[2]);
            }
            else if (words.Length >= 2 && words[0] == "element" && words[1] != "vertex")
                break;
        }
        var data = bytes.AsSpan(end + "end_header\n".Length);
        var columns = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var name in names)
            columns[name] = new float[count];
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < names.Count; p++)
                columns[names[p]][i] = BitConverter.ToSingle(data.Slice(((i * names.Count) + p) * 4, 4));
        }
        return columns;
    }

    /// <summary>A cloud holding a float PLY's standard 3DGS columns.</summary>
    public static GaussianCloud CloudFromColumns(Dictionary<string, float[]> columns)
    {
        var count = columns["x"].Length;
        var rest = 0;
        while (columns.ContainsKey($"f_rest_{rest}"))
            rest++;
        var degree = rest switch { 0 => 0, 9 => 1, 24 => 2, 45 => 3, _ => throw new InvalidOperationException($"{rest} rest coefficients") };
        var cloud = GaussianCloud.Create(count, degree);
        columns["x"].CopyTo(cloud.X);
        columns["y"].CopyTo(cloud.Y);
        columns["z"].CopyTo(cloud.Z);
        columns["scale_0"].CopyTo(cloud.ScaleX);
        columns["scale_1"].CopyTo(cloud.ScaleY);
        columns["scale_2"].CopyTo(cloud.ScaleZ);
        columns["rot_0"].CopyTo(cloud.RotationW);
        columns["rot_1"].CopyTo(cloud.RotationX);
        columns["rot_2"].CopyTo(cloud.RotationY);
        columns["rot_3"].CopyTo(cloud.RotationZ);
        columns["opacity"].CopyTo(cloud.Opacity);
        for (var c = 0; c < 3; c++)
        {
            columns[$"f_dc_{c}"].CopyTo(cloud.ShDc(c));
            for (var k = 0; k < cloud.ShRestCount; k++)
                columns[$"f_rest_{(c * cloud.ShRestCount) + k}"].CopyTo(cloud.ShRest(c, k));
        }
        return cloud;
    }

    /// <summary>The largest |a - b| over two planes.</summary>
    public static float MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }

    /// <summary>The largest angle-free quaternion error: 1 - |dot| of the normalised quaternions, over all splats.</summary>
    public static float MaxRotationError(GaussianCloud a, GaussianCloud b)
    {
        var max = 0f;
        for (var i = 0; i < a.Count; i++)
        {
            var la = MathF.Sqrt((a.RotationW[i] * a.RotationW[i]) + (a.RotationX[i] * a.RotationX[i]) + (a.RotationY[i] * a.RotationY[i]) + (a.RotationZ[i] * a.RotationZ[i]));
            var lb = MathF.Sqrt((b.RotationW[i] * b.RotationW[i]) + (b.RotationX[i] * b.RotationX[i]) + (b.RotationY[i] * b.RotationY[i]) + (b.RotationZ[i] * b.RotationZ[i]));
            var dot = ((a.RotationW[i] * b.RotationW[i]) + (a.RotationX[i] * b.RotationX[i]) + (a.RotationY[i] * b.RotationY[i]) + (a.RotationZ[i] * b.RotationZ[i])) / (la * lb);
            max = MathF.Max(max, 1 - MathF.Abs(dot));
        }
        return max;
    }
}
