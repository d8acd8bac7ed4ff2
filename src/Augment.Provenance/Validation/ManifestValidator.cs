using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Augment.Provenance.Cbor;
using Augment.Provenance.Claims;
using Augment.Provenance.Containers;
using Augment.Provenance.Cose;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Validation;

/// <summary>
/// Validates a manifest store the way C2PA 2.1, section 15 orders it: claim, claim signature (with timestamp and
/// signing credential), hashed URIs of every referenced assertion, the hard binding against the asset (active
/// manifest only), then ingredients, whose own manifests are validated recursively into ingredient deltas.
/// Damaged content inside a manifest becomes a status code, never an exception.
/// </summary>
internal sealed class ManifestValidator
{
    private const int MaxIngredientDepth = 16;

    private readonly ManifestStore _store;
    private readonly ReadOnlyMemory<byte> _asset;
    private readonly LocatedStore _located;
    private readonly CredentialsReadOptions _options;
    private readonly Dictionary<string, C2paManifest> _manifests = new(StringComparer.Ordinal);
    private readonly List<IngredientDelta> _deltas = [];
    // Each ingredient manifest is validated once: a store whose ingredients share manifests (a DAG) stays linear.
    private readonly Dictionary<string, (ValidationResults Results, bool HardFailure)> _validated = new(StringComparer.Ordinal);

    public ManifestValidator(ManifestStore store, ReadOnlyMemory<byte> asset, LocatedStore located, CredentialsReadOptions options)
    {
        _store = store;
        _asset = asset;
        _located = located;
        _options = options;
    }

    private ManifestStoreSource Source => _located.External ? ManifestStoreSource.Sidecar : ManifestStoreSource.Embedded;

    /// <summary>Runs every check and assembles the report.</summary>
    public CredentialsReport Run()
    {
        var log = new StatusLog();
        var active = _store.ActiveLabel;
        if (active is null)
        {
            log.Failure(ValidationCodes.ClaimMissing, null, "the manifest store holds no manifest");
            return new CredentialsReport(_located.Format, CredentialsState.Invalid, null, [], log.ToResults(), [], Source, _located.SidecarPath);
        }
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var trusted = ValidateManifest(active, log, isActive: true, visiting, depth: 0);
        var state = log.HasHardFailure ? CredentialsState.Invalid : trusted ? CredentialsState.Trusted : CredentialsState.Valid;
        var manifests = new List<C2paManifest>();
        foreach (var label in _store.Labels)
            manifests.Add(Describe(label));
        return new CredentialsReport(_located.Format, state, active, manifests, log.ToResults(), _deltas, Source, _located.SidecarPath);
    }

    /// <summary>Validates one manifest into <paramref name="log"/>; returns true when its signer is trusted.</summary>
    private bool ValidateManifest(string label, StatusLog log, bool isActive, HashSet<string> visiting, int depth)
    {
        var manifest = _store.Manifest(label)!;
        var claimBox = ManifestStore.Claim(manifest);
        var claimUri = JumbfUri.Absolute(label, claimBox?.Label ?? "c2pa.claim");
        if (claimBox?.Content(JumbfTypes.Cbor) is not { } claimContent)
        {
            log.Failure(ValidationCodes.ClaimMissing, JumbfUri.Manifest(label), "the manifest has no claim");
            return false;
        }
        C2paClaim claim;
        try
        {
            claim = C2paClaim.Parse(claimContent.Payload, claimBox.Label == "c2pa.claim.v2" ? 2 : 1, claimUri);
        }
        catch (InvalidMediaException ex)
        {
            log.Failure(ValidationCodes.ClaimCborInvalid, claimUri, ex.Message);
            return false;
        }
        if (claim.HasMalformedReferences)
            log.Failure(ValidationCodes.ClaimMalformed, claimUri, "an assertion reference is not a hashed URI");

        var trusted = CheckSignature(label, manifest, claim, log);
        var hardBindings = CheckAssertions(label, claim, log, isActive);
        if (isActive && _located.Format != AssetFormat.Sidecar)
            CheckHardBinding(label, hardBindings, claim, log);
        if (depth < MaxIngredientDepth && visiting.Add(label))
        {
            CheckIngredients(label, claim, isActive ? null : log, visiting, depth);
            visiting.Remove(label);
        }
        return trusted;
    }

    private bool CheckSignature(string label, JumbfBox manifest, C2paClaim claim, StatusLog log)
    {
        try
        {
            return CheckSignatureCore(label, manifest, claim, log);
        }
        catch (CryptographicException ex)
        {
            // A certificate that parsed but whose fields do not decode (lazy decoding in X509Certificate2).
            log.Failure(ValidationCodes.SigningCredentialInvalid, JumbfUri.Absolute(label, "c2pa.signature"), "signing certificate does not decode: " + ex.Message);
            return false;
        }
    }

    private bool CheckSignatureCore(string label, JumbfBox manifest, C2paClaim claim, StatusLog log)
    {
        var signatureUri = JumbfUri.Absolute(label, "c2pa.signature");
        var signatureBox = claim.SignatureUrl is { } url ? _store.Resolve(url, label, out signatureUri) : null;
        signatureBox ??= ManifestStore.Signature(manifest);
        if (signatureBox?.Content(JumbfTypes.Cbor) is not { } content)
        {
            log.Failure(ValidationCodes.ClaimSignatureMissing, signatureUri, "the claim's signature box is missing");
            return false;
        }
        using var signature = ClaimSignatureVerifier.Decode(content.Payload, out var message, out var problem);
        if (signature is null || message is null)
        {
            log.Failure(ValidationCodes.ClaimSignatureMismatch, signatureUri, "claim signature is not valid: " + problem);
            return false;
        }

        DateTimeOffset? stamped = null;
        foreach (var (token, overSignature) in signature.TimestampTokens)
        {
            var outcome = TimestampVerifier.Check(token, signature.ProtectedHeader,
                overSignature ? TimestampVerifier.Sig2Payload(signature.Signature) : claim.Bytes.Span, out var time, out var authority);
            switch (outcome)
            {
                case TimestampVerifier.Outcome.Validated:
                    stamped ??= time;
                    log.Success(ValidationCodes.TimeStampValidated, signatureUri, $"timestamp message digest matched: {authority}");
                    // No TSA trust list is configurable yet, so the authority stays untrusted (as the reference without one).
                    log.Info(ValidationCodes.TimeStampUntrusted, signatureUri, $"timestamp cert untrusted: {authority}");
                    break;
                case TimestampVerifier.Outcome.Mismatch:
                    log.Info(ValidationCodes.TimeStampMismatch, signatureUri, "timestamp message digest does not match");
                    break;
                default:
                    log.Info(ValidationCodes.TimeStampMalformed, signatureUri, "timestamp token does not decode");
                    break;
            }
        }

        var signer = signature.Signer;
        var at = stamped ?? _options.VerificationTime ?? DateTimeOffset.UtcNow;
        if (at >= signer.NotBefore.ToUniversalTime() && at <= signer.NotAfter.ToUniversalTime())
            log.Success(ValidationCodes.ClaimSignatureInsideValidity, signatureUri, "claim signature valid");
        else
            log.Failure(ValidationCodes.ClaimSignatureOutsideValidity, signatureUri, $"signing time {at:O} is outside the certificate's validity");

        if (CoseAlgorithms.Name(signature.AlgorithmId) is null)
        {
            log.Failure(ValidationCodes.AlgorithmUnsupported, signatureUri, $"COSE algorithm {signature.AlgorithmId} is not allowed by C2PA");
            return false;
        }
        var verified = ClaimSignatureVerifier.Verify(message, signature, claim.Bytes.Span);
        if (verified is null)
        {
            log.Failure(ValidationCodes.AlgorithmUnsupported, signatureUri, $"{CoseAlgorithms.Name(signature.AlgorithmId)} signatures cannot be verified on this platform");
            return false;
        }
        if (verified.Value)
            log.Success(ValidationCodes.ClaimSignatureValidated, signatureUri, "claim signature valid");
        else
            log.Failure(ValidationCodes.ClaimSignatureMismatch, signatureUri, "claim signature is not valid");

        if (SigningCredentialChecker.Problem(signer) is { } credentialProblem)
        {
            log.Failure(ValidationCodes.SigningCredentialInvalid, signatureUri, credentialProblem);
            return false;
        }
        if (SigningCredentialChecker.IsTrusted(signature.Chain, _options.TrustAnchors, at))
        {
            log.Success(ValidationCodes.SigningCredentialTrusted, signatureUri, "signing certificate trusted: " + signer.GetNameInfo(X509NameType.SimpleName, false));
            return verified.Value;
        }
        log.Failure(ValidationCodes.SigningCredentialUntrusted, signatureUri, "signing certificate untrusted: " + signer.GetNameInfo(X509NameType.SimpleName, false));
        return false;
    }

    /// <summary>Checks each hashed URI of the claim; returns the data-hash assertions found (hard bindings).</summary>
    private List<(JumbfBox Box, string Uri)> CheckAssertions(string label, C2paClaim claim, StatusLog log, bool isActive)
    {
        var hardBindings = new List<(JumbfBox, string)>();
        foreach (var reference in claim.Assertions)
        {
            var box = _store.Resolve(reference.Url, label, out var absolute);
            if (box is null || !box.IsSuperbox)
            {
                log.Failure(ValidationCodes.AssertionMissing, absolute, "hashed uri not found: " + reference.Url);
                continue;
            }
            // A claim may only reference its own assertion store (C2PA 2.1, section 15.10.3.1).
            if (JumbfUri.TryParse(reference.Url, out var referenced, out _) && referenced is not null && referenced != label)
            {
                log.Failure(ValidationCodes.AssertionOutsideManifest, absolute, "assertion is in another manifest: " + reference.Url);
                continue;
            }
            if (DataHasher.Algorithm(reference.Algorithm ?? claim.Algorithm) is not { } algorithm)
            {
                log.Failure(ValidationCodes.AlgorithmUnsupported, absolute, $"hash algorithm '{reference.Algorithm ?? claim.Algorithm}' is not supported");
                continue;
            }
            // The hash covers the superbox without its LBox/TBox header (C2PA 2.1, section 8.4.2.3).
            var digest = HashOf(box.Payload.Span, algorithm);
            if (CryptographicOperations.FixedTimeEquals(digest, reference.Hash))
                log.Success(ValidationCodes.AssertionHashedUriMatch, absolute, "hashed uri matched: " + reference.Url);
            else
                log.Failure(ValidationCodes.AssertionHashedUriMismatch, absolute, "hash does not match assertion data: " + reference.Url);
            if (isActive && box.Label is { } boxLabel && JumbfUri.BaseLabel(boxLabel) is "c2pa.hash.data" or "c2pa.hash.boxes" or "c2pa.hash.bmff" or "c2pa.hash.bmff.v2" or "c2pa.hash.bmff.v3")
                hardBindings.Add((box, absolute));
        }
        return hardBindings;
    }

    private void CheckHardBinding(string label, List<(JumbfBox Box, string Uri)> hardBindings, C2paClaim claim, StatusLog log)
    {
        if (hardBindings.Count == 0)
        {
            log.Failure(ValidationCodes.ClaimHardBindingsMissing, JumbfUri.Manifest(label), "the claim has no hard binding");
            return;
        }
        if (hardBindings.Count > 1)
            log.Failure(ValidationCodes.AssertionMultipleHardBindings, JumbfUri.Manifest(label), "the claim has more than one hard binding");
        var (box, uri) = hardBindings[0];
        if (JumbfUri.BaseLabel(box.Label!) is "c2pa.hash.bmff.v2" or "c2pa.hash.bmff.v3")
        {
            CheckBmffHash(box, uri, claim, log);
            return;
        }
        if (JumbfUri.BaseLabel(box.Label!) != "c2pa.hash.data")
        {
            log.Failure(ValidationCodes.AlgorithmUnsupported, uri, $"hard binding '{box.Label}' is not verified by Augment yet");
            return;
        }
        CborMap? map;
        try
        {
            map = AssertionReader.Content(box, uri) as CborMap;
        }
        catch (InvalidMediaException)
        {
            map = null;
        }
        if (map is null || !AssertionReader.TryDataHash(map, out var exclusions, out var algorithmName, out var expected)
            || DataHasher.Algorithm(algorithmName ?? claim.Algorithm) is not { } algorithm)
        {
            log.Failure(ValidationCodes.AssertionDataHashMalformed, uri, "data hash assertion is malformed");
            return;
        }
        var actual = DataHasher.Hash(_asset.Span, exclusions, algorithm);
        if (actual is not null && CryptographicOperations.FixedTimeEquals(actual, expected))
            log.Success(ValidationCodes.AssertionDataHashMatch, uri, "data hash valid");
        else
            log.Failure(ValidationCodes.AssertionDataHashMismatch, uri, "asset hash error: the asset's bytes do not match the data hash");
    }

    /// <summary><c>c2pa.hash.bmff.v2</c>/<c>.v3</c> without a Merkle tree (C2PA 2.1, section 18.6): box-wise hash with exclusions.</summary>
    private void CheckBmffHash(JumbfBox box, string uri, C2paClaim claim, StatusLog log)
    {
        CborMap? map;
        try
        {
            map = AssertionReader.Content(box, uri) as CborMap;
        }
        catch (InvalidMediaException)
        {
            map = null;
        }
        if (map is null || !BmffHasher.TryRead(map, out var exclusions, out var algorithmName, out var expected, out var merkle)
            || DataHasher.Algorithm(algorithmName ?? claim.Algorithm) is not { } algorithm)
        {
            log.Failure(ValidationCodes.AssertionBmffHashMalformed, uri, "BMFF hash assertion is malformed");
            return;
        }
        if (merkle)
        {
            log.Failure(ValidationCodes.AlgorithmUnsupported, uri, "Merkle-tree BMFF hashes (fragmented MP4) are not verified by Augment yet");
            return;
        }
        byte[]? actual;
        try
        {
            actual = BmffHasher.Hash(_asset.Span, exclusions, algorithm, null);
        }
        catch (InvalidMediaException ex)
        {
            log.Failure(ValidationCodes.AssertionBmffHashMismatch, uri, "the asset's BMFF boxes are damaged: " + ex.Message);
            return;
        }
        if (actual is null)
            log.Failure(ValidationCodes.AssertionBmffHashMalformed, uri, "a BMFF hash exclusion has a malformed xpath");
        else if (CryptographicOperations.FixedTimeEquals(actual, expected))
            log.Success(ValidationCodes.AssertionBmffHashMatch, uri, "BMFF hash valid");
        else
            log.Failure(ValidationCodes.AssertionBmffHashMismatch, uri, "BMFF hash error: the asset's boxes do not match the hash");
    }

    /// <summary>Ingredients of the active manifest become deltas; deeper ones log into their parent's delta.</summary>
    private void CheckIngredients(string label, C2paClaim claim, StatusLog? parentLog, HashSet<string> visiting, int depth)
    {
        foreach (var reference in claim.Assertions)
        {
            var box = _store.Resolve(reference.Url, label, out var absolute);
            if (box?.Label is not { } assertionLabel || !JumbfUri.BaseLabel(assertionLabel).StartsWith("c2pa.ingredient", StringComparison.Ordinal))
                continue;
            var log = parentLog ?? new StatusLog();
            CborMap? map = null;
            try
            {
                map = AssertionReader.Content(box, absolute) as CborMap;
            }
            catch (InvalidMediaException ex)
            {
                log.Failure(ValidationCodes.AssertionCborInvalid, absolute, ex.Message);
            }
            if (map is not null)
                CheckIngredient(assertionLabel, map, absolute, log, visiting, depth);
            if (parentLog is null)
                _deltas.Add(new IngredientDelta(absolute, log.ToResults()));
        }
    }

    private void CheckIngredient(string assertionLabel, CborMap map, string absolute, StatusLog log, HashSet<string> visiting, int depth)
    {
        var (ingredient, manifestUri) = AssertionReader.Ingredient(assertionLabel, map);
        if (manifestUri is null)
        {
            log.Info(ValidationCodes.IngredientUnknownProvenance, absolute, $"{ingredient.Title}: ingredient does not have provenance");
            return;
        }
        var ingredientManifest = _store.Resolve(manifestUri.Url, "", out var manifestAbsolute);
        if (ingredientManifest?.Label is not { } ingredientLabel || _store.Manifest(ingredientLabel) is null)
        {
            log.Failure(ValidationCodes.IngredientManifestMissing, absolute, "ingredient manifest not in the store: " + manifestUri.Url);
            return;
        }
        var algorithm = DataHasher.Algorithm(manifestUri.Algorithm) ?? HashAlgorithmName.SHA256;
        if (!CryptographicOperations.FixedTimeEquals(HashOf(ingredientManifest.Payload.Span, algorithm), manifestUri.Hash))
            log.Failure(ValidationCodes.IngredientManifestMismatch, manifestAbsolute, "ingredient manifest hash does not match: " + manifestUri.Url);
        if (visiting.Contains(ingredientLabel))
        {
            log.Failure(ValidationCodes.GeneralError, manifestAbsolute, "ingredient manifests form a loop");
            return;
        }
        if (!_validated.TryGetValue(ingredientLabel, out var validated))
        {
            var inner = new StatusLog();
            ValidateManifest(ingredientLabel, inner, isActive: false, visiting, depth + 1);
            validated = (inner.ToResults(), inner.HasHardFailure);
            _validated[ingredientLabel] = validated;
        }
        var results = validated.Results;
        foreach (var s in results.Success)
            log.Success(s.Code, s.Url, s.Explanation);
        foreach (var s in results.Informational)
            log.Info(s.Code, s.Url, s.Explanation);
        foreach (var s in results.Failure)
            log.Failure(s.Code, s.Url, s.Explanation);
        if (!validated.HardFailure)
            log.Success(ValidationCodes.IngredientManifestValidated, absolute, "ingredient manifest validated: " + ingredientLabel);
    }

    private static byte[] HashOf(ReadOnlySpan<byte> data, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    /// <summary>Reads a manifest's claim, assertions and signer for the report (no checks).</summary>
    private C2paManifest Describe(string label)
    {
        if (_manifests.TryGetValue(label, out var cached))
            return cached;
        var box = _store.Manifest(label)!;
        C2paClaim? claim = null;
        if (ManifestStore.Claim(box) is { } claimBox && claimBox.Content(JumbfTypes.Cbor) is { } content)
        {
            try
            {
                claim = C2paClaim.Parse(content.Payload, claimBox.Label == "c2pa.claim.v2" ? 2 : 1, label);
            }
            catch (InvalidMediaException)
            {
                claim = null;
            }
        }
        var actions = new List<C2paAction>();
        var ingredients = new List<C2paIngredient>();
        var ingredientJson = new List<string>();
        var labels = new List<string>();
        var data = new List<(string, string)>();
        var softBindings = new List<C2paSoftBinding>();
        ManifestMetadata? metadata = null;
        C2paThumbnail? thumbnail = null;
        if (ManifestStore.AssertionStore(box) is { } assertions)
        {
            foreach (var assertion in assertions.Children)
            {
                if (assertion.Label is not { } assertionLabel)
                    continue;
                labels.Add(assertionLabel);
                var uri = JumbfUri.Absolute(label, "c2pa.assertions/" + assertionLabel);
                var baseLabel = JumbfUri.BaseLabel(assertionLabel);
                if (baseLabel.StartsWith("c2pa.thumbnail.", StringComparison.Ordinal))
                {
                    if (thumbnail is null && baseLabel.StartsWith("c2pa.thumbnail.claim", StringComparison.Ordinal) && AssertionReader.EmbeddedFile(assertion) is { } file)
                        thumbnail = new C2paThumbnail(assertionLabel, file.Format, uri, file.Data);
                    continue;
                }
                object? node;
                try
                {
                    node = AssertionReader.Content(assertion, uri);
                }
                catch (InvalidMediaException)
                {
                    continue;
                }
                if (baseLabel is "c2pa.actions" or "c2pa.actions.v2" && node is CborMap actionMap)
                {
                    actions.AddRange(AssertionReader.Actions(actionMap));
                    data.Add((assertionLabel, ToJson(node)));
                }
                else if (baseLabel.StartsWith("c2pa.ingredient", StringComparison.Ordinal) && node is CborMap ingredientMap)
                {
                    var (ingredient, manifestUri) = AssertionReader.Ingredient(assertionLabel, ingredientMap);
                    string? manifestLabel = null;
                    if (manifestUri is not null && _store.Resolve(manifestUri.Url, label, out _) is { Label: { } found } && _store.Manifest(found) is not null)
                        manifestLabel = found;
                    ingredients.Add(ingredient with { ManifestLabel = manifestLabel });
                    ingredientJson.Add(ToJson(node));
                }
                else if (!baseLabel.StartsWith("c2pa.hash.", StringComparison.Ordinal) && node is not null)
                {
                    if (baseLabel == "c2pa.soft-binding" && node is CborMap softBinding)
                        SoftBindingReader.Read(softBinding, softBindings);
                    else if (baseLabel == "cawg.metadata" && node is string metadataJson)
                        metadata ??= Signing.MetadataJson.Read(metadataJson);
                    data.Add((assertionLabel, node is string json ? json : ToJson(node)));
                }
            }
        }
        var manifest = new C2paManifest
        {
            Label = label,
            ClaimVersion = claim?.Version ?? 0,
            ClaimGenerator = claim?.ClaimGenerator,
            ClaimGeneratorInfo = GeneratorInfo(claim),
            Title = claim?.Title,
            Format = claim?.Format,
            InstanceId = claim?.InstanceId,
            Actions = actions,
            Ingredients = ingredients,
            AssertionLabels = labels,
            Thumbnail = thumbnail,
            Signature = SignatureInfo(box, claim),
            DataAssertions = data,
            IngredientJson = ingredientJson,
            SoftBindings = softBindings,
            Metadata = metadata,
        };
        _manifests[label] = manifest;
        return manifest;
    }

    private static List<string> GeneratorInfo(C2paClaim? claim)
    {
        var list = new List<string>();
        if (claim is null)
            return list;
        foreach (var info in claim.ClaimGeneratorInfo)
        {
            if (info.Text("name") is { } name)
                list.Add(info.Text("version") is { } version ? $"{name}/{version}" : name);
        }
        return list;
    }

    private static C2paSignatureInfo? SignatureInfo(JumbfBox manifest, C2paClaim? claim)
    {
        try
        {
            return SignatureInfoCore(manifest, claim);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static C2paSignatureInfo? SignatureInfoCore(JumbfBox manifest, C2paClaim? claim)
    {
        if (ManifestStore.Signature(manifest)?.Content(JumbfTypes.Cbor) is not { } content)
            return null;
        using var signature = ClaimSignatureVerifier.Decode(content.Payload, out _, out _);
        if (signature is null)
            return null;
        DateTimeOffset? time = null;
        foreach (var (token, overSignature) in signature.TimestampTokens)
        {
            if (claim is null)
                break;
            if (TimestampVerifier.Check(token, signature.ProtectedHeader, overSignature ? TimestampVerifier.Sig2Payload(signature.Signature) : claim.Bytes.Span, out var t, out _) == TimestampVerifier.Outcome.Validated)
            {
                time = t;
                break;
            }
        }
        var signer = signature.Signer;
        var serial = new BigInteger(signer.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true);
        return new C2paSignatureInfo(CoseAlgorithms.Name(signature.AlgorithmId) ?? signature.AlgorithmId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            SubjectPart(signer, "O"), signer.GetNameInfo(X509NameType.SimpleName, false), serial.ToString(System.Globalization.CultureInfo.InvariantCulture), time);
    }

    private static string? SubjectPart(X509Certificate2 certificate, string key)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().FriendlyName == key || (key == "O" && rdn.GetSingleElementType().Value == "2.5.4.10"))
                return rdn.GetSingleElementValue();
        }
        return null;
    }

    private static string ToJson(object? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            CborJson.Write(writer, node);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
