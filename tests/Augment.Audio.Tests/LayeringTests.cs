using System.Reflection;

namespace Augment.Audio.Tests;

public class LayeringTests
{
    [Fact]
    public void Augment_Audio_references_only_the_layers_below_it()
    {
        var assembly = Assembly.Load("Augment.Audio");
        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Augment", StringComparison.Ordinal)).ToArray();
        Assert.All(referenced, name => Assert.Contains(name, Allowed));
    }

    private static readonly string[] Allowed = ["Augment.Core"];
}
