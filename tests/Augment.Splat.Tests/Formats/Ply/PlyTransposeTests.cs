namespace Augment.Splat.Tests.Formats.Ply;

public class PlyTransposeTests
{
    [Theory]
    [InlineData(0, 5)]
    [InlineData(7, 62)]
    [InlineData(8, 8)]
    [InlineData(8, 7)]
    [InlineData(17, 62)]
    [InlineData(64, 65)]
    [InlineData(2048, 62)]
    [InlineData(33, 17)]
    [InlineData(1030, 59)]
    [InlineData(1031, 62)]
    public void Register_transpose_equals_one_strided_pass_per_column(int rows, int columns)
    {
        var random = new Random(rows * 131 + columns);
        var source = new float[rows * columns];
        for (var i = 0; i < source.Length; i++)
            source[i] = (float)random.NextDouble();
        // Planes in a shuffled order, as a PLY with properties in any order maps them, and written at an offset.
        var targets = Enumerable.Range(0, columns).OrderBy(_ => random.Next()).ToArray();
        const int first = 3;
        var planes = new float[columns][];
        var expected = new float[columns][];
        for (var c = 0; c < columns; c++)
        {
            planes[c] = new float[rows + first + 2];
            expected[c] = new float[rows + first + 2];
        }
        for (var c = 0; c < columns; c++)
        {
            for (var r = 0; r < rows; r++)
                expected[targets[c]][first + r] = source[(r * columns) + c];
        }
        PlyVertexDecoder.Transpose(source, columns, targets, planes, first, rows);
        for (var c = 0; c < columns; c++)
            Assert.Equal(expected[c], planes[c]);
    }
}
