using CsCheck;

namespace Augment.Vision.Tests.Luts;

/// <summary>
/// CsCheck properties of the 1D parts of the <c>.cube</c> format: any curves-only or shaper + cube LUT
/// writes text that parses back to the same values bit for bit, and cutting that text anywhere in its
/// data only ever raises <see cref="InvalidMediaException"/> with a line number.
/// </summary>
public class CubeShaperPropertyTests
{
    private static readonly Gen<Lut3D> Luts =
        from size1D in Gen.Int[2, 300]
        from size3D in Gen.Int[0, 5]
        from curveValues in Gen.Float[-8f, 8f].Array[size1D * 3]
        from latticeSeed in Gen.Int
        from low in Gen.Float[-2f, 0.5f]
        from width in Gen.Float[0.01f, 100f]
        select Build(size1D, size3D, curveValues, latticeSeed, low, width);

    [Fact]
    public void Any_curves_or_shaper_lut_round_trips_through_cube_text_bit_exactly()
    {
        Luts.Sample(lut =>
        {
            var writer = new StringWriter { NewLine = "\n" };
            lut.WriteCube(writer);
            var back = Lut3D.ParseCube(new StringReader(writer.ToString()), "property.cube");
            Assert.Equal(lut.IsCurvesOnly, back.IsCurvesOnly);
            Assert.Equal(lut.Size, back.Size);
            Assert.NotNull(back.Shaper);
            Assert.True(lut.Shaper!.Values.SequenceEqual(back.Shaper!.Values));
            Assert.True(lut.Shaper.DomainMin.SequenceEqual(back.Shaper.DomainMin));
            Assert.True(lut.Shaper.DomainMax.SequenceEqual(back.Shaper.DomainMax));
            Assert.True(lut.Lattice.SequenceEqual(back.Lattice));
            Assert.True(lut.DomainMin.SequenceEqual(back.DomainMin));
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Truncated_cube_text_fails_with_a_line_number()
    {
        var cases =
            from lut in Luts
            from cut in Gen.Double[0.05, 0.95]
            select (lut, cut);
        cases.Sample(item =>
        {
            var writer = new StringWriter { NewLine = "\n" };
            item.lut.WriteCube(writer);
            var lines = writer.ToString().Split('\n');
            // Keep the header and drop some data rows: the entry count no longer matches.
            var firstData = Array.FindIndex(lines, l => l.Length > 0 && (char.IsAsciiDigit(l[0]) || l[0] == '-'));
            var keep = firstData + (int)((lines.Length - 1 - firstData) * item.cut);
            var text = string.Join('\n', lines[..keep]);
            var error = Assert.Throws<InvalidMediaException>(() => Lut3D.ParseCube(new StringReader(text), "cut.cube"));
            Assert.Contains("line ", error.Message, StringComparison.Ordinal);
            Assert.Contains(" need", error.Message, StringComparison.Ordinal);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Numbers_are_written_without_exponents_and_read_back_bit_exactly()
    {
        Gen.Float.Where(float.IsFinite).Sample(value =>
        {
            var text = CubeFormat.Format(value);
            Assert.DoesNotContain('E', text);
            Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits(float.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
        }, iter: 5000, threads: 1);
        Assert.Equal("0.00000000000000000000000000000000000001", CubeFormat.Format(1e-38f));
        Assert.Equal("-340000000000000000000000000000000000000", CubeFormat.Format(-3.4e38f));
        Assert.Equal("0.000012", CubeFormat.Format(1.2e-5f));
    }

    private static Lut3D Build(int size1D, int size3D, float[] curveValues, int latticeSeed, float low, float width)
    {
        var curves = new Lut1D(size1D);
        curveValues.CopyTo(curves.Values);
        curves.SetDomain([low, low, low], [low + width, low + width, low + width]);
        if (size3D < 2)
            return Lut3D.FromCurves(curves);
        var lut = new Lut3D(size3D) { Shaper = curves };
        var random = new Random(latticeSeed);
        for (var i = 0; i < lut.Lattice.Length; i++)
            lut.Lattice[i] = (random.NextSingle() * 3f) - 1f;
        lut.SetDomain([-0.5f, -0.5f, -0.5f], [1.5f, 1.5f, 1.5f]);
        return lut;
    }
}
