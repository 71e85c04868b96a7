namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// nasm 2.16's prefix-lock and prefix-hle warnings: lock where the instruction cannot take it or its first operand is
/// no memory; xacquire/xrelease where the form takes neither, or without the lock the instruction needs; in their place
/// among the effective-address and segment warnings.
/// </summary>
public sealed class LockPrefixTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void LockAndHleWarnings(int bits)
    {
        string a = bits == 64 ? "rax" : "eax";
        NasmComparison.AssertSameBin($"""
            bits {bits}
            lock add eax, ebx
            lock add [{a}], ebx
            lock mov [{a}], ebx
            lock add ebx, [{a}]
            lock inc dword [{a}]
            lock xchg [{a}], eax
            lock xchg eax, [{a}]
            lock cmpxchg [{a}], ecx
            lock cmpxchg8b [{a}]
            lock bts dword [{a}], 1
            lock btc word [{a}], ax
            lock nop
            lock xadd [{a}], eax
            lock not byte [{a}]
            lock neg eax
            lock adc [{a}], eax
            lock sbb byte [{a}], 1
            lock movsb
            lock push {a}
            xacquire mov eax, ebx
            xacquire lock add [{a}], eax
            xrelease lock or [{a}], eax
            xrelease mov [{a}], eax
            xrelease mov dword [{a}], 5
            xacquire mov [{a}], eax
            xacquire add [{a}], eax
            xrelease sub [{a}], eax
            xacquire xchg [{a}], eax
            xrelease xchg eax, [{a}]
            lock mov [es:{a}], eax
            xacquire mov [es:{a}], eax
            lock mov [byte 5], eax
            lock add eax, [byte 5]
            lock cmpxchg486 [{a}], eax
            xacquire lock cmpxchg486 [{a}], eax
            lock cmpxchg486 eax, eax
            """);
    }
}
