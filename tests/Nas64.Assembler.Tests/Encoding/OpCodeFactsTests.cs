using System.Reflection;
using Iced.Intel;
using Nas64.Assembler.Encoding;

namespace Nas64.Assembler.Tests.Encoding;

/// <summary>
/// The compiled-in opcode facts (OpCodeFacts.g.cs) against Iced's own OpCodeInfo, code by code.
/// After an Iced upgrade, regenerate with NAS64_UPDATE_GOLDEN=1 dotnet test --filter OpCodeFactsTests.
/// </summary>
public sealed class OpCodeFactsTests
{
    [Fact]
    public void CompiledInTableEqualsIcedOpCodeInfo()
    {
        if (Environment.GetEnvironmentVariable("NAS64_UPDATE_GOLDEN") == "1")
        {
            string path = typeof(OpCodeFactsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "OpCodeFactsSource").Value!;
            File.WriteAllText(path, OpCodeFacts.GenerateSource());
            return;
        }

        var stale = new List<string>();
        var codes = Enum.GetValues<Code>();
        Assert.True(codes.Length == OpCodeFacts.CodeCount, $"Iced has {codes.Length} codes, the table {OpCodeFacts.CodeCount} (regenerate with NAS64_UPDATE_GOLDEN=1)");
        for (int i = 0; i < codes.Length; i++)
        {
            var code = (Code)i;
            var (compiled, iced) = (OpCodeFacts.Get(code), OpCodeFacts.Derive(code));
            if (compiled != iced) stale.Add($"{code}: compiled {compiled}, Iced {iced}");
        }
        foreach (var mnemonic in Enum.GetValues<Mnemonic>())
        {
            if (OpCodeFacts.MnemonicName(mnemonic) != mnemonic.ToString().ToLowerInvariant())
                stale.Add($"mnemonic {mnemonic}: compiled {OpCodeFacts.MnemonicName(mnemonic)}");
        }
        Assert.True(stale.Count == 0,
            $"{stale.Count} entries differ from Iced (regenerate with NAS64_UPDATE_GOLDEN=1):\n{string.Join('\n', stale.Take(20))}");
    }

    [Fact]
    public void FactsMatchIcedForWellKnownForms()
    {
        // Independent spot checks of the derivation itself, from the Intel SDM's opcode tables.
        var mov = OpCodeFacts.Derive(Code.Mov_rm64_r64);
        Assert.Equal(Mnemonic.Mov, mov.Mnemonic);
        Assert.Equal(64, mov.OperandSize);
        Assert.True(mov.Mode64 && !mov.Mode32);
        // jrcxz is 67 E3 in 64-bit code: its form fixes the address size (Intel SDM, JCC).
        Assert.Equal(64, OpCodeFacts.Derive(Code.Jrcxz_rel8_64).AddressSize);
        Assert.Equal((OpCodeOperandKind.r64_or_mem, OpCodeOperandKind.r64_reg, 2), (mov.Op0, mov.Op1, mov.OpCount));
        var blend = OpCodeFacts.Derive(Code.Blendvps_xmm_xmmm128);
        Assert.True((blend.Flags & FormFlags.TakesImplicitXmm0) != 0);
        var vaddps = OpCodeFacts.Derive(Code.EVEX_Vaddps_zmm_k1z_zmm_zmmm512b32_er);
        Assert.True(vaddps.CanBroadcast && vaddps.CanUseRoundingControl && vaddps.CanUseZeroingMasking);
        Assert.Equal(4, vaddps.BroadcastMemorySize.GetElementSize());
        Assert.True((OpCodeFacts.Derive(Code.Cmpxchg486_rm8_r8).Flags & FormFlags.AlternateEncoding) != 0);
    }
}
