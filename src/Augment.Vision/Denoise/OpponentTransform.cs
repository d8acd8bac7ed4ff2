namespace Augment.Vision;

/// <summary>
/// The orthonormal luma/chroma basis the denoisers work in: <c>Y = (R+G+B)/√3</c>, <c>C1 = (R−B)/√2</c>,
/// <c>C2 = (R−2G+B)/√6</c>. Being orthonormal, it keeps white noise white with the same σ in every channel and
/// keeps squared patch distances equal to those in RGB; its inverse is its transpose.
/// </summary>
internal static class OpponentTransform
{
    private static readonly float S3 = 1f / MathF.Sqrt(3);
    private static readonly float S2 = 1f / MathF.Sqrt(2);
    private static readonly float S6 = 1f / MathF.Sqrt(6);

    public static void Forward(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<float> y, Span<float> c1, Span<float> c2)
    {
        for (var i = 0; i < r.Length; i++)
        {
            var (rr, gg, bb) = (r[i], g[i], b[i]);
            y[i] = (rr + gg + bb) * S3;
            c1[i] = (rr - bb) * S2;
            c2[i] = (rr - 2 * gg + bb) * S6;
        }
    }

    public static void Inverse(ReadOnlySpan<float> y, ReadOnlySpan<float> c1, ReadOnlySpan<float> c2, Span<float> r, Span<float> g, Span<float> b)
    {
        for (var i = 0; i < y.Length; i++)
        {
            var (l, p, q) = (y[i] * S3, c1[i] * S2, c2[i] * S6);
            r[i] = l + p + q;
            g[i] = l - 2 * q;
            b[i] = l - p + q;
        }
    }
}
