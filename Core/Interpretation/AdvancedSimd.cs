using System.Runtime.CompilerServices;
using static A64Jit.Core.Interpretation.Pseudocode;
using static A64Jit.Core.Interpretation.SimdElements;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the Advanced SIMD vector group (integer and bitwise encodings), following
/// the Arm ARM's decode and operation pseudo-code. This file: table lookup, permute,
/// extract, copy, across lanes and modified immediate; AdvancedSimdVector.cs: three same,
/// three different and two-register miscellaneous.
/// </summary>
/// <remarks>
/// A result of a 64-bit arrangement (Q = 0) is written with bits 127:64 of the destination
/// cleared (V[d] = result of datasize bits); the "2" forms that write the upper half of a
/// register (XTN2, ADDHN2, …) keep the lower half (Vpart[d, 1] = result). Saturating
/// operations set FPSR.QC (bit 27) when any element saturates.
/// </remarks>
public static partial class AdvancedSimd
{
    // ------------------------------------------------------------------ shared decode

    /// <summary>datasize = Q ? 128 : 64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VecSize(uint w) => Bit(w, 30) ? 128 : 64;

    /// <summary>esize = 8 &lt;&lt; UInt(size), size in bits 23:22.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ESize(uint w) => 8 << (int)Bits(w, 23, 22);

    /// <summary>V[d] = value of datasize bits (bits above datasize cleared).</summary>
    private static void SetVd(ExecContext c, int d, UInt128 value, int datasize) => c.SetV(d, Low(value, datasize));

    /// <summary>Vpart[d, part] = value: part 0 clears bits 127:64, part 1 keeps bits 63:0.</summary>
    private static void SetVpart(ExecContext c, int d, int part, ulong value)
    {
        if (part == 0) c.SetV(d, value);
        else c.SetV(d, new UInt128(value, (ulong)c.V(d)));
    }

    // ------------------------------------------------------------------ table lookup

    /// <summary>TBL/TBX: indices from V[m], a table of len+1 consecutive registers from V[n].</summary>
    private static Outcome TableLookup(ExecContext c, uint w, bool isTbl)
    {
        int d = Rd(w), n = Rn(w), m = Rm(w);
        int datasize = VecSize(w);
        int elements = datasize / 8;
        int regs = (int)Bits(w, 14, 13) + 1;
        UInt128 indices = c.V(m);
        UInt128 result = isTbl ? UInt128.Zero : c.V(d);
        for (int i = 0; i < elements; i++)
        {
            int index = (int)Elem(indices, i, 8);
            if (index < 16 * regs)
                SetElem(ref result, i, 8, Elem(c.V((n + index / 16) & 31), index % 16, 8));
        }
        SetVd(c, d, result, datasize);
        return Outcome.Continue;
    }

    public static Outcome TBL(ExecContext c, uint w) => TableLookup(c, w, isTbl: true);
    public static Outcome TBX(ExecContext c, uint w) => TableLookup(c, w, isTbl: false);

    // ------------------------------------------------------------------ permute

    private enum Permute : byte { Uzp, Trn, Zip }

    private static Outcome PermuteOp(ExecContext c, uint w, Permute op, int part)
    {
        int d = Rd(w), n = Rn(w), m = Rm(w);
        int datasize = VecSize(w), esize = ESize(w);
        int elements = datasize / esize;
        int pairs = elements / 2;
        UInt128 operand1 = Low(c.V(n), datasize), operand2 = Low(c.V(m), datasize);
        UInt128 result = 0;
        switch (op)
        {
            case Permute.Uzp:
                // zipped = operand2:operand1; result element e = zipped element 2e+part
                for (int e = 0; e < elements; e++)
                {
                    int i = 2 * e + part;
                    ulong v = i < elements ? Elem(operand1, i, esize) : Elem(operand2, i - elements, esize);
                    SetElem(ref result, e, esize, v);
                }
                break;
            case Permute.Trn:
                for (int p = 0; p < pairs; p++)
                {
                    SetElem(ref result, 2 * p, esize, Elem(operand1, 2 * p + part, esize));
                    SetElem(ref result, 2 * p + 1, esize, Elem(operand2, 2 * p + part, esize));
                }
                break;
            default:
            {
                int bse = part * pairs;
                for (int p = 0; p < pairs; p++)
                {
                    SetElem(ref result, 2 * p, esize, Elem(operand1, bse + p, esize));
                    SetElem(ref result, 2 * p + 1, esize, Elem(operand2, bse + p, esize));
                }
                break;
            }
        }
        SetVd(c, d, result, datasize);
        return Outcome.Continue;
    }

    public static Outcome UZP1(ExecContext c, uint w) => PermuteOp(c, w, Permute.Uzp, 0);
    public static Outcome UZP2(ExecContext c, uint w) => PermuteOp(c, w, Permute.Uzp, 1);
    public static Outcome TRN1(ExecContext c, uint w) => PermuteOp(c, w, Permute.Trn, 0);
    public static Outcome TRN2(ExecContext c, uint w) => PermuteOp(c, w, Permute.Trn, 1);
    public static Outcome ZIP1(ExecContext c, uint w) => PermuteOp(c, w, Permute.Zip, 0);
    public static Outcome ZIP2(ExecContext c, uint w) => PermuteOp(c, w, Permute.Zip, 1);

    // ------------------------------------------------------------------ extract

    /// <summary>EXT: (V[m]:V[n]) &gt;&gt; (imm4 * 8), datasize bits.</summary>
    public static Outcome EXT(ExecContext c, uint w)
    {
        int d = Rd(w), n = Rn(w), m = Rm(w);
        int datasize = VecSize(w);
        int position = (int)Bits(w, 14, 11) << 3;
        UInt128 lo = Low(c.V(n), datasize), hi = Low(c.V(m), datasize);
        // concat = hi:lo (2 * datasize bits); result = concat<position + datasize - 1 : position>
        UInt128 result;
        if (position == 0) result = lo;
        else if (datasize == 64) result = (lo >> position) | (hi << (64 - position));
        else result = (lo >> position) | (hi << (128 - position));
        SetVd(c, d, result, datasize);
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ copy

    /// <summary>size = LowestSetBit(imm5) (imm5 in bits 20:16); index = imm5 &gt;&gt; (size + 1).</summary>
    private static void CopyIndex(uint w, out int esize, out int index)
    {
        uint imm5 = Bits(w, 20, 16);
        int size = System.Numerics.BitOperations.TrailingZeroCount(imm5);
        esize = 8 << size;
        index = (int)(imm5 >> (size + 1));
    }

    public static Outcome DUP_element_vector(ExecContext c, uint w)
    {
        CopyIndex(w, out int esize, out int index);
        ulong element = Elem(c.V(Rn(w)), index, esize);
        int datasize = VecSize(w);
        c.SetV(Rd(w), Replicate128(element, esize, datasize));
        return Outcome.Continue;
    }

    public static Outcome DUP_general(ExecContext c, uint w)
    {
        CopyIndex(w, out int esize, out _);
        ulong element = c.X(Rn(w), esize);
        c.SetV(Rd(w), Replicate128(element, esize, VecSize(w)));
        return Outcome.Continue;
    }

    public static Outcome SMOV(ExecContext c, uint w)
    {
        CopyIndex(w, out int esize, out int index);
        int datasize = Bit(w, 30) ? 64 : 32;
        ulong element = Elem(c.V(Rn(w)), index, esize);
        c.SetX(Rd(w), datasize, SignExtend(element, esize, datasize));
        return Outcome.Continue;
    }

    public static Outcome UMOV(ExecContext c, uint w)
    {
        CopyIndex(w, out int esize, out int index);
        int datasize = Bit(w, 30) ? 64 : 32;
        c.SetX(Rd(w), datasize, Elem(c.V(Rn(w)), index, esize));
        return Outcome.Continue;
    }

    public static Outcome INS_general(ExecContext c, uint w)
    {
        CopyIndex(w, out int esize, out int index);
        int d = Rd(w);
        c.SetV(d, WithElem(c.V(d), index, esize, c.X(Rn(w), esize)));
        return Outcome.Continue;
    }

    public static Outcome INS_element(ExecContext c, uint w)
    {
        CopyIndex(w, out int esize, out int dstIndex);
        int size = System.Numerics.BitOperations.TrailingZeroCount(Bits(w, 20, 16));
        int srcIndex = (int)(Bits(w, 14, 11) >> size);
        int d = Rd(w);
        ulong element = Elem(c.V(Rn(w)), srcIndex, esize);
        c.SetV(d, WithElem(c.V(d), dstIndex, esize, element));
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ across lanes

    private enum Across : byte { Add, AddLong, Max, Min }

    private static Outcome AcrossLanes(ExecContext c, uint w, Across op, bool unsigned)
    {
        int datasize = VecSize(w), esize = ESize(w);
        int elements = datasize / esize;
        UInt128 operand = c.V(Rn(w));
        Int128 acc = Int(Elem(operand, 0, esize), esize, unsigned);
        for (int e = 1; e < elements; e++)
        {
            Int128 v = Int(Elem(operand, e, esize), esize, unsigned);
            acc = op switch
            {
                Across.Max => v > acc ? v : acc,
                Across.Min => v < acc ? v : acc,
                _ => acc + v,
            };
        }
        int resultSize = op == Across.AddLong ? 2 * esize : esize;
        c.SetV(Rd(w), (ulong)acc & Ones(resultSize));
        return Outcome.Continue;
    }

    public static Outcome ADDV(ExecContext c, uint w) => AcrossLanes(c, w, Across.Add, unsigned: true);
    public static Outcome SADDLV(ExecContext c, uint w) => AcrossLanes(c, w, Across.AddLong, unsigned: false);
    public static Outcome UADDLV(ExecContext c, uint w) => AcrossLanes(c, w, Across.AddLong, unsigned: true);
    public static Outcome SMAXV(ExecContext c, uint w) => AcrossLanes(c, w, Across.Max, unsigned: false);
    public static Outcome UMAXV(ExecContext c, uint w) => AcrossLanes(c, w, Across.Max, unsigned: true);
    public static Outcome SMINV(ExecContext c, uint w) => AcrossLanes(c, w, Across.Min, unsigned: false);
    public static Outcome UMINV(ExecContext c, uint w) => AcrossLanes(c, w, Across.Min, unsigned: true);

    // ------------------------------------------------------------------ modified immediate

    /// <summary>AdvSIMDExpandImm(op, cmode, imm8).</summary>
    public static ulong AdvSimdExpandImm(bool op, uint cmode, uint imm8)
    {
        ulong imm = imm8;
        switch (cmode >> 1)
        {
            case 0b000: return Replicate(imm, 32, 64);
            case 0b001: return Replicate(imm << 8, 32, 64);
            case 0b010: return Replicate(imm << 16, 32, 64);
            case 0b011: return Replicate(imm << 24, 32, 64);
            case 0b100: return Replicate(imm, 16, 64);
            case 0b101: return Replicate(imm << 8, 16, 64);
            case 0b110:
                return (cmode & 1) == 0 ? Replicate((imm << 8) | 0xFF, 32, 64) : Replicate((imm << 16) | 0xFFFF, 32, 64);
            default:
                if ((cmode & 1) == 0 && !op) return Replicate(imm, 8, 64);
                if ((cmode & 1) == 0)
                {
                    ulong r = 0;
                    for (int i = 0; i < 8; i++)
                        if (((imm8 >> i) & 1) != 0) r |= 0xFFul << (8 * i);
                    return r;
                }
                ulong a = (imm >> 7) & 1, b = (imm >> 6) & 1, cdefgh = imm & 0x3F;
                if (!op)
                {
                    // imm32 = a:NOT(b):Replicate(b, 5):cdefgh:Zeros(19)
                    ulong imm32 = (a << 31) | ((b ^ 1) << 30) | ((b != 0 ? 0x1Ful : 0) << 25) | (cdefgh << 19);
                    return Replicate(imm32, 32, 64);
                }
                // imm64 = a:NOT(b):Replicate(b, 8):cdefgh:Zeros(48)
                return (a << 63) | ((b ^ 1) << 62) | ((b != 0 ? 0xFFul : 0) << 54) | (cdefgh << 48);
        }
    }

    private enum ImmOp : byte { Movi, Mvni, Orr, Bic }

    private static Outcome ModifiedImmediate(ExecContext c, uint w, ImmOp operation)
    {
        int d = Rd(w);
        int datasize = VecSize(w);
        bool op = Bit(w, 29);
        uint cmode = Bits(w, 15, 12);
        uint imm8 = (Bits(w, 18, 16) << 5) | Bits(w, 9, 5);
        ulong imm64 = AdvSimdExpandImm(op, cmode, imm8);
        UInt128 imm = datasize == 128 ? new UInt128(imm64, imm64) : imm64;
        UInt128 result = operation switch
        {
            ImmOp.Movi => imm,
            ImmOp.Mvni => ~imm,
            ImmOp.Orr => c.V(d) | imm,
            _ => c.V(d) & ~imm,
        };
        SetVd(c, d, result, datasize);
        return Outcome.Continue;
    }

    public static Outcome MOVI_32(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Movi);
    public static Outcome MOVI_16(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Movi);
    public static Outcome MOVI_32msl(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Movi);
    public static Outcome MOVI_8(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Movi);
    public static Outcome MOVI_64(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Movi);
    public static Outcome FMOV_vector_imm(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Movi);
    public static Outcome FMOV_vector_imm_double(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Movi);
    public static Outcome MVNI_32(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Mvni);
    public static Outcome MVNI_16(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Mvni);
    public static Outcome MVNI_32msl(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Mvni);
    public static Outcome ORR_vector_imm32(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Orr);
    public static Outcome ORR_vector_imm16(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Orr);
    public static Outcome BIC_vector_imm32(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Bic);
    public static Outcome BIC_vector_imm16(ExecContext c, uint w) => ModifiedImmediate(c, w, ImmOp.Bic);
}
