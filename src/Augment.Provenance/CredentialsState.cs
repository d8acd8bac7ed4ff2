namespace Augment.Provenance;

/// <summary>The overall validation state of an asset's Content Credentials.</summary>
public enum CredentialsState
{
    /// <summary>The asset carries no manifest store.</summary>
    NoManifest,
    /// <summary>Some check failed (beyond an untrusted signer): signature, hard binding, assertion hashes, ...</summary>
    Invalid,
    /// <summary>Every check passed; the signer is not on the caller's trust list (or none was given).</summary>
    Valid,
    /// <summary>Every check passed and the signing certificate chains to one of the caller's trust anchors.</summary>
    Trusted,
}
