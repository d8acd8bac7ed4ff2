using Augment.Provenance.Watermarks;

namespace Augment.Provenance.Tests.Watermarks;

public class WatermarkKernelTests
{
    [Fact]
    public void High_pass_equals_direct_box_summation_within_1e_5()
    {
        var random = new Random(3);
        const int width = 37, height = 23;
        var plane = new float[width * height];
        for (var i = 0; i < plane.Length; i++)
            plane[i] = random.NextSingle();

        var fast = WatermarkKernels.HighPass(plane, width, height);
        var reference = WatermarkKernels.HighPassReference(plane, width, height);

        for (var i = 0; i < plane.Length; i++)
            Assert.Equal(reference[i], fast[i], 1e-5f);
    }

    [Fact]
    public void Resampler_keeps_a_constant_and_a_linear_ramp_when_reducing()
    {
        const int width = 400, height = 3;
        var plane = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                plane[y * width + x] = 0.25f + x / (float)width;
        }

        var reduced = WatermarkResampler.Plane(plane, width, height, 100, 3);

        // Interior pixels of a linear ramp: a symmetric filter returns the ramp at the mapped centre.
        for (var j = 5; j < 95; j++)
        {
            var centre = (j + 0.5) * 4 - 0.5;
            Assert.Equal(0.25 + centre / width, reduced[100 + j], 1e-4);
        }
    }

    [Fact]
    public void Fold_of_a_marked_tile_pattern_finds_the_pilots_at_the_right_shift()
    {
        // Build the working-grid mark directly, shifted by 5 cells and 2 pixels, then fold and search.
        var layout = new WatermarkLayout(99);
        var coded = new byte[WatermarkLayout.CodedBits];
        var chips = new float[WatermarkLayout.Cells];
        layout.Chips(coded, chips);
        const int width = 256, height = 192, offsetX = 5 * 4 + 2, offsetY = 3 * 4 + 1;
        var plane = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var u = x + offsetX;
                var v = y + offsetY;
                var cell = ((v / 4) % 32) * 32 + (u / 4) % 32;
                plane[y * width + x] = chips[cell] * WatermarkLayout.BumpWeight(u % 4) * WatermarkLayout.BumpWeight(v % 4);
            }
        }
        var tile = new float[WatermarkLayout.Cells];
        var scratch = new float[width];
        var best = double.NegativeInfinity;
        (int, int, int, int) where = default;
        for (var py = 0; py < 4; py++)
        {
            for (var px = 0; px < 4; px++)
            {
                WatermarkKernels.Fold(plane, width, height, px, py, tile, scratch);
                var z = WatermarkKernels.BestPilotShift(tile, layout, out var sx, out var sy);
                if (z > best)
                {
                    best = z;
                    where = (px, py, sx, sy);
                }
            }
        }

        // Phase (4 - 2) % 4 = 2 aligns x, and the first whole cell is cell 6 of the tile.
        Assert.Equal((2, 3, 6, 4), where);
    }

    [Fact]
    public void Fft_correlator_equals_the_direct_pilot_correlation_on_random_tiles()
    {
        var random = new Random(17);
        var layout = new WatermarkLayout(5);
        var correlator = new TileCorrelator(layout);
        var tile = new float[WatermarkLayout.Cells];
        var re = new float[WatermarkLayout.Cells];
        var im = new float[WatermarkLayout.Cells];
        for (var trial = 0; trial < 20; trial++)
        {
            for (var i = 0; i < tile.Length; i++)
                tile[i] = random.NextSingle() - 0.5f;
            // Plant the template at a random shift so that the maximum is unique.
            int px = random.Next(32), py = random.Next(32);
            foreach (var (x, y, sign) in layout.Pilots)
                tile[((y - py) & 31) * 32 + ((x - px) & 31)] += 0.5f * sign;

            var direct = WatermarkKernels.BestPilotShift(tile, layout, out var dx, out var dy);
            var fast = correlator.BestShift(tile, re, im, out var fx, out var fy);

            Assert.Equal((px, py), (dx, dy));
            Assert.Equal((dx, dy), (fx, fy));
            Assert.Equal(direct, fast, 1e-3);
        }
    }
}
