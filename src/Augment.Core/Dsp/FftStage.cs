namespace Augment;

/// <summary>
/// One Stockham autosort pass: radix <see cref="Radix"/>, stride <see cref="Stride"/> (the product of
/// the radices before it) and <see cref="Span"/> = L / radix butterflies per stride, where L is the
/// sub-transform length at this pass. Twiddles W_L^(p·k) are stored k-major (index (k-1)·Span + p)
/// in float, computed in double so that they carry no accumulated rounding.
/// </summary>
internal sealed class FftStage
{
    public FftStage(int radix, int stride, int span)
    {
        Radix = radix;
        Stride = stride;
        Span = span;
        var length = radix * span;
        TwiddleReal = new float[(radix - 1) * span];
        TwiddleImag = new float[(radix - 1) * span];
        for (var k = 1; k < radix; k++)
        {
            for (var p = 0; p < span; p++)
            {
                // Reduce p·k modulo L before scaling so that the angle keeps full double precision.
                var angle = -2.0 * Math.PI * ((long)p * k % length) / length;
                TwiddleReal[((k - 1) * span) + p] = (float)Math.Cos(angle);
                TwiddleImag[((k - 1) * span) + p] = (float)Math.Sin(angle);
            }
        }
        // Roots of unity cos(2πt/r), sin(2πt/r) for the generic odd-radix butterfly.
        RootCos = new float[radix];
        RootSin = new float[radix];
        for (var t = 0; t < radix; t++)
        {
            RootCos[t] = (float)Math.Cos(2 * Math.PI * t / radix);
            RootSin[t] = (float)Math.Sin(2 * Math.PI * t / radix);
        }
    }

    public int Radix { get; }

    public int Stride { get; }

    public int Span { get; }

    public float[] TwiddleReal { get; }

    public float[] TwiddleImag { get; }

    public float[] RootCos { get; }

    public float[] RootSin { get; }
}
