using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Tests.Language;

/// <summary>Memory operands the parser splits without its expression parser (registers, numbers, symbols and scaled
/// registers joined by + and -), and the forms next to them that still go through it; the source's line count.</summary>
public sealed class SimpleAddressTests
{
    [RequiresToolsFact("nasm")]
    public void SimpleAddressesAsNasmReadsThem() => NasmComparison.AssertSameBin("""
        bits 64
        d: dq 0
        .l: dq 0
        mov rax, [rbx+8*rcx+16]
        mov rax, [rbx+rcx*8-16]
        mov rax, [rbx-16+rcx*8]
        mov rax, [r9-128+16]
        mov rax, [16-8+rax]
        mov rax, [16]
        mov rax, [rax+rax*2]
        mov rax, [rax*3]
        mov rax, [rax*2]
        mov rax, [nosplit rax*2]
        mov rax, [1*rax+rbx]
        mov rax, [rbp*1+rax]
        mov rax, [rax+0*rbx]
        mov rax, [rax + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9]
        mov rax, [rel d+8]
        mov rax, [rel d-8]
        mov rax, [d+rcx*8]
        mov rax, [rbx+d-8]
        mov rax, [rel .l+4]
        mov rax, [fs:rax+8]
        lea rax, [rax*9]
        mov eax, [ebx+ecx*4+0x7fffffff]
        mov rax, [rcx*2*4]
        """);

    /// <summary>nasm keeps a register's scale in an int: past 32 bits only the low half counts (0x100000002 is 2,
    /// 0x100000000 drops the register), and a scale that was not 1 makes an index even when it is cut to 1
    /// ([rax*0x100000001] has no base, [rax+rax*0x100000000], a sum, is [rax]: nasm's hint for a sum of one register's
    /// terms is EAH_SUMMED, not "multiplied", so [rax*2-rax+rbx] has base rax).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "rax", "rbx", "rsp")]
    [InlineData(32, "eax", "ebx", "esp")]
    public void ScalesPastThirtyTwoBitsAreCutAsNasmCutsThem(int bits, string a, string b, string sp) => NasmComparison.AssertSameBin($"""
        bits {bits}
        mov eax, [{a}*0x100000000]
        mov eax, [{b}+{a}*0x100000000]
        mov eax, [{a}*0x100000001]
        mov eax, [{b}+{a}*0x100000001]
        mov eax, [0x100000001*{a}+{b}]
        mov eax, [{a}*0x100000002]
        mov eax, [{a}*0x100000003]
        mov eax, [{a}*0x100000004+8]
        mov eax, [{a}*0x100000005]
        mov eax, [{b}+{a}*0x100000008]
        mov eax, [{a}*0x100000009]
        mov eax, [{a}*-0xffffffff]
        mov eax, [nosplit {a}*0x100000001]
        mov eax, [nosplit {a}*0x100000002]
        mov eax, [{a}+{a}*0x100000000]
        mov eax, [{a}*0x80000000+{a}*0x80000000]
        mov eax, [{a}*0x80000000+{a}*0x80000001]
        mov eax, [{sp}*0x100000001]
        mov eax, [{a}+{sp}*0x100000001]
        mov eax, [{sp}+{a}*0x100000001]
        mov eax, [{a}*0x100000000*2]
        mov eax, [{a}*2-{a}+{b}]
        mov eax, [nosplit {a}*2-{a}]
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData(16, "[bx*0x100000000]")]
    [InlineData(16, "[bx*0x100000001]")]
    [InlineData(16, "[si*0x100000001+bx]")]
    [InlineData(16, "[0x100000001*bx+8]")]
    [InlineData(16, "[di*-0xffffffff]")]
    [InlineData(64, "[rbp*0x100000001]")]
    [InlineData(64, "[r13*0x100000001]")]
    [InlineData(64, "[rbp*0x100000000]")]
    public void ScalesPastThirtyTwoBitsInOtherAddresses(int bits, string address) => NasmComparison.AssertSameBin($"""
        bits {bits}
        mov ax, {address}
        """);

    /// <summary>The cut scales nasm refuses (3, 5 and 9 beside a base; -1, 0x80000000, 0xffffffff) and those that leave
    /// two indexes or too many registers.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "[rbx+rax*0x100000003]")]
    [InlineData(64, "[rbx+rax*0x100000005]")]
    [InlineData(64, "[rbx+rax*0x100000009]")]
    [InlineData(64, "[rax*-1]")]
    [InlineData(64, "[rax*0x80000000]")]
    [InlineData(64, "[rbx+rax*0x80000000]")]
    [InlineData(64, "[rax*0xffffffff]")]
    [InlineData(64, "[rax*0x1ffffffff]")]
    [InlineData(64, "[rsp*0x100000002]")]
    [InlineData(64, "[rax*0x100000001+rbx*0x100000000]")]
    [InlineData(64, "[rax*0x100000001+rbx*0x100000001]")]
    [InlineData(64, "[rax+rbx+rcx*0x100000000]")]
    [InlineData(32, "[ebx+eax*0x100000003]")]
    [InlineData(32, "[eax*0x80000000]")]
    [InlineData(16, "[bx*0x100000002]")]
    [InlineData(16, "[si+bx*0x100000008]")]
    [InlineData(16, "[bx*0x80000000]")]
    public void RefusedScalesPastThirtyTwoBits(int bits, string address) => NasmComparison.AssertSameErrors($"""
        bits {bits}
        mov eax, {address}
        """);

    /// <summary>A register nasm takes for neither base nor index: "impossible register" once a general register is the
    /// base (a vector register is only ever an index, in any instruction), "two index registers" without one.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "[xmm1+rax+rbx]")]
    [InlineData(64, "[rax+xmm1+rbx*2]")]
    [InlineData(64, "[rax+ymm1+rbx]")]
    [InlineData(64, "[rbx+rax+zmm3]")]
    [InlineData(64, "[xmm1+xmm2+rax]")]
    [InlineData(64, "[xmm1*2+xmm2+rax]")]
    [InlineData(64, "[xmm1+xmm2]")]
    [InlineData(64, "[rax*2+rbx*2+xmm0]")]
    [InlineData(64, "[rax+rbx+cr0]")]
    [InlineData(64, "[rax+rbx+es]")]
    [InlineData(32, "[eax+ebx+xmm1]")]
    [InlineData(16, "[xmm1+bx+si]")]
    public void ImpossibleRegistersAsNasmNamesThem(int bits, string address) => NasmComparison.AssertSameErrors($"""
        bits {bits}
        mov eax, {address}
        vgatherdps xmm0, {address}, xmm3
        """);

    /// <summary>A register that is neither general nor vector (control, debug, segment, x87, opmask, MMX, bound) is nasm's
    /// index, refused by its process_ea once a form matched: "invalid N-bit effective address" in mov, "invalid
    /// combination of opcode and operands" where only a VSIB form would do, and the first stops nasm before the second.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "[rax+cr0]")]
    [InlineData(64, "[cr0]")]
    [InlineData(64, "[rax+dr0]")]
    [InlineData(64, "[rax+es]")]
    [InlineData(64, "[rax+st0]")]
    [InlineData(64, "[rax+k1]")]
    [InlineData(64, "[cr0+rax]")]
    [InlineData(64, "[cr0*2]")]
    [InlineData(64, "[rax*2+cr0]")]
    [InlineData(64, "[rax+bnd0]")]
    [InlineData(64, "[tr3]")]
    [InlineData(64, "[rax+mm0]")]
    [InlineData(64, "[bx+cr0]")]
    [InlineData(64, "[rsp*2+cr0]")]
    [InlineData(32, "[ebx+k1]")]
    [InlineData(32, "[bx+cr0]")]
    [InlineData(16, "[cr0]")]
    [InlineData(16, "[bx+cr0]")]
    [InlineData(16, "[ebx+k1]")]
    public void OtherRegistersInAnAddressAsNasmRefusesThem(int bits, string address)
    {
        NasmComparison.AssertSameErrors($"""
            bits {bits}
            mov eax, {address}
            vgatherdps xmm0, {address}, xmm3
            """);
        NasmComparison.AssertSameErrors($"""
            bits {bits}
            default rel
            vgatherdps xmm0, {address}, xmm3
            """);
    }

    /// <summary>nasm's size, special and prefix words (and wait, times, wrt) are no symbols: where one stands as a value
    /// it is "expression syntax error", found as the line is parsed (so also in a line no form would match).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("byte")]
    [InlineData("word")]
    [InlineData("dword")]
    [InlineData("qword")]
    [InlineData("tword")]
    [InlineData("long")]
    [InlineData("nosplit")]
    [InlineData("rel")]
    [InlineData("abs")]
    [InlineData("strict")]
    [InlineData("far")]
    [InlineData("short")]
    [InlineData("to")]
    [InlineData("a32")]
    [InlineData("o16")]
    [InlineData("osp")]
    [InlineData("rep")]
    [InlineData("repnz")]
    [InlineData("lock")]
    [InlineData("xacquire")]
    [InlineData("nobnd")]
    [InlineData("wait")]
    [InlineData("times")]
    [InlineData("wrt")]
    public void KeywordsInAnExpressionAreSyntaxErrors(string keyword) => NasmComparison.AssertSameErrors($"""
        bits 64
        mov eax, [rax+{keyword}]
        mov eax, 1+{keyword}
        dd 1+{keyword}
        vgatherdps xmm0, [rax+{keyword}], xmm3
        mov eax, [rax+({keyword})]
        %if 1+{keyword}
        %endif
        """, "elf64");

    /// <summary>nasm's evaluator marks an address "summed" (its EAH_SUMMED hint) whenever an addition meets two terms of
    /// one type that do not cancel: two numbers ([rbp+rax+4+4], [rbp+rax+0+4], a comparison's difference in (2&lt;1)) or
    /// two registers. A summed address takes its base by nasm's register-table order instead of as written, and is split
    /// even under nosplit; one that is not ([rbp+rax+8], [rbp+rax+4*2], [rbp+rax-4+4]) keeps the order written.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "rax", "rbx", "rbp", "rsp", "r8", "r13")]
    [InlineData(32, "eax", "ebx", "ebp", "esp", "r8d", "r13d")]
    public void SummedAddressesTakeTheBaseInTableOrder(int bits, string a, string b, string bp, string sp, string r8, string r13)
    {
        string extended = bits == 64 ? $"""
            mov eax, [{bp}+{r8}+1+1]
            mov eax, [{r8}+r9+1+1]
            mov eax, [r9+{r8}+1+1]
            mov eax, [r10+{r8}+1+1]
            mov eax, [{r13}+{a}+1+1]
            """ : "";
        NasmComparison.AssertSameBin($"""
            bits {bits}
            mov eax, [{bp}+{a}+4+4]
            mov eax, [{b}+{a}+(4+4)]
            mov eax, [{a}+{bp}+4+4]
            mov eax, [{bp}+{a}+8]
            mov eax, [{bp}+{a}+4*2]
            mov eax, [{bp}+4+{a}+4]
            mov eax, [4+4+{bp}+{a}]
            mov eax, [{bp}+{a}-4+4]
            mov eax, [{bp}+{a}+4-4+4]
            mov eax, [{bp}+{a}+0+4]
            mov eax, [{bp}+{a}+0*4+4]
            mov eax, [{bp}+{a}-1-1]
            mov eax, [{bp}+{a}-(-1)]
            mov eax, [{bp}+{a}+(2<1)]
            mov eax, [{bp}+{a}+(1==1)]
            mov eax, [{bp}+{a}+(1+1)*4]
            mov eax, [{bp}+{a}+((1+1)|1)]
            mov eax, [{b}+{a}+(1+1)-(1+1)]
            mov eax, [{b}+{a}+0+0]
            mov eax, [{b}+{a}+'a'+1]
            mov eax, [{sp}+{a}+1+1]
            mov eax, [{a}+{sp}+1+1]
            mov eax, [{b}+{a}*1+4+4]
            mov eax, [{a}*1+{b}+4+4]
            mov eax, [{b}*1+{a}+4+4]
            mov eax, [{b}+{a}+ecx-ecx]
            mov eax, [{b}+{a}+{a}-{a}]
            mov eax, [ecx-ecx+{b}+{a}]
            mov eax, [ecx-ecx+{a}*1+{b}]
            mov eax, [{b}+{a}*0x100000001+4+4]
            mov eax, [{a}*0x100000001+{b}+4+4]
            mov eax, [{a}*0x100000001+4+4]
            mov eax, [ecx-ecx+{a}*0x100000001]
            mov eax, [nosplit {a}*2+4+4]
            mov eax, [nosplit {a}*1+4+4]
            mov eax, [nosplit {a}*1+8]
            mov eax, [nosplit 1+1+{a}*1]
            mov eax, [nosplit {a}+{a}]
            mov eax, [nosplit {a}*2+{a}-{a}]
            mov eax, [nosplit {b}-{b}+{a}*1]
            mov eax, [nosplit ecx*0+{a}*1]
            mov eax, [nosplit {bp}*2+1+1]
            mov eax, [es:{bp}+{a}+4+4]
            {extended}
            """.Replace("ecx", bits == 64 ? "rcx" : "ecx"));
    }

    /// <summary>16-bit addresses take no hint: bx/bp are the base, si/di the index, summed or not.</summary>
    [RequiresToolsFact("nasm")]
    public void SixteenBitAddressesTakeNoHint() => NasmComparison.AssertSameBin("""
        bits 16
        mov ax, [bp+si+1+1]
        mov ax, [si+bp+1+1]
        mov ax, [bx+si+1+1]
        mov ax, [si+bx+1+1]
        mov ax, [ebp+eax+2+2]
        mov ax, [eax+ebp+2+2]
        mov ax, [nosplit eax*2+1+1]
        """);

    /// <summary>A label's offset is a number term too, so whether an address sums can depend on where labels are
    /// ([rbp+rax+label+4] sums, [rbp+rax+label] does not, [rbp+rax+label2-label-8] sums then cancels): decided when the
    /// labels are known, before and after the line, an extern's offset 0 included.</summary>
    [RequiresToolsFact("nasm")]
    public void LabelsSumAsNasmSumsThem()
    {
        const string lines = """
            mov eax, [rbp+rax+label]
            mov eax, [rbp+rax+label+4]
            mov eax, [rbp+rax+label-4]
            mov eax, [rbp+rax+label-label]
            mov eax, [rbp+rax+label2-label]
            mov eax, [rbp+rax+(label2-label)]
            mov eax, [rbp+rax+label2-label-8]
            mov eax, [rbp+rax+$-$$]
            mov eax, [rbp+rax+label*1]
            mov eax, [nosplit rax*2+label+4]
            mov eax, [nosplit rax*1+label+4]
            mov eax, [nosplit rax*1+label2-label]
            mov eax, [nosplit rax*2+label2-label-8]
            mov eax, [rbx+rax+k+4]
            mov eax, [rbx+rax+k-k]
            mov eax, [rbp+rax+fwd+4]
            mov eax, [rbp+rax+fwd-fwd]
            mov eax, [rbp+rax+fwd-label]
            """;
        NasmComparison.AssertSameBin($"""
            bits 64
            label: nop
            {lines}
            label2: times 8 nop
            k equ -4
            {lines}
            fwd: nop
            """);
        NasmComparison.AssertSameBin($"""
            bits 64
            org 0x7c00
            label: nop
            mov eax, [rbp+rax+label-0x7c00]
            mov eax, [rbp+rax+label+4]
            """);
        NasmComparison.AssertSameElf("""
            bits 64
            extern ext
            section .text
            label: nop
            mov eax, [rbp+rax+ext+4]
            mov eax, [rbp+rax+ext]
            mov eax, [rbp+rax+label+4]
            mov eax, [rbp+rax+ext-4+4]
            mov eax, [nosplit rax*2+ext+4]
            section .data
            d: dd 0
            section .text
            mov eax, [rbp+rax+d+4]
            """);
    }

    /// <summary>Right after `[' (or a segment's colon) nasm reads size, special and prefix words as its process_size_override
    /// does: byte to qword and long size the displacement, any other is "invalid size specification in effective address"
    /// and the address is read on; xword is no word of nasm's; seg of a register is no relocatable value.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("tword")]
    [InlineData("oword")]
    [InlineData("yword")]
    [InlineData("zword")]
    [InlineData("strict")]
    [InlineData("to")]
    [InlineData("far")]
    [InlineData("near")]
    [InlineData("short")]
    [InlineData("times")]
    [InlineData("wait")]
    [InlineData("rep")]
    [InlineData("lock")]
    [InlineData("o16")]
    [InlineData("osp")]
    [InlineData("asp")]
    [InlineData("bnd")]
    [InlineData("xacquire")]
    [InlineData("tword tword")]
    [InlineData("fs:tword")]
    [InlineData("tword fs:")]
    [InlineData("xword")]
    [InlineData("seg")]
    public void KeywordsAfterTheBracketAsNasmReadsThem(string keyword) => NasmComparison.AssertSameErrors($"""
        bits 64
        mov eax, [{keyword}+rax]
        mov eax, [{keyword} rax+4]
        mov eax, [{keyword}+eax+rbx+rcx]
        """);

    [RequiresToolsFact("nasm")]
    public void LongSizesTheDisplacement() => NasmComparison.AssertSameBin("""
        bits 64
        mov eax, [long+rax]
        mov eax, [long rax+4]
        mov eax, [byte long rax]
        """);

    /// <summary>One address size per instruction, as nasm's prefix slot: a second one (in the brackets or against the
    /// prefix) is "conflicting address size specifications" and the first stands; a16 in 64-bit code and a64 outside it
    /// are "impossible combination of address sizes" and then, once the rest matches, the prefix's own error (or, for
    /// 32-bit registers under a16, the effective address's).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "mov eax, [a32 a64 rax]")]
    [InlineData(64, "a32 mov eax, [a64 rax]")]
    [InlineData(64, "a64 mov eax, [a32 rax]")]
    [InlineData(64, "mov eax, [a32 a16 5]")]
    [InlineData(64, "mov eax, [a32 es:a64 eax]")]
    [InlineData(64, "mov [a32 eax], dword [a64 rax]")]
    [InlineData(64, "mov eax, [a16+rax]")]
    [InlineData(64, "mov eax, [a16 rax]")]
    [InlineData(64, "mov eax, [fs:a16 rax]")]
    [InlineData(64, "mov eax, [a16 rbx+rax*2]")]
    [InlineData(64, "mov eax, [a16 5]")]
    [InlineData(64, "a16 mov eax, [5]")]
    [InlineData(64, "a16 mov eax, [rel 5]")]
    [InlineData(64, "a16 mov eax, [a16 5]")]
    [InlineData(64, "a16 mov eax, [eax]")]
    [InlineData(64, "a16 mov eax, [esp*2]")]
    [InlineData(64, "a16 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(64, "a16 push rax")]
    [InlineData(64, "a16 mov eax, 1")]
    [InlineData(64, "a16 lodsb")]
    [InlineData(64, "a16 nop")]
    [InlineData(64, "a16")]
    [InlineData(32, "a64 nop")]
    [InlineData(32, "a64")]
    [InlineData(32, "a64 mov eax, [5]")]
    [InlineData(32, "a64 mov eax, [eax]")]
    [InlineData(32, "a64 mov eax, [rax]")]
    [InlineData(32, "a64 lodsb")]
    [InlineData(32, "mov eax, [a64 eax]")]
    [InlineData(32, "mov eax, [a16 a32 eax]")]
    [InlineData(32, "a32 mov eax, [a16 bx]")]
    [InlineData(16, "a64 nop")]
    [InlineData(16, "a64 mov ax, [bx]")]
    public void AddressSizesAsNasmRefusesThem(int bits, string line) => NasmComparison.AssertSameErrors($"""
        bits {bits}
        {line}
        """);

    private const string NegatedLabelSource = """
        bits 64
        extern ext
        section .text
        nop
        a: nop
        {0}
        section .data
        dd 0
        b: dd 0
        """;

    /// <summary>-f bin writes the section's own label negated (-a, 3-a, 3-$, -$$) as nasm does: the number less the
    /// section's address (so -a is minus a's address, org and vstart included), immediates and address-only displacements
    /// at full size, a displacement beside registers sized by its number part alone ([rax-a] at offset 0 is [rax]); and
    /// another section's label less this section's as a PC-relative field.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "rax", "rbx", "rbp", "r13")]
    [InlineData(32, "eax", "ebx", "ebp", "eax")]
    [InlineData(16, "bx", "si", "bp", "di")]
    public void NegatedLabelsAsNasmWritesThemInBin(int bits, string a, string b, string bp, string r13)
    {
        string lines = $"""
            dd -a
            dd 3-a
            dw -a
            db -a
            dd a-a-a
            dd -(a+1)
            dd +(-a)
            dd 3-$
            dd -$$
            dd b-$
            mov eax, -a
            mov ax, 5-a
            add eax, -a
            push -a
            mov al, -a
            mov eax, [{a}-a]
            mov eax, [{a}-a+0x10]
            mov eax, [{a}-a+0x100]
            mov eax, [{a}-a+0x1000]
            mov eax, [{a}+{b}-a+0x10]
            mov eax, [{bp}-a]
            mov eax, [{r13}-a+1]
            mov eax, [byte {a}-a]
            mov eax, [-a]
            mov eax, [{a}+b-$]
            """ + (bits == 16 ? "" : $"""

            mov eax, [dword {a}-a]
            mov eax, [{a}+{b}-a+4+4]
            """) + (bits == 64 ? """

            mov rax, -a
            mov rax, qword -a
            push qword -a
            vgatherdps xmm0, [rax+xmm1-a], xmm2
            mov eax, [rel -a]
            mov eax, [rel rax-a]
            """ : "");
        foreach (string origin in new[] { "", "org 0x7c03" })
            NasmComparison.AssertSameBin($"""
                {origin}
                bits {bits}
                times 5 nop
                a: nop
                {lines}
                section .data vstart=0x9000
                db 0
                b: db 0
                dd -b
                dw 5-b
                dd 3-$
                section .tail follows=.data
                d: nop
                dd -d
                """);
    }

    /// <summary>Displacements whose sizes hang on where a later label lands (pushes of -b unknown in the first pass): the
    /// passes settle where nasm's do, not with a length kept from a pass that did not know the number.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(100)]
    [InlineData(106)]
    [InlineData(108)]
    [InlineData(111)]
    [InlineData(120)]
    public void NegatedLabelsSettleAsNasms(int filler) => NasmComparison.AssertSameBin($"""
        org 0x100
        bits 64
        a: nop
        push -b
        push 0x10-b
        times {filler} db 0
        mov eax, [rax+rbx*2-b]
        mov eax, [rax+rbx*2+5-$+a-a]
        mov eax, [rsp+3-$]
        b: nop
        """);

    /// <summary>ELF has no such field (nasm writes odd bytes there), nor has an immediate or resb of one scaled label
    /// (nasm takes its number alone): "not supported yet" where nasm assembles.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("elf64", "dd -a")]
    [InlineData("elf64", "dd 3-a")]
    [InlineData("elf64", "dq -a")]
    [InlineData("elf64", "dd 3-$")]
    [InlineData("elf64", "mov eax, -a")]
    [InlineData("elf64", "push -a")]
    [InlineData("elf64", "mov eax, [rax-a]")]
    [InlineData("elf64", "mov eax, [-a]")]
    [InlineData("elf32", "dd -a")]
    [InlineData("elf32", "mov eax, [eax-a]")]
    [InlineData("bin", "mov eax, a*2")]
    [InlineData("bin", "mov eax, -b*2")]
    [InlineData("bin", "resb a*2")]
    [InlineData("elf64", "mov eax, a*2")]
    public void NegatedLabelsNasmTakesAreNotSupportedElsewhere(string format, string line) => NasmComparison.AssertNotSupportedYet(
        string.Format(NegatedLabelSource, line).Replace("bits 64", format == "elf32" ? "bits 32" : "bits 64"), format);

    /// <summary>Where nasm refuses such a value it says what its parser or output says there: a branch to the section's
    /// start negated is self-relative, another section's label negated or scaled is no relocatable value in data, an
    /// invalid immediate ("invalid operand type"), and an impossible multiplier in an address; times and resb want a number.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("dd -b")]
    [InlineData("dd -a*2")]
    [InlineData("dd -a-b")]
    [InlineData("dd a+b")]
    [InlineData("dd -ext")]
    [InlineData("dd ~a")]
    [InlineData("mov eax, -b")]
    [InlineData("mov eax, -ext")]
    [InlineData("mov eax, a+b")]
    [InlineData("mov eax, 3-b")]
    [InlineData("mov eax, -a-b")]
    [InlineData("push -b")]
    [InlineData("jmp -a")]
    [InlineData("call -a")]
    [InlineData("jz -a")]
    [InlineData("loop -a")]
    [InlineData("jmp 3-$")]
    [InlineData("jmp -b")]
    [InlineData("mov eax, [rax-b]")]
    [InlineData("mov eax, [-b]")]
    [InlineData("mov eax, [rax-ext]")]
    [InlineData("mov eax, [rax-a*2]")]
    [InlineData("mov eax, [rax+a*2]")]
    [InlineData("mov eax, [rax+a+b]")]
    [InlineData("mov eax, [rax-a-b]")]
    [InlineData("times -a nop")]
    [InlineData("times a*2 nop")]
    [InlineData("resb -a")]
    public void NegatedLabelsNasmRefusesAsNasmRefusesThem(string line)
    {
        NasmComparison.AssertSameErrors(string.Format(NegatedLabelSource, line));
        NasmComparison.AssertSameErrors(string.Format(NegatedLabelSource, line), "elf64");
    }

    /// <summary>An address's impossible section bases are an error of nasm's parser: found in its first pass when the
    /// labels are known there (which then stops, so a later line's, known only later, never comes), else in its last.</summary>
    [RequiresToolsFact("nasm")]
    public void SegmentBaseErrorsComeInNasmsPasses()
    {
        NasmComparison.AssertSameErrors("""
            bits 64
            lab: nop
            mov eax, [rax+lab+lab]
            mov eax, [rax+lab+fwd+fwd]
            fwd: nop
            """);
        NasmComparison.AssertSameErrors("""
            bits 64
            lab: nop
            mov eax, [rax+fwd+fwd]
            mov eax, [rax+lab+lab2]
            fwd: nop
            lab2: nop
            """);
    }

    /// <summary>Values whose negations cancel are plain values again.</summary>
    [RequiresToolsFact("nasm")]
    public void NegationsThatCancel() => NasmComparison.AssertSameBin("""
        bits 64
        a: nop
        dd -a+a
        dd -(-a)
        dd -(-a)+1
        mov eax, -a+a
        mov eax, [rax+a-$]
        absolute -$
        """);

    /// <summary>`rel' written beside registers is nasm's "indirect address displacements cannot be RIP-relative" (in any
    /// mode, even after abs, twice: its sizing and its emitting); an address whose registers are gone is absolute.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "mov eax, [rel rax]")]
    [InlineData(64, "mov eax, [rel rbp+8]")]
    [InlineData(64, "mov eax, [rel rax+rbx*2+8]")]
    [InlineData(64, "mov eax, [rel rax*2]")]
    [InlineData(64, "mov eax, [rel byte rax+5]")]
    [InlineData(64, "mov eax, [rel abs rax]")]
    [InlineData(64, "mov eax, [abs rel rax]")]
    [InlineData(64, "mov eax, [rel es:rax]")]
    [InlineData(64, "mov [rel rax], eax")]
    [InlineData(64, "mov eax, [rel 5+rax-rax]")]
    [InlineData(64, "mov eax, [rel rcx*0]")]
    [InlineData(64, "lea rdi, [rel x+rax]")]
    [InlineData(64, "vgatherdps xmm0, [rel rax+xmm1], xmm2")]
    [InlineData(64, "vgatherdps xmm0, [rel xmm1], xmm2")]
    [InlineData(32, "mov eax, [rel eax]")]
    [InlineData(32, "mov ax, [rel bx]")]
    [InlineData(16, "mov eax, [rel eax]")]
    [InlineData(16, "mov [rel bx], ax")]
    public void RelBesideRegistersAsNasmWarns(int bits, string line) => NasmComparison.AssertSameBin($"""
        bits {bits}
        x: {line}
        """);

    /// <summary>nasm's mib form [base+disp, index*scale], in bndldx/bndstx and any other address: the base as written, a
    /// lone index kept an index, an index*2 without a base split as ever.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "rax", "rbx", "rsp", "rbp")]
    [InlineData(32, "eax", "ebx", "esp", "ebp")]
    public void MibAddressesAsNasmPlacesThem(int bits, string a, string b, string sp, string bp) => NasmComparison.AssertSameBin($"""
        bits {bits}
        mov eax, [{a},{b}]
        mov eax, [{b},{a}]
        mov eax, [{a}+8,{b}]
        mov eax, [{a}+8,{b}*4]
        mov eax, [8,{b}]
        mov eax, [8,{b}*2]
        mov eax, [{bp},{a}]
        mov eax, [{a},{sp}]
        mov eax, [8,{sp}]
        mov eax, [{a},{b}-{b}]
        mov eax, [{a},{b}+0]
        mov eax, [{a},{b}*0]
        mov eax, [{b},{a}+4-4]
        mov eax, [fs:{a},{b}]
        mov [{a},{b}], eax
        lea eax, [{a},{b}]
        bndldx bnd1, [{a},{b}]
        bndldx bnd1, [{a},{b}*2]
        bndstx [{a}+8,{b}], bnd1
        bndldx bnd1, [8,{b}]
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("bndldx bnd1, [rax,8]")]
    [InlineData("mov eax, [rax,]")]
    [InlineData("mov eax, [rax,rbx*3]")]
    [InlineData("mov eax, [rax,rsp*2]")]
    [InlineData("mov eax, [rax*2,rbx]")]
    [InlineData("mov eax, [rax+rbx,rcx]")]
    [InlineData("mov eax, [rax,rbx+rcx]")]
    [InlineData("mov eax, [rax,rbx*2+rcx*2]")]
    [InlineData("mov eax, [rax,rbx],5")]
    public void MibAddressesNasmRefuses(string line) => NasmComparison.AssertSameErrors($"""
        bits 64
        {line}
        """);

    [RequiresToolsFact("nasm")]
    public void RefusedAddressesAsNasmRefusesThem() => NasmComparison.AssertSameErrors("""
        bits 64
        mov rax, [rsp*2]
        mov rax, [qword rbx+8]
        lea rax, [rax*5+rbx]
        mov rax, [2*8*rcx]
        """);

    [Fact]
    public void NewlinesAreCountedAsOneByOne()
    {
        var random = new Random(12);
        foreach (int length in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 100, 1000, 8 * 32767 + 5, 8 * 65536 + 3 })
            foreach (double density in new[] { 0.0, 0.05, 0.5, 1.0 })
            {
                var chars = new char[length];
                for (int i = 0; i < length; i++) chars[i] = random.NextDouble() < density ? '\n' : (char)random.Next(0x20, 0x3000);
                Assert.Equal(chars.Count(c => c == '\n'), SourceLines.CountNewlines(chars));
            }
    }

    /// <summary>Registers that cancel are gone ([rbx-rbx], [rax*2-rax]); one multiplied by 0 still takes a register's
    /// place ([rax+rbx+rcx*0] is too many registers) and is then dropped ([rax+rcx*0] is [rax]); nasm places the registers
    /// in its table's order, which decides between "too many registers" and "two index registers".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "bx", "si", "di", "bp")]
    [InlineData(32, "eax", "ebx", "ecx", "edx")]
    [InlineData(64, "rax", "rbx", "rcx", "rdx")]
    public void RegistersThatCancelOrAreMultipliedByZero(int bits, string a, string b, string c, string d) => NasmComparison.AssertSameBin($"""
        bits {bits}
        mov ax, [{b}-{b}]
        mov ax, [{b}-{b}+8]
        mov ax, [{a}+{b}-{b}+{c}]
        mov ax, [{a}*2-{a}]
        mov ax, [{a}+{b}*2-{b}]
        mov ax, [{a}-{b}+{b}]
        mov ax, [{a}+({b}-{b})*2]
        mov ax, [{a}+{c}*0+{c}]
        mov ax, [{d}*0+{a}]
        mov ax, [{c}*0]
        mov ax, [{a}+{b}+{c}*0-{c}*0]
        mov ax, [{a}-({b}-{b})]
        mov ax, [{a} - -{b}]
        mov ax, [{b}+-(-{a})+8]
        mov ax, [-(-{a}-4)]
        mov ax, [-(8+{a})+{a}*2]
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData(16, "[bx+si+di*0]")]
    [InlineData(16, "[bx*2+si*2+di]")]
    [InlineData(16, "[bx*2+si+di*2]")]
    [InlineData(16, "[di*0+bp*0+bx*0]")]
    [InlineData(32, "[eax-eax*2]")]
    [InlineData(32, "[eax-ebx]")]
    [InlineData(64, "[rax+rbx+rcx*0]")]
    [InlineData(64, "[rax+rcx*0+rdx*0]")]
    [InlineData(64, "[rcx*0+rdx*0]")]
    [InlineData(64, "[rcx*2+rdx*0]")]
    [InlineData(64, "[rcx*2+rbx*2+rax]")]
    [InlineData(64, "[r8*2+rax*2+rbx]")]
    [InlineData(64, "[rbx*2+rsi*2+r8]")]
    [InlineData(64, "[rax*2+rbx*2+rcx]")]
    [InlineData(64, "[rax-rax*2]")]
    [InlineData(64, "[-rax]")]
    [InlineData(32, "[-(eax-ebx)]")]
    [InlineData(16, "[-bx]")]
    [InlineData(64, "[-rax+rbx*2]")]
    public void RegistersMultipliedByZeroCountAsNasmCountsThem(int bits, string address) => NasmComparison.AssertSameErrors($"""
        bits {bits}
        mov ax, {address}
        """);

    /// <summary>A vector register is never the base: a second index is "two index registers" ([xmm1+xmm2], [bx*2+xmm1]) and
    /// a third register that is one "impossible register" ([bx+si+xmm1]; was "too many registers" or "invalid
    /// combination of opcode and operands").</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "[bx+si+xmm1]")]
    [InlineData(32, "[eax+ebx+xmm1]")]
    [InlineData(64, "[rax+rbx+xmm1]")]
    [InlineData(64, "[xmm1+xmm2+rax]")]
    [InlineData(16, "[xmm1+xmm2]")]
    [InlineData(32, "[xmm1+xmm2]")]
    [InlineData(64, "[xmm1+xmm2]")]
    [InlineData(16, "[bx*2+xmm1]")]
    [InlineData(32, "[eax*2+xmm1]")]
    [InlineData(64, "[xmm1*2+rax*2]")]
    public void VectorRegistersCountAsNasmCountsThem(int bits, string address) => NasmComparison.AssertSameErrors($"""
        bits {bits}
        vgatherdps xmm0, {address}, xmm2
        """);
}
