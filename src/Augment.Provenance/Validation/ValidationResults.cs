namespace Augment.Provenance;

/// <summary>Status entries split as C2PA reports them: success, informational and failure.</summary>
public sealed class ValidationResults
{
    internal ValidationResults(IReadOnlyList<ValidationStatus> success, IReadOnlyList<ValidationStatus> informational, IReadOnlyList<ValidationStatus> failure)
    {
        Success = success;
        Informational = informational;
        Failure = failure;
    }

    /// <summary>Checks that passed.</summary>
    public IReadOnlyList<ValidationStatus> Success { get; }

    /// <summary>Facts that neither pass nor fail (e.g. <c>timeStamp.untrusted</c>).</summary>
    public IReadOnlyList<ValidationStatus> Informational { get; }

    /// <summary>Checks that failed.</summary>
    public IReadOnlyList<ValidationStatus> Failure { get; }

    /// <summary>Empty results.</summary>
    public static ValidationResults Empty { get; } = new([], [], []);

    /// <summary>True when any list holds <paramref name="code"/>.</summary>
    public bool Contains(string code) => Find(Success, code) || Find(Informational, code) || Find(Failure, code);

    private static bool Find(IReadOnlyList<ValidationStatus> list, string code)
    {
        foreach (var status in list)
        {
            if (string.Equals(status.Code, code, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
