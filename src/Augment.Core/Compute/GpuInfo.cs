namespace Augment;

/// <summary>A GPU the machine's driver reports.</summary>
/// <param name="Index">Device index as the driver numbers it (the id execution providers take).</param>
/// <param name="Name">Marketing name, such as "NVIDIA H100 80GB HBM3".</param>
/// <param name="MemoryBytes">Total device memory in bytes.</param>
/// <param name="DriverVersion">Driver version, when reported.</param>
public sealed record GpuInfo(int Index, string Name, long MemoryBytes, string? DriverVersion);
