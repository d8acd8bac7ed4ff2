namespace Augment.Splat.Cleaning;

/// <summary>The alive splats with finite centres, gathered into contiguous coordinate arrays for a spatial index.</summary>
internal sealed class NeighbourPoints
{
    private NeighbourPoints(int[] ids, float[] x, float[] y, float[] z, int[] nonFinite)
    {
        Ids = ids;
        X = x;
        Y = y;
        Z = z;
        NonFinite = nonFinite;
    }

    /// <summary>Cloud index of each gathered point.</summary>
    public int[] Ids { get; }

    public float[] X { get; }

    public float[] Y { get; }

    public float[] Z { get; }

    /// <summary>Alive splats whose centre is not finite: they have no neighbours and are removed by neighbourhood steps.</summary>
    public int[] NonFinite { get; }

    public int Count => Ids.Length;

    public static NeighbourPoints Gather(CleaningPass pass)
    {
        var alive = pass.AliveIndices();
        pass.Budget.EnsureAllocation((long)alive.Length * 16, $"the positions of {alive.Length:N0} splats");
        var planes = pass.Cloud.Planes;
        float[] cx = planes[0], cy = planes[1], cz = planes[2];
        var finite = 0;
        foreach (var i in alive)
        {
            if (float.IsFinite(cx[i]) && float.IsFinite(cy[i]) && float.IsFinite(cz[i]))
                finite++;
        }
        var ids = new int[finite];
        var x = new float[finite];
        var y = new float[finite];
        var z = new float[finite];
        var bad = new int[alive.Length - finite];
        int n = 0, b = 0;
        foreach (var i in alive)
        {
            if (float.IsFinite(cx[i]) && float.IsFinite(cy[i]) && float.IsFinite(cz[i]))
            {
                ids[n] = i;
                x[n] = cx[i];
                y[n] = cy[i];
                z[n] = cz[i];
                n++;
            }
            else
            {
                bad[b++] = i;
            }
        }
        return new NeighbourPoints(ids, x, y, z, bad);
    }
}
