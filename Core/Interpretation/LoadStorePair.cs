using System.Diagnostics;
using System.Runtime.CompilerServices;
using A64Jit.Core.Memory;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

// Load/store register pair (post-indexed, signed offset, pre-indexed) and no-allocate pair.
public static unsafe partial class LoadStore
{
    /// <summary>
    /// The shared operation of STP/LDP/LDPSW/STNP/LDNP: opc in bits 31:30 (00 32-bit,
    /// 01 LDPSW, 10 64-bit), L in bit 22, offset = LSL(SignExtend(imm7), scale).
    /// Both accesses are checked before anything is written, so a fault on the second
    /// leaves registers and memory unchanged. opc and L are fixed by the encoding (opc is x0
    /// for STP/LDP/STNP/LDNP: those methods choose by bit 31) and passed as constants, so each
    /// method is compiled for its access size and direction alone.
    /// </summary>
    /// <remarks>
    /// CONSTRAINED UNPREDICTABLE cases, resolved as Unicorn (QEMU) does:
    /// LDP with Rt == Rt2 writes Rt2, then Rt, so the register ends with the first (lower-address) value;
    /// LDP with writeback and Rn == Rt or Rn == Rt2 (Rn != 31) writes both registers, then the
    /// written-back address to Rn; STP with writeback and Rn == Rt or Rt2 stores the register
    /// values from before the writeback. (LDPSW's cases are unallocated in the table.)
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome Pair(ExecContext c, uint w, bool wback, bool postindex, bool load, uint opc)
    {
        Debug.Assert(opc == Bits(w, 31, 30) && load == Bit(w, 22));
        int t = Rt(w), t2 = Rt2(w), n = Rn(w);
        bool signed = (opc & 1) != 0;
        int scale = 2 + (int)(opc >> 1);
        int datasize = 8 << scale;
        int dbytes = datasize / 8;
        ulong offset = SignExtend(Bits(w, 21, 15), 7) << scale;

        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        if (!postindex) address += offset;

        if (load)
        {
            if (!c.Read(address, dbytes, out ulong data1)) return Outcome.Stop;
            if (!c.Read(address + (ulong)dbytes, dbytes, out ulong data2)) return Outcome.Stop;
            // Rt2 before Rt: with Rt == Rt2 the register ends with the first element (QEMU's order).
            if (signed)
            {
                c.SetX(t2, 64, SignExtend(data2, datasize));
                c.SetX(t, 64, SignExtend(data1, datasize));
            }
            else
            {
                c.SetX(t2, datasize, data2);
                c.SetX(t, datasize, data1);
            }
        }
        else
        {
            ulong data1 = c.X(t, datasize), data2 = c.X(t2, datasize);
            if (!c.Probe(address, 2 * dbytes, MemAccess.Write)) return Outcome.Stop;
            c.Write(address, dbytes, data1);
            c.Write(address + (ulong)dbytes, dbytes, data2);
        }

        if (wback)
        {
            if (postindex) address += offset;
            c.SetXOrSP(n, 64, address);
        }
        return Outcome.Continue;
    }

    // STNP/LDNP: the non-temporal hint has no effect on the result.
    public static Outcome STNP(ExecContext c, uint w) =>
        Bit(w, 31) ? Pair(c, w, wback: false, postindex: false, load: false, opc: 0b10) : Pair(c, w, wback: false, postindex: false, load: false, opc: 0b00);
    public static Outcome LDNP(ExecContext c, uint w) =>
        Bit(w, 31) ? Pair(c, w, wback: false, postindex: false, load: true, opc: 0b10) : Pair(c, w, wback: false, postindex: false, load: true, opc: 0b00);

    public static Outcome STP_post(ExecContext c, uint w) =>
        Bit(w, 31) ? Pair(c, w, wback: true, postindex: true, load: false, opc: 0b10) : Pair(c, w, wback: true, postindex: true, load: false, opc: 0b00);
    public static Outcome LDP_post(ExecContext c, uint w) =>
        Bit(w, 31) ? Pair(c, w, wback: true, postindex: true, load: true, opc: 0b10) : Pair(c, w, wback: true, postindex: true, load: true, opc: 0b00);
    public static Outcome LDPSW_post(ExecContext c, uint w) => Pair(c, w, wback: true, postindex: true, load: true, opc: 0b01);
    public static Outcome STP_offset(ExecContext c, uint w) =>
        Bit(w, 31) ? Pair(c, w, wback: false, postindex: false, load: false, opc: 0b10) : Pair(c, w, wback: false, postindex: false, load: false, opc: 0b00);
    public static Outcome LDP_offset(ExecContext c, uint w) =>
        Bit(w, 31) ? Pair(c, w, wback: false, postindex: false, load: true, opc: 0b10) : Pair(c, w, wback: false, postindex: false, load: true, opc: 0b00);
    public static Outcome LDPSW_offset(ExecContext c, uint w) => Pair(c, w, wback: false, postindex: false, load: true, opc: 0b01);
    public static Outcome STP_pre(ExecContext c, uint w) =>
        Bit(w, 31) ? Pair(c, w, wback: true, postindex: false, load: false, opc: 0b10) : Pair(c, w, wback: true, postindex: false, load: false, opc: 0b00);
    public static Outcome LDP_pre(ExecContext c, uint w) =>
        Bit(w, 31) ? Pair(c, w, wback: true, postindex: false, load: true, opc: 0b10) : Pair(c, w, wback: true, postindex: false, load: true, opc: 0b00);
    public static Outcome LDPSW_pre(ExecContext c, uint w) => Pair(c, w, wback: true, postindex: false, load: true, opc: 0b01);
}
