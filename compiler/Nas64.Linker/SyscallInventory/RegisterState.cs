namespace Nas64.Linker.SyscallInventory;

/// <summary>What is known of the 16 general registers at one point: a constant, or unknown (Undefined is the
/// dataflow's "not reached yet"). A short shadow stack follows `push imm` / `pop reg` pairs.</summary>
public sealed class RegisterState
{
    private const int Count = 16;
    private readonly ulong[] _values = new ulong[Count];
    private readonly byte[] _kinds = new byte[Count];
    private readonly List<ulong?> _stack = [];

    private const byte Undefined = 0;
    private const byte Known = 1;
    private const byte Unknown = 2;

    /// <summary>Not reached by any path yet (the identity of <see cref="MeetWith"/>).</summary>
    public static RegisterState Unreached() => new();

    /// <summary>Reached from outside (an entry point, a call target): nothing known.</summary>
    public static RegisterState Entry()
    {
        var state = new RegisterState();
        Array.Fill(state._kinds, Unknown);
        return state;
    }

    public bool IsReached => _kinds[0] != Undefined;

    public RegisterState Clone()
    {
        var copy = new RegisterState();
        _values.CopyTo(copy._values, 0);
        _kinds.CopyTo(copy._kinds, 0);
        copy._stack.AddRange(_stack);
        return copy;
    }

    public ulong? Get(int register) => _kinds[register] == Known ? _values[register] : null;

    public void Set(int register, ulong? value)
    {
        _kinds[register] = value.HasValue ? Known : Unknown;
        _values[register] = value.GetValueOrDefault();
    }

    public void Push(ulong? value)
    {
        if (_stack.Count < 8) _stack.Add(value);
    }

    public ulong? Pop()
    {
        if (_stack.Count == 0) return null;
        ulong? top = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return top;
    }

    public void ForgetStack() => _stack.Clear();

    /// <summary>Merges a predecessor's state in; true when this state changed.</summary>
    public bool MeetWith(RegisterState other)
    {
        if (!other.IsReached) return false;
        bool changed = false;
        for (int i = 0; i < Count; i++)
        {
            byte kind = _kinds[i];
            if (kind == Unknown) continue;
            if (kind == Undefined)
            {
                _kinds[i] = other._kinds[i];
                _values[i] = other._values[i];
                changed = true;
            }
            else if (other._kinds[i] != Known || other._values[i] != _values[i])
            {
                _kinds[i] = Unknown;
                changed = true;
            }
        }
        // Stacks that differ are forgotten; the shadow stack is only a block-local help.
        if (_stack.Count > 0 && !_stack.SequenceEqual(other._stack)) _stack.Clear();
        return changed;
    }
}
