using A64Jit.Core.Memory;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the SIMD&amp;FP load/store group: LD1–LD4/ST1–ST4 (multiple structures,
/// single structure, replicate), scalar LDR/STR of B/H/S/D/Q registers in every addressing
/// mode, LDR (literal) and the register pairs, following the Arm ARM's decode and operation
/// pseudo-code.
/// </summary>
/// <remarks>
/// Rules every method keeps: the base is SP when Rn is 31, after CheckSPAlignment() (the
/// accesses themselves need no alignment: SCTLR_ELx.A is treated as 0); every
/// access of an instruction is checked before the first register or memory byte changes,
/// so a fault leaves the state untouched with PC at the instruction; writeback of the base
/// happens after the accesses. A scalar load writes the whole vector register (the bits
/// above the loaded size become zero); a structure load of a 64-bit arrangement zeroes bits
/// 127:64 of each register it writes; a single-lane load keeps the other lanes.
/// LDP with Rt == Rt2 (CONSTRAINED UNPREDICTABLE) writes Rt and then Rt2, so the register
/// holds the second value, which is what Unicorn (QEMU) does.
/// </remarks>
public static class LoadStoreSimd
{
    // ------------------------------------------------------------------ structures

    /// <summary>
    /// LD1–LD4/ST1–ST4 (multiple structures), all forms: Q = bit 30, L = bit 22, post-index =
    /// bit 23, opcode = bits 15:12, size = bits 11:10; post-indexed by Rm, or by the transfer
    /// size when Rm is 31.
    /// </summary>
    private static Outcome MultipleStructures(ExecContext c, uint w)
    {
        bool load = Bit(w, 22), wback = Bit(w, 23);
        int t = Rt(w), n = Rn(w), m = Rm(w);
        int size = (int)Bits(w, 11, 10);
        int rpt, selem;
        switch (Bits(w, 15, 12))
        {
            case 0b0000: rpt = 1; selem = 4; break;
            case 0b0010: rpt = 4; selem = 1; break;
            case 0b0100: rpt = 1; selem = 3; break;
            case 0b0110: rpt = 3; selem = 1; break;
            case 0b0111: rpt = 1; selem = 1; break;
            case 0b1000: rpt = 1; selem = 2; break;
            case 0b1010: rpt = 2; selem = 1; break;
            default: return c.Undefined();
        }
        int datasize = Bit(w, 30) ? 128 : 64;
        int esize = 8 << size;
        int ebytes = esize / 8;
        int elements = datasize / esize;
        int total = rpt * selem * elements * ebytes;

        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = c.XOrSP(n);
        if (!c.Probe(address, total, load ? MemAccess.Read : MemAccess.Write)) return Outcome.Stop;

        // Register i of the list is (t + i) MOD 32; for rpt > 1 selem is 1 and vice versa,
        // so the pseudo-code's tt = (t + r + s) MOD 32.
        Span<UInt128> regs = stackalloc UInt128[4];
        int count = rpt * selem;
        for (int i = 0; i < count; i++) regs[i] = load ? UInt128.Zero : c.V((t + i) & 31);

        ulong offs = 0;
        for (int r = 0; r < rpt; r++)
            for (int e = 0; e < elements; e++)
                for (int s = 0; s < selem; s++)
                {
                    ref UInt128 rval = ref regs[r + s];
                    if (load)
                    {
                        if (!c.Read(address + offs, ebytes, out ulong data)) return Outcome.Stop;
                        SimdElements.SetElem(ref rval, e, esize, data);
                    }
                    else
                    {
                        if (!c.Write(address + offs, ebytes, SimdElements.Elem(rval, e, esize))) return Outcome.Stop;
                    }
                    offs += (ulong)ebytes;
                }

        if (load)
            for (int i = 0; i < count; i++) c.SetV((t + i) & 31, regs[i]);

        if (wback)
        {
            if (m != 31) offs = c.X(m);
            c.SetXOrSP(n, 64, address + offs);
        }
        return Outcome.Continue;
    }

    /// <summary>
    /// LD1–LD4/ST1–ST4 (single structure) and LD1R–LD4R, all forms: Q = bit 30, L = bit 22,
    /// post-index = bit 23, R = bit 21, opcode = bits 15:13, S = bit 12, size = bits 11:10.
    /// </summary>
    private static Outcome SingleStructure(ExecContext c, uint w)
    {
        bool load = Bit(w, 22), wback = Bit(w, 23);
        int t = Rt(w), n = Rn(w), m = Rm(w);
        uint opcode = Bits(w, 15, 13);
        uint q = Bits(w, 30, 30), s = Bits(w, 12, 12), size = Bits(w, 11, 10);
        int scale = (int)(opcode >> 1);
        int selem = (int)(((opcode & 1) << 1) | Bits(w, 21, 21)) + 1;
        bool replicate = false;
        int index = 0;
        switch (scale)
        {
            case 3:
                if (!load || s == 1) return c.Undefined();
                scale = (int)size;
                replicate = true;
                break;
            case 0:
                index = (int)((q << 3) | (s << 2) | size);
                break;
            case 1:
                if ((size & 1) == 1) return c.Undefined();
                index = (int)((q << 2) | (s << 1) | (size >> 1));
                break;
            default:
                if ((size & 2) != 0) return c.Undefined();
                if ((size & 1) == 0) index = (int)((q << 1) | s);
                else
                {
                    if (s == 1) return c.Undefined();
                    index = (int)q;
                    scale = 3;
                }
                break;
        }
        int datasize = q == 1 ? 128 : 64;
        int esize = 8 << scale;
        int ebytes = esize / 8;
        int total = selem * ebytes;

        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = c.XOrSP(n);
        if (!c.Probe(address, total, load ? MemAccess.Read : MemAccess.Write)) return Outcome.Stop;

        Span<UInt128> regs = stackalloc UInt128[4];
        ulong offs = 0;
        for (int i = 0; i < selem; i++)
        {
            int tt = (t + i) & 31;
            if (replicate)
            {
                // V[t] = Replicate(Mem[address + offs, ebytes], datasize / esize)
                if (!c.Read(address + offs, ebytes, out ulong element)) return Outcome.Stop;
                regs[i] = SimdElements.Replicate128(element, esize, datasize);
            }
            else if (load)
            {
                if (!c.Read(address + offs, ebytes, out ulong element)) return Outcome.Stop;
                regs[i] = SimdElements.WithElem(c.V(tt), index, esize, element);
            }
            else
            {
                if (!c.Write(address + offs, ebytes, SimdElements.Elem(c.V(tt), index, esize))) return Outcome.Stop;
            }
            offs += (ulong)ebytes;
        }

        if (load)
            for (int i = 0; i < selem; i++) c.SetV((t + i) & 31, regs[i]);

        if (wback)
        {
            if (m != 31) offs = c.X(m);
            c.SetXOrSP(n, 64, address + offs);
        }
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ scalar registers

    /// <summary>Loads <paramref name="bytes"/> (1..16) bytes into V[t], zero-extended to 128 bits.</summary>
    private static bool LoadScalar(ExecContext c, ulong address, int bytes, out UInt128 value)
    {
        if (bytes == 16) return c.Read128(address, out value);
        bool ok = c.Read(address, bytes, out ulong v);
        value = v;
        return ok;
    }

    /// <summary>Stores the low <paramref name="bytes"/> (1..16) bytes of <paramref name="value"/>.</summary>
    private static bool StoreScalar(ExecContext c, ulong address, int bytes, UInt128 value) =>
        bytes == 16 ? c.Write128(address, value) : c.Write(address, bytes, (ulong)value);

    /// <summary>
    /// LDR/STR/LDUR/STUR (SIMD&amp;FP) with the given offset and indexing: scale = opc&lt;1&gt;:size
    /// (0 B .. 4 Q), L = bit 22.
    /// </summary>
    private static Outcome Single(ExecContext c, uint w, ulong offset, bool wback, bool postindex)
    {
        int scale = Scale(w);
        int bytes = 1 << scale;
        int t = Rt(w), n = Rn(w);
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = c.XOrSP(n);
        if (!postindex) address += offset;

        if (Bit(w, 22))
        {
            if (!LoadScalar(c, address, bytes, out UInt128 data)) return Outcome.Stop;
            c.SetV(t, data);
        }
        else
        {
            if (!StoreScalar(c, address, bytes, c.V(t))) return Outcome.Stop;
        }

        if (wback)
        {
            if (postindex) address += offset;
            c.SetXOrSP(n, 64, address);
        }
        return Outcome.Continue;
    }

    private static int Scale(uint w) => (int)((Bits(w, 23, 23) << 2) | Bits(w, 31, 30));

    private static ulong Imm9(uint w) => SignExtend(Bits(w, 20, 12), 9);

    public static Outcome STUR_fpsimd(ExecContext c, uint w) => Single(c, w, Imm9(w), wback: false, postindex: false);
    public static Outcome LDUR_fpsimd(ExecContext c, uint w) => Single(c, w, Imm9(w), wback: false, postindex: false);
    public static Outcome STR_imm_post_fpsimd(ExecContext c, uint w) => Single(c, w, Imm9(w), wback: true, postindex: true);
    public static Outcome LDR_imm_post_fpsimd(ExecContext c, uint w) => Single(c, w, Imm9(w), wback: true, postindex: true);
    public static Outcome STR_imm_pre_fpsimd(ExecContext c, uint w) => Single(c, w, Imm9(w), wback: true, postindex: false);
    public static Outcome LDR_imm_pre_fpsimd(ExecContext c, uint w) => Single(c, w, Imm9(w), wback: true, postindex: false);
    public static Outcome STR_imm_off_fpsimd(ExecContext c, uint w) => Single(c, w, (ulong)Bits(w, 21, 10) << Scale(w), wback: false, postindex: false);
    public static Outcome LDR_imm_off_fpsimd(ExecContext c, uint w) => Single(c, w, (ulong)Bits(w, 21, 10) << Scale(w), wback: false, postindex: false);

    /// <summary>Register offset: ExtendReg(X[m], option, S ? scale : 0).</summary>
    private static ulong RegisterOffset(ExecContext c, uint w) =>
        ExtendReg(c.X(Rm(w)), Bits(w, 15, 13), Bit(w, 12) ? Scale(w) : 0, 64);

    public static Outcome STR_reg_fpsimd(ExecContext c, uint w) => Single(c, w, RegisterOffset(c, w), wback: false, postindex: false);
    public static Outcome LDR_reg_fpsimd(ExecContext c, uint w) => Single(c, w, RegisterOffset(c, w), wback: false, postindex: false);

    /// <summary>LDR (literal, SIMD&amp;FP): opc 00 S, 01 D, 10 Q; address = PC + SignExtend(imm19:00).</summary>
    public static Outcome LDR_lit_fpsimd(ExecContext c, uint w)
    {
        int bytes = 4 << (int)Bits(w, 31, 30);
        ulong address = c.PC + SignExtend((ulong)Bits(w, 23, 5) << 2, 21);
        if (!LoadScalar(c, address, bytes, out UInt128 data)) return Outcome.Stop;
        c.SetV(Rt(w), data);
        return Outcome.Continue;
    }

    /// <summary>
    /// LDP/STP/LDNP/STNP (SIMD&amp;FP): opc 00 S, 01 D, 10 Q; offset = SignExtend(imm7) &lt;&lt; scale.
    /// Both accesses are checked before anything is written.
    /// </summary>
    private static Outcome Pair(ExecContext c, uint w, bool wback, bool postindex)
    {
        int scale = 2 + (int)Bits(w, 31, 30);
        int dbytes = 1 << scale;
        int t = Rt(w), t2 = Rt2(w), n = Rn(w);
        ulong offset = SignExtend(Bits(w, 21, 15), 7) << scale;
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = c.XOrSP(n);
        if (!postindex) address += offset;

        if (Bit(w, 22))
        {
            if (!LoadScalar(c, address, dbytes, out UInt128 data1)) return Outcome.Stop;
            if (!LoadScalar(c, address + (ulong)dbytes, dbytes, out UInt128 data2)) return Outcome.Stop;
            c.SetV(t, data1);
            c.SetV(t2, data2);
        }
        else
        {
            UInt128 data1 = c.V(t), data2 = c.V(t2);
            if (!c.Probe(address, 2 * dbytes, MemAccess.Write)) return Outcome.Stop;
            StoreScalar(c, address, dbytes, data1);
            StoreScalar(c, address + (ulong)dbytes, dbytes, data2);
        }

        if (wback)
        {
            if (postindex) address += offset;
            c.SetXOrSP(n, 64, address);
        }
        return Outcome.Continue;
    }

    // The non-temporal hint of LDNP/STNP has no effect on the result.
    public static Outcome STNP_fpsimd(ExecContext c, uint w) => Pair(c, w, wback: false, postindex: false);
    public static Outcome LDNP_fpsimd(ExecContext c, uint w) => Pair(c, w, wback: false, postindex: false);
    public static Outcome STP_post_fpsimd(ExecContext c, uint w) => Pair(c, w, wback: true, postindex: true);
    public static Outcome LDP_post_fpsimd(ExecContext c, uint w) => Pair(c, w, wback: true, postindex: true);
    public static Outcome STP_off_fpsimd(ExecContext c, uint w) => Pair(c, w, wback: false, postindex: false);
    public static Outcome LDP_off_fpsimd(ExecContext c, uint w) => Pair(c, w, wback: false, postindex: false);
    public static Outcome STP_pre_fpsimd(ExecContext c, uint w) => Pair(c, w, wback: true, postindex: false);
    public static Outcome LDP_pre_fpsimd(ExecContext c, uint w) => Pair(c, w, wback: true, postindex: false);

    // ------------------------------------------------------------------ structure encodings

    public static Outcome ST1_mult_1reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_1reg_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_1reg_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_2reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_2reg_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_2reg_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_3reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_3reg_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_3reg_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_4reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_4reg_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_mult_4reg_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST2_mult(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST2_mult_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST2_mult_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST3_mult(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST3_mult_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST3_mult_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST4_mult(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST4_mult_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST4_mult_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_1reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_1reg_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_1reg_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_2reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_2reg_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_2reg_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_3reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_3reg_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_3reg_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_4reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_4reg_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD1_mult_4reg_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD2_mult(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD2_mult_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD2_mult_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD3_mult(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD3_mult_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD3_mult_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD4_mult(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD4_mult_post_imm(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome LD4_mult_post_reg(ExecContext c, uint w) => MultipleStructures(c, w);
    public static Outcome ST1_single_b(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_b_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_b_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_h(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_h_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_h_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_s(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_s_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_s_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_d(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_d_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST1_single_d_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_b(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_b_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_b_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_h(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_h_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_h_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_s(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_s_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_s_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_d(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_d_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST2_single_d_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_b(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_b_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_b_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_h(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_h_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_h_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_s(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_s_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_s_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_d(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_d_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST3_single_d_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_b(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_b_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_b_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_h(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_h_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_h_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_s(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_s_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_s_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_d(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_d_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome ST4_single_d_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_b(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_b_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_b_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_h(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_h_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_h_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_s(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_s_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_s_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_d(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_d_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1_single_d_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_b(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_b_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_b_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_h(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_h_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_h_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_s(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_s_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_s_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_d(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_d_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2_single_d_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_b(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_b_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_b_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_h(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_h_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_h_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_s(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_s_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_s_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_d(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_d_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3_single_d_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_b(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_b_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_b_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_h(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_h_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_h_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_s(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_s_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_s_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_d(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_d_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4_single_d_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1R(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1R_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD1R_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2R(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2R_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD2R_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3R(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3R_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD3R_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4R(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4R_post_imm(ExecContext c, uint w) => SingleStructure(c, w);
    public static Outcome LD4R_post_reg(ExecContext c, uint w) => SingleStructure(c, w);
}
