namespace Augment;

/// <summary>One line of a <see cref="ComputeDevice"/> report.</summary>
/// <param name="Name">What is described, such as "Logical cores".</param>
/// <param name="Value">Its value, formatted for people.</param>
public sealed record DeviceProperty(string Name, string Value);
