using System.Reflection;

namespace Augment.Library.PostgreSql.Tests;

public class LayeringTests
{
    [Fact]
    public void Augment_Library_PostgreSql_references_only_Core_Vision_and_Library()
    {
        var assembly = Assembly.Load("Augment.Library.PostgreSql");
        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Augment", StringComparison.Ordinal)).ToArray();
        Assert.All(referenced, name => Assert.Contains(name, Allowed));
        Assert.Contains("Augment.Library", referenced);
    }

    private static readonly string[] Allowed = ["Augment.Core", "Augment.Vision", "Augment.Library"];
}
