using System.CommandLine;
using System.Globalization;
using Augment.Audio;
using Augment.Provenance.Watermarks;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment watermark embed &lt;input&gt; --payload &lt;hex&gt; --out &lt;file&gt; [--key &lt;hex&gt;] [--quality 1-100] [--strength dB]</c>:
/// adds an invisible watermark carrying 64 bits to a PNG, JPEG, TIFF, WebP or BMP image and prints the PSNR, or to a
/// sound (WAV, MP3, or anything ffmpeg decodes; at least 16 kHz and 8.04 s) written as a 32-bit float WAV, and prints the SNR.
/// </summary>
internal static class WatermarkEmbedCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("input") { Description = "The image (PNG, JPEG, TIFF, WebP, BMP) or sound (WAV, MP3; others through ffmpeg) to mark.", HelpName = "input" };
        input.AcceptLegalFilePathsOnly();
        var payload = new Option<string>("--payload") { Description = "The 64-bit payload, 1 to 16 hexadecimal digits.", HelpName = "hex", Required = true };
        var output = new Option<string>("--out") { Description = "The marked image (the format follows the extension) or sound (always a 32-bit float WAV).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var quality = new Option<int>("--quality") { Description = "JPEG or WebP quality of the output, 1 to 100.", HelpName = "1-100", DefaultValueFactory = _ => 95 };
        var strength = new Option<double?>("--strength") { Description = "Sound only: mark strength in dB relative to the signal in the 1-6 kHz band, -40 to -6 (default -15; -12 for short speech clips, at about 3 dB less SNR).", HelpName = "dB" };
        var key = WatermarkCommand.KeyOption();
        var command = new Command("embed", "Embeds an invisible 64-bit watermark (images: survives JPEG 50, half-size resizing, 10 % crops, brightness changes; sound: MP3 128k, resampling, loudness normalisation, 10 s excerpts).")
        {
            input, payload, output, quality, strength, key,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            WatermarkPayload bits;
            try
            {
                bits = WatermarkPayload.FromHex(parseResult.GetRequiredValue(payload));
            }
            catch (FormatException ex)
            {
                throw new ArgumentException("--payload: " + ex.Message, ex);
            }
            var jpegQuality = parseResult.GetValue(quality);
            if (jpegQuality is < 1 or > 100)
                throw new ArgumentException($"--quality: {jpegQuality} is not in 1..100.");
            if (WatermarkMedia.IsAudio(inputPath))
            {
                if (!string.Equals(Path.GetExtension(outputPath), ".wav", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"--out: a marked sound is written as WAV; '{outputPath}' does not end in .wav.");
                var audioOptions = WatermarkCommand.AudioOptions(parseResult.GetValue(key));
                if (parseResult.GetValue(strength) is { } strengthDb)
                {
                    if (!(strengthDb >= -40 && strengthDb <= -6))
                        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--strength: {strengthDb} dB is not in -40..-6."));
                    audioOptions = audioOptions with { StrengthDb = strengthDb };
                }
                using var sound = AudioFile.Load(inputPath, cancellationToken: cancellationToken);
                using var markedSound = AudioWatermark.Embed(sound, bits, audioOptions);
                var snr = SnrDb(sound, markedSound);
                AudioFile.SaveWav(markedSound, outputPath);
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{outputPath}: watermark {bits.ToHex()} embedded ({AudioWatermark.AlgorithmName}), SNR {snr:F1} dB, {markedSound.Duration.TotalSeconds:F1} s at {markedSound.SampleRate} Hz"));
                return Task.FromResult(ExitCodes.Success);
            }
            var options = WatermarkCommand.Options(parseResult.GetValue(key));
            using var frame = ImageFile.Load(inputPath);
            using var marked = ImageWatermark.Embed(frame, bits, options);
            var psnr = ImageQuality.Psnr(frame, marked);
            ImageFile.Save(marked, outputPath, new ImageSaveOptions { Quality = jpegQuality });
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outputPath}: watermark {bits.ToHex()} embedded ({ImageWatermark.AlgorithmName}), PSNR {psnr:F2} dB before encoding"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static double SnrDb(AudioBuffer original, AudioBuffer marked)
    {
        double signal = 0, noise = 0;
        var a = original.Data;
        var b = marked.Data;
        for (var i = 0; i < a.Length; i++)
        {
            signal += (double)a[i] * a[i];
            var d = (double)b[i] - a[i];
            noise += d * d;
        }
        return noise > 0 ? 10 * Math.Log10(signal / noise) : double.PositiveInfinity;
    }
}
