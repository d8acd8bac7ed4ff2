namespace Augment.Splat.Training.TorchTests;

/// <summary>
/// Test classes that call into libtorch run one at a time: with two classes computing at once, TorchSharp 0.107.0
/// intermittently passed corrupted scalars to libtorch ("Unknown scalar type") here.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchTestGroup
{
    public const string Name = "torch";
}
