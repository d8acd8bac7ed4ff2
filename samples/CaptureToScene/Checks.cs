namespace CaptureToScene;

/// <summary>Counts named checks, prints the failures, and turns the result into an exit code.</summary>
internal sealed class Checks
{
    private int _passed;
    private readonly List<string> _failed = [];

    /// <summary>Records one check.</summary>
    public void That(bool condition, string what)
    {
        if (condition)
        {
            _passed++;
        }
        else
        {
            _failed.Add(what);
            Console.Error.WriteLine($"FAILED: {what}");
        }
    }

    /// <summary>Prints the summary; 0 when every check passed, 1 otherwise.</summary>
    public int Report()
    {
        Console.WriteLine($"CaptureToScene: {_passed} checks passed, {_failed.Count} failed.");
        return _failed.Count == 0 ? 0 : 1;
    }
}
