namespace Augment.Core.Tests.Dsp;

public class SplitComplexKernelsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(1_001)]
    public void Vector_complex_multiply_matches_the_scalar_reference(int length)
    {
        var (ar, ai) = Signals.RandomComplex(length, 1);
        var (br, bi) = Signals.RandomComplex(length, 2);
        var (vr, vi) = (new float[length], new float[length]);
        var (sr, si) = (new float[length], new float[length]);
        SplitComplexKernels.Multiply(ar, ai, br, bi, vr, vi, length);
        SplitComplexKernels.MultiplyScalar(ar, ai, br, bi, sr, si, 0, length);
        Assert.Equal(sr, vr);
        Assert.Equal(si, vi);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(19)]
    [InlineData(256)]
    public void Deinterleave_and_interleave_are_exact_inverses_of_the_index_definitions(int half)
    {
        var x = Signals.Noise(2 * half, 3);
        var even = new float[half];
        var odd = new float[half];
        SplitComplexKernels.Deinterleave(x, even, odd);
        for (var k = 0; k < half; k++)
        {
            Assert.Equal(x[2 * k], even[k]);
            Assert.Equal(x[(2 * k) + 1], odd[k]);
        }
        var y = new float[2 * half];
        SplitComplexKernels.Interleave(even, odd, y, 2f);
        for (var i = 0; i < y.Length; i++)
            Assert.Equal(2f * x[i], y[i]);
    }
}
