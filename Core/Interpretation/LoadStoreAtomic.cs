using A64Jit.Core.Memory;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

// Exclusives, load-acquire/store-release, compare-and-swap and the LSE atomic memory operations.
public static unsafe partial class LoadStore
{
    // ------------------------------------------------------------------ local exclusive monitor

    /// <summary>
    /// AArch64.SetExclusiveMonitors(address, size): marks the address and size (and keeps the
    /// loaded value). Done after the load succeeded, so a faulting load-exclusive changes nothing.
    /// </summary>
    private static void SetExclusiveMonitors(ExecContext c, ulong address, int size, ulong lo, ulong hi)
    {
        var s = c.State;
        s->ExclusiveAddress = address;
        s->ExclusiveSize = (uint)size;
        s->ExclusiveValueLo = lo;
        s->ExclusiveValueHi = hi;
    }

    /// <summary>True when the local monitor is in the Exclusive Access state for exactly this address and size.</summary>
    private static bool ExclusiveMonitorMatches(ExecContext c, ulong address, int size)
    {
        var s = c.State;
        return s->ExclusiveSize == (uint)size && s->ExclusiveAddress == address;
    }

    private static void ClearExclusiveLocal(ExecContext c) => c.State->ExclusiveSize = 0;

    /// <summary>
    /// LDXR/LDAXR (and B/H): data = Mem[address, bytes], with the alignment check every
    /// exclusive access makes; then the monitor is marked. Acquire semantics need no action
    /// in a single-core interpreter.
    /// </summary>
    private static Outcome LoadExclusive(ExecContext c, uint w, int bytes)
    {
        int t = Rt(w), n = Rn(w);
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        if (!CheckAligned(c, address, bytes, MemAccess.Read)) return Outcome.Stop;
        if (!c.Read(address, bytes, out ulong data)) return Outcome.Stop;
        SetExclusiveMonitors(c, address, bytes, data, 0);
        c.SetX(t, bytes == 8 ? 64 : 32, data);
        return Outcome.Continue;
    }

    /// <summary>
    /// STXR/STLXR (and B/H), as AArch64.ExclusiveMonitorsPass: the alignment check comes
    /// first (an unaligned store-exclusive faults even when the monitor would fail it); if
    /// the monitor is not armed for this address and size the store is not made and the
    /// status is 1; else the store is made (a translation or permission fault here stops with
    /// the monitor and everything else unchanged) and the status is 0. Either way the
    /// monitor is cleared and then W[s] receives the status.
    /// Rs == Rt or Rs == Rn (Rn != 31) is CONSTRAINED UNPREDICTABLE: we store the old Rt and
    /// use the old Rn, then write the status (Unicorn/QEMU behave the same).
    /// </summary>
    private static Outcome StoreExclusive(ExecContext c, uint w, int bytes)
    {
        int s = Rs(w), t = Rt(w), n = Rn(w);
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        ulong data = c.X(t, 8 * bytes);
        if (!CheckAligned(c, address, bytes, MemAccess.Write)) return Outcome.Stop;
        uint status = 1;
        if (ExclusiveMonitorMatches(c, address, bytes))
        {
            if (!c.Write(address, bytes, data)) return Outcome.Stop;
            status = 0;
        }
        ClearExclusiveLocal(c);
        c.SetX(s, 32, status);
        return Outcome.Continue;
    }

    public static Outcome LDXRB(ExecContext c, uint w) => LoadExclusive(c, w, 1);
    public static Outcome LDAXRB(ExecContext c, uint w) => LoadExclusive(c, w, 1);
    public static Outcome LDXRH(ExecContext c, uint w) => LoadExclusive(c, w, 2);
    public static Outcome LDAXRH(ExecContext c, uint w) => LoadExclusive(c, w, 2);
    public static Outcome LDXR(ExecContext c, uint w) => LoadExclusive(c, w, Bit(w, 30) ? 8 : 4);
    public static Outcome LDAXR(ExecContext c, uint w) => LoadExclusive(c, w, Bit(w, 30) ? 8 : 4);
    public static Outcome STXRB(ExecContext c, uint w) => StoreExclusive(c, w, 1);
    public static Outcome STLXRB(ExecContext c, uint w) => StoreExclusive(c, w, 1);
    public static Outcome STXRH(ExecContext c, uint w) => StoreExclusive(c, w, 2);
    public static Outcome STLXRH(ExecContext c, uint w) => StoreExclusive(c, w, 2);
    public static Outcome STXR(ExecContext c, uint w) => StoreExclusive(c, w, Bit(w, 30) ? 8 : 4);
    public static Outcome STLXR(ExecContext c, uint w) => StoreExclusive(c, w, Bit(w, 30) ? 8 : 4);

    /// <summary>
    /// LDXP/LDAXP: a 32-bit pair is one 64-bit single-copy-atomic access (aligned to 8);
    /// a 64-bit pair must be aligned to 16. X[t] gets the lower element, X[t2] the upper.
    /// The monitor marks the whole 8 or 16 bytes. Rt == Rt2 is CONSTRAINED UNPREDICTABLE:
    /// the register ends with the upper element.
    /// </summary>
    private static Outcome LoadExclusivePair(ExecContext c, uint w)
    {
        int t = Rt(w), t2 = Rt2(w), n = Rn(w);
        bool is64 = Bit(w, 30);
        int dbytes = is64 ? 16 : 8;
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        if (!CheckAligned(c, address, dbytes, MemAccess.Read)) return Outcome.Stop;
        ulong lo, hi;
        if (is64)
        {
            if (!c.Read128(address, out UInt128 data)) return Outcome.Stop;
            lo = (ulong)data;
            hi = (ulong)(data >> 64);
            SetExclusiveMonitors(c, address, dbytes, lo, hi);
        }
        else
        {
            if (!c.Read(address, 8, out ulong data)) return Outcome.Stop;
            lo = data & 0xFFFF_FFFF;
            hi = data >> 32;
            SetExclusiveMonitors(c, address, dbytes, data, 0);
        }
        c.SetX(t, 64, lo);
        c.SetX(t2, 64, hi);
        return Outcome.Continue;
    }

    /// <summary>STXP/STLXP: as <see cref="StoreExclusive"/>, storing X[t] at the lower and X[t2] at the upper address.</summary>
    private static Outcome StoreExclusivePair(ExecContext c, uint w)
    {
        int s = Rs(w), t = Rt(w), t2 = Rt2(w), n = Rn(w);
        bool is64 = Bit(w, 30);
        int dbytes = is64 ? 16 : 8;
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        ulong el1 = c.X(t, is64 ? 64 : 32), el2 = c.X(t2, is64 ? 64 : 32);
        if (!CheckAligned(c, address, dbytes, MemAccess.Write)) return Outcome.Stop;
        uint status = 1;
        if (ExclusiveMonitorMatches(c, address, dbytes))
        {
            bool ok = is64 ? c.Write128(address, new UInt128(el2, el1)) : c.Write(address, 8, (el2 << 32) | el1);
            if (!ok) return Outcome.Stop;
            status = 0;
        }
        ClearExclusiveLocal(c);
        c.SetX(s, 32, status);
        return Outcome.Continue;
    }

    public static Outcome LDXP(ExecContext c, uint w) => LoadExclusivePair(c, w);
    public static Outcome LDAXP(ExecContext c, uint w) => LoadExclusivePair(c, w);
    public static Outcome STXP(ExecContext c, uint w) => StoreExclusivePair(c, w);
    public static Outcome STLXP(ExecContext c, uint w) => StoreExclusivePair(c, w);

    // ------------------------------------------------------------------ load-acquire / store-release

    /// <summary>LDAR/LDAPR (and B/H): an ordered load, which the architecture requires to be aligned.</summary>
    private static Outcome LoadAcquire(ExecContext c, uint w, int bytes)
    {
        int t = Rt(w), n = Rn(w);
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        if (!CheckAligned(c, address, bytes, MemAccess.Read)) return Outcome.Stop;
        if (!c.Read(address, bytes, out ulong data)) return Outcome.Stop;
        c.SetX(t, bytes == 8 ? 64 : 32, data);
        return Outcome.Continue;
    }

    /// <summary>STLR (and B/H): an ordered store, which must be aligned. Rs and Rt2 are ignored.</summary>
    private static Outcome StoreRelease(ExecContext c, uint w, int bytes)
    {
        int t = Rt(w), n = Rn(w);
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        if (!CheckAligned(c, address, bytes, MemAccess.Write)) return Outcome.Stop;
        return c.Write(address, bytes, c.X(t, 8 * bytes)) ? Outcome.Continue : Outcome.Stop;
    }

    public static Outcome LDARB(ExecContext c, uint w) => LoadAcquire(c, w, 1);
    public static Outcome LDARH(ExecContext c, uint w) => LoadAcquire(c, w, 2);
    public static Outcome LDAR(ExecContext c, uint w) => LoadAcquire(c, w, Bit(w, 30) ? 8 : 4);
    public static Outcome LDAPRB(ExecContext c, uint w) => LoadAcquire(c, w, 1);
    public static Outcome LDAPRH(ExecContext c, uint w) => LoadAcquire(c, w, 2);
    public static Outcome LDAPR(ExecContext c, uint w) => LoadAcquire(c, w, Bit(w, 30) ? 8 : 4);
    public static Outcome STLRB(ExecContext c, uint w) => StoreRelease(c, w, 1);
    public static Outcome STLRH(ExecContext c, uint w) => StoreRelease(c, w, 2);
    public static Outcome STLR(ExecContext c, uint w) => StoreRelease(c, w, Bit(w, 30) ? 8 : 4);

    // ------------------------------------------------------------------ compare and swap

    /// <summary>
    /// CAS{A,L,AL}{B,H} and CAS 32/64 (size in bits 31:30): MemAtomicCompareAndSwap with
    /// comparevalue = X[s], newvalue = X[t]; the access is aligned and checked for read and
    /// write permission before anything is done (also when the comparison fails); X[s]
    /// receives the value loaded from memory.
    /// </summary>
    private static Outcome CompareAndSwap(ExecContext c, uint w)
    {
        int s = Rs(w), t = Rt(w), n = Rn(w);
        int bytes = 1 << (int)Bits(w, 31, 30);
        int datasize = 8 * bytes;
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        ulong compareValue = c.X(s, datasize), newValue = c.X(t, datasize);
        if (!CheckAligned(c, address, bytes, MemAccess.Write)) return Outcome.Stop;
        if (!ProbeReadWrite(c, address, bytes)) return Outcome.Stop;
        c.Read(address, bytes, out ulong oldValue);
        if (oldValue == compareValue) c.Write(address, bytes, newValue);
        c.SetX(s, datasize == 64 ? 64 : 32, oldValue);
        return Outcome.Continue;
    }

    public static Outcome CASB(ExecContext c, uint w) => CompareAndSwap(c, w);
    public static Outcome CASH(ExecContext c, uint w) => CompareAndSwap(c, w);
    public static Outcome CAS(ExecContext c, uint w) => CompareAndSwap(c, w);

    /// <summary>
    /// CASP{A,L,AL} 32/64: compares X[s+1]:X[s] with the 2×datasize value in memory (X[s] at the
    /// lower address) and on equality stores X[t+1]:X[t]; X[s], X[s+1] receive the old value.
    /// Odd Rs or Rt is unallocated (the table's predicate rejects it, so it is UNDEFINED);
    /// Rs or Rt == 30 makes the second register of the pair XZR.
    /// </summary>
    public static Outcome CASP(ExecContext c, uint w)
    {
        int s = Rs(w), t = Rt(w), n = Rn(w);
        if (((s | t) & 1) != 0) return c.Undefined();
        bool is64 = Bit(w, 30);
        int datasize = is64 ? 64 : 32;
        int bytes = 2 * datasize / 8;
        ulong s1 = c.X(s, datasize), s2 = c.X(s + 1, datasize);
        ulong t1 = c.X(t, datasize), t2 = c.X(t + 1, datasize);
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        if (!CheckAligned(c, address, bytes, MemAccess.Write)) return Outcome.Stop;
        if (!ProbeReadWrite(c, address, bytes)) return Outcome.Stop;
        ulong lo, hi;
        if (is64)
        {
            c.Read128(address, out UInt128 old);
            lo = (ulong)old;
            hi = (ulong)(old >> 64);
            if (lo == s1 && hi == s2) c.Write128(address, new UInt128(t2, t1));
        }
        else
        {
            c.Read(address, 8, out ulong old);
            lo = old & 0xFFFF_FFFF;
            hi = old >> 32;
            if (old == ((s2 << 32) | s1)) c.Write(address, 8, (t2 << 32) | t1);
        }
        c.SetX(s, datasize, lo);
        c.SetX(s + 1, datasize, hi);
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ atomic memory operations

    private enum AtomicOp : byte { Add, Bic, Eor, Orr, SMax, SMin, UMax, UMin, Swp }

    /// <summary>
    /// LD&lt;op&gt;{A,L,AL}{B,H} / SWP: MemAtomic(address, op, X[s]) returning the old value into
    /// X[t] (zero-extended). One check of alignment and of read and write permission comes
    /// first, so a fault changes nothing; then the read and the write.
    /// </summary>
    private static Outcome Atomic(ExecContext c, uint w, AtomicOp op)
    {
        int s = Rs(w), t = Rt(w), n = Rn(w);
        int bytes = 1 << (int)Bits(w, 31, 30);
        int datasize = 8 * bytes;
        ulong value = c.X(s, datasize);
        if (n == 31 && !c.CheckSPAlignment()) return Outcome.Stop;
        ulong address = BaseAddress(c, n);
        if (!CheckAligned(c, address, bytes, MemAccess.Write)) return Outcome.Stop;
        if (!ProbeReadWrite(c, address, bytes)) return Outcome.Stop;
        c.Read(address, bytes, out ulong old);
        ulong result = op switch
        {
            AtomicOp.Add => old + value,
            AtomicOp.Bic => old & ~value,
            AtomicOp.Eor => old ^ value,
            AtomicOp.Orr => old | value,
            AtomicOp.SMax => (long)SignExtend(old, datasize) >= (long)SignExtend(value, datasize) ? old : value,
            AtomicOp.SMin => (long)SignExtend(old, datasize) <= (long)SignExtend(value, datasize) ? old : value,
            AtomicOp.UMax => old >= value ? old : value,
            AtomicOp.UMin => old <= value ? old : value,
            _ => value,
        };
        c.Write(address, bytes, Trunc(result, datasize));
        c.SetX(t, datasize == 64 ? 64 : 32, old);
        return Outcome.Continue;
    }

    public static Outcome LDADDB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Add);
    public static Outcome LDADDH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Add);
    public static Outcome LDADD(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Add);
    public static Outcome LDCLRB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Bic);
    public static Outcome LDCLRH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Bic);
    public static Outcome LDCLR(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Bic);
    public static Outcome LDEORB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Eor);
    public static Outcome LDEORH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Eor);
    public static Outcome LDEOR(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Eor);
    public static Outcome LDSETB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Orr);
    public static Outcome LDSETH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Orr);
    public static Outcome LDSET(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Orr);
    public static Outcome LDSMAXB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.SMax);
    public static Outcome LDSMAXH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.SMax);
    public static Outcome LDSMAX(ExecContext c, uint w) => Atomic(c, w, AtomicOp.SMax);
    public static Outcome LDSMINB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.SMin);
    public static Outcome LDSMINH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.SMin);
    public static Outcome LDSMIN(ExecContext c, uint w) => Atomic(c, w, AtomicOp.SMin);
    public static Outcome LDUMAXB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.UMax);
    public static Outcome LDUMAXH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.UMax);
    public static Outcome LDUMAX(ExecContext c, uint w) => Atomic(c, w, AtomicOp.UMax);
    public static Outcome LDUMINB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.UMin);
    public static Outcome LDUMINH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.UMin);
    public static Outcome LDUMIN(ExecContext c, uint w) => Atomic(c, w, AtomicOp.UMin);
    public static Outcome SWPB(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Swp);
    public static Outcome SWPH(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Swp);
    public static Outcome SWP(ExecContext c, uint w) => Atomic(c, w, AtomicOp.Swp);
}
