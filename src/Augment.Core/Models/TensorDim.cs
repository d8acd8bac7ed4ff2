namespace Augment;

/// <summary>
/// One dimension of a model's input or output: a fixed size, or dynamic (any size), optionally
/// named by a symbol such as <c>"batch"</c> or <c>"height"</c>. Converts implicitly from a size
/// (<c>3</c>) and from a symbol (<c>"h"</c>), so shapes read like <c>[1, 3, "h", "w"]</c>.
/// </summary>
public readonly record struct TensorDim
{
    private TensorDim(long size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>A dynamic dimension without a name.</summary>
    public static TensorDim Dynamic { get; } = new(-1, null);

    /// <summary>The size, or <c>-1</c> when the dimension is dynamic.</summary>
    public long Size { get; }

    /// <summary>The symbolic name of a dynamic dimension, or null.</summary>
    public string? Symbol { get; }

    /// <summary>Whether the dimension has a fixed size.</summary>
    public bool IsFixed => Size >= 0;

    /// <summary>A fixed dimension of <paramref name="size"/> elements (0 or more).</summary>
    public static TensorDim Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new(size, null);
    }

    /// <summary>A dynamic dimension named <paramref name="symbol"/>; equal symbols mean equal sizes.</summary>
    public static TensorDim Named(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return new(-1, symbol);
    }

    /// <summary>Same as <see cref="Fixed"/>.</summary>
    public static TensorDim FromInt64(long size) => Fixed(size);

    /// <summary>Same as <see cref="Named"/>.</summary>
    public static TensorDim FromString(string symbol) => Named(symbol);

    /// <summary>A fixed dimension.</summary>
    public static implicit operator TensorDim(long size) => Fixed(size);

    /// <summary>A named dynamic dimension.</summary>
    public static implicit operator TensorDim(string symbol) => Named(symbol);

    /// <summary>The size, the symbol, or <c>?</c> for an unnamed dynamic dimension.</summary>
    public override string ToString() => IsFixed ? Size.ToString() : Symbol ?? "?";
}
