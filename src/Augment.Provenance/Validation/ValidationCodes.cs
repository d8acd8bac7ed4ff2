namespace Augment.Provenance;

/// <summary>The C2PA validation status codes Augment reports (C2PA 2.1, section 15.2.1; strings as the reference implementation spells them).</summary>
public static class ValidationCodes
{
    /// <summary>The claim signature verified.</summary>
    public const string ClaimSignatureValidated = "claimSignature.validated";
    /// <summary>The claim signature does not verify.</summary>
    public const string ClaimSignatureMismatch = "claimSignature.mismatch";
    /// <summary>The claim's signature box is missing.</summary>
    public const string ClaimSignatureMissing = "claimSignature.missing";
    /// <summary>The signing time lies inside the certificate's validity.</summary>
    public const string ClaimSignatureInsideValidity = "claimSignature.insideValidity";
    /// <summary>The signing time lies outside the certificate's validity.</summary>
    public const string ClaimSignatureOutsideValidity = "claimSignature.outsideValidity";
    /// <summary>The signer chains to a trust anchor.</summary>
    public const string SigningCredentialTrusted = "signingCredential.trusted";
    /// <summary>The signer does not chain to a trust anchor.</summary>
    public const string SigningCredentialUntrusted = "signingCredential.untrusted";
    /// <summary>The signing certificate is unusable (missing chain, wrong key usage or EKU, a CA certificate).</summary>
    public const string SigningCredentialInvalid = "signingCredential.invalid";
    /// <summary>A timestamp token matched.</summary>
    public const string TimeStampValidated = "timeStamp.validated";
    /// <summary>A timestamp token does not match.</summary>
    public const string TimeStampMismatch = "timeStamp.mismatch";
    /// <summary>A timestamp token does not decode.</summary>
    public const string TimeStampMalformed = "timeStamp.malformed";
    /// <summary>The time-stamping authority is not trusted.</summary>
    public const string TimeStampUntrusted = "timeStamp.untrusted";
    /// <summary>An assertion's hash matches its hashed URI.</summary>
    public const string AssertionHashedUriMatch = "assertion.hashedURI.match";
    /// <summary>An assertion's hash does not match its hashed URI.</summary>
    public const string AssertionHashedUriMismatch = "assertion.hashedURI.mismatch";
    /// <summary>A referenced assertion is not in the store.</summary>
    public const string AssertionMissing = "assertion.missing";
    /// <summary>The claim references an assertion in another manifest.</summary>
    public const string AssertionOutsideManifest = "assertion.outsideManifest";
    /// <summary>An assertion in the store is not referenced by the claim.</summary>
    public const string AssertionUndeclared = "assertion.undeclared";
    /// <summary>The data hash matches the asset.</summary>
    public const string AssertionDataHashMatch = "assertion.dataHash.match";
    /// <summary>The data hash does not match the asset.</summary>
    public const string AssertionDataHashMismatch = "assertion.dataHash.mismatch";
    /// <summary>The data hash assertion does not decode.</summary>
    public const string AssertionDataHashMalformed = "assertion.dataHash.malformed";
    /// <summary>The BMFF hash (<c>c2pa.hash.bmff.v2</c>/<c>.v3</c>) matches the asset.</summary>
    public const string AssertionBmffHashMatch = "assertion.bmffHash.match";
    /// <summary>The BMFF hash does not match the asset.</summary>
    public const string AssertionBmffHashMismatch = "assertion.bmffHash.mismatch";
    /// <summary>The BMFF hash assertion does not decode (missing hash, bad exclusion entry or xpath).</summary>
    public const string AssertionBmffHashMalformed = "assertion.bmffHash.malformed";
    /// <summary>An assertion's CBOR does not decode.</summary>
    public const string AssertionCborInvalid = "assertion.cbor.invalid";
    /// <summary>The active manifest has no hard binding.</summary>
    public const string ClaimHardBindingsMissing = "claim.hardBindings.missing";
    /// <summary>More than one hard binding.</summary>
    public const string AssertionMultipleHardBindings = "assertion.multipleHardBindings";
    /// <summary>The manifest has no claim.</summary>
    public const string ClaimMissing = "claim.missing";
    /// <summary>The claim's CBOR does not decode.</summary>
    public const string ClaimCborInvalid = "claim.cbor.invalid";
    /// <summary>The claim is structurally wrong (e.g. a malformed hashed URI).</summary>
    public const string ClaimMalformed = "claim.malformed";
    /// <summary>A signing algorithm C2PA does not allow or this platform cannot verify.</summary>
    public const string AlgorithmUnsupported = "algorithm.unsupported";
    /// <summary>An ingredient carries no manifest.</summary>
    public const string IngredientUnknownProvenance = "ingredient.unknownProvenance";
    /// <summary>An ingredient's manifest validated.</summary>
    public const string IngredientManifestValidated = "ingredient.manifest.validated";
    /// <summary>An ingredient's manifest hash does not match its reference.</summary>
    public const string IngredientManifestMismatch = "ingredient.manifest.mismatch";
    /// <summary>An ingredient's referenced manifest is not in the store.</summary>
    public const string IngredientManifestMissing = "ingredient.manifest.missing";
    /// <summary>An ingredient's claim signature verified.</summary>
    public const string IngredientClaimSignatureValidated = "ingredient.claimSignature.validated";
    /// <summary>An ingredient's claim signature does not verify.</summary>
    public const string IngredientClaimSignatureMismatch = "ingredient.claimSignature.mismatch";
    /// <summary>Anything else that stopped validation.</summary>
    public const string GeneralError = "general.error";

    /// <summary>Failure codes that do not make the state <see cref="CredentialsState.Invalid"/> (trust is the caller's policy).</summary>
    internal static bool IsTrustOnly(string code) => code is SigningCredentialUntrusted;
}
