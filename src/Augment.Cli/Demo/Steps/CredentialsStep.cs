using System.Globalization;
using Augment.Provenance;
using Augment.Provenance.Signing;
using Augment.Provenance.Watermarks;
using Augment.Vision;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// Content Credentials on the demo's deliverables: a throw-away development CA signs the graded still (after an
/// invisible watermark goes in, linked by a soft binding), the colour-matched still and the cleaned dialogue with C2PA
/// manifests that say what was done; each is read back and validated against that CA; a JPEG re-encode of the still
/// (which strips the manifest, as social platforms do) gets its credentials back through the watermark; and a copy
/// of the dialogue with one changed byte must fail its hard binding.
/// </summary>
internal sealed class CredentialsStep : IDemoStep
{
    public const string CertificateFolder = "credentials";
    public const string GradedFileName = "graded-signed.png";
    public const string MatchedFileName = "camera-b-matched-signed.png";
    public const string VoiceFileName = "voice-clean-signed.wav";
    public const string StrippedFileName = "graded-shared.jpg";

    /// <summary>The payload the demo's watermark carries.</summary>
    public static readonly WatermarkPayload Payload = new(0x00A0_6E4D_2026_1127);

    public string Name => "credentials";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var certificates = DevelopmentCertificates.Create(context.OutputPath(CertificateFolder));
        using var signer = LocalC2paSigner.FromPemFiles(certificates.ChainPath, certificates.KeyPath);
        var trust = CredentialsReadOptions.WithTrustAnchorsFrom(certificates.RootPath);
        context.Progress.Report(new AugmentProgress(Name, 0.1));

        // The graded still carries a watermark under its credentials (the signature binds the marked pixels).
        byte[] markedPng;
        using (var frame = ImageFile.Load(context.OutputPath(LutGradeStep.FileName)))
        using (var marked = ImageWatermark.Embed(frame, Payload))
        using (var encoded = new MemoryStream())
        {
            ImageFile.Save(marked, encoded, ImageFileFormat.Png);
            markedPng = encoded.ToArray();
        }
        ct.ThrowIfCancellationRequested();

        var rows = new List<(string File, CredentialsReport Report)>();
        var gradedOut = context.OutputPath(GradedFileName);
        rows.Add((GradedFileName, SignAndRead(ContentCredential.For(markedPng, GradedFileName).Watermark(Payload), gradedOut, signer, trust, "c2pa.color_adjustments", "3D LUT grade (augment demo)")));
        context.Progress.Report(new AugmentProgress(Name, 0.4));
        var matchedOut = context.OutputPath(MatchedFileName);
        rows.Add((MatchedFileName, SignAndRead(ContentCredential.For(context.OutputPath(ColorMatchStep.FileName)), matchedOut, signer, trust, "c2pa.color_adjustments", "colour matched to camera A")));
        var voiceOut = context.OutputPath(VoiceFileName);
        rows.Add((VoiceFileName, SignAndRead(ContentCredential.For(context.OutputPath(VoiceCleanStep.CleanFileName)), voiceOut, signer, trust, "c2pa.edited", "noise reduction, room match, loudness normalisation")));
        context.Progress.Report(new AugmentProgress(Name, 0.7));

        foreach (var (file, report) in rows)
        {
            if (report.State != CredentialsState.Trusted)
                throw new AugmentException($"{file}: the credentials Augment just signed read as {report.State}, not Trusted ({string.Join(", ", report.Results.Failure.Select(f => f.Code))}).");
        }

        // The watermark survives in the signed file; a platform then re-encodes the still and drops its metadata, and
        // the watermark finds the manifest again.
        WatermarkDetection detection;
        var strippedPath = context.OutputPath(StrippedFileName);
        using (var signedFrame = ImageFile.Load(gradedOut))
        {
            detection = ImageWatermark.Detect(signedFrame, cancellationToken: ct);
            ImageFile.Save(signedFrame, strippedPath, new ImageSaveOptions { Quality = 90 });
        }
        if (!detection.Found || detection.Payload != Payload)
            throw new AugmentException($"{GradedFileName}: the watermark {Payload.ToHex()} was not found again (confidence {detection.BitConfidence:0.00}).");
        if (ContentCredentials.Read(strippedPath, trust).State != CredentialsState.NoManifest)
            throw new AugmentException($"{StrippedFileName}: the re-encoded copy still carries a manifest.");
        CredentialsReport recovered;
        using (var shared = ImageFile.Load(strippedPath))
            recovered = ContentCredentials.Recover(shared, new FolderManifestRepository(context.OutputDirectory), trust, cancellationToken: ct);
        if (!recovered.IsRecovered || recovered.State != CredentialsState.Trusted)
            throw new AugmentException($"{StrippedFileName}: the credentials were not recovered through the watermark ({recovered.State}).");
        context.Progress.Report(new AugmentProgress(Name, 0.85));

        // One changed byte in the samples must break the hard binding.
        var tampered = File.ReadAllBytes(voiceOut);
        tampered[tampered.Length / 3] ^= 0x01; // inside the samples (the manifest chunk follows them)
        var tamperedReport = ContentCredentials.Read(tampered, VoiceFileName, trust);
        var tamperCodes = tamperedReport.Results.Failure.Select(f => f.Code).ToArray();
        if (tamperedReport.State == CredentialsState.Valid || !tamperCodes.Contains("assertion.dataHash.mismatch"))
            throw new AugmentException($"{VoiceFileName} with one changed byte read as {tamperedReport.State} ({string.Join(", ", tamperCodes)}); expected assertion.dataHash.mismatch.");
        context.Progress.Report(new AugmentProgress(Name, 1));

        var table = new List<IReadOnlyList<string>>();
        foreach (var (file, report) in rows)
        {
            var actions = report.ActiveManifest is { } m ? string.Join(", ", m.Actions.Select(a => a.Action)) : "";
            table.Add([file, report.State.ToString(), report.Summary, actions]);
        }
        table.Add([StrippedFileName + " (no manifest, JPEG 90)", recovered.State + ", recovered", recovered.Summary, "found by watermark " + Payload.ToHex()]);
        table.Add([VoiceFileName + " (1 byte changed)", tamperedReport.State.ToString(), string.Join(", ", tamperCodes), ""]);
        var details = new DemoTable("Content Credentials (trusting the demo's development CA)", ["file", "state", "summary", "actions"], table);
        return Task.FromResult(new DemoStepResult(
            Name,
            "sign deliverables with a development CA (C2PA), watermark the still, verify, tamper check",
            string.Create(CultureInfo.InvariantCulture,
                $"{rows.Count} files signed, Trusted; watermark {Payload.ToHex()} found ({detection.BitConfidence:0.00}); stripped JPEG recovered {recovered.State}; tampered copy {tamperedReport.State}"),
            [gradedOut, matchedOut, voiceOut, strippedPath, certificates.RootPath])
        {
            Details = details,
        });
    }

    private static CredentialsReport SignAndRead(ContentCredential input, string output, LocalC2paSigner signer, CredentialsReadOptions trust, string action, string description)
    {
        // The demo's media are generated by software (no camera, no AI model), and then edited.
        input.Title(Path.GetFileName(output))
            .Author("Augment demo")
            .Action(new C2paAction(C2paActions.Created, DigitalSourceType.AlgorithmicMedia, "Augment demo", null, null))
            .Action(new C2paAction(action, null, "Augment demo", null, description))
            .SignTo(output, signer);
        return ContentCredentials.Read(output, trust);
    }
}
