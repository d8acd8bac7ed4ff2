using System.CommandLine;
using System.Globalization;
using Augment.Provenance.Watermarks;

namespace Augment.Cli.Commands;

/// <summary><c>augment watermark</c>: invisible 64-bit image and audio watermarks from Augment.Provenance (embed, detect).</summary>
internal static class WatermarkCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("watermark", "Invisible watermarks: embed a 64-bit payload in an image or a sound, detect it after re-encoding, resizing, resampling or cropping.")
        {
            WatermarkEmbedCommand.Create(context),
            WatermarkDetectCommand.Create(context),
        };
    }

    /// <summary>The <c>--key</c> option shared by both verbs.</summary>
    internal static Option<string?> KeyOption() =>
        new("--key") { Description = "Secret watermark key, 1 to 16 hexadecimal digits; detect needs the key that embedded. Default: the public default key.", HelpName = "hex" };

    /// <summary>Image options for a <c>--key</c> value (null keeps the default key).</summary>
    internal static ImageWatermarkOptions Options(string? keyHex) =>
        ParseKey(keyHex) is { } key ? new ImageWatermarkOptions { Key = key } : ImageWatermarkOptions.Default;

    /// <summary>Audio options for a <c>--key</c> value (null keeps the default key).</summary>
    internal static AudioWatermarkOptions AudioOptions(string? keyHex) =>
        ParseKey(keyHex) is { } key ? new AudioWatermarkOptions { Key = key } : AudioWatermarkOptions.Default;

    private static ulong? ParseKey(string? keyHex)
    {
        if (keyHex is null)
            return null;
        var digits = keyHex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? keyHex[2..] : keyHex;
        if (digits.Length is 0 or > 16 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key))
            throw new ArgumentException($"--key: '{keyHex}' is not 1 to 16 hexadecimal digits.");
        return key;
    }
}
