namespace Augment;

/// <summary>
/// What a <see cref="ModelSignature"/> expects of one dimension: a fixed size (which a dynamic
/// model dimension also satisfies), a dynamic dimension (the model must accept any size), or
/// <see cref="Any"/>. Converts implicitly from a size, so shapes read like
/// <c>[1, 3, DimSpec.Dynamic, DimSpec.Dynamic]</c>.
/// </summary>
public readonly record struct DimSpec
{
    private const long AnySize = -1;
    private const long DynamicSize = -2;

    // default(DimSpec) is Any: the zero value of the stored offset means "unconstrained".
    private readonly long _encoded;

    private DimSpec(long encoded) => _encoded = encoded;

    /// <summary>Any size, fixed or dynamic.</summary>
    public static DimSpec Any { get; }

    /// <summary>The model must accept any size here (its dimension must be dynamic).</summary>
    public static DimSpec Dynamic { get; } = new(DynamicSize - AnySize);

    /// <summary>The expected size, or <c>-1</c> when the spec is not fixed.</summary>
    public long Size => IsFixed ? _encoded + AnySize : -1;

    /// <summary>Whether a fixed size is expected.</summary>
    public bool IsFixed => _encoded > 0;

    /// <summary>Whether the model must have a dynamic dimension here.</summary>
    public bool IsDynamic => _encoded == DynamicSize - AnySize;

    /// <summary>Whether any dimension is accepted.</summary>
    public bool IsAny => _encoded == 0;

    /// <summary>Expects exactly <paramref name="size"/> (or a dynamic dimension, which accepts it).</summary>
    public static DimSpec Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new(size - AnySize);
    }

    /// <summary>Same as <see cref="Fixed"/>.</summary>
    public static DimSpec FromInt64(long size) => Fixed(size);

    /// <summary>A fixed size.</summary>
    public static implicit operator DimSpec(long size) => Fixed(size);

    /// <summary>Whether the model's dimension satisfies this spec.</summary>
    public bool IsSatisfiedBy(TensorDim dim) =>
        IsAny || (IsDynamic ? !dim.IsFixed : !dim.IsFixed || dim.Size == Size);

    /// <summary>The size, <c>dynamic</c> or <c>any</c>.</summary>
    public override string ToString() => IsFixed ? Size.ToString() : IsDynamic ? "dynamic" : "any";
}
