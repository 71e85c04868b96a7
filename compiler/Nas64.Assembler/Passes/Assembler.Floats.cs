namespace Nas64.Assembler.Passes;

/// <summary>Floating-point constants in data and in __?floatN?__(), with the <c>float</c> directive's rounding and
/// nasm's timing of their messages (warnings and most errors in the last pass, some errors in the first).</summary>
public sealed partial class Assembler
{
    /// <summary>The <c>float</c> directive's state. Like `default rel', nasm does not reset it between passes: a pass
    /// starts with what the one before ended with.</summary>
    private FloatMode _floatMode = FloatMode.Default;

    public FloatMode FloatMode => _floatMode;

    public void ReportFloat(FloatMessage message)
    {
        _floatReported = true;
        if (!message.IsError)
        {
            if (_emitting) _diagnostics.Warning(_location, message.Text);
        }
        else if (_emitting || (_pass == 1 && !message.FinalPassOnly))   // an error in the first pass stops after it
            _diagnostics.Error(_location, message.Text);
    }

    /// <summary>A float data item of <paramref name="unit"/> bytes, written in the emitting pass.</summary>
    private void EmitFloat(string text, int unit)
    {
        // The first pass reports the errors nasm reports early; layout passes only need the size.
        if (!_emitting && _pass != 1) return;
        // Each constant is encoded once (in big-number arithmetic) and its bytes reused by the emitting pass and by other
        // items of the same text; one that reported something is encoded again, so its messages come each time.
        var key = (text, unit, _floatMode);
        _floatBytes ??= new Dictionary<(string, int, FloatMode), byte[]>();
        if (!_floatBytes.TryGetValue(key, out byte[]? encoded))
        {
            _floatReported = false;
            encoded = FloatEncoder.Encode(text, unit, _floatMode, _reportFloat ??= ReportFloat);
            if (!_floatReported) _floatBytes.Add(key, encoded);
        }
        if (_emitting) WriteBytes(encoded, []);
    }

    /// <summary>The bytes of the float constants encoded without a message, by text, size and mode.</summary>
    private Dictionary<(string, int, FloatMode), byte[]>? _floatBytes;

    private bool _floatReported;

    /// <summary><see cref="ReportFloat"/> as a delegate made once (a method group makes one per use).</summary>
    private Action<FloatMessage>? _reportFloat;

    /// <summary>[float daz|nodaz|near|up|down|zero|default].</summary>
    private void FloatDirective(string args)
    {
        string word = args.Trim();
        _floatMode = _floatMode.Apply(word) ?? throw new EvaluationException($"unknown 'float' directive: {word}");
    }
}
