namespace Augment.Cli.Demo;

/// <summary>A small table a step adds below the results table (e.g. loudness before and after).</summary>
/// <param name="Title">Shown above the table.</param>
/// <param name="Columns">Column headings; the first column names the rows.</param>
/// <param name="Rows">One list of cells per row, as many as <paramref name="Columns"/>.</param>
internal sealed record DemoTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
