using System.Reflection;

namespace Augment.Cli.Tests;

public class LayeringTests
{
    [Fact]
    public void Augment_Cli_references_only_the_layers_below_it()
    {
        var assembly = Assembly.Load("augment");
        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Augment", StringComparison.Ordinal)).ToArray();
        Assert.All(referenced, name => Assert.Contains(name, Allowed));
    }

    private static readonly string[] Allowed = ["Augment.Core", "Augment.Vision", "Augment.Audio", "Augment.Splat", "Augment.Splat.Training", "Augment.Provenance", "Augment.Library", "Augment.Library.PostgreSql"];
}
