using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Blocks;

namespace A64Jit.Translator.Emission;

// Native IL for the exclusive, acquire/release and atomic memory instructions: LDXR/LDAXR,
// STXR/STLXR (B, H, W, X), LDXP/LDAXP/STXP/STLXP, CLREX, LDAR/STLR/LDAPR, CAS (B, H, W, X, all
// A/L variants), CASP (through a helper), SWP and LDADD/LDCLR/LDEOR/LDSET/LDSMAX/LDSMIN/LDUMAX/LDUMIN.
//
// Semantics are those of Core/Interpretation/LoadStoreAtomic.cs, in the same order: the SP
// alignment check, the alignment check of the access (an alignment fault, reported exactly as
// the interpreter reports it, before any translation or permission fault), then the access.
// The local exclusive monitor lives in CpuState (ExclusiveAddress/Size/ValueLo/Hi) and is read
// and written there directly, so fallbacks, exception entry and the runtime see it as usual.
//
// Host memory ordering: acquire loads are volatile loads; release stores (STLR, STLXR) are
// Interlocked.Exchange (a full fence on x64, so a later LDAR is not reordered before them);
// read-modify-writes use Interlocked (Exchange, Add, And, Or, CompareExchange loops), so they
// stay atomic against other host threads that run cores on the same memory. Every access goes
// through the page-table fast path and otherwise through a cold helper built on ExecContext
// (faults, code-page writes with their CodeWrite notification). The exclusive monitor itself is
// local, as in the interpreter: a store-exclusive succeeds when this core's monitor is armed
// for the address and size.
public sealed unsafe partial class BlockEmitter
{
    private static readonly int OffExclusiveAddress = (int)Marshal.OffsetOf<CpuState>(nameof(CpuState.ExclusiveAddress));
    private static readonly int OffExclusiveSize = (int)Marshal.OffsetOf<CpuState>(nameof(CpuState.ExclusiveSize));
    private static readonly int OffExclusiveValueLo = (int)Marshal.OffsetOf<CpuState>(nameof(CpuState.ExclusiveValueLo));
    private static readonly int OffExclusiveValueHi = (int)Marshal.OffsetOf<CpuState>(nameof(CpuState.ExclusiveValueHi));

    private static readonly MethodInfo MAlignmentFault = typeof(AtomicRuntime).GetMethod(nameof(AtomicRuntime.AlignmentFault))!;
    private static readonly MethodInfo MAtomicWrite128 = typeof(AtomicRuntime).GetMethod(nameof(AtomicRuntime.Write128Slow))!;
    private static readonly MethodInfo MRmwSlow = typeof(AtomicRuntime).GetMethod(nameof(AtomicRuntime.RmwSlow))!;
    private static readonly MethodInfo MCasSlow = typeof(AtomicRuntime).GetMethod(nameof(AtomicRuntime.CasSlow))!;
    private static readonly MethodInfo MCasp = typeof(AtomicRuntime).GetMethod(nameof(AtomicRuntime.Casp))!;
    private static readonly MethodInfo MMemoryBarrier = typeof(Interlocked).GetMethod(nameof(Interlocked.MemoryBarrier), Type.EmptyTypes)!;

    /// <summary>The Interlocked operations by access size (index log2 of the size); null where .NET has none.</summary>
    private static readonly MethodInfo?[] MXchg = [Interlocked1(nameof(Interlocked.Exchange), typeof(byte), 2), Interlocked1(nameof(Interlocked.Exchange), typeof(ushort), 2),
                                                  Interlocked1(nameof(Interlocked.Exchange), typeof(int), 2), Interlocked1(nameof(Interlocked.Exchange), typeof(long), 2)];
    private static readonly MethodInfo?[] MCmpXchg = [Interlocked1(nameof(Interlocked.CompareExchange), typeof(byte), 3), Interlocked1(nameof(Interlocked.CompareExchange), typeof(ushort), 3),
                                                     Interlocked1(nameof(Interlocked.CompareExchange), typeof(int), 3), Interlocked1(nameof(Interlocked.CompareExchange), typeof(long), 3)];
    private static readonly MethodInfo?[] MXadd = [null, null, Interlocked1(nameof(Interlocked.Add), typeof(int), 2), Interlocked1(nameof(Interlocked.Add), typeof(long), 2)];
    private static readonly MethodInfo?[] MXand = [null, null, Interlocked1(nameof(Interlocked.And), typeof(int), 2), Interlocked1(nameof(Interlocked.And), typeof(long), 2)];
    private static readonly MethodInfo?[] MXor = [null, null, Interlocked1(nameof(Interlocked.Or), typeof(int), 2), Interlocked1(nameof(Interlocked.Or), typeof(long), 2)];

    private static MethodInfo? Interlocked1(string name, Type t, int arity)
    {
        var args = new Type[arity];
        args[0] = t.MakeByRefType();
        for (int k = 1; k < arity; k++) args[k] = t;
        return typeof(Interlocked).GetMethod(name, args);
    }

    private IlLocal? _aHost, _aOld, _aNew, _aSeen, _aCmp, _aStatus;

    private static void RegisterAtomics()
    {
        FlagUse exits(uint w) => FlagUse.ReadsOrExits;
        FlagUse none(uint w) => FlagUse.None;
        void mem(string name, NativeEmitter emit, Func<uint, bool>? accept = null)
        {
            Register(name, emit, exits, accept);
            MemoryNames.Add(name);
        }
        foreach (var n in new[] { "LDXRB", "LDAXRB", "LDXRH", "LDAXRH", "LDXR", "LDAXR" }) mem(n, (e, i) => e.LoadExclusive(i));
        foreach (var n in new[] { "STXRB", "STXRH", "STXR" }) mem(n, (e, i) => e.StoreExclusive(i, release: false));
        foreach (var n in new[] { "STLXRB", "STLXRH", "STLXR" }) mem(n, (e, i) => e.StoreExclusive(i, release: true));
        foreach (var n in new[] { "LDXP", "LDAXP" }) mem(n, (e, i) => e.LoadExclusivePair(i));
        mem("STXP", (e, i) => e.StoreExclusivePair(i, release: false));
        mem("STLXP", (e, i) => e.StoreExclusivePair(i, release: true));
        foreach (var n in new[] { "LDARB", "LDARH", "LDAR", "LDAPRB", "LDAPRH", "LDAPR" }) mem(n, (e, i) => e.LoadAcquire(i));
        foreach (var n in new[] { "STLRB", "STLRH", "STLR" }) mem(n, (e, i) => e.StoreRelease(i));
        foreach (var n in new[] { "CASB", "CASH", "CAS" }) mem(n, (e, i) => e.CompareAndSwap(i));
        mem("CASP", (e, i) => e.CompareAndSwapPair(i), w => ((((w >> 16) & 31) | (w & 31)) & 1) == 0);
        foreach (var op in new[] { "LDADD", "LDCLR", "LDEOR", "LDSET", "LDSMAX", "LDSMIN", "LDUMAX", "LDUMIN", "SWP" })
            foreach (var suffix in new[] { "B", "H", "" })
                mem(op + suffix, (e, i) => e.AtomicMemoryOp(i));
        Register("CLREX", (e, i) => e.ClearExclusive(), none);
    }

    // ------------------------------------------------------------------ shared pieces

    /// <summary>_tAddr = X[n] or SP, after the SP alignment check when n is 31.</summary>
    private IlLocal EmitAtomicBase(int n, ulong pc)
    {
        EmitSpAlignmentCheck(n, pc);
        var addr = Temp(ref _tAddr, typeof(ulong));
        LdXOrSP(n, true);
        _il.Emit(OpCodes.Stloc, addr);
        return addr;
    }

    /// <summary>An alignment fault (as the interpreter's CheckAligned) unless the address in <paramref name="addr"/> is a multiple of <paramref name="size"/>.</summary>
    private void EmitAlignmentCheck(IlLocal addr, int size, bool write, ulong pc)
    {
        if (size == 1) return;
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, addr);
        LdcU8((ulong)size - 1);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brfalse, ok);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(OpCodes.Ldc_I4, size);
        _il.Emit(write ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Call, MAlignmentFault);
        EmitStopExit(pc);
        _il.MarkLabel(ok);
    }

    private static int Log2(int size) => size switch { 1 => 0, 2 => 1, 4 => 2, _ => 3 };

    /// <summary>Truncates the ulong on the stack to the argument type of a <paramref name="size"/>-byte Interlocked operation.</summary>
    private void ConvToAccess(int size)
    {
        if (size == 1) _il.Emit(OpCodes.Conv_U1);
        else if (size == 2) _il.Emit(OpCodes.Conv_U2);
        else if (size == 4) _il.Emit(OpCodes.Conv_U4);
    }

    /// <summary>Zero-extends the result of a <paramref name="size"/>-byte Interlocked operation (or load) to ulong.</summary>
    private void ZeroExtendAccess(int size)
    {
        if (size == 4) _il.Emit(OpCodes.Conv_U4);
        if (size != 8) _il.Emit(OpCodes.Conv_U8);
    }

    private static MethodInfo AtomicMethod(MethodInfo?[] table, int size) =>
        table[Log2(size)] ?? throw new PlatformNotSupportedException($"this runtime has no {size}-byte Interlocked operation the translator needs");

    /// <summary>
    /// Store of the low <paramref name="size"/> bytes of _tVal at _tAddr: Interlocked.Exchange
    /// for a release store, else a volatile store; code pages, misses and faults go through
    /// the cold helper (which reports code writes); a fault exits the block.
    /// </summary>
    private void EmitOrderedStore(int size, bool release, ulong pc)
    {
        var addr = _tAddr!.Value;
        var val = _tVal!.Value;
        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitHostAddress(addr, size, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, slow);
        _il.Emit(OpCodes.Ldloc, val);
        ConvToAccess(size);
        if (release)
        {
            _il.Emit(OpCodes.Call, AtomicMethod(MXchg, size));
            _il.Emit(OpCodes.Pop);
        }
        else
        {
            _il.Emit(OpCodes.Volatile);
            _il.Emit(size switch { 1 => OpCodes.Stind_I1, 2 => OpCodes.Stind_I2, 4 => OpCodes.Stind_I4, _ => OpCodes.Stind_I8 });
        }
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(slow);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(OpCodes.Ldc_I4, size);
        _il.Emit(OpCodes.Ldloc, val);
        EmitCallOrStop(MWriteSlow, done, pc);
        _il.MarkLabel(done);
    }

    /// <summary>Store of _tVal (low) and _tVal2 (high) to the 16 aligned bytes at _tAddr; a release store ends with a full fence.</summary>
    private void EmitOrderedStore16(bool release, ulong pc)
    {
        var addr = _tAddr!.Value;
        var lo = _tVal!.Value;
        var hi = _tVal2!.Value;
        var host = Temp(ref _aHost, typeof(nint));
        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitHostAddress(addr, 16, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, slow);
        _il.Emit(OpCodes.Stloc, host);
        _il.Emit(OpCodes.Ldloc, host);
        _il.Emit(OpCodes.Ldloc, lo);
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Ldloc, host);
        _il.Emit(OpCodes.Ldc_I4_8);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldloc, hi);
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Stind_I8);
        if (release) _il.Emit(OpCodes.Call, MMemoryBarrier);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(slow);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(OpCodes.Ldloc, lo);
        _il.Emit(OpCodes.Ldloc, hi);
        EmitCallOrStop(MAtomicWrite128, done, pc);
        _il.MarkLabel(done);
    }

    /// <summary>state field (8 bytes) = the ulong in <paramref name="value"/>.</summary>
    private void StStateU8(int offset, IlLocal value)
    {
        LdStateAddr(offset);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Stind_I8);
    }

    private void StStateConst(int offset, ulong value, bool u4)
    {
        LdStateAddr(offset);
        if (u4) { _il.Emit(OpCodes.Ldc_I4, unchecked((int)value)); _il.Emit(OpCodes.Stind_I4); }
        else { LdcU8(value); _il.Emit(OpCodes.Stind_I8); }
    }

    /// <summary>SetExclusiveMonitors(address, size), keeping the loaded value(s).</summary>
    private void EmitSetMonitor(IlLocal addr, int size, IlLocal lo, IlLocal? hi)
    {
        StStateU8(OffExclusiveAddress, addr);
        StStateConst(OffExclusiveSize, (ulong)size, u4: true);
        StStateU8(OffExclusiveValueLo, lo);
        if (hi is { } h) StStateU8(OffExclusiveValueHi, h);
        else StStateConst(OffExclusiveValueHi, 0, u4: false);
    }

    // ------------------------------------------------------------------ exclusives

    /// <summary>LDXR/LDAXR (B, H, W, X): aligned load, then the monitor is armed and Rt written.</summary>
    private void LoadExclusive(GuestInstruction i)
    {
        uint w = i.Word;
        int bytes = 1 << (int)(w >> 30), t = (int)(w & 31), n = (int)((w >> 5) & 31);
        var addr = EmitAtomicBase(n, i.Pc);
        EmitAlignmentCheck(addr, bytes, write: false, i.Pc);
        EmitLoad(bytes, i.Pc, ordered: true);
        var val = _tVal!.Value;
        EmitSetMonitor(addr, bytes, val, null);
        _il.Emit(OpCodes.Ldloc, val);
        StX(t, bytes == 8);
    }

    /// <summary>
    /// STXR/STLXR (B, H, W, X): the alignment check first; the store only when the monitor is
    /// armed for this address and size (status 0), else status 1; the monitor is cleared and
    /// then W[s] gets the status. Rt and Rn are read before Rs is written (overlaps as the interpreter).
    /// </summary>
    private void StoreExclusive(GuestInstruction i, bool release)
    {
        uint w = i.Word;
        int bytes = 1 << (int)(w >> 30), t = (int)(w & 31), n = (int)((w >> 5) & 31), s = (int)((w >> 16) & 31);
        var addr = EmitAtomicBase(n, i.Pc);
        var val = Temp(ref _tVal, typeof(ulong));
        LdX(t, true);
        if (bytes < 8) { ConvToAccess(bytes); _il.Emit(OpCodes.Conv_U8); }
        _il.Emit(OpCodes.Stloc, val);
        EmitAlignmentCheck(addr, bytes, write: true, i.Pc);
        EmitExclusiveStoreCore(addr, bytes, i.Pc, s, () => EmitOrderedStore(bytes, release, i.Pc));
    }

    /// <summary>The monitor test, the store (by <paramref name="store"/>), the monitor cleared and the status written to W[s].</summary>
    private void EmitExclusiveStoreCore(IlLocal addr, int bytes, ulong pc, int s, Action store)
    {
        var status = Temp(ref _aStatus, typeof(ulong));
        var fail = _il.DefineLabel();
        var join = _il.DefineLabel();
        LdStateAddr(OffExclusiveSize);
        _il.Emit(OpCodes.Ldind_U4);
        _il.Emit(OpCodes.Ldc_I4, bytes);
        _il.Emit(OpCodes.Bne_Un, fail);
        LdStateAddr(OffExclusiveAddress);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(OpCodes.Bne_Un, fail);
        store();
        LdcU8(0);
        _il.Emit(OpCodes.Stloc, status);
        _il.Emit(OpCodes.Br, join);
        _il.MarkLabel(fail);
        LdcU8(1);
        _il.Emit(OpCodes.Stloc, status);
        _il.MarkLabel(join);
        StStateConst(OffExclusiveSize, 0, u4: true);
        _il.Emit(OpCodes.Ldloc, status);
        StX(s, false);
    }

    /// <summary>
    /// LDXP/LDAXP: a 32-bit pair is one aligned 8-byte access (the monitor keeps all of it), a
    /// 64-bit pair one aligned 16-byte access; X[t] gets the lower element, then X[t2] the upper.
    /// </summary>
    private void LoadExclusivePair(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = ((w >> 30) & 1) != 0;
        int dbytes = is64 ? 16 : 8, t = (int)(w & 31), t2 = (int)((w >> 10) & 31), n = (int)((w >> 5) & 31);
        var addr = EmitAtomicBase(n, i.Pc);
        EmitAlignmentCheck(addr, dbytes, write: false, i.Pc);
        if (is64)
        {
            EmitLoad128(i.Pc, ordered: true);
            EmitSetMonitor(addr, dbytes, _tVal!.Value, _tHi!.Value);
            _il.Emit(OpCodes.Ldloc, _tVal!.Value);
            StX(t, true);
            _il.Emit(OpCodes.Ldloc, _tHi!.Value);
            StX(t2, true);
        }
        else
        {
            EmitLoad(8, i.Pc, ordered: true);
            var val = _tVal!.Value;
            EmitSetMonitor(addr, dbytes, val, null);
            _il.Emit(OpCodes.Ldloc, val);
            StX(t, false);
            _il.Emit(OpCodes.Ldloc, val);
            _il.Emit(OpCodes.Ldc_I4, 32);
            _il.Emit(OpCodes.Shr_Un);
            StX(t2, true);
        }
    }

    /// <summary>STXP/STLXP: as <see cref="StoreExclusive"/>, X[t] at the lower and X[t2] at the upper address.</summary>
    private void StoreExclusivePair(GuestInstruction i, bool release)
    {
        uint w = i.Word;
        bool is64 = ((w >> 30) & 1) != 0;
        int dbytes = is64 ? 16 : 8, t = (int)(w & 31), t2 = (int)((w >> 10) & 31), n = (int)((w >> 5) & 31), s = (int)((w >> 16) & 31);
        var addr = EmitAtomicBase(n, i.Pc);
        var v1 = Temp(ref _tVal, typeof(ulong));
        if (is64)
        {
            var v2 = Temp(ref _tVal2, typeof(ulong));
            LdX(t, true);
            _il.Emit(OpCodes.Stloc, v1);
            LdX(t2, true);
            _il.Emit(OpCodes.Stloc, v2);
            EmitAlignmentCheck(addr, dbytes, write: true, i.Pc);
            EmitExclusiveStoreCore(addr, dbytes, i.Pc, s, () => EmitOrderedStore16(release, i.Pc));
        }
        else
        {
            LdX(t2, false);
            _il.Emit(OpCodes.Ldc_I4, 32);
            _il.Emit(OpCodes.Shl);
            LdX(t, false);
            _il.Emit(OpCodes.Or);
            _il.Emit(OpCodes.Stloc, v1);
            EmitAlignmentCheck(addr, dbytes, write: true, i.Pc);
            EmitExclusiveStoreCore(addr, dbytes, i.Pc, s, () => EmitOrderedStore(8, release, i.Pc));
        }
    }

    /// <summary>CLREX: the local monitor goes to the Open Access state.</summary>
    private void ClearExclusive() => StStateConst(OffExclusiveSize, 0, u4: true);

    // ------------------------------------------------------------------ load-acquire / store-release

    /// <summary>LDAR/LDAPR (B, H, W, X): an aligned acquire load.</summary>
    private void LoadAcquire(GuestInstruction i)
    {
        uint w = i.Word;
        int bytes = 1 << (int)(w >> 30), t = (int)(w & 31), n = (int)((w >> 5) & 31);
        var addr = EmitAtomicBase(n, i.Pc);
        EmitAlignmentCheck(addr, bytes, write: false, i.Pc);
        EmitLoad(bytes, i.Pc, ordered: true);
        _il.Emit(OpCodes.Ldloc, _tVal!.Value);
        StX(t, bytes == 8);
    }

    /// <summary>STLR (B, H, W, X): an aligned release store.</summary>
    private void StoreRelease(GuestInstruction i)
    {
        uint w = i.Word;
        int bytes = 1 << (int)(w >> 30), t = (int)(w & 31), n = (int)((w >> 5) & 31);
        var addr = EmitAtomicBase(n, i.Pc);
        EmitAlignmentCheck(addr, bytes, write: true, i.Pc);
        var val = Temp(ref _tVal, typeof(ulong));
        LdX(t, true);
        _il.Emit(OpCodes.Stloc, val);
        EmitOrderedStore(bytes, release: true, i.Pc);
    }

    // ------------------------------------------------------------------ compare and swap

    /// <summary>
    /// CAS{A,L,AL}{B,H,,}: Interlocked.CompareExchange with X[s] as the comparand and X[t] as
    /// the new value; X[s] gets the old memory value. The slow path checks read and write
    /// permission before anything (also when the comparison fails), as the interpreter.
    /// </summary>
    private void CompareAndSwap(GuestInstruction i)
    {
        uint w = i.Word;
        int bytes = 1 << (int)(w >> 30), t = (int)(w & 31), n = (int)((w >> 5) & 31), s = (int)((w >> 16) & 31);
        var addr = EmitAtomicBase(n, i.Pc);
        var cmp = Temp(ref _aCmp, typeof(ulong));
        var val = Temp(ref _tVal, typeof(ulong));
        var old = Temp(ref _aOld, typeof(ulong));
        LdX(s, true);
        if (bytes < 8) { ConvToAccess(bytes); _il.Emit(OpCodes.Conv_U8); }
        _il.Emit(OpCodes.Stloc, cmp);
        LdX(t, true);
        if (bytes < 8) { ConvToAccess(bytes); _il.Emit(OpCodes.Conv_U8); }
        _il.Emit(OpCodes.Stloc, val);
        EmitAlignmentCheck(addr, bytes, write: true, i.Pc);
        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitHostAddress(addr, bytes, GuestMemory.EntryRead | GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryRead | GuestMemory.EntryWrite, slow);
        _il.Emit(OpCodes.Ldloc, val);
        ConvToAccess(bytes);
        _il.Emit(OpCodes.Ldloc, cmp);
        ConvToAccess(bytes);
        _il.Emit(OpCodes.Call, AtomicMethod(MCmpXchg, bytes));
        ZeroExtendAccess(bytes);
        _il.Emit(OpCodes.Stloc, old);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(slow);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(OpCodes.Ldc_I4, bytes);
        _il.Emit(OpCodes.Ldloc, cmp);
        _il.Emit(OpCodes.Ldloc, val);
        _il.Emit(OpCodes.Call, MCasSlow);
        EmitSlowValueOrStop(i.Pc, old);
        _il.MarkLabel(done);
        _il.Emit(OpCodes.Ldloc, old);
        StX(s, bytes == 8);
    }

    /// <summary>CASP{A,L,AL} (32 and 64-bit pairs): the whole access through <see cref="AtomicRuntime.Casp"/>; X[s], X[s+1] get the old value.</summary>
    private void CompareAndSwapPair(GuestInstruction i)
    {
        uint w = i.Word;
        bool is64 = ((w >> 30) & 1) != 0;
        int t = (int)(w & 31), n = (int)((w >> 5) & 31), s = (int)((w >> 16) & 31);
        var addr = EmitAtomicBase(n, i.Pc);
        var next = _il.DefineLabel();
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(is64 ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
        LdX(s, is64);
        LdX(s + 1, is64);
        LdX(t, is64);
        LdX(t + 1, is64);
        EmitCallOrStop(MCasp, next, i.Pc);
        _il.MarkLabel(next);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldfld, FSlowValue);
        StX(s, is64);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldfld, FSlowValue2);
        StX(s + 1, is64);
    }

    // ------------------------------------------------------------------ atomic memory operations

    /// <summary>
    /// LD&lt;op&gt;{A,L,AL}{B,H,,} and SWP: X[t] = the old value, memory = op(old, X[s]) at datasize
    /// bits. Inline: Exchange (SWP), Add (LDADD), And/Or (LDCLR/LDSET) of 32 and 64 bits, and a
    /// CompareExchange loop for the rest; the slow path does the interpreter's checks.
    /// </summary>
    private void AtomicMemoryOp(GuestInstruction i)
    {
        uint w = i.Word;
        int bytes = 1 << (int)(w >> 30), t = (int)(w & 31), n = (int)((w >> 5) & 31), s = (int)((w >> 16) & 31);
        int op = ((w >> 15) & 1) != 0 ? AtomicRuntime.OpSwp : (int)((w >> 12) & 7);
        var addr = EmitAtomicBase(n, i.Pc);
        var val = Temp(ref _tVal, typeof(ulong));
        var old = Temp(ref _aOld, typeof(ulong));
        var host = Temp(ref _aHost, typeof(nint));
        LdX(s, true);
        if (bytes < 8) { ConvToAccess(bytes); _il.Emit(OpCodes.Conv_U8); }
        _il.Emit(OpCodes.Stloc, val);
        EmitAlignmentCheck(addr, bytes, write: true, i.Pc);
        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitHostAddress(addr, bytes, GuestMemory.EntryRead | GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryRead | GuestMemory.EntryWrite, slow);
        _il.Emit(OpCodes.Stloc, host);
        if (op == AtomicRuntime.OpSwp)
        {
            _il.Emit(OpCodes.Ldloc, host);
            _il.Emit(OpCodes.Ldloc, val);
            ConvToAccess(bytes);
            _il.Emit(OpCodes.Call, AtomicMethod(MXchg, bytes));
            ZeroExtendAccess(bytes);
            _il.Emit(OpCodes.Stloc, old);
        }
        else if (bytes >= 4 && op == AtomicRuntime.OpAdd)
        {
            // Interlocked.Add returns the new value: old = new - value.
            _il.Emit(OpCodes.Ldloc, host);
            _il.Emit(OpCodes.Ldloc, val);
            ConvToAccess(bytes);
            _il.Emit(OpCodes.Call, AtomicMethod(MXadd, bytes));
            ZeroExtendAccess(bytes);
            _il.Emit(OpCodes.Ldloc, val);
            _il.Emit(OpCodes.Sub);
            if (bytes == 4) { _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Conv_U8); }
            _il.Emit(OpCodes.Stloc, old);
        }
        else if (bytes >= 4 && op is AtomicRuntime.OpClr or AtomicRuntime.OpSet)
        {
            _il.Emit(OpCodes.Ldloc, host);
            _il.Emit(OpCodes.Ldloc, val);
            if (op == AtomicRuntime.OpClr) _il.Emit(OpCodes.Not);
            ConvToAccess(bytes);
            _il.Emit(OpCodes.Call, AtomicMethod(op == AtomicRuntime.OpClr ? MXand : MXor, bytes));
            ZeroExtendAccess(bytes);
            _il.Emit(OpCodes.Stloc, old);
        }
        else
        {
            EmitCompareExchangeLoop(host, val, old, bytes, op);
        }
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(slow);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(OpCodes.Ldc_I4, bytes);
        _il.Emit(OpCodes.Ldc_I4, op);
        _il.Emit(OpCodes.Ldloc, val);
        _il.Emit(OpCodes.Call, MRmwSlow);
        EmitSlowValueOrStop(i.Pc, old);
        _il.MarkLabel(done);
        _il.Emit(OpCodes.Ldloc, old);
        StX(t, bytes == 8);
    }

    /// <summary>old = [host]; repeat { new = op(old, value); seen = CompareExchange([host], new, old) } until seen == old.</summary>
    private void EmitCompareExchangeLoop(IlLocal host, IlLocal val, IlLocal old, int bytes, int op)
    {
        var nw = Temp(ref _aNew, typeof(ulong));
        var seen = Temp(ref _aSeen, typeof(ulong));
        var loop = _il.DefineLabel();
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, host);
        _il.Emit(OpCodes.Volatile);
        _il.Emit(bytes switch { 1 => OpCodes.Ldind_U1, 2 => OpCodes.Ldind_U2, 4 => OpCodes.Ldind_U4, _ => OpCodes.Ldind_I8 });
        if (bytes != 8) _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stloc, old);
        _il.MarkLabel(loop);
        EmitAtomicResult(val, old, nw, bytes, op);
        _il.Emit(OpCodes.Ldloc, host);
        _il.Emit(OpCodes.Ldloc, nw);
        ConvToAccess(bytes);
        _il.Emit(OpCodes.Ldloc, old);
        ConvToAccess(bytes);
        _il.Emit(OpCodes.Call, AtomicMethod(MCmpXchg, bytes));
        ZeroExtendAccess(bytes);
        _il.Emit(OpCodes.Stloc, seen);
        _il.Emit(OpCodes.Ldloc, seen);
        _il.Emit(OpCodes.Ldloc, old);
        _il.Emit(OpCodes.Beq, ok);
        _il.Emit(OpCodes.Ldloc, seen);
        _il.Emit(OpCodes.Stloc, old);
        _il.Emit(OpCodes.Br, loop);
        _il.MarkLabel(ok);
    }

    /// <summary>nw = op(old, value) on zero-extended datasize-bit operands (the result is truncated when stored).</summary>
    private void EmitAtomicResult(IlLocal val, IlLocal old, IlLocal nw, int bytes, int op)
    {
        if (op <= AtomicRuntime.OpSet)
        {
            _il.Emit(OpCodes.Ldloc, old);
            _il.Emit(OpCodes.Ldloc, val);
            switch (op)
            {
                case AtomicRuntime.OpAdd: _il.Emit(OpCodes.Add); break;
                case AtomicRuntime.OpClr: _il.Emit(OpCodes.Not); _il.Emit(OpCodes.And); break;
                case AtomicRuntime.OpEor: _il.Emit(OpCodes.Xor); break;
                default: _il.Emit(OpCodes.Or); break;
            }
            _il.Emit(OpCodes.Stloc, nw);
            return;
        }
        // Max/min: the new value is Rs when it wins the comparison, else the old value.
        bool signed = op is AtomicRuntime.OpSMax or AtomicRuntime.OpSMin;
        bool max = op is AtomicRuntime.OpSMax or AtomicRuntime.OpUMax;
        var takeOld = _il.DefineLabel();
        var end = _il.DefineLabel();
        void push(IlLocal l)
        {
            _il.Emit(OpCodes.Ldloc, l);
            if (signed && bytes < 8)
            {
                _il.Emit(bytes == 1 ? OpCodes.Conv_I1 : bytes == 2 ? OpCodes.Conv_I2 : OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
            }
        }
        push(val);
        push(old);
        // max: value > old takes value; min: value < old takes value.
        if (max) _il.Emit(signed ? OpCodes.Ble : OpCodes.Ble_Un, takeOld);
        else _il.Emit(signed ? OpCodes.Bge : OpCodes.Bge_Un, takeOld);
        _il.Emit(OpCodes.Ldloc, val);
        _il.Emit(OpCodes.Stloc, nw);
        _il.Emit(OpCodes.Br, end);
        _il.MarkLabel(takeOld);
        _il.Emit(OpCodes.Ldloc, old);
        _il.Emit(OpCodes.Stloc, nw);
        _il.MarkLabel(end);
    }
}

/// <summary>Cold helpers of the exclusive, ordered and atomic accesses (public so that dumped assemblies can call them too).</summary>
public static unsafe class AtomicRuntime
{
    // LD<op> opcodes (bits 14:12) and SWP.
    public const int OpAdd = 0, OpClr = 1, OpEor = 2, OpSet = 3, OpSMax = 4, OpSMin = 5, OpUMax = 6, OpUMin = 7, OpSwp = 8;

    /// <summary>Writes the alignment fault of an access that must be aligned (as the interpreter's CheckAligned).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AlignmentFault(BlockContext ctx, ulong address, int size, int write) =>
        ctx.Exec.AlignmentFault(address, size, write != 0 ? MemAccess.Write : MemAccess.Read);

    /// <summary>Slow-path 16-byte store (low at the lower address); false with the abort written on a fault.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Write128Slow(BlockContext ctx, ulong address, ulong lo, ulong hi)
    {
        ctx.SlowAccesses++;
        return ctx.Exec.Write128(address, new UInt128(hi, lo));
    }

    private static ulong Trunc(ulong x, int size) => size == 8 ? x : x & ((1ul << (8 * size)) - 1);

    private static long Signed(ulong x, int size) => size == 8 ? (long)x : (long)(x << (64 - 8 * size)) >> (64 - 8 * size);

    /// <summary>op(old, value) at <paramref name="size"/> bytes (operands zero-extended).</summary>
    public static ulong Apply(int op, ulong old, ulong value, int size) => Trunc(op switch
    {
        OpAdd => old + value,
        OpClr => old & ~value,
        OpEor => old ^ value,
        OpSet => old | value,
        OpSMax => Signed(old, size) >= Signed(value, size) ? old : value,
        OpSMin => Signed(old, size) <= Signed(value, size) ? old : value,
        OpUMax => old >= value ? old : value,
        OpUMin => old <= value ? old : value,
        _ => value,
    }, size);

    /// <summary>
    /// Slow path of an atomic memory operation (aligned, checked by the caller): read then write
    /// permission of the whole access first, then the read and the write; the old value goes to
    /// SlowValue. False with the abort written on a fault (nothing changed).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool RmwSlow(BlockContext ctx, ulong address, int size, int op, ulong value)
    {
        ctx.SlowAccesses++;
        var c = ctx.Exec;
        if (!c.Probe(address, size, MemAccess.Read) || !c.Probe(address, size, MemAccess.Write)) return false;
        if (!c.Read(address, size, out ulong old)) return false;
        if (!c.Write(address, size, Apply(op, old, Trunc(value, size), size))) return false;
        ctx.SlowValue = old;
        return true;
    }

    /// <summary>Slow path of CAS: the permission checks, the read, and the write only when the old value equals <paramref name="compare"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool CasSlow(BlockContext ctx, ulong address, int size, ulong compare, ulong newValue)
    {
        ctx.SlowAccesses++;
        var c = ctx.Exec;
        if (!c.Probe(address, size, MemAccess.Read) || !c.Probe(address, size, MemAccess.Write)) return false;
        if (!c.Read(address, size, out ulong old)) return false;
        if (old == compare && !c.Write(address, size, newValue)) return false;
        ctx.SlowValue = old;
        return true;
    }

    /// <summary>
    /// CASP (32 or 64-bit elements): alignment to the whole pair, read and write permission,
    /// then the comparison of X[s+1]:X[s] with memory and, if equal, the store of X[t+1]:X[t].
    /// The old elements go to SlowValue (lower) and SlowValue2 (upper). False with the fault written.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Casp(BlockContext ctx, ulong address, int is64, ulong s1, ulong s2, ulong t1, ulong t2)
    {
        var c = ctx.Exec;
        int bytes = is64 != 0 ? 16 : 8;
        if ((address & (ulong)(bytes - 1)) != 0) { c.AlignmentFault(address, bytes, MemAccess.Write); return false; }
        if (!c.Probe(address, bytes, MemAccess.Read) || !c.Probe(address, bytes, MemAccess.Write)) return false;
        if (is64 != 0)
        {
            if (!c.Read128(address, out UInt128 old)) return false;
            ulong lo = (ulong)old, hi = (ulong)(old >> 64);
            if (lo == s1 && hi == s2 && !c.Write128(address, new UInt128(t2, t1))) return false;
            ctx.SlowValue = lo;
            ctx.SlowValue2 = hi;
        }
        else
        {
            if (!c.Read(address, 8, out ulong old)) return false;
            if (old == ((s2 << 32) | s1) && !c.Write(address, 8, (t2 << 32) | t1)) return false;
            ctx.SlowValue = old & 0xFFFF_FFFF;
            ctx.SlowValue2 = old >> 32;
        }
        return true;
    }
}
