using System.Globalization;
using System.Text;

namespace Augment.Splat.Cleaning;

/// <summary>What a cleaning run did: one row per step, in the order they ran.</summary>
/// <param name="InputCount">Splats in the input cloud.</param>
/// <param name="Steps">One row per step.</param>
public sealed record CleaningReport(int InputCount, IReadOnlyList<CleaningStepResult> Steps)
{
    /// <summary>Splats in the cleaned cloud.</summary>
    public int OutputCount => Steps.Count == 0 ? InputCount : Steps[^1].Remaining;

    /// <summary>Splats removed by all steps together.</summary>
    public int Removed => InputCount - OutputCount;

    /// <summary>Time of all steps together.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var step in Steps)
                total += step.Elapsed;
            return total;
        }
    }

    /// <summary>A plain-text table: step, removed, remaining, milliseconds.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"cleaned {InputCount:N0} -> {OutputCount:N0} splats ({Removed:N0} removed, {Elapsed.TotalMilliseconds:0.#} ms)");
        foreach (var step in Steps)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {step.Name}: removed {step.Removed:N0}, remaining {step.Remaining:N0}, {step.Elapsed.TotalMilliseconds:0.#} ms");
        return text.ToString();
    }
}
