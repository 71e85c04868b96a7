using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// NASM spellings that name a different operand list than Iced's forms take: each rule turns the
/// statement into the one NASM actually encodes (proven by the encoding corpus tests against nasm).
/// Structural rules depend only on the syntax and the mode and are cached per statement.
/// </summary>
internal static class NasmRewrites
{
    private sealed class Cache
    {
        public int Bits;
        public bool Optimize;
        public InstructionStatement? Structural;
        public InstructionStatement? MovImmediate;
    }

    public static InstructionStatement Apply(InstructionStatement statement, IEncodingContext context)
    {
        var cache = statement.Syntax.RewriteCache as Cache;
        // -O1 rewrites no mov, as -O0.
        bool optimize = context.Optimize && !context.MinimalOptimization;
        if (cache is null || cache.Bits != context.Bits || cache.Optimize != optimize)
        {
            var structural = Structural(statement, context.Bits, optimize);
            // Most statements are not rewritten: they share one cache entry per mode (a null Structural is the statement
            // itself, whichever line's: the first pass may process a line as a scratch statement that becomes other lines).
            cache = structural is null && !statement.Mnemonic.Equals("mov", StringComparison.OrdinalIgnoreCase)
                ? Unchanged(context.Bits, optimize)
                : new Cache { Bits = context.Bits, Optimize = optimize, Structural = structural };
            statement.Syntax.RewriteCache = cache;
        }
        var result = cache.Structural ?? statement;
        if (MovImmediateApplies(result, context))
            result = cache.MovImmediate ??= With(result, "mov", [Register(result.Operands[0].Register.GetFullRegister32()), Immediate(result.Operands[1].Value!)]);
        return result;
    }

    private static readonly Cache[] UnchangedCaches = new Cache[6];

    private static Cache Unchanged(int bits, bool optimize)
    {
        int slot = (bits == 16 ? 0 : bits == 32 ? 1 : 2) * 2 + (optimize ? 1 : 0);
        return UnchangedCaches[slot] ??= new Cache { Bits = bits, Optimize = optimize };
    }

    private static InstructionStatement? Structural(InstructionStatement s, int bits, bool optimize)
    {
        var rewritten = Rules(s, bits, optimize);
        // The shorthand's full statement goes through the rules again (vreducesh xmm3, xmm4, 1 has its sources swapped too).
        return AvxShorthand.Apply(rewritten ?? s, bits) is { } full ? Rules(full, bits, optimize) ?? full : rewritten;
    }

    private static InstructionStatement? Rules(InstructionStatement s, int bits, bool optimize)
    {
        var ops = s.Operands;
        string m = Keywords.Lower(s.Mnemonic);
        if ((s.Prefixes & PrefixFlags.O64) != 0 && bits != 64) throw new Passes.EvaluationException(InstructionEncoder.NonLongModeOperands);
        if (m.Length > 1 && m[0] == 'f' && AllSt(ops)) return X87(s, m);
        if (NasmMemorySizes.Apply(s, m, ops, bits) is { } sized) return sized;
        switch (m)
        {
            case "xchg" when ops.Length == 2: return Xchg(s, bits);
            // push imm without a size is the mode's push whatever o16/o32 says; a prefix of another size is only a 66 byte
            // (o16 push 0xffc9 in 64-bit code is 66 68 C9 FF 00 00, o16 push 5 in 32-bit code 66 6A 05 with a warning).
            case "push" when ops.Length == 1 && ops[0].IsImmediate && ops[0].Size == 0 && (s.Prefixes & (PrefixFlags.O16 | PrefixFlags.O32 | PrefixFlags.O64)) != 0:
                {
                    bool byte66 = (s.Prefixes & (bits == 16 ? PrefixFlags.O32 : PrefixFlags.O16)) != 0;
                    var prefixes = s.Prefixes & ~(PrefixFlags.O16 | PrefixFlags.O32 | PrefixFlags.O64);
                    return new InstructionStatement(m, ops) { Location = s.Location, Prefixes = prefixes | (byte66 ? PrefixFlags.OperandSizeByte : 0), SegmentPrefix = s.SegmentPrefix };
                }
            // imul r, imm is imul r, r, imm.
            case "imul" when ops.Length == 2 && ops[0].IsRegister && ops[1].IsImmediate:
                return With(s, m, [ops[0], ops[0], ops[1]]);
            // test reg, mem is test mem, reg (84/85 /r): NASM accepts either order.
            case "test" when ops.Length == 2 && ops[0].IsRegister && ops[1].IsMemory:
                return With(s, m, [ops[1], ops[0]]);
            case "mov" when ops.Length == 2 && optimize: return MovSegment(s, bits);
            // lldt/ltr/verr/verw/lmsw r16 use the r32 form: NASM writes no 66 (ltr ax is 0F 00 D8).
            case "lldt" or "ltr" or "verr" or "verw" or "lmsw" when ops.Length == 1 && bits != 16 && ops[0].IsRegister && ops[0].Register.IsGPR16()
                && (s.Prefixes & PrefixFlags.O16) == 0:
                return With(s, m, [Register(ops[0].Register.GetFullRegister32())]);
            // lar/lsl r32/r64, r16 read the selector from the register of the destination's size (lar eax, bx is 0F 02 C3).
            case "lar" or "lsl" when ops.Length == 2 && ops[0].IsRegister && !ops[0].Register.IsGPR16() && ops[1].IsRegister && ops[1].Register.IsGPR16():
                return With(s, m, [ops[0], Register(ops[0].Register.IsGPR64() ? ops[1].Register.GetFullRegister() : ops[1].Register.GetFullRegister32())]);
            // loop $, ecx: the count register is the address size (67 E2 in 16-bit code).
            case "loop" or "loope" or "loopz" or "loopne" or "loopnz" when ops.Length == 2 && ops[1].IsRegister
                && ops[1].Register is Iced.Intel.Register.CX or Iced.Intel.Register.ECX or Iced.Intel.Register.RCX:
                {
                    var size = ops[1].Register switch { Iced.Intel.Register.CX => PrefixFlags.A16, Iced.Intel.Register.ECX => PrefixFlags.A32, _ => PrefixFlags.A64 };
                    return new InstructionStatement(m, [ops[0]]) { Location = s.Location, Prefixes = s.Prefixes | size, SegmentPrefix = s.SegmentPrefix };
                }
            // nasm 2.16 encodes vreducesh with its two sources swapped (the second in ModRM.rm, the third in
            // EVEX.vvvv); with a memory third operand it writes a register encoding of neither.
            case "vreducesh" when ops.Length == 4 && ops[1].IsRegister && ops[2].IsRegister:
                return With(s, m, [ops[0], ops[2], ops[1], ops[3]]);
            case "vreducesh" when ops.Length == 4 && ops[2].IsMemory:
                throw new Passes.EvaluationException("not supported yet: vreducesh with a memory operand (nasm 2.16 encodes it as a register form)");
            // retw with an immediate is plain ret imm16 in nasm 2.16 (retw 8 in 32-bit code is C2 08 00, retnw 8 is 66 C2 08 00);
            // retd and retq keep their size as retnd and retnq do (retd 4 in 16-bit code is 66 C2 04 00, retq 4 in 32-bit code an error).
            case "retw" when ops.Length == 1:
                return With(s, "ret", ops);
            // vpextrw/vpmovmskb (and in 64-bit code vmovmskps/vmovmskpd) r64 are the W0 r32 forms (vpmovmskb r13, xmm1 is C5 79 D7 E9).
            case "vpextrw" or "vpmovmskb" or "vmovmskps" or "vmovmskpd" when bits == 64 && ops.Length >= 2 && ops[0].IsRegister && ops[0].Register.IsGPR64() && ops[1].IsRegister:
                return With(s, m, [Register(ops[0].Register.GetFullRegister32()), .. ops[1..]]);
            // sldt r64 is nasm's r32 form, without REX.W (sldt rbx is 0F 00 C3; str and smsw keep theirs).
            case "sldt" when bits == 64 && ops.Length == 1 && ops[0].IsRegister && ops[0].Register.IsGPR64():
                return With(s, m, [Register(ops[0].Register.GetFullRegister32())]);
            // invlpga rax, ecx: the first register is the address size.
            case "invlpga" when ops.Length == 2 && ops[0].IsRegister && ops[1].IsRegister && ops[1].Register == Iced.Intel.Register.ECX
                && ops[0].Register is Iced.Intel.Register.AX or Iced.Intel.Register.EAX or Iced.Intel.Register.RAX:
                {
                    var size = ops[0].Register switch { Iced.Intel.Register.AX => PrefixFlags.A16, Iced.Intel.Register.EAX => PrefixFlags.A32, _ => PrefixFlags.A64 };
                    return new InstructionStatement(m, []) { Location = s.Location, Prefixes = s.Prefixes | size, SegmentPrefix = s.SegmentPrefix };
                }
            // nasm 2.16 writes these with bytes of its own that are not the instruction's (vmgexit as F2 0F 01 C1, enqcmd
            // with REX.W in 64-bit code and 67 in 32-bit code): refused rather than imitated or silently different.
            case "vmgexit":
                throw new Passes.EvaluationException("not supported yet: vmgexit (nasm 2.16 encodes it as F2 0F 01 C1)");
            // Cyrix's rdshr/wrshr are 32-bit-only to nasm: in 16-bit code it writes them with 66 (rdshr eax is 66 0F 36 C0).
            case "rdshr" or "wrshr" when bits == 16 && (s.Prefixes & (PrefixFlags.O16 | PrefixFlags.O32)) == 0:
                return new InstructionStatement(m, ops) { Location = s.Location, Prefixes = s.Prefixes | PrefixFlags.O32, SegmentPrefix = s.SegmentPrefix };
            // nasm's operandless ud1 and ud2b are the bare opcode 0F B9, without the ModRM byte every real ud1 has.
            case "ud1" or "ud2b" when ops.Length == 0:
                throw new Passes.EvaluationException($"not supported yet: {m} without operands (nasm 2.16 writes 0F B9 with no ModRM byte)");
            // wrssd in 16-bit code gets a 66 prefix, which makes it adcx (66 0F 38 F6).
            case "wrssd" when bits == 16:
                throw new Passes.EvaluationException("not supported yet: wrssd in 16-bit code (nasm 2.16 writes 66 0F 38 F6, which is adcx)");
            // nasm 2.16 encodes Cyrix's rdshr/wrshr/rsldt/rsts/svldt/svts and jmpe in 64-bit code too (rdshr eax is 0F 36 C0),
            // forms no 64-bit CPU has and Iced does not encode there.
            case "rdshr" or "wrshr" or "rsldt" or "rsts" or "svldt" or "svts" or "jmpe" when bits == 64:
                throw new Passes.EvaluationException($"not supported yet: {m} in 64-bit code (nasm 2.16 encodes its 32-bit form there)");
            // and wrussd a second 66 (wrussd [bp+di], ecx is 66 66 0F 38 F5 0B).
            case "wrussd" when bits == 16:
                throw new Passes.EvaluationException("not supported yet: wrussd in 16-bit code (nasm 2.16 writes a second 66 prefix)");
            // nasm 2.16's AVX512_4FMAPS templates take zmm0-15 only (v4fmaddps zmm1, zmm16, [rax] is refused).
            case "v4fmaddps" or "v4fnmaddps" or "v4fmaddss" or "v4fnmaddss" when Array.Exists(ops, o => o.IsRegister && (o.Register.IsXMM() || o.Register.IsZMM()) && o.Register.GetNumber() >= 16):
                throw new Passes.EvaluationException("invalid combination of opcode and operands");
            // nasm 2.16's vgetmantsh template has no first source (vgetmantsh xmm1, xmm2, 1 only): with one, no template fits.
            // nasm 2.16.01 writes vcvtusi2ss/sd xmm0, xmm1, rax, {rn-sae} with EVEX map 5 (62 F5 F6 18 7B C0).
            case "vcvtusi2ss" or "vcvtusi2sd" when ops.Length == 3 && ops[2].IsRegister && ops[2].Register.IsGPR64() && ops[2].Rounding != Iced.Intel.RoundingControl.None:
                throw new Passes.EvaluationException($"not supported yet: {m} with a 64-bit register and {{er}} (nasm 2.16 writes it in EVEX map 5)");
            case "vgetmantsh" when ops.Length >= 4:
                throw new Passes.EvaluationException("invalid combination of opcode and operands");
            case "enqcmd" or "enqcmds":
                throw new Passes.EvaluationException($"not supported yet: {m} (nasm 2.16 adds a REX.W or address-size prefix)");
            // vgetmantph gets opcode 25 (0F 3A 26 is right) and vcvtneps2bf16 the destination in EVEX.vvvv, which must be 1111.
            case "vgetmantph":
                throw new Passes.EvaluationException("not supported yet: vgetmantph (nasm 2.16 encodes it with opcode 25)");
            case "vcvtneps2bf16" when s.Syntax.EncodingPrefix is not (EncodingPrefix.Vex or EncodingPrefix.Vex2 or EncodingPrefix.Vex3):
                throw new Passes.EvaluationException("not supported yet: vcvtneps2bf16 (nasm 2.16 encodes the destination in EVEX.vvvv)");
            // Found by the operand-shape sweep (lang6): vrcpph's destination in EVEX.vvvv too, ptwrite without its F3 (0F AE /4
            // is xsave), and the FP16 scalar-to-integer conversions with a disp8 scaled by 4 for a 2-byte operand.
            case "vrcpph":
                throw new Passes.EvaluationException("not supported yet: vrcpph (nasm 2.16 encodes the destination in EVEX.vvvv)");
            case "ptwrite":
                throw new Passes.EvaluationException("not supported yet: ptwrite (nasm 2.16 leaves out its F3 prefix, which makes it xsave)");
            case "vcvtsh2si" or "vcvtsh2usi" or "vcvttsh2si" or "vcvttsh2usi" when Array.Exists(ops, o => o.IsMemory && o.Value is not null):
                throw new Passes.EvaluationException($"not supported yet: {m} with a displacement (nasm 2.16 scales its disp8 by 4, not 2)");
            // nasm 2.16 encodes the packed FP16 vfmadd/vfmsub with the opcode of vfnmadd/vfnmsub (vfmadd132ph is 9C, not 98).
            case "vfmadd132ph" or "vfmadd213ph" or "vfmadd231ph" or "vfmsub132ph" or "vfmsub213ph" or "vfmsub231ph":
                throw new Passes.EvaluationException($"not supported yet: {m} (nasm 2.16 encodes it as vfn{m[2..]})");
            // nasm 2.16's FP16 narrowing conversions give the destination the source's size: xmm, xmm/m128 is right (and
            // is vcvtps2phx for a two-operand vcvtps2ph), ymm, ymm/m256 and zmm, zmm/m512 write the forms whose
            // destination is one size smaller. An unsized memory source with an xmm destination is the 128-bit one.
            case "vcvtps2ph" or "vcvtpd2ph" or "vcvtqq2ph" or "vcvtuqq2ph" or "vcvtdq2ph" or "vcvtudq2ph" when ops.Length == 2 && ops[0].IsRegister:
                return Fp16Narrowing(s, m, ops);
            case "vcvtpd2ps" or "vcvtpd2dq" or "vcvttpd2dq" when ops.Length == 2 && ops[0].IsRegister && ops[0].Register.IsXMM() && ops[0].Register.GetNumber() < 16
                && ops[0].OpMask == Iced.Intel.Register.None && !ops[0].Zeroing && ops[1].IsMemory && ops[1].Size == 0 && ops[1].Broadcast == 0:
                return With(s, m, [ops[0], Sized(ops[1], 16)]);
            // vmovw's general register is a 16-bit one to nasm (vmovw xmm1, ax is 62 F5 7D 08 6E C8, the r32 form's bytes).
            case "vmovw" when ops.Length == 2 && Array.FindIndex(ops, o => o.IsRegister && o.Register.IsGPR16()) is >= 0 and var r16:
                return With(s, m, r16 == 0 ? [Register(ops[0].Register.GetFullRegister32()), ops[1]] : [ops[0], Register(ops[1].Register.GetFullRegister32())]);
            // nasm 2.16's vrsqrtph and vrsqrtsh take an imm8 they write after the instruction, which has none.
            case "vrsqrtph" or "vrsqrtsh" when ops.Length > 0 && ops[^1].IsImmediate:
                throw new Passes.EvaluationException($"not supported yet: {m} with an immediate (nasm 2.16 writes an imm8 the instruction does not have)");
            // nasm 2.16 matches no operands for the scalar 4FMAPS instructions.
            case "v4fmaddss" or "v4fnmaddss":
                throw new Passes.EvaluationException("invalid combination of opcode and operands");
            // o64 sysret/sysexit return to 64-bit code (48 0F 07).
            case "sysret" or "sysexit" when ops.Length == 0 && bits == 64 && (s.Prefixes & PrefixFlags.O64) != 0:
                return With(s, NasmMnemonicSet.O64Name(m), ops);
            // aad and aam without an operand divide by 10.
            case "aad" or "aam" when ops.Length == 0:
                return With(s, m, [Immediate(10)]);
            // arpl r/m16, r16 uses the r32 form outside 16-bit code: NASM writes no 66 (arpl ax, bp is 63 E8).
            case "arpl" when ops.Length == 2 && bits != 16 && ops[1].IsRegister && ops[1].Register.IsGPR16():
                return With(s, m, [ops[0].IsRegister && ops[0].Register.IsGPR16() ? Register(ops[0].Register.GetFullRegister32()) : ops[0],
                    Register(ops[1].Register.GetFullRegister32())]);
        }
        if ((CmpPredicate(m) ?? NasmPseudoOps.Find(m)) is { } cmp) return With(s, cmp.Mnemonic, [.. ops, Immediate(cmp.Predicate)]);
        // blendvps xmm1, xmm2, xmm0: NASM accepts the implicit xmm0 written out.
        if (ops.Length >= 3 && ops[^1].IsRegister && ops[^1].Register == Iced.Intel.Register.XMM0 && TakesImplicitXmm0(m, ops.Length - 1))
            return With(s, m, ops[..^1]);
        return null;
    }

    /// <summary>See the rule for vcvtps2ph and the FP16 narrowing conversions in <see cref="Rules"/>.</summary>
    private static InstructionStatement? Fp16Narrowing(InstructionStatement s, string m, Operand[] ops)
    {
        var (destination, source) = (ops[0].Register, ops[1]);
        string name = m == "vcvtps2ph" ? "vcvtps2phx" : m;
        if (destination.IsXMM())
        {
            if (source.IsMemory && source.Size == 0 && source.Broadcast == 0) return With(s, name, [ops[0], Sized(source, 16)]);
            bool narrowest = source.IsRegister && source.Register.IsXMM() || source.IsMemory && source.Size is 0 or 16 && source.Broadcast is 0 or 4;
            return m == "vcvtps2ph" && narrowest ? With(s, name, ops) : null;
        }
        int width = destination.IsYMM() ? 32 : destination.IsZMM() ? 64 : 0;
        int elements = width / (m is "vcvtpd2ph" or "vcvtqq2ph" or "vcvtuqq2ph" ? 8 : 4);
        bool nasmTakes = source.IsRegister && (width == 32 ? source.Register.IsYMM() : source.Register.IsZMM())
            || source.IsMemory && (source.Broadcast == 0 ? source.Size == 0 || source.Size == width : source.Broadcast == elements);
        if (width != 0 && nasmTakes)
            throw new Passes.EvaluationException($"not supported yet: {m} {(width == 32 ? "ymm" : "zmm")} with a source of its size (nasm 2.16 writes the form whose destination is one size smaller)");
        return null;
    }

    private static bool TakesImplicitXmm0(string mnemonic, int operandCount)
    {
        var forms = InstructionTable.Find(mnemonic);
        if (forms is null) return false;
        foreach (var form in forms)
            if (form.TakesImplicitXmm0 && form.Operands.Length == operandCount) return true;
        return false;
    }

    // ---- x87 ----

    private static bool AllSt(Operand[] ops)
    {
        if (ops.Length > 2) return false;
        foreach (var op in ops) if (!op.IsRegister || !op.Register.IsST()) return false;
        return true;
    }

    // fadd/fsub/fmul/fdiv/fsubr/fdivr with no operand are NASM's faddp st1, st0 & co.
    private static readonly HashSet<string> PoppingWhenBare = ["fadd", "fsub", "fmul", "fdiv", "fsubr", "fdivr"];

    /// <summary>NASM's x87 register shorthands: no operand means st1; one register goes with st0
    /// (`fadd st1` is fadd st0, st1; `faddp st2` is faddp st2, st0); fxch takes st0 on either side.</summary>
    private static InstructionStatement? X87(InstructionStatement s, string m)
    {
        var ops = s.Operands;
        if (ops.Length == 2)
        {
            if (m == "fxch" && ops[1].Register == Iced.Intel.Register.ST0 && ops[0].Register != Iced.Intel.Register.ST0)
                return With(s, m, [ops[1], ops[0]]);
            return null;
        }
        if (ops.Length == 0 && PoppingWhenBare.Contains(m)) return With(s, m + "p", [Register(Iced.Intel.Register.ST1), Register(Iced.Intel.Register.ST0)]);
        var forms = InstructionTable.Find(m);
        if (forms is null) return null;
        bool single = false, st0First = false, st0Second = false;
        foreach (var form in forms)
        {
            var k = form.Operands;
            if (k.Length == 1 && k[0] == OpCodeOperandKind.sti_opcode) single = true;
            else if (k.Length == 2 && k[0] == OpCodeOperandKind.st0 && k[1] == OpCodeOperandKind.sti_opcode) st0First = true;
            else if (k.Length == 2 && k[0] == OpCodeOperandKind.sti_opcode && k[1] == OpCodeOperandKind.st0) st0Second = true;
        }
        var st = ops.Length == 1 ? ops[0] : Register(Iced.Intel.Register.ST1);
        var st0 = new Operand { Kind = OperandKind.Register, Register = Iced.Intel.Register.ST0, ImplicitSt0 = true };
        if (single) return ops.Length == 0 ? With(s, m, [st]) : null;
        if (st0First) return With(s, m, [st0, st]);
        if (st0Second) return With(s, m, [st, st0]);
        return null;
    }

    // ---- general purpose ----

    private static bool IsAccumulator(Register r) => r is Iced.Intel.Register.AX or Iced.Intel.Register.EAX or Iced.Intel.Register.RAX;

    /// <summary>xchg reg, reg: with ax/eax/rax NASM uses 90+r of the other register (either order; not
    /// xchg eax, eax in 64-bit code, which would be nop); otherwise the first operand goes in ModRM.reg.
    /// xchg reg, mem is xchg mem, reg.</summary>
    private static InstructionStatement? Xchg(InstructionStatement s, int bits)
    {
        var (a, b) = (s.Operands[0], s.Operands[1]);
        if (a.IsRegister && b.IsMemory) return With(s, "xchg", [b, a]);
        if (!a.IsRegister || !b.IsRegister) return null;
        bool eaxPair = bits == 64 && a.Register == Iced.Intel.Register.EAX && b.Register == Iced.Intel.Register.EAX;
        if (!eaxPair && IsAccumulator(a.Register) && RegisterWidth(a.Register) == RegisterWidth(b.Register)) return With(s, "xchg", [b, a]);
        if (!eaxPair && IsAccumulator(b.Register)) return null;
        return With(s, "xchg", [b, a]);
    }

    private static int RegisterWidth(Register r) => r.IsGPR16() ? 16 : r.IsGPR32() ? 32 : r.IsGPR64() ? 64 : 0;

    /// <summary>-Ox: mov between a segment register and a GPR uses the mode's default-size register form
    /// (`mov ds, ax` is 8E D8 without 66, -O0 keeps it; `mov rax, fs` has no REX.W), but keeps 66 for `mov ax, sreg`.</summary>
    private static InstructionStatement? MovSegment(InstructionStatement s, int bits)
    {
        var (a, b) = (s.Operands[0], s.Operands[1]);
        if (a.IsRegister && a.Register.IsSegmentRegister() && b.IsRegister && b.Register.IsGPR() && !b.Register.IsGPR8())
        {
            var r = bits == 16 ? Narrow16(b.Register) : b.Register.GetFullRegister32();
            return r == b.Register ? null : With(s, "mov", [a, Register(r)]);
        }
        if (bits == 64 && b.IsRegister && b.Register.IsSegmentRegister() && a.IsRegister && a.Register.IsGPR64())
            return With(s, "mov", [Register(a.Register.GetFullRegister32()), b]);
        return null;
    }

    internal static Register Narrow16(Register r) => r.IsGPR16() ? r : Iced.Intel.Register.AX + (r.GetFullRegister32() - Iced.Intel.Register.EAX);

    /// <summary>-Ox: mov r64, imm with 0 ≤ imm ≤ 0xFFFFFFFF is mov r32, imm32 (the upper half is zeroed
    /// anyway), even with `qword`, unless the immediate is `strict` or `dword`.</summary>
    private static bool MovImmediateApplies(InstructionStatement s, IEncodingContext context)
    {
        var ops = s.Operands;
        if (context.Bits != 64 || !context.Optimize || context.MinimalOptimization || ops.Length != 2 || !s.Mnemonic.Equals("mov", StringComparison.OrdinalIgnoreCase)) return false;
        if (!ops[0].IsRegister || !ops[0].Register.IsGPR64() || !ops[1].IsImmediate || ops[1].Strict || ops[1].Value is null) return false;
        if (ops[1].Size == 4) return false;   // mov rax, dword 1 stays 48 C7 C0 01 00 00 00
        var value = InstructionEncoder.OptimisticImmediate(ops[1], InstructionEncoder.EvaluateOperand(ops[1].Value!, context), context);
        return value.Known && value.IsScalar && value.Number >= 0 && value.Number <= uint.MaxValue;
    }

    // ---- cmpeqps & co. ----

    private static readonly string[] Predicates =
    [
        "eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord",
        "eq_uq", "nge", "ngt", "false", "neq_oq", "ge", "gt", "true",
        "eq_os", "lt_oq", "le_oq", "unord_s", "neq_us", "nlt_uq", "nle_uq", "ord_s",
        "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq", "gt_oq", "true_us",
    ];

    // NASM's second names for predicates 1–7 (nasm 2.16 refuses vcmpeq_oq…).
    private static readonly string[] PredicateAliases = ["lt_os", "le_os", "unord_q", "neq_uq", "nlt_us", "nle_us", "ord_q"];

    /// <summary>cmp&lt;pred&gt;ps/pd/ss/sd and vcmp…: cmpps with the predicate as a last immediate.</summary>
    private static (string Mnemonic, int Predicate)? CmpPredicate(string m)
    {
        bool vex = m.StartsWith("vcmp", StringComparison.Ordinal);
        if (!vex && !m.StartsWith("cmp", StringComparison.Ordinal)) return null;
        if (m.Length < (vex ? 7 : 6)) return null;
        string suffix = m[^2..];
        if (suffix is not ("ps" or "pd" or "ss" or "sd")) return null;
        string name = m[(vex ? 4 : 3)..^2];
        int limit = vex ? Predicates.Length : 8;
        for (int i = 0; i < limit; i++)
            if (Predicates[i] == name) return ((vex ? "vcmp" : "cmp") + suffix, i);
        for (int i = 0; i < PredicateAliases.Length; i++)
            if (PredicateAliases[i] == name && vex) return ("vcmp" + suffix, i + 1);
        return null;
    }

    /// <summary>A predicate spelling of a compare (cmpeqsd, vcmpltps).</summary>
    internal static bool IsComparePredicate(string m) => CmpPredicate(m) is not null;

    /// <summary>vcmpss or one of its predicate spellings (vcmpeqss).</summary>
    internal static bool IsVcmpss(string m) => m == "vcmpss" || (m.EndsWith("ss", StringComparison.Ordinal) && CmpPredicate(m) is ("vcmpss", _));

    /// <summary>A compare with these operands, its predicate spelling (vcmpeqss) turned into the immediate.</summary>
    internal static InstructionStatement Compare(InstructionStatement s, string m, Operand[] ops) =>
        CmpPredicate(m) is { } cmp ? With(s, cmp.Mnemonic, [.. ops, Immediate(cmp.Predicate)]) : With(s, m, ops);

    /// <summary>The cmp-predicate spellings and the mnemonic each stands for, for the mnemonic table.</summary>
    public static IEnumerable<(string Pseudo, string Target)> PseudoMnemonics()
    {
        foreach (string suffix in new[] { "ps", "pd", "ss", "sd" })
        {
            for (int i = 0; i < Predicates.Length; i++)
            {
                if (i < 8) yield return ("cmp" + Predicates[i] + suffix, "cmp" + suffix);
                yield return ("vcmp" + Predicates[i] + suffix, "vcmp" + suffix);
            }
            foreach (string alias in PredicateAliases) yield return ("vcmp" + alias + suffix, "vcmp" + suffix);
        }
        foreach (var pair in NasmPseudoOps.Mnemonics()) yield return pair;
    }

    // ---- building ----

    /// <summary>A copy of a memory operand with a size.</summary>
    private static Operand Sized(Operand memory, int size)
    {
        var copy = memory.WithRegister(memory.Register);
        copy.Size = size;
        return copy;
    }

    internal static Operand Register(Register r) => new() { Kind = OperandKind.Register, Register = r };

    private static Operand Immediate(long value) => Immediate(new NumberExpression(value));

    private static Operand Immediate(Expression value) => new() { Kind = OperandKind.Immediate, Value = value };

    internal static InstructionStatement With(InstructionStatement s, string mnemonic, Operand[] operands) =>
        new(mnemonic, operands) { Location = s.Location, Prefixes = s.Prefixes, SegmentPrefix = s.SegmentPrefix };
}
