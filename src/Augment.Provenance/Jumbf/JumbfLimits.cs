namespace Augment.Provenance.Jumbf;

/// <summary>Bounds that keep parsing of untrusted JUMBF linear and shallow.</summary>
/// <param name="MaxDepth">Deepest superbox nesting accepted (a C2PA store needs 5; ingredients stay shallow too).</param>
/// <param name="MaxBoxes">Most boxes in one store.</param>
/// <param name="MaxStoreBytes">Largest manifest store accepted.</param>
internal readonly record struct JumbfLimits(int MaxDepth, int MaxBoxes, long MaxStoreBytes)
{
    /// <summary>Depth 32, 100 000 boxes, 256 MiB.</summary>
    public static JumbfLimits Default => new(32, 100_000, 256L << 20);
}
