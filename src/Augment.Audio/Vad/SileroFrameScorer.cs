using Microsoft.ML.OnnxRuntime;

namespace Augment.Audio;

/// <summary>
/// Runs a <see cref="SileroVadModel"/> window by window. All tensors are created once over pinned
/// arrays; the recurrent state ping-pongs between two sets of arrays (run k reads set k mod 2 and
/// writes the other), so a window costs one model run and no copies or allocations of ours.
/// </summary>
internal sealed class SileroFrameScorer : IVadFrameScorer
{
    private readonly SileroVadModel _model;
    private readonly float[] _input;
    private readonly float[] _probability = new float[1];
    private readonly float[][] _states;
    private readonly List<OrtValue> _values = [];
    private readonly Dictionary<string, OrtValue>[] _inputs = new Dictionary<string, OrtValue>[2];
    private readonly Dictionary<string, OrtValue>[] _outputs = new Dictionary<string, OrtValue>[2];
    private int _turn;

    public SileroFrameScorer(SileroVadModel model)
    {
        _model = model;
        var context = model.Version == 5 ? SileroVadModel.V5ContextSamples : 0;
        _input = new float[context + SileroVadModel.WindowSamples];
        try
        {
            var input = Add(OrtValue.CreateTensorValueFromMemory(_input, [1, _input.Length]));
            var rate = Add(OrtValue.CreateTensorValueFromMemory(new long[] { SileroVadModel.SampleRate }, model.ScalarRate ? [] : [1]));
            var probability = Add(OrtValue.CreateTensorValueFromMemory(_probability, [1, 1]));
            if (model.Version == 5)
            {
                // One state [2, 1, 128] per side of the ping-pong.
                _states = [new float[256], new float[256]];
                var a = Add(OrtValue.CreateTensorValueFromMemory(_states[0], [2, 1, 128]));
                var b = Add(OrtValue.CreateTensorValueFromMemory(_states[1], [2, 1, 128]));
                _inputs[0] = new() { ["input"] = input, ["state"] = a, ["sr"] = rate };
                _inputs[1] = new() { ["input"] = input, ["state"] = b, ["sr"] = rate };
                _outputs[0] = new() { ["output"] = probability, ["stateN"] = b };
                _outputs[1] = new() { ["output"] = probability, ["stateN"] = a };
            }
            else
            {
                // h and c for each side: [hA, cA, hB, cB], each [2, 1, 64].
                _states = [new float[128], new float[128], new float[128], new float[128]];
                var hA = Add(OrtValue.CreateTensorValueFromMemory(_states[0], [2, 1, 64]));
                var cA = Add(OrtValue.CreateTensorValueFromMemory(_states[1], [2, 1, 64]));
                var hB = Add(OrtValue.CreateTensorValueFromMemory(_states[2], [2, 1, 64]));
                var cB = Add(OrtValue.CreateTensorValueFromMemory(_states[3], [2, 1, 64]));
                _inputs[0] = new() { ["input"] = input, ["sr"] = rate, ["h"] = hA, ["c"] = cA };
                _inputs[1] = new() { ["input"] = input, ["sr"] = rate, ["h"] = hB, ["c"] = cB };
                _outputs[0] = new() { ["output"] = probability, ["hn"] = hB, ["cn"] = cB };
                _outputs[1] = new() { ["output"] = probability, ["hn"] = hA, ["cn"] = cA };
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public float Score(ReadOnlySpan<float> window, CancellationToken cancellationToken)
    {
        var context = _input.Length - SileroVadModel.WindowSamples;
        window.CopyTo(_input.AsSpan(context));
        _model.Model.Run(_inputs[_turn], _outputs[_turn], cancellationToken);
        _turn ^= 1;
        // v5 reads the last 64 samples of the previous window before the next one (its reference wrapper does the same).
        if (context > 0) window[^context..].CopyTo(_input);
        var p = _probability[0];
        return float.IsFinite(p) ? Math.Clamp(p, 0f, 1f) : 0f;
    }

    public void Reset()
    {
        foreach (var state in _states) Array.Clear(state);
        Array.Clear(_input);
        _turn = 0;
    }

    public void Dispose()
    {
        foreach (var value in _values) value.Dispose();
        _values.Clear();
    }

    private OrtValue Add(OrtValue value)
    {
        _values.Add(value);
        return value;
    }
}
