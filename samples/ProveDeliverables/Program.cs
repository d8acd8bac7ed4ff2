// ProveDeliverables: a producer delivers a graded still and a voice-over to a client who must be able to tell which
// parts were captured and which were made by a generative model, even after a social platform strips the files'
// metadata. The sample generates the media, makes a development certificate authority, puts an invisible watermark
// in the still and in the voice-over, signs both with C2PA Content Credentials (actions with their IPTC digital
// source type, the plate and the generated sky as ingredients, the author, a thumbnail, a soft binding to the
// watermark), verifies them as the client would, strips them as a platform would, recovers the credentials through
// the watermarks from the producer's folder of delivered files, and shows that a one-byte change is detected.
// Every result is checked; the exit code says whether all checks passed.
using Augment;
using Augment.Audio;
using Augment.Provenance;
using Augment.Provenance.Watermarks;
using Augment.Vision;
using ProveDeliverables;

var checks = new Checks();
var work = Path.Combine(Path.GetTempPath(), "augment-provedeliverables-" + Environment.ProcessId);
var studio = Directory.CreateDirectory(Path.Combine(work, "studio")).FullName;        // the producer's working files
var delivered = Directory.CreateDirectory(Path.Combine(work, "delivered")).FullName;  // what was delivered: the repository
var platform = Directory.CreateDirectory(Path.Combine(work, "platform")).FullName;    // copies a platform re-encoded

// 1. A development certificate authority: a root (the client is told to trust it) and a signing certificate with the
//    key usages C2PA asks for. Real deliveries use a certificate from a CA on the C2PA trust list.
var certificates = DevelopmentCertificates.Create(Path.Combine(work, "ca"), subject: "CN=Studio Nord Delivery, O=Studio Nord");
using var signer = LocalC2paSigner.FromPemFiles(certificates.ChainPath, certificates.KeyPath);
var trustStudio = CredentialsReadOptions.WithTrustAnchorsFrom(certificates.RootPath);
Console.WriteLine($"CA:        {certificates.RootPath} (trust anchor), signing with {signer.Algorithm}");
checks.That(File.Exists(certificates.ChainPath) && File.Exists(certificates.KeyPath) && File.Exists(certificates.RootPath), "the development CA writes chain, key and root");

// 2. The ingredients, each signed where it was made: the camera plate (captured) and the sky (a model's output).
const int Width = 1280, Height = 720;
using var plate = Media.Plate(Width, Height, seed: 7);
using var sky = Media.Sky(Width, Height);
var platePath = Path.Combine(studio, "plate.jpg");
ContentCredential.For(Jpeg(plate, 95), "plate.jpg")
    .Action(C2paActions.Created, DigitalSourceType.DigitalCapture, "Camera unit A")
    .Author("Mika Berg (camera)")
    .SignTo(platePath, signer);
var skyPath = Path.Combine(studio, "sky.png");
ContentCredential.For(Png(sky), "sky.png")
    .Action(C2paActions.Created, DigitalSourceType.TrainedAlgorithmicMedia, "Sky generator (a text-to-image model)")
    .SignTo(skyPath, signer);

// 3. The graded still: sky replaced, graded, watermarked, then signed with both ingredients and a thumbnail.
var stillPayload = WatermarkPayload.FromHex("5d0e11ae20261127");
using var graded = Media.Grade(plate, sky);
using var markedStill = ImageWatermark.Embed(graded, stillPayload);
var psnr = ImageQuality.Psnr(graded, markedStill);
using var thumbnail = Media.Thumbnail(markedStill);
var stillPath = Path.Combine(delivered, "harbour-graded.jpg");
ContentCredential.For(Jpeg(markedStill, 95), "harbour-graded.jpg")
    .Title("Harbour at dawn (graded)")
    .Action(C2paActions.ColorAdjusted, DigitalSourceType.CompositeWithTrainedAlgorithmicMedia, "Studio Nord grading")
    .Action(C2paActions.Watermarked)
    .Ingredient(platePath)
    .Ingredient(skyPath)
    .Author("Studio Nord")
    .Copyright("(c) 2026 Studio Nord")
    .Thumbnail(ManifestThumbnail.Jpeg(Jpeg(thumbnail, 80)))
    .Watermark(stillPayload)
    .SignTo(stillPath, signer);
Console.WriteLine($"Still:     {stillPath} ({Width}x{Height}), watermark {stillPayload} at {psnr:0.0} dB PSNR");
checks.That(psnr >= 40, $"the image watermark keeps PSNR at 40 dB or more ({psnr:0.0} dB)");

// 4. The voice-over: recorded in the booth (here: generated), watermarked, signed.
var voicePayload = WatermarkPayload.FromHex("70cef00d20261127");
using var voice = Media.Voice(seconds: 20, seed: 3);
using var markedVoice = AudioWatermark.Embed(voice, voicePayload);
var snr = Media.SnrDb(voice, markedVoice);
var voiceMaster = Path.Combine(studio, "voice-over-marked.wav");
AudioFile.SaveWav(markedVoice, voiceMaster, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm24 });
var voicePath = Path.Combine(delivered, "voice-over.wav");
ContentCredential.For(voiceMaster)
    .Title("voice-over.wav")
    .Action(C2paActions.Created, DigitalSourceType.DigitalCapture, "Studio Nord booth")
    .Action(C2paActions.Watermarked)
    .Author("Studio Nord")
    .AudioWatermark(voicePayload)
    .SignTo(voicePath, signer);
Console.WriteLine($"Voice:     {voicePath} ({markedVoice.Duration.TotalSeconds:0} s), watermark {voicePayload} at {snr:0.0} dB SNR");
checks.That(snr >= 20, $"the audio watermark keeps SNR at 20 dB or more ({snr:0.0} dB)");

// 5. The client verifies what arrived, trusting the studio's root.
Console.WriteLine();
var still = ContentCredentials.Read(stillPath, trustStudio);
var spoken = ContentCredentials.Read(voicePath, trustStudio);
Console.WriteLine($"Verify:    harbour-graded.jpg  {still.SummaryLine}");
Console.WriteLine($"           voice-over.wav      {spoken.SummaryLine}");
checks.That(still.State == CredentialsState.Trusted, $"the still reads as Trusted ({still.State}: {Codes(still)})");
checks.That(spoken.State == CredentialsState.Trusted, $"the voice-over reads as Trusted ({spoken.State}: {Codes(spoken)})");
checks.That(still.Summary == "contains AI-generated parts", $"the still is summarised as containing AI-generated parts ({still.Summary})");
checks.That(spoken.Summary == "captured", $"the voice-over is summarised as captured ({spoken.Summary})");
if (still.ActiveManifest is { } manifest)
{
    Console.WriteLine($"           actions: {string.Join(", ", manifest.Actions.Select(a => a.Action))}");
    foreach (var ingredient in manifest.Ingredients)
        Console.WriteLine($"           ingredient: {ingredient.Title} ({ingredient.Relationship}), {Summarised(ingredient, still)}");
    checks.That(manifest.Ingredients.Count == 2, $"the still names its two ingredients ({manifest.Ingredients.Count})");
    checks.That(manifest.Actions.Any(a => a.DigitalSourceType == DigitalSourceType.CompositeWithTrainedAlgorithmicMedia), "the grade is declared a composite with AI-generated media");
    checks.That(manifest.Thumbnail is { Format: "image/jpeg" }, "the still carries a JPEG thumbnail");
    checks.That(manifest.Metadata?.Authors.Contains("Studio Nord") == true, "the still names its author");
    checks.That(manifest.SoftBindings.Any(b => b.Algorithm == ImageWatermark.AlgorithmName), "the still's manifest links its image watermark");
    var skyManifest = still.Manifests.FirstOrDefault(m => m.Title == "sky.png");
    checks.That(skyManifest?.Actions.Any(a => a.DigitalSourceType == DigitalSourceType.TrainedAlgorithmicMedia) == true, "the sky's own manifest, carried along, says a model made it");
}
else
{
    checks.That(false, "the still has an active manifest");
}
checks.That(spoken.ActiveManifest?.SoftBindings.Any(b => b.Algorithm == AudioWatermark.AlgorithmName) == true, "the voice-over's manifest links its audio watermark");
// Someone who does not trust the studio's root still sees an intact file, signed by an unknown signer.
var untrusted = ContentCredentials.Read(stillPath);
checks.That(untrusted.State == CredentialsState.Valid && Codes(untrusted).Contains("signingCredential.untrusted"),
    $"without the studio's root the still is Valid but untrusted ({untrusted.State}: {Codes(untrusted)})");

// 6. A platform strips the metadata: the still is re-encoded as JPEG at quality 80, the voice-over written into a
//    fresh 16-bit WAV of its samples. Neither carries a manifest any more.
Console.WriteLine();
var sharedStill = Path.Combine(platform, "harbour-shared.jpg");
using (var decoded = ImageFile.Load(stillPath))
    ImageFile.Save(decoded, sharedStill, new ImageSaveOptions { Quality = 80 });
var sharedVoice = Path.Combine(platform, "voice-over-shared.wav");
using (var decoded = AudioFile.Load(voicePath))
    AudioFile.SaveWav(decoded, sharedVoice, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16 });
checks.That(ContentCredentials.Read(sharedStill, trustStudio).State == CredentialsState.NoManifest, "the re-encoded still has no manifest");
checks.That(ContentCredentials.Read(sharedVoice, trustStudio).State == CredentialsState.NoManifest, "the fresh WAV has no manifest");

// 7. ... and the watermarks find the credentials again in the folder of delivered files.
var repository = new FolderManifestRepository(delivered);
CredentialsReport recoveredStill, recoveredVoice;
using (var frame = ImageFile.Load(sharedStill))
    recoveredStill = ContentCredentials.Recover(frame, repository, trustStudio);
using (var audio = AudioFile.Load(sharedVoice))
    recoveredVoice = ContentCredentials.Recover(audio, repository, trustStudio);
Console.WriteLine($"Recover:   harbour-shared.jpg     {recoveredStill.State}: {recoveredStill.SummaryLine}");
Console.WriteLine($"           voice-over-shared.wav  {recoveredVoice.State}: {recoveredVoice.SummaryLine}");
checks.That(recoveredStill.IsRecovered && recoveredStill.State == CredentialsState.Trusted && recoveredStill.RecoveredFrom == stillPath,
    $"the still's credentials are recovered, Trusted, from the delivered still ({recoveredStill.State}, {recoveredStill.RecoveredFrom})");
checks.That(recoveredVoice.IsRecovered && recoveredVoice.State == CredentialsState.Trusted && recoveredVoice.RecoveredFrom == voicePath,
    $"the voice-over's credentials are recovered, Trusted, from the delivered WAV ({recoveredVoice.State}, {recoveredVoice.RecoveredFrom})");
checks.That(recoveredStill.Summary == "contains AI-generated parts", "the recovered still still says it contains AI-generated parts");

// 8. Tampering: one changed byte in the still's image data or in the voice-over's samples breaks the hard binding.
Console.WriteLine();
foreach (var (path, at) in new[] { (stillPath, 0.7), (voicePath, 0.4) })
{
    var bytes = File.ReadAllBytes(path);
    bytes[(int)(bytes.Length * at)] ^= 0x20; // inside the pixels / samples: the manifest sits before the JPEG scan and after the WAV data
    var tampered = ContentCredentials.Read(bytes, Path.GetFileName(path), trustStudio);
    Console.WriteLine($"Tamper:    {Path.GetFileName(path),-20} one byte changed -> {tampered.State}: {Codes(tampered)}");
    checks.That(tampered.State == CredentialsState.Invalid && Codes(tampered).Contains("assertion.dataHash.mismatch"),
        $"{Path.GetFileName(path)} with one changed byte is Invalid with assertion.dataHash.mismatch ({tampered.State})");
}

Console.WriteLine();
Directory.Delete(work, recursive: true);
return checks.Report();

static byte[] Jpeg(ImageFrame frame, int quality)
{
    using var buffer = new MemoryStream();
    ImageFile.Save(frame, buffer, ImageFileFormat.Jpeg, new ImageSaveOptions { Quality = quality });
    return buffer.ToArray();
}

static byte[] Png(ImageFrame frame)
{
    using var buffer = new MemoryStream();
    ImageFile.Save(frame, buffer, ImageFileFormat.Png);
    return buffer.ToArray();
}

static string Codes(CredentialsReport report) =>
    report.Results.Failure.Count == 0 ? "no failures" : string.Join(", ", report.Results.Failure.Select(f => f.Code));

// The ingredient's own summary, from its manifest carried in the store.
static string Summarised(C2paIngredient ingredient, CredentialsReport report)
{
    var manifest = ingredient.ManifestLabel is { } label ? report.Manifest(label) : null;
    if (manifest is null)
        return "no credentials";
    var source = manifest.Actions.Select(a => a.DigitalSourceTypeName).FirstOrDefault(s => s is not null);
    return source is null ? "credentials without a source type" : "its own credentials say " + source;
}
