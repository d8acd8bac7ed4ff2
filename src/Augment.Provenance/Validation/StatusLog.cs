namespace Augment.Provenance.Validation;

/// <summary>Collects status entries while one manifest is validated.</summary>
internal sealed class StatusLog
{
    private readonly List<ValidationStatus> _success = [];
    private readonly List<ValidationStatus> _informational = [];
    private readonly List<ValidationStatus> _failure = [];

    public void Success(string code, string? url, string? explanation) => _success.Add(new(code, url, explanation));

    public void Info(string code, string? url, string? explanation) => _informational.Add(new(code, url, explanation));

    public void Failure(string code, string? url, string? explanation) => _failure.Add(new(code, url, explanation));

    /// <summary>True when a failure other than an untrusted signer was logged.</summary>
    public bool HasHardFailure
    {
        get
        {
            foreach (var status in _failure)
            {
                if (!ValidationCodes.IsTrustOnly(status.Code))
                    return true;
            }
            return false;
        }
    }

    public bool HasFailure(string code)
    {
        foreach (var status in _failure)
        {
            if (status.Code == code)
                return true;
        }
        return false;
    }

    public ValidationResults ToResults() => new(_success.ToArray(), _informational.ToArray(), _failure.ToArray());
}
