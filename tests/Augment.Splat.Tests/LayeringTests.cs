using System.Reflection;

namespace Augment.Splat.Tests;

public class LayeringTests
{
    [Fact]
    public void Augment_Splat_references_only_the_layers_below_it()
    {
        var assembly = Assembly.Load("Augment.Splat");
        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Augment", StringComparison.Ordinal)).ToArray();
        Assert.All(referenced, name => Assert.Contains(name, Allowed));
    }

    private static readonly string[] Allowed = ["Augment.Core"];
}
