using System.Diagnostics;
using System.Runtime.CompilerServices;
using A64Jit.Core.Memory;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the integer load/store group (general-purpose registers), one method per
/// encoding of the table, following the Arm ARM's decode and operation pseudo-code.
/// </summary>
/// <remarks>
/// Rules every method keeps: the address is computed from SP when Rn is 31, after
/// CheckSPAlignment() (SP alignment fault, EC 0x26, when SCTLR_EL1.SA/SA0 enables it and
/// SP is not 16-byte aligned; prefetches have no check); all accesses of an
/// instruction are checked before the first register or memory byte changes, so a fault
/// leaves the state untouched with PC at the instruction (the exit information is written
/// by <see cref="ExecContext"/>); base register writeback happens after the access.
/// This file: single-register forms (literal, unscaled, unprivileged, immediate pre/post-indexed,
/// unsigned offset, register offset). Pairs, exclusives, ordered and atomic forms are in the
/// other LoadStore*.cs files.
/// </remarks>
public static unsafe partial class LoadStore
{
    // ------------------------------------------------------------------ shared helpers

    private enum MemOp : byte { Store, Load, Prefetch }

    /// <summary>What a single-register encoding does, fixed by its opc bits (and size for PRFM).</summary>
    private enum Kind : byte { Store, Load, LoadSigned, Prefetch }

    /// <summary>
    /// An alignment fault (DFSC 0b100001) for an access that the architecture requires to be
    /// aligned (exclusive, acquire/release, atomic): checked before translation, as in
    /// AArch64.CheckAlignment, so it takes priority over translation and permission faults.
    /// </summary>
    private static bool CheckAligned(ExecContext c, ulong address, int size, MemAccess access)
    {
        if ((address & (ulong)(size - 1)) == 0) return true;
        bool write = access == MemAccess.Write;
        c.Exception(c.CurrentEl == 0 ? Syndrome.DataAbortLowerEl : Syndrome.DataAbortSameEl,
            Syndrome.AlignmentFault | (write ? Syndrome.WnR : 0));
        var s = c.State;
        s->ExitAddress = address;
        s->ExitAccessSize = (uint)size;
        s->ExitAccessKind = (uint)access;
        return false;
    }

    /// <summary>
    /// The permission check of a read-modify-write (atomic or compare-and-swap): read, then
    /// write permission of the whole access, before anything is read or written. A fault is
    /// reported as a read when reading would fault, else as a write (the Arm ARM's WnR rule
    /// for atomic instructions).
    /// </summary>
    private static bool ProbeReadWrite(ExecContext c, ulong address, int size) =>
        c.Probe(address, size, MemAccess.Read) && c.Probe(address, size, MemAccess.Write);

    /// <summary>The base address: SP when <paramref name="n"/> is 31, else X[n].</summary>
    private static ulong BaseAddress(ExecContext c, int n) => c.XOrSP(n);

    /// <summary>
    /// The shared operation of the single-register forms (LDR/STR/LDRS*/PRFM with every
    /// addressing mode): size from bits 31:30, opc from bits 23:22. Both are fixed by the
    /// encoding (size is 1x for the word forms: those methods choose by bit 30), and each
    /// method passes them as constants, so it is compiled for its access size and kind alone.
    /// </summary>
    /// <remarks>
    /// Writeback with Rt == Rn (Rn != 31) is CONSTRAINED UNPREDICTABLE. For loads we write
    /// Rt first and then the written-back address to Rn, so Rn (== Rt) ends with the
    /// address (the "Rt UNKNOWN" choice); stores store the value Rt had before the
    /// writeback (Constraint_NONE). Both are what Unicorn (QEMU) does.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome Single(ExecContext c, uint w, ulong offset, bool wback, bool postindex, Kind kind, int size)
    {
        Debug.Assert(size == (int)Bits(w, 31, 30));
        uint opc = Bits(w, 23, 22);
        int t = Rt(w), n = Rn(w);
        int bytes = 1 << size;
        int datasize = 8 * bytes;

        // The decode of opc (bit 23 clear: store or load; set: prefetch when size is 11, else
        // a sign-extending load with regsize 32 when opc<0> is set) is the encoding's: each
        // method passes the kind its opc bits fix.
        MemOp memop;
        bool signed;
        int regsize;
        switch (kind)
        {
            case Kind.Store:
                memop = MemOp.Store;
                regsize = size == 3 ? 64 : 32;
                signed = false;
                break;
            case Kind.Load:
                memop = MemOp.Load;
                regsize = size == 3 ? 64 : 32;
                signed = false;
                break;
            case Kind.LoadSigned:
                memop = MemOp.Load;
                regsize = (opc & 1) != 0 ? 32 : 64;
                signed = true;
                break;
            default:
                memop = MemOp.Prefetch;
                regsize = 64;
                signed = false;
                break;
        }

        // CheckSPAlignment() comes first (before any access); prefetches have no check.
        if (n == 31 && memop != MemOp.Prefetch && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        if (!postindex) address += offset;

        switch (memop)
        {
            case MemOp.Store:
                // Write stores the low `bytes` bytes: X[t]<datasize-1:0>.
                if (!c.Write(address, bytes, c.X(t))) return Outcome.Stop;
                break;
            case MemOp.Load:
            {
                if (!c.Read(address, bytes, out ulong data)) return Outcome.Stop;
                c.SetX(t, regsize, signed ? SignExtend(data, datasize, regsize) : data);
                break;
            }
            default:
                // Prefetch(address, prfop): a hint; never faults.
                return Outcome.Continue;
        }

        if (wback)
        {
            if (postindex) address += offset;
            c.SetXOrSP(n, 64, address);
        }
        return Outcome.Continue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Imm9(uint w) => SignExtend(Bits(w, 20, 12), 9);

    // ------------------------------------------------------------------ literal

    /// <summary>LDR (literal) 32/64, LDRSW (literal), PRFM (literal): address = PC + SignExtend(imm19:'00').</summary>
    private static Outcome Literal(ExecContext c, uint w)
    {
        uint opc = Bits(w, 31, 30);
        int t = Rt(w);
        ulong address = c.PC + SignExtend((ulong)Bits(w, 23, 5) << 2, 21);
        switch (opc)
        {
            case 0b00:
            case 0b01:
            {
                int bytes = opc == 0 ? 4 : 8;
                if (!c.Read(address, bytes, out ulong data)) return Outcome.Stop;
                c.SetX(t, 64, data);
                return Outcome.Continue;
            }
            case 0b10:
            {
                if (!c.Read(address, 4, out ulong data)) return Outcome.Stop;
                c.SetX(t, 64, SignExtend(data, 32));
                return Outcome.Continue;
            }
            default:
                return Outcome.Continue; // PRFM: hint
        }
    }

    public static Outcome LDR_lit(ExecContext c, uint w) => Literal(c, w);
    public static Outcome LDRSW_lit(ExecContext c, uint w) => Literal(c, w);
    public static Outcome PRFM_lit(ExecContext c, uint w) => Literal(c, w);

    // ------------------------------------------------------------------ unscaled immediate

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome Unscaled(ExecContext c, uint w, Kind kind, int size) => Single(c, w, Imm9(w), wback: false, postindex: false, kind, size);

    public static Outcome STURB(ExecContext c, uint w) => Unscaled(c, w, Kind.Store, 0);
    public static Outcome LDURB(ExecContext c, uint w) => Unscaled(c, w, Kind.Load, 0);
    public static Outcome LDURSB(ExecContext c, uint w) => Unscaled(c, w, Kind.LoadSigned, 0);
    public static Outcome STURH(ExecContext c, uint w) => Unscaled(c, w, Kind.Store, 1);
    public static Outcome LDURH(ExecContext c, uint w) => Unscaled(c, w, Kind.Load, 1);
    public static Outcome LDURSH(ExecContext c, uint w) => Unscaled(c, w, Kind.LoadSigned, 1);
    public static Outcome STUR(ExecContext c, uint w) =>
        Bit(w, 30) ? Unscaled(c, w, Kind.Store, 3) : Unscaled(c, w, Kind.Store, 2);
    public static Outcome LDUR(ExecContext c, uint w) =>
        Bit(w, 30) ? Unscaled(c, w, Kind.Load, 3) : Unscaled(c, w, Kind.Load, 2);
    public static Outcome LDURSW(ExecContext c, uint w) => Unscaled(c, w, Kind.LoadSigned, 2);
    public static Outcome PRFUM(ExecContext c, uint w) => Unscaled(c, w, Kind.Prefetch, 3);

    // ------------------------------------------------------------------ immediate post-indexed

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome PostIndexed(ExecContext c, uint w, Kind kind, int size) => Single(c, w, Imm9(w), wback: true, postindex: true, kind, size);

    public static Outcome STRB_imm_post(ExecContext c, uint w) => PostIndexed(c, w, Kind.Store, 0);
    public static Outcome LDRB_imm_post(ExecContext c, uint w) => PostIndexed(c, w, Kind.Load, 0);
    public static Outcome LDRSB_imm_post(ExecContext c, uint w) => PostIndexed(c, w, Kind.LoadSigned, 0);
    public static Outcome STRH_imm_post(ExecContext c, uint w) => PostIndexed(c, w, Kind.Store, 1);
    public static Outcome LDRH_imm_post(ExecContext c, uint w) => PostIndexed(c, w, Kind.Load, 1);
    public static Outcome LDRSH_imm_post(ExecContext c, uint w) => PostIndexed(c, w, Kind.LoadSigned, 1);
    public static Outcome STR_imm_post(ExecContext c, uint w) =>
        Bit(w, 30) ? PostIndexed(c, w, Kind.Store, 3) : PostIndexed(c, w, Kind.Store, 2);
    public static Outcome LDR_imm_post(ExecContext c, uint w) =>
        Bit(w, 30) ? PostIndexed(c, w, Kind.Load, 3) : PostIndexed(c, w, Kind.Load, 2);
    public static Outcome LDRSW_imm_post(ExecContext c, uint w) => PostIndexed(c, w, Kind.LoadSigned, 2);

    // ------------------------------------------------------------------ unprivileged

    /// <summary>
    /// LDTR*/STTR*: at EL0 a normal access; at EL1 the access is made with EL0 permissions,
    /// which for A64Jit's single flat address space (no separate EL1-only mappings) is the
    /// same access.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome Unprivileged(ExecContext c, uint w, Kind kind, int size) => Single(c, w, Imm9(w), wback: false, postindex: false, kind, size);

    public static Outcome STTRB(ExecContext c, uint w) => Unprivileged(c, w, Kind.Store, 0);
    public static Outcome LDTRB(ExecContext c, uint w) => Unprivileged(c, w, Kind.Load, 0);
    public static Outcome LDTRSB(ExecContext c, uint w) => Unprivileged(c, w, Kind.LoadSigned, 0);
    public static Outcome STTRH(ExecContext c, uint w) => Unprivileged(c, w, Kind.Store, 1);
    public static Outcome LDTRH(ExecContext c, uint w) => Unprivileged(c, w, Kind.Load, 1);
    public static Outcome LDTRSH(ExecContext c, uint w) => Unprivileged(c, w, Kind.LoadSigned, 1);
    public static Outcome STTR(ExecContext c, uint w) =>
        Bit(w, 30) ? Unprivileged(c, w, Kind.Store, 3) : Unprivileged(c, w, Kind.Store, 2);
    public static Outcome LDTR(ExecContext c, uint w) =>
        Bit(w, 30) ? Unprivileged(c, w, Kind.Load, 3) : Unprivileged(c, w, Kind.Load, 2);
    public static Outcome LDTRSW(ExecContext c, uint w) => Unprivileged(c, w, Kind.LoadSigned, 2);

    // ------------------------------------------------------------------ immediate pre-indexed

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome PreIndexed(ExecContext c, uint w, Kind kind, int size) => Single(c, w, Imm9(w), wback: true, postindex: false, kind, size);

    public static Outcome STRB_imm_pre(ExecContext c, uint w) => PreIndexed(c, w, Kind.Store, 0);
    public static Outcome LDRB_imm_pre(ExecContext c, uint w) => PreIndexed(c, w, Kind.Load, 0);
    public static Outcome LDRSB_imm_pre(ExecContext c, uint w) => PreIndexed(c, w, Kind.LoadSigned, 0);
    public static Outcome STRH_imm_pre(ExecContext c, uint w) => PreIndexed(c, w, Kind.Store, 1);
    public static Outcome LDRH_imm_pre(ExecContext c, uint w) => PreIndexed(c, w, Kind.Load, 1);
    public static Outcome LDRSH_imm_pre(ExecContext c, uint w) => PreIndexed(c, w, Kind.LoadSigned, 1);
    public static Outcome STR_imm_pre(ExecContext c, uint w) =>
        Bit(w, 30) ? PreIndexed(c, w, Kind.Store, 3) : PreIndexed(c, w, Kind.Store, 2);
    public static Outcome LDR_imm_pre(ExecContext c, uint w) =>
        Bit(w, 30) ? PreIndexed(c, w, Kind.Load, 3) : PreIndexed(c, w, Kind.Load, 2);
    public static Outcome LDRSW_imm_pre(ExecContext c, uint w) => PreIndexed(c, w, Kind.LoadSigned, 2);

    // ------------------------------------------------------------------ unsigned offset

    /// <summary>offset = LSL(ZeroExtend(imm12), scale), scale = size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome UnsignedOffset(ExecContext c, uint w, Kind kind, int size) =>
        Single(c, w, (ulong)Bits(w, 21, 10) << size, wback: false, postindex: false, kind, size);

    public static Outcome STRB_imm_offset(ExecContext c, uint w) => UnsignedOffset(c, w, Kind.Store, 0);
    public static Outcome LDRB_imm_offset(ExecContext c, uint w) => UnsignedOffset(c, w, Kind.Load, 0);
    public static Outcome LDRSB_imm_offset(ExecContext c, uint w) => UnsignedOffset(c, w, Kind.LoadSigned, 0);
    public static Outcome STRH_imm_offset(ExecContext c, uint w) => UnsignedOffset(c, w, Kind.Store, 1);
    public static Outcome LDRH_imm_offset(ExecContext c, uint w) => UnsignedOffset(c, w, Kind.Load, 1);
    public static Outcome LDRSH_imm_offset(ExecContext c, uint w) => UnsignedOffset(c, w, Kind.LoadSigned, 1);
    public static Outcome STR_imm_offset(ExecContext c, uint w) =>
        Bit(w, 30) ? UnsignedOffset(c, w, Kind.Store, 3) : UnsignedOffset(c, w, Kind.Store, 2);
    public static Outcome LDR_imm_offset(ExecContext c, uint w) =>
        Bit(w, 30) ? UnsignedOffset(c, w, Kind.Load, 3) : UnsignedOffset(c, w, Kind.Load, 2);
    public static Outcome LDRSW_imm_offset(ExecContext c, uint w) => UnsignedOffset(c, w, Kind.LoadSigned, 2);
    public static Outcome PRFM_imm_offset(ExecContext c, uint w) => UnsignedOffset(c, w, Kind.Prefetch, 3);

    // ------------------------------------------------------------------ register offset

    /// <summary>
    /// offset = ExtendReg(m, option, S == 1 ? size : 0): option UXTW (010), LSL/UXTX (011),
    /// SXTW (110), SXTX (111); option&lt;1&gt; == 0 is unallocated (rejected by the table).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome RegisterOffset(ExecContext c, uint w, Kind kind, int size)
    {
        int shift = Bit(w, 12) ? size : 0;
        ulong offset = ExtendReg(c.X(Rm(w)), Bits(w, 15, 13), shift, 64);
        return Single(c, w, offset, wback: false, postindex: false, kind, size);
    }

    public static Outcome STRB_reg(ExecContext c, uint w) => RegisterOffset(c, w, Kind.Store, 0);
    public static Outcome LDRB_reg(ExecContext c, uint w) => RegisterOffset(c, w, Kind.Load, 0);
    public static Outcome LDRSB_reg(ExecContext c, uint w) => RegisterOffset(c, w, Kind.LoadSigned, 0);
    public static Outcome STRH_reg(ExecContext c, uint w) => RegisterOffset(c, w, Kind.Store, 1);
    public static Outcome LDRH_reg(ExecContext c, uint w) => RegisterOffset(c, w, Kind.Load, 1);
    public static Outcome LDRSH_reg(ExecContext c, uint w) => RegisterOffset(c, w, Kind.LoadSigned, 1);
    public static Outcome STR_reg(ExecContext c, uint w) =>
        Bit(w, 30) ? RegisterOffset(c, w, Kind.Store, 3) : RegisterOffset(c, w, Kind.Store, 2);
    public static Outcome LDR_reg(ExecContext c, uint w) =>
        Bit(w, 30) ? RegisterOffset(c, w, Kind.Load, 3) : RegisterOffset(c, w, Kind.Load, 2);
    public static Outcome LDRSW_reg(ExecContext c, uint w) => RegisterOffset(c, w, Kind.LoadSigned, 2);
    public static Outcome PRFM_reg(ExecContext c, uint w) => RegisterOffset(c, w, Kind.Prefetch, 3);
}
