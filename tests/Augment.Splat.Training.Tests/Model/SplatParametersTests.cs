using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

public class SplatParametersTests
{
    [Fact]
    public void A_cloud_round_trips_through_parameters_plane_for_plane()
    {
        var cloud = GaussianCloud.Create(5, 2);
        var value = 1f;
        var raw = SplatParameters.FromCloud(cloud);
        for (var p = 0; p < SplatParameters.ShDcRed; p++)
        {
            var plane = raw.Plane(p);
            for (var i = 0; i < plane.Length; i++)
                plane[i] = value++;
        }
        cloud = raw.ToCloud();
        for (var c = 0; c < 3; c++)
        {
            cloud.ShDc(c).Fill(value++);
            for (var k = 0; k < cloud.ShRestCount; k++)
                cloud.ShRest(c, k).Fill(value++);
        }

        var parameters = SplatParameters.FromCloud(cloud);
        Assert.Equal(14 + (3 * 8), parameters.PlaneCount);
        Assert.Equal(cloud.Opacity.ToArray(), parameters.Plane(SplatParameters.Opacity).ToArray());
        Assert.Equal(cloud.ShRest(1, 3).ToArray(), parameters.Plane(parameters.RestPlane(1, 3)).ToArray());

        var back = parameters.ToCloud();
        Assert.Equal(cloud.Y.ToArray(), back.Y.ToArray());
        Assert.Equal(cloud.RotationZ.ToArray(), back.RotationZ.ToArray());
        Assert.Equal(cloud.ShRest(2, 7).ToArray(), back.ShRest(2, 7).ToArray());
    }

    [Fact]
    public void Rebuild_keeps_flagged_gaussians_in_order_and_appends_copies()
    {
        var parameters = new SplatParameters(4, 0);
        new float[] { 10, 11, 12, 13 }.CopyTo(parameters.Plane(0));
        var source = parameters.Rebuild([true, false, true, true], [1, 1]);
        Assert.Equal([0, 2, 3, 1, 1], source);
        Assert.Equal([10f, 12, 13, 11, 11], parameters.Plane(0).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => parameters.Rebuild([true, true, true, true, true], [7]));
    }
}
