using System.Reflection;

namespace Augment.Library.Tests;

public class LayeringTests
{
    [Fact]
    public void Augment_Library_references_only_Core_and_Vision()
    {
        var assembly = Assembly.Load("Augment.Library");
        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Augment", StringComparison.Ordinal)).ToArray();
        Assert.All(referenced, name => Assert.Contains(name, Allowed));
        Assert.Contains("Augment.Vision", referenced);
    }

    private static readonly string[] Allowed = ["Augment.Core", "Augment.Vision"];
}
