namespace Nas64.Assembler.Tests.Language;

/// <summary>`cpu`: instructions above the level are nasm's "no instruction for this cpu level", and what the level
/// allows assembles as usual.</summary>
public sealed class CpuLevelTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("8086", "push 5")]
    [InlineData("8086", "mov eax, 1")]
    [InlineData("186", "fnstsw ax")]
    [InlineData("286", "movzx ax, bl")]
    [InlineData("386", "cmovz eax, ebx")]
    [InlineData("386", "bswap eax")]
    [InlineData("486", "cmpxchg ax, bx")]
    [InlineData("486", "rdtsc")]
    [InlineData("586", "fcomi st1")]
    [InlineData("686", "addps xmm0, xmm1")]
    [InlineData("p3", "addpd xmm0, xmm1")]
    [InlineData("p4", "addsubps xmm0, xmm1")]
    [InlineData("prescott", "rdtscp")]
    [InlineData("x64", "popcnt ax, bx")]
    [InlineData("x64", "vaddps xmm0, xmm1, xmm2")]
    public void AboveTheLevelIsRefused(string cpu, string instruction) =>
        NasmComparison.AssertSameErrors($"bits 16\ncpu {cpu}\nnop\n{instruction}\nnop\n");

    [RequiresToolsFact("nasm")]
    public void WithinTheLevelAssembles() => NasmComparison.AssertSameBin("""
        bits 16
        cpu 8086
        mov ax, [eax]
        a32 nop
        pshufb mm0, mm1
        fld st1
        cpu 186
        push 5
        shl ax, 3
        cpu 386
        movzx eax, bl
        jz near $
        cpu 586
        cpuid
        cmpxchg8b [bx]
        paddb mm0, mm1
        cpu 686
        cmovz ax, bx
        syscall
        cpu p4
        lfence
        cpu x64
        rdtscp
        cpu nehalem
        popcnt ax, bx
        cpu default
        vaddps xmm0, xmm1, xmm2
        """);

    /// <summary>Below `cpu 386' the 32-bit forms of push imm are gone: nasm takes the 186 push imm8 (6A ib) for an
    /// unsized immediate, warning when the value does not fit a signed byte.</summary>
    [RequiresToolsFact("nasm")]
    public void PushImmediateBelow386In32BitCode() => NasmComparison.AssertSameBin("""
        bits 32
        cpu 286
        push 5
        push 0x12345
        push -129
        push 0xffffff80
        push word 5
        push byte 3
        cpu 186
        push 200
        cpu 386
        push 0x12345
        """);

    /// <summary>Below `cpu 386' there is no near conditional jump: nasm jumps over a near jmp with the opposite condition.</summary>
    [RequiresToolsFact("nasm")]
    public void ConditionalJumpsOutOfShortReachBelow386() => NasmComparison.AssertSameBin("""
        bits 16
        cpu 8086
        x: jne y
        je $+0x10
        times 200 nop
        y: jc x
        jcxz $+5
        cpu 286
        jg z
        times 100 nop
        z: jle x
        cpu 386
        je x
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("bits 16\ncpu 286\nje near $+0x100\n")]
    [InlineData("bits 16\ncpu 186\nloop $+0x100\n")]
    [InlineData("bits 16\ncpu 8086\nx: times 200 nop\njcxz x\n")]
    [InlineData("bits 16\ncpu 286\numov ax, bx\n")]
    [InlineData("bits 16\ncpu 286\nxbts ax, bx\n")]
    public void MoreAboveTheLevel(string source) => NasmComparison.AssertSameErrors(source);

    /// <summary>An explicit `byte' on a sign-extended immediate: nasm's "signed byte value exceeds bounds" unless the
    /// value is a signed byte or one of the operand size's own negative bytes.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void ExplicitByteImmediateBounds(int bits)
    {
        var source = new System.Text.StringBuilder($"bits {bits}\n");
        string[] values = ["127", "128", "-128", "-129", "255", "0xff80", "0xff7f", "0xffff", "0x10000", "0xffffff80", "0xffffff7f",
            "0xffffffff", "0x100000000", "0xffffffffffffff80", "0xffffffffffffff7f", "0x8000000000000000"];
        string[] forms = bits == 64 ? ["push byte", "add ax, byte", "add eax, byte", "add rax, byte", "imul ecx, edx, byte"]
            : ["push byte", "add ax, byte", "add eax, byte", "imul ecx, edx, byte", "cmp word [bx+si], byte"];
        foreach (string form in forms)
            foreach (string value in values) source.Append(form).Append(' ').Append(value).Append('\n');
        NasmComparison.AssertSameBin(source.ToString());
    }

    [RequiresToolsTheory("nasm")]
    [InlineData("bits 32\ncpu 286\npush dword 5\n")]
    [InlineData("bits 32\ncpu 8086\npush 5\n")]
    [InlineData("cpu 286\nbits 32\n")]
    [InlineData("cpu 686\nbits 64\n")]
    [InlineData("cpu foo\n")]
    public void ModeAndNameErrors(string source) => NasmComparison.AssertSameErrors(source + "nop\n");

    /// <summary>nasm's obsolete instructions: at their own level obsolete-valid, above it obsolete-removed (the
    /// default cpu is above all), below it refused; pcommit is obsolete-nop where it is allowed at all.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("")]
    [InlineData("cpu 586\n")]
    [InlineData("cpu 486\n")]
    [InlineData("cpu 386\n")]
    public void ObsoleteInstructionsWarnAsNasmDoes(string cpu) => NasmComparison.AssertSameBin(cpu + """
        bits 16
        loadall
        loadall286
        ibts bx, ax
        ibts [bx+si], eax
        ud0
        ud0 ax, bx
        """ + (cpu is "" or "cpu 586\n" ? "\nbb0_reset\nbb1_reset\n" : "\n") + (cpu == "" ? "pcommit\n" : "")
        + (cpu == "cpu 386\n" ? "" : "cmpxchg486 [bx], al\ncmpxchg486 eax, ebx\ncmpxchg486 [bx+si], cx\n"));

    [RequiresToolsTheory("nasm")]
    [InlineData("286", "loadall286")]
    [InlineData("186", "loadall286")]
    [InlineData("186", "ud0")]
    [InlineData("286", "ibts bx, ax")]
    [InlineData("486", "bb0_reset")]
    [InlineData("386", "cmpxchg486 eax, ebx")]
    [InlineData("x64", "pcommit")]
    public void ObsoleteInstructionsAtAndBelowTheirLevel(string cpu, string instruction)
    {
        string source = $"bits 16\ncpu {cpu}\n{instruction}\n";
        AssertSameOutcome(source);
    }
    /// <summary>A cpu word names the first of nasm's cpu names it starts (`cpu p' is pentium, `cpu w' willamette, `cpu 38'
    /// 386), or one of the flags evex, vex, latevex (`cpu e'); Nehalem, Westmere and Sandy Bridge have levels of their own
    /// (POPCNT/MOVBE/XSAVE, then AES/PCLMUL, then AVX), ivybridge allows everything; the last word counts.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("38")]
    [InlineData("p")]
    [InlineData("pentiumm")]
    [InlineData("6")]
    [InlineData("w")]
    [InlineData("we")]
    [InlineData("k")]
    [InlineData("x")]
    [InlineData("x86")]
    [InlineData("n")]
    [InlineData("nehalem")]
    [InlineData("westmere")]
    [InlineData("sandybridge")]
    [InlineData("ivybridge")]
    [InlineData("i")]
    [InlineData("e")]
    [InlineData("vex")]
    [InlineData("+evex")]
    [InlineData("nolatevex")]
    [InlineData("p4 x")]
    [InlineData("x y")]
    [InlineData("haswell")]
    [InlineData("latest")]
    [InlineData("noex")]
    [InlineData("no-evex")]
    [InlineData("+")]
    [InlineData("no")]
    public void CpuWordsAsNasmReadsThem(string words)
    {
        string source = $"""
            bits 32
            cpu {words}
            bsf ax, bx
            lzcnt eax, ebx
            popcnt ax, bx
            movbe eax, [ebx]
            cmovz ax, bx
            emms
            movaps xmm0, xmm1
            syscall
            movddup xmm0, xmm1
            aesenc xmm0, xmm1
            vaddps ymm0, ymm1, ymm2
            rdrand eax
            vaddps zmm1, zmm2, zmm3

            """;
        AssertSameOutcome(source);
    }

    /// <summary>
    /// nasm's cpu flags choose between VEX and EVEX forms: novex takes EVEX (vaddps ymm3, ymm1, [rsi] is 62 F1 74 28 58 1E)
    /// and refuses VEX-only ones (kmovw, andn) without {vex}, noevex refuses EVEX-only ones without {evex}, latevex (or
    /// noevex) takes the later VEX forms (vpmadd52luq ymm3, ymm1, [rsi] is C4 E2 F5 B4 1E; vpdpbssd is refused without
    /// it); a cpu level turns the flags back. Each line alone, bytes or messages as nasm's (nas64 said "not supported yet").
    /// </summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("latevex")]
    [InlineData("noevex")]
    [InlineData("-evex")]
    [InlineData("novex")]
    [InlineData("-v")]
    [InlineData("+l")]
    [InlineData("noevex,latevex")]
    [InlineData("evex,novex,latevex")]
    [InlineData("noevex,novex")]
    [InlineData("noevex\ncpu evex")]
    [InlineData("novex\ncpu default")]
    [InlineData("latevex\ncpu ivy")]
    [InlineData("latevex\ncpu nolatevex")]
    public void FlagsChooseVexOrEvex(string flags)
    {
        string[] lines =
        [
            "vpmadd52luq ymm3, ymm1, [rsi]", "vpmadd52luq ymm19, ymm1, [rsi]", "{vex} vpmadd52luq ymm3, ymm1, [rsi]",
            "{evex} vaddps ymm3, ymm1, [rsi]", "vaddps ymm3, ymm1, [rsi]", "vaddps zmm3, zmm1, [rsi]", "vpdpbusd xmm1, xmm2, xmm3",
            "{vex} vpdpbusd xmm1, xmm2, xmm3", "kmovw k1, k2", "vpdpbssd xmm1, xmm2, xmm3", "andn eax, ebx, ecx",
            "vpdpbssd xmm1, xmm2, eax", "vaddps zmm3, xmm1, [rsi]", "vaddps xmm3, xmm1, eax", "kmovw k1, xmm1",
            "vaddps xmm1{k1}, xmm2, xmm3", "vaddps xmm1, xmm2", "add eax, xmm1", "vgatherdps xmm0, [rax+xmm1], xmm2",
            "vgatherdps xmm0{k1}, [rax+xmm1]", "vpermq ymm1, ymm2, 5", "vpdpwssd ymm4, ymm7, [ecx]", "add eax, 1",
            "vpdpbssd xmm1, xmm2, [esi]", "vpdpbssd ymm1, ymm2, [esi]", "vpmadd52luq xmm1, xmm2, [esi]", "kmovw k1, [rsi]", "{vex} kmovw k1, [rsi]",
        ];
        foreach (string line in lines)
        {
            AssertSameOutcome($"bits 64\ncpu {flags}\n{line}\n");
            AssertSameOutcome($"bits 32\ncpu {flags}\n{line.Replace("19", "7")}\n");
        }
        // The same line before and after the flags: its bytes are not reused across them.
        AssertSameOutcome($"bits 64\nvaddps ymm3, ymm1, [rsi]\nvpmadd52luq ymm3, ymm1, [rsi]\ncpu {flags}\nvaddps ymm3, ymm1, [rsi]\nvpmadd52luq ymm3, ymm1, [rsi]\n"
            + "cpu default\nvaddps ymm3, ymm1, [rsi]\nvpmadd52luq ymm3, ymm1, [rsi]\n");
    }

    /// <summary>
    /// AVX-512's parts past AVX512F, VAES, VPCLMULQDQ, GFNI and the later VEX extensions need ivybridge or later (they
    /// were assembled under every level); a template taken only after {vex}, or one of another encoding than the prefix
    /// asks, outranks the level's message ("instruction not encodable without explicit prefix", "… with {evex} prefix").
    /// </summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("x64")]
    [InlineData("westmere")]
    [InlineData("sandybridge")]
    [InlineData("ivybridge")]
    public void LaterVectorExtensionsByLevel(string cpu)
    {
        string[] lines =
        [
            "vpdpwssd ymm4, ymm7, [ecx]", "vpermb zmm1, zmm2, zmm3", "vpopcntd zmm1, zmm2", "vaddph zmm1, zmm2, zmm3",
            "vpshldw zmm1, zmm2, zmm3, 1", "kmovb k1, k2", "vpaddb zmm1, zmm2, zmm3", "vpmadd52luq zmm1, zmm2, zmm3",
            "vgf2p8affineqb xmm1, xmm2, xmm3, 1", "vaesenc ymm1, ymm2, ymm3", "vpclmulqdq ymm1, ymm2, ymm3, 1",
            "vpbroadcastmb2q zmm1, k1", "vexp2ps zmm1, zmm2", "v4fmaddps zmm1, zmm2, [rax]", "vpdpbusd zmm1, zmm2, zmm3",
            "vpexpandb zmm1, zmm2", "vpshufbitqmb k1, zmm2, zmm3", "gf2p8affineqb xmm1, xmm2, 1", "{vex} vpdpbssd xmm1, xmm2, xmm3",
            "vpmadd52luq ymm3, ymm1, [rsi]", "{vex} vpmadd52luq ymm3, ymm1, [rsi]", "{evex} vaddps ymm3, ymm1, [rsi]",
            "{vex} vaddps ymm3, ymm1, [rsi]", "{vex} kmovw k1, k2", "{evex} vpaddd zmm1, zmm2, zmm3", "vaesenc xmm1, xmm2, xmm3",
        ];
        foreach (string line in lines) AssertSameOutcome($"bits 64\ncpu {cpu}\n{line}\n");
    }

    /// <summary>Both assemblers succeed or fail alike, with the same messages, and the same bytes when they succeed.</summary>
    private static void AssertSameOutcome(string source)
    {
        using var dir = new TempDirectory();
        var nasm = NasmComparison.Nasm(dir, source, "bin");
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.Equal(nasm.Succeeded, ours.Succeeded);
        Assert.Equal(string.Join("\n", nasm.Messages), string.Join("\n", ours.Messages));
        if (nasm.Succeeded) Assert.Equal(Convert.ToHexString(nasm.Output!), Convert.ToHexString(ours.Output!));
    }
}
