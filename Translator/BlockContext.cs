using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Translator;

/// <summary>The signature of a translated block: runs it on <paramref name="state"/>, returns the next PC.</summary>
/// <remarks>
/// The block also stores the next PC in <see cref="CpuState.PC"/> and adds the instructions it
/// retired to <see cref="CpuState.InstructionsRetired"/>. When an instruction stops, the
/// exit information is in the state (<see cref="CpuState.ExitReason"/> non-zero) and the
/// returned PC is that instruction's.
/// </remarks>
public unsafe delegate ulong BlockFunc(CpuState* state, BlockContext context);

/// <summary>
/// What translated code needs besides the register state: the interpreter context (for
/// per-instruction fallbacks and slow memory paths) and the page table (for the inlined
/// fast path). One per core.
/// </summary>
public sealed unsafe class BlockContext
{
    public BlockContext(ExecContext exec)
    {
        Exec = exec;
        Memory = exec.Memory;
        PageTable = Memory.PageTable;
        PageCount = Memory.PageCount;
        PageIndexMask = PageCount - 1;
        AddressBits = Memory.AddressBits;
        JumpEntries = (JumpEntry*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_entries));
        ClearJumpCache();
    }

    public readonly ExecContext Exec;
    public readonly GuestMemory Memory;
    /// <summary>Base of <see cref="GuestMemory.PageTable"/>.</summary>
    public readonly ulong* PageTable;
    public readonly ulong PageCount;
    /// <summary>PageCount - 1 (the page count is a power of two).</summary>
    public readonly ulong PageIndexMask;
    /// <summary>Addresses at or above 2^AddressBits are outside the guest address space.</summary>
    public readonly int AddressBits;

    /// <summary>
    /// The translation the engine entered last (set before each call): it stays referenced, so
    /// its method stays alive, while it runs (translations entered by chaining are referenced by
    /// <see cref="Jump"/>, see <see cref="Previous"/>).
    /// </summary>
    public TranslatedBlock? Running;

    /// <summary>
    /// Non-zero once the cache this core uses dropped a translation (invalidated, flushed, evicted
    /// or replaced) since the engine's last dispatch: set by the dropping thread after the
    /// translation is marked not live and removed from the cache, cleared by this core's engine
    /// at a dispatch before it looks up what it enters (<see cref="Find"/>). While it is zero,
    /// everything in this core's jump cache is live (the per-hit <see cref="TranslatedBlock.Valid"/>
    /// read is unnecessary), and a region's jumps between its blocks test it instead of their
    /// translation's flag: one load of an argument's field.
    /// </summary>
    public int Dropped;

    // ------------------------------------------------------------------ direct chaining

    /// <summary>
    /// Translations may continue directly into the translation of their successor
    /// (<see cref="BlockRuntime.Chain"/>) instead of returning to the engine. Set by the engine
    /// (off while it runs exactly one block or translation); off for a context without a cache.
    /// </summary>
    public bool ChainEnabled;

    /// <summary>The cache chained translations are looked up in (null: no chaining); set by <see cref="TranslationCache.Attach"/>.</summary>
    internal TranslationCache? Cache;

    /// <summary>
    /// This core's direct-mapped jump cache in front of <see cref="Cache"/>, indexed by (PC / 4)
    /// mod its size: the translations (what keeps them referenced) and, in
    /// <see cref="JumpEntries"/>, the plain fields <see cref="BlockRuntime.Chain"/> reads of them.
    /// Only this core's thread reads or writes it.
    /// </summary>
    public readonly TranslatedBlock?[] Jump = new TranslatedBlock?[JumpCacheSize];

    /// <summary>Entries of <see cref="Jump"/> (a power of two).</summary>
    public const int JumpCacheSize = 1 << 12;

    /// <summary>One jump-cache slot as <see cref="BlockRuntime.Chain"/> reads it (32 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct JumpEntry
    {
        /// <summary>The translation's PC; <see cref="EmptyPc"/> (misaligned, never a translation's PC) when the slot is empty.</summary>
        public ulong Pc;
        /// <summary>Its execution-state bits (<see cref="TranslatedBlock.Mode"/>); ~0 when empty.</summary>
        public uint Mode;
        /// <summary>Instructions of its entry block (the budget a caller must have left to enter).</summary>
        public uint Count;
        /// <summary><see cref="TranslatedBlock.ChainEntry"/> (0: entered by the engine only).</summary>
        public nint Entry;
        private readonly ulong _pad;

        public const ulong EmptyPc = 1;
    }

    // Pinned (never moves), so Chain indexes it through a pointer: no bounds check.
    private readonly JumpEntry[] _entries = GC.AllocateArray<JumpEntry>(JumpCacheSize, pinned: true);

    /// <summary>Base of the pinned array of <see cref="JumpEntry"/> parallel to <see cref="Jump"/> (a field: one load at a chain).</summary>
    public readonly JumpEntry* JumpEntries;

    private void ClearJumpCache()
    {
        Array.Clear(Jump);
        var e = _entries;
        for (int k = 0; k < e.Length; k++) e[k] = new JumpEntry { Pc = JumpEntry.EmptyPc, Mode = ~0u };
    }

    /// <summary>Puts <paramref name="b"/> into <paramref name="slot"/>; the translation it replaces stays referenced in <see cref="Previous"/> (it may be the one still running).</summary>
    internal JumpEntry* Fill(int slot, TranslatedBlock b)
    {
        var old = Jump[slot];
        if (old != null && !ReferenceEquals(old, b)) Previous = old;
        Jump[slot] = b;
        var e = JumpEntries + slot;
        e->Pc = b.ProbePc;
        e->Mode = b.ProbeMode;
        e->Count = b.ProbeCount > uint.MaxValue ? uint.MaxValue : (uint)b.ProbeCount;
        e->Entry = b.ChainEntry;
        return e;
    }

    /// <summary><see cref="CpuState.InstructionsRetired"/> when the running translation was entered (its budget is <see cref="CpuState.Budget"/>).</summary>
    public ulong EntryRetired;

    /// <summary>
    /// The translation a jump-cache fill displaced from its slot. A translation entered by
    /// chaining is referenced by its slot until this core's engine dispatches again, unless the
    /// fill made by its own chain call displaces it: then it is referenced here until its code
    /// has jumped to the successor.
    /// </summary>
    public TranslatedBlock? Previous;

    /// <summary>Translations entered by chaining (not through the engine).</summary>
    public ulong Chains;

    /// <summary>
    /// The live translation for (pc, mode) for a dispatch by the engine (nothing translated runs
    /// on this core): the jump cache, then the shared cache; the page of <paramref name="pc"/> must
    /// still carry its code mark and execute permission. Null when there is none (or no cache).
    /// </summary>
    internal TranslatedBlock? Find(ulong pc, uint mode)
    {
        if (Volatile.Read(ref Dropped) != 0) ForgetDropped();
        int slot = (int)(pc >> 2) & (JumpCacheSize - 1);
        var e = JumpEntries + slot;
        const ulong need = GuestMemory.EntryCode | GuestMemory.EntryExec;
        // A hit needs no page bound test (the entry's PC passed it when filled) nor a Valid read (the flag is clear).
        if (e->Pc == pc && e->Mode == mode && (Volatile.Read(ref PageTable[pc >> GuestMemory.PageBits]) & need) == need) return Jump[slot];
        return FindMiss(pc, mode, slot);
    }

    /// <summary>
    /// Something was dropped: forget our references so dropped code can be collected and is never
    /// entered from the jump cache. The flag is cleared (a full fence) before anything is looked up,
    /// so a drop after this point sets it again.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ForgetDropped()
    {
        Interlocked.Exchange(ref Dropped, 0);
        ClearJumpCache();
        Running = null;
        Previous = null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TranslatedBlock? FindMiss(ulong pc, uint mode, int slot)
    {
        var cache = Cache;
        if (cache == null || !cache.PageStillValid(pc)) return null;
        var j = cache.Find(pc, mode);
        if (j != null && j.Valid) Fill(slot, j);
        return j;
    }

    /// <summary>Values returned by the atomic helpers (<see cref="SimdMemoryRuntime.Read128SlowToContext"/>, compare-and-swap).</summary>
    public ulong SlowValue, SlowValue2;

    /// <summary>Instructions executed through the interpreter fallback.</summary>
    public ulong FallbackExecutions;
    /// <summary>
    /// Set by a translation that left at an instruction it cannot perform inline (a load or store
    /// off the inline path, a misaligned SP; PC is that instruction's, the instructions before it
    /// retired, <see cref="CpuState.ExitReason"/> untouched): whoever called the translation must
    /// run at least that instruction in the interpreter (and clear this) before entering a
    /// translation again, or it would leave at the same place. <see cref="TranslatedEngine"/> does.
    /// </summary>
    public bool InterpretNext;

    /// <summary>Memory accesses that missed the inlined fast path (interpreter exits included).</summary>
    public ulong SlowAccesses;
}

/// <summary>Helpers called from translated code (public so that dumped assemblies can call them too).</summary>
public static unsafe class BlockRuntime
{
    /// <summary>Runs one instruction through its interpreter method; returns the <see cref="Outcome"/> as an int.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Fallback(BlockContext ctx, uint word, int encodingId)
    {
        ctx.FallbackExecutions++;
        return (int)Interpreter.Handler(encodingId)(ctx.Exec, word);
    }

    /// <summary>Slow-path store (code-page writes, page crossings, faults); false with the abort written on a fault.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool WriteSlow(BlockContext ctx, ulong address, int size, ulong value)
    {
        ctx.SlowAccesses++;
        return ctx.Exec.Write(address, size, value);
    }

    /// <summary>
    /// Called by a translation at an exit to <paramref name="pc"/> (PC, registers and retired count
    /// already in the state): the entry point of the translation to continue in, or 0 to return to
    /// the engine. Chains only when chaining is on, nothing stopped, no stop is requested, nothing
    /// was dropped since the engine's last dispatch (<see cref="BlockContext.Dropped"/>: then every
    /// jump-cache entry is live), the successor is translated for the current mode (PSTATE.IL
    /// clear), its page still carries the code mark and execute permission, and its entry block
    /// fits in what is left of the budget. Then the budget is charged with what the running
    /// translation retired (<see cref="CpuState.Budget"/> is the budget of the translation entered,
    /// as when the engine calls it).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static nint Chain(CpuState* s, BlockContext ctx, ulong pc)
    {
        if ((Volatile.Read(ref ctx.Dropped) | (int)s->ExitReason | Volatile.Read(ref s->StopRequest)) != 0 || !ctx.ChainEnabled) return 0;
        // IL is part of the key compared: entries never have it, so code under PSTATE.IL goes back to the engine.
        uint mode = s->Pstate & (PstateBits.ElMask | PstateBits.nRW | PstateBits.IL);
        int slot = (int)(pc >> 2) & (BlockContext.JumpCacheSize - 1);
        var e = ctx.JumpEntries + slot;
        if (e->Pc != pc || e->Mode != mode) return ChainMiss(s, ctx, pc, mode, slot);
        // The entry's PC passed the page test when it was filled, so its page indexes the table.
        const ulong need = GuestMemory.EntryCode | GuestMemory.EntryExec;
        if ((Volatile.Read(ref ctx.PageTable[pc >> GuestMemory.PageBits]) & need) != need) return 0; // the engine's lookup drops the page
        return Enter(s, ctx, e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Enter(CpuState* s, BlockContext ctx, BlockContext.JumpEntry* e)
    {
        nint entry = e->Entry;
        ulong now = s->InstructionsRetired;
        ulong budget = s->Budget - (now - ctx.EntryRetired);
        if (entry == 0 || e->Count > budget) return 0;
        s->Budget = budget;
        ctx.EntryRetired = now;
        ctx.Chains++;
        return entry;
    }

    /// <summary>Jump-cache miss: the shared cache (page tested first), filling this core's slot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint ChainMiss(CpuState* s, BlockContext ctx, ulong pc, uint mode, int slot)
    {
        var cache = ctx.Cache;
        if (cache == null || (mode & PstateBits.IL) != 0 || !cache.PageStillValid(pc)) return 0;
        var b = cache.Find(pc, mode);
        if (b == null || !b.Valid) return 0;
        return Enter(s, ctx, ctx.Fill(slot, b));
    }

    /// <summary>NZCV of AddWithCarry(a, b, PSTATE.C) for ADCS/SBCS (b already inverted for SBCS).</summary>
    public static uint AdcFlags(ulong a, ulong b, uint nzcv, int datasize)
    {
        Pseudocode.AddWithCarry(a, b, (nzcv & NzcvBits.C) != 0, datasize, out uint flags);
        return flags;
    }

    public static ulong UDiv64(ulong a, ulong b) => b == 0 ? 0 : a / b;
    public static ulong UDiv32(ulong a, ulong b) => (uint)b == 0 ? 0 : (uint)a / (uint)b;
    public static ulong SDiv64(ulong a, ulong b) => b == 0 ? 0 : (long)a == long.MinValue && (long)b == -1 ? a : (ulong)((long)a / (long)b);
    public static ulong SDiv32(ulong a, ulong b) =>
        (uint)b == 0 ? 0 : (int)a == int.MinValue && (int)b == -1 ? (uint)a : (uint)((int)a / (int)b);

    /// <summary>The one-source operations by opcode (bits 12:10): RBIT, REV16, REV32/REV, REV, CLZ, CLS.</summary>
    public static ulong Unary(ulong x, int opcode, int datasize)
    {
        bool is64 = datasize == 64;
        switch (opcode)
        {
            case 0: return is64 ? ReverseBits(x) : ReverseBits(x) >> 32;
            case 1: // REV16: bytes swapped within each halfword
                return ((x & 0x00FF00FF00FF00FFul) << 8 | (x >> 8) & 0x00FF00FF00FF00FFul) & (is64 ? ulong.MaxValue : 0xFFFF_FFFFul);
            case 2: // REV (32-bit) / REV32: bytes reversed within each word
                {
                    ulong lo = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)x);
                    ulong hi = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((uint)(x >> 32));
                    return is64 ? hi << 32 | lo : lo;
                }
            case 3: return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
            case 4: return is64 ? (ulong)System.Numerics.BitOperations.LeadingZeroCount(x) : (ulong)System.Numerics.BitOperations.LeadingZeroCount((uint)x);
            default: // CLS: leading bits equal to the sign bit, not counting it
                {
                    ulong v = is64 ? x : (ulong)(long)(int)x;
                    ulong t = v ^ (ulong)((long)v >> 1);
                    // the top bit of t is 0; count leading zeros below it at datasize width
                    return is64 ? (ulong)(System.Numerics.BitOperations.LeadingZeroCount(t << 1 | 1) ) : (ulong)System.Numerics.BitOperations.LeadingZeroCount((uint)t << 1 | 1);
                }
        }
    }

    private static ulong ReverseBits(ulong x)
    {
        x = (x >> 1) & 0x5555555555555555ul | (x & 0x5555555555555555ul) << 1;
        x = (x >> 2) & 0x3333333333333333ul | (x & 0x3333333333333333ul) << 2;
        x = (x >> 4) & 0x0F0F0F0F0F0F0F0Ful | (x & 0x0F0F0F0F0F0F0F0Ful) << 4;
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
    }

    public static ulong UMulHigh(ulong a, ulong b) => Math.BigMul(a, b, out _);

    public static ulong SMulHigh(ulong a, ulong b) => (ulong)Math.BigMul((long)a, (long)b, out _);

}
