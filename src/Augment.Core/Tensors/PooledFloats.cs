using System.Buffers;

namespace Augment;

/// <summary>A rented float array with an exact logical length; returned to the pool once.</summary>
internal sealed class PooledFloats : IDisposable
{
    private float[]? _array;

    public PooledFloats(long length, ComputeBudget budget, string what, bool clear)
    {
        if (length > System.Array.MaxLength)
            throw new ResourceLimitException($"{what} needs {length} samples, more than one buffer can hold ({System.Array.MaxLength}).");
        budget.EnsureAllocation(length * sizeof(float), what);
        Length = (int)length;
        _array = ArrayPool<float>.Shared.Rent(Math.Max(1, Length));
        if (clear) System.Array.Clear(_array, 0, Length);
    }

    public int Length { get; }

    public float[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledFloats));

    public Span<float> Span => new(Array, 0, Length);

    public Memory<float> Memory => new(Array, 0, Length);

    public bool IsDisposed => _array is null;

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null) ArrayPool<float>.Shared.Return(array);
    }
}
