using System.Reflection;

namespace Augment.SplatTraining.Tests;

public class LayeringTests
{
    [Fact]
    public void Augment_Splat_Training_references_only_the_layers_below_it()
    {
        var assembly = Assembly.Load("Augment.Splat.Training");
        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Augment", StringComparison.Ordinal)).ToArray();
        Assert.All(referenced, name => Assert.Contains(name, Allowed));
    }

    // Vision for video decoding and image files: training turns captured video into a scene, as Library turns it into
    // an index. Audio, Provenance and Library stay out.
    private static readonly string[] Allowed = ["Augment.Core", "Augment.Splat", "Augment.Vision"];
}
