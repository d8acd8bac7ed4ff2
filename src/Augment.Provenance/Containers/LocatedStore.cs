namespace Augment.Provenance.Containers;

/// <summary>Where a manifest store was found in an asset.</summary>
/// <param name="Format">The asset's container.</param>
/// <param name="Store">The JUMBF manifest store (reassembled when it was split), or null when the asset has none.</param>
/// <param name="StoreOffset">Offset of the store's first byte in the asset (for messages), or -1.</param>
/// <param name="External">True when the store came from a sidecar next to the asset, not from inside it.</param>
/// <param name="SidecarPath">The sidecar's path when it was read from a file, or null.</param>
internal sealed record LocatedStore(AssetFormat Format, ReadOnlyMemory<byte>? Store, long StoreOffset, bool External = false, string? SidecarPath = null);
