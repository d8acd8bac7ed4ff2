using System.Globalization;

namespace Augment.Splat;

/// <summary>
/// How a PLY vertex element maps onto <see cref="GaussianCloud"/> planes: the SH degree (from the number of
/// <c>f_rest_*</c> properties), the extras (every property that is not a 3DGS attribute, in file order), and
/// for each property the index of its plane in <see cref="GaussianCloud.Planes"/>.
/// </summary>
internal sealed class PlyVertexLayout
{
    private PlyVertexLayout(int shDegree, string[] extraNames, int[] targets)
    {
        ShDegree = shDegree;
        ExtraNames = extraNames;
        Targets = targets;
    }

    /// <summary>SH degree, 0 to 3.</summary>
    public int ShDegree { get; }

    /// <summary>Extra property names in file order.</summary>
    public string[] ExtraNames { get; }

    /// <summary>Per vertex property (file order), the plane index it fills.</summary>
    public int[] Targets { get; }

    /// <summary>The 3DGS names of the 14 fixed planes, in plane order.</summary>
    public static readonly string[] FixedNames =
    [
        "x", "y", "z", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3", "opacity", "f_dc_0", "f_dc_1", "f_dc_2",
    ];

    /// <summary>
    /// Fills the planes no property maps to with the <see cref="GaussianCloud.Create"/> defaults (zero, and 1 for the
    /// rotation's w), for clouds allocated uninitialised.
    /// </summary>
    public void FillDefaults(float[][] planes)
    {
        var mapped = new bool[planes.Length];
        foreach (var target in Targets)
            mapped[target] = true;
        for (var p = 0; p < planes.Length; p++)
        {
            if (!mapped[p])
                planes[p].AsSpan().Fill(GaussianCloud.DefaultValue(p));
        }
    }

    /// <summary>Maps <paramref name="vertex"/>'s properties; errors name the offending header line.</summary>
    public static PlyVertexLayout Create(PlyElement vertex, string source)
    {
        var props = vertex.Properties;
        var restTotal = 0;
        foreach (var p in props)
        {
            if (p.IsList)
                throw new InvalidMediaException(source, p.HeaderOffset, $"vertex property '{p.Name}' is a list; splat vertices hold scalars only");
            if (p.Name.StartsWith("f_rest_", StringComparison.Ordinal))
                restTotal++;
        }
        var shDegree = restTotal switch
        {
            0 => 0,
            9 => 1,
            24 => 2,
            45 => 3,
            _ => throw new InvalidMediaException(source, vertex.HeaderOffset, $"the vertex element has {restTotal} f_rest_* properties; SH degrees 0-3 need 0, 9, 24 or 45"),
        };
        var restCount = GaussianCloud.RestCountFor(shDegree);
        var fixedPlanes = 14 + (3 * restCount);
        var extras = new List<string>();
        var targets = new int[props.Count];
        var seen = new bool[fixedPlanes];
        for (var i = 0; i < props.Count; i++)
        {
            var p = props[i];
            var target = Array.IndexOf(FixedNames, p.Name);
            if (target < 0 && p.Name.StartsWith("f_rest_", StringComparison.Ordinal))
            {
                if (!int.TryParse(p.Name.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k >= restTotal)
                    throw new InvalidMediaException(source, p.HeaderOffset, $"property '{p.Name}' is outside f_rest_0..f_rest_{restTotal - 1}");
                target = 14 + k;
            }
            if (target >= 0)
            {
                if (seen[target])
                    throw new InvalidMediaException(source, p.HeaderOffset, $"property '{p.Name}' is declared twice");
                seen[target] = true;
                targets[i] = target;
            }
            else
            {
                targets[i] = fixedPlanes + extras.Count;
                extras.Add(p.Name);
            }
        }
        for (var axis = 0; axis < 3; axis++)
        {
            if (!seen[axis])
                throw new InvalidMediaException(source, vertex.HeaderOffset, $"the vertex element has no '{FixedNames[axis]}' property");
        }
        return new PlyVertexLayout(shDegree, [.. extras], targets);
    }
}
