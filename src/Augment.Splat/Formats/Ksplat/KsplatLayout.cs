namespace Augment.Splat;

/// <summary>Byte layout of one splat in a ksplat compression mode (GaussianSplats3D's <c>SplatBuffer</c> table).</summary>
internal readonly record struct KsplatLayout(int CenterBytes, int ScaleBytes, int RotationBytes, int ShBytes, int DefaultQuantisationRange)
{
    /// <summary>Colour and opacity: 4 bytes in every mode.</summary>
    public const int ColorBytes = 4;

    public int ScaleStart => CenterBytes;

    public int RotationStart => CenterBytes + ScaleBytes;

    public int ColorStart => RotationStart + RotationBytes;

    public int ShStart => ColorStart + ColorBytes;

    /// <summary>Bytes of one splat with <paramref name="shComponents"/> SH values (all channels).</summary>
    public int BytesPerSplat(int shComponents) => ShStart + (shComponents * ShBytes);

    public static KsplatLayout ForMode(int mode) => mode switch
    {
        0 => new KsplatLayout(12, 12, 16, 4, 1),
        1 => new KsplatLayout(6, 6, 8, 2, 32767),
        _ => new KsplatLayout(6, 6, 8, 1, 32767),
    };
}
