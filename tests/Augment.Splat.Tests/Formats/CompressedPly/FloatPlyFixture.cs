using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Augment.Splat.Tests.Formats.CompressedPly;

/// <summary>
/// An independent, deliberately simple reader for the binary little-endian all-float 3DGS PLY fixtures (tiny.ply and
/// splat-transform's conversions back to PLY), so that these tests do not depend on the PLY codec under test elsewhere.
/// </summary>
internal static class FloatPlyFixture
{
    public static string DataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Data", .. parts]);

    public static GaussianCloud Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var end = IndexOf(bytes, "end_header\n"u8) + "end_header\n".Length;
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split('\n');
        var count = 0;
        var names = new List<string>();
        var inVertex = false;
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts[0] == "element")
            {
                inVertex = parts[1] == "vertex";
                if (inVertex)
                    count = int.Parse(parts[2], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "property" && inVertex)
            {
                if (parts[1] is not ("float" or "float32"))
                    throw new InvalidOperationException($"fixture reader handles float properties only: {line}");
                names.Add(parts[2]);
            }
        }
        var rest = 0;
        while (names.Contains($"f_rest_{rest}"))
            rest++;
        var degree = rest switch { 0 => 0, 9 => 1, 24 => 2, 45 => 3, _ => throw new InvalidOperationException($"{rest} f_rest") };
        var cloud = GaussianCloud.Create(count, degree);
        var stride = names.Count * 4;
        for (var p = 0; p < names.Count; p++)
        {
            var target = Plane(cloud, names[p], rest / 3);
            if (target is null)
                continue;
            for (var i = 0; i < count; i++)
                target[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(end + (i * stride) + (p * 4)));
        }
        return cloud;
    }

    private static float[]? Plane(GaussianCloud cloud, string name, int restPerChannel)
    {
        var planes = cloud.Planes;
        return name switch
        {
            "x" => planes[0],
            "y" => planes[1],
            "z" => planes[2],
            "scale_0" => planes[3],
            "scale_1" => planes[4],
            "scale_2" => planes[5],
            "rot_0" => planes[6],
            "rot_1" => planes[7],
            "rot_2" => planes[8],
            "rot_3" => planes[9],
            "opacity" => planes[10],
            "f_dc_0" => planes[11],
            "f_dc_1" => planes[12],
            "f_dc_2" => planes[13],
            _ when name.StartsWith("f_rest_", StringComparison.Ordinal) => planes[14 + int.Parse(name[7..], CultureInfo.InvariantCulture)],
            _ => null,
        };
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        var i = haystack.AsSpan().IndexOf(needle);
        if (i < 0)
            throw new InvalidOperationException("no end_header");
        return i;
    }

    /// <summary>For each splat of <paramref name="decoded"/>, the index of the nearest splat centre in <paramref name="reference"/>.</summary>
    public static int[] MatchByPosition(GaussianCloud decoded, GaussianCloud reference)
    {
        var match = new int[decoded.Count];
        for (var i = 0; i < decoded.Count; i++)
        {
            var best = -1;
            var bestDistance = double.MaxValue;
            for (var j = 0; j < reference.Count; j++)
            {
                double dx = decoded.X[i] - reference.X[j], dy = decoded.Y[i] - reference.Y[j], dz = decoded.Z[i] - reference.Z[j];
                var d = (dx * dx) + (dy * dy) + (dz * dz);
                if (d < bestDistance)
                    (best, bestDistance) = (j, d);
            }
            match[i] = best;
        }
        return match;
    }

    /// <summary>|dot| of two quaternions after normalising (1 = same rotation).</summary>
    public static float RotationAgreement(GaussianCloud a, int i, GaussianCloud b, int j)
    {
        float aw = a.RotationW[i], ax = a.RotationX[i], ay = a.RotationY[i], az = a.RotationZ[i];
        float bw = b.RotationW[j], bx = b.RotationX[j], by = b.RotationY[j], bz = b.RotationZ[j];
        var la = MathF.Sqrt((aw * aw) + (ax * ax) + (ay * ay) + (az * az));
        var lb = MathF.Sqrt((bw * bw) + (bx * bx) + (by * by) + (bz * bz));
        return MathF.Abs(((aw * bw) + (ax * bx) + (ay * by) + (az * bz)) / (la * lb));
    }

    /// <summary>When AUGMENT_REGENERATE_FIXTURES names a folder, tests write the outputs that are cross-checked by hand there.</summary>
    public static void SaveForRegeneration(string name, byte[] bytes)
    {
        var folder = Environment.GetEnvironmentVariable("AUGMENT_REGENERATE_FIXTURES");
        if (string.IsNullOrEmpty(folder))
            return;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
    }
}
