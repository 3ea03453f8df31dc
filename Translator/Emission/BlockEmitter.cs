using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Blocks;

namespace A64Jit.Translator.Emission;

/// <summary>Which encodings get native IL (the rest run through the interpreter fallback).</summary>
public sealed class NativeSwitches
{
    private readonly bool[] _on = new bool[EncodingTable.All.Length];

    /// <summary>Every encoding the emitter has native IL for, switched on.</summary>
    public static NativeSwitches AllNative()
    {
        var s = new NativeSwitches();
        foreach (var id in BlockEmitter.NativeEncodingIds) s._on[id] = true;
        return s;
    }

    /// <summary>Nothing native: every instruction runs through its interpreter method.</summary>
    public static NativeSwitches NoneNative() => new();

    public bool this[int id]
    {
        get => id >= 0 && _on[id];
        set { if (value && !BlockEmitter.HasNative(id)) throw new ArgumentException($"no native IL for {EncodingTable.All[id].Name}"); _on[id] = value; }
    }

    public void Set(string encodingName, bool on) => this[EncodingTable.Get(encodingName).Id] = on;
}

/// <summary>Counts of one emitted block.</summary>
public readonly record struct EmitSummary(int Instructions, int Native, int Fallback, int FusedBranches)
{
    /// <summary>Blocks in the method (more than one for a region).</summary>
    public int Blocks { get; init; } = 1;
    /// <summary>Jumps between blocks that stay inside the method (0 for a method without them).</summary>
    public int RegionJumps { get; init; }
}

/// <summary>
/// Emits one <see cref="GuestBlock"/> as the body of <c>static ulong Block(CpuState* s, BlockContext ctx)</c>
/// through an <see cref="IIlSink"/> (so the same code feeds DynamicMethods and Cecil assemblies).
/// </summary>
/// <remarks>
/// The block is straight-line guest code with side exits, so register caching is decided
/// at emission time: a guest register is loaded from the state into an IL local on its
/// first use, kept there, and stored back at every exit if it was written (and before a
/// fallback, after which every local is considered stale); outside region mode, right after
/// its last write in the block instead. NZCV is cached the same way
/// and computed only when a later reader (a B.cond, a fallback, a possible exit) needs it;
/// a B.cond right after a CMP (SUBS immediate) tests the compare's operands directly.
/// Memory accesses inline the page-table fast path; on a miss the translation leaves at that
/// instruction for the interpreter (an interpreter exit), so a fault leaves the state exactly as
/// the interpreter would (earlier instructions retired, PC at the faulting one).
/// </remarks>
public sealed unsafe partial class BlockEmitter
{
    // ------------------------------------------------------------------ offsets and members

    private static readonly int OffPc, OffNzcv, OffRetired, OffBudget, OffStopRequest;
    private static readonly MethodInfo MFallback = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.Fallback))!;
    private static readonly MethodInfo MWriteSlow = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.WriteSlow))!;
    private static readonly FieldInfo FSlowValue = typeof(BlockContext).GetField(nameof(BlockContext.SlowValue))!;
    private static readonly FieldInfo FSlowValue2 = typeof(BlockContext).GetField(nameof(BlockContext.SlowValue2))!;
    private static readonly FieldInfo FInterpretNext = typeof(BlockContext).GetField(nameof(BlockContext.InterpretNext))!;
    private static readonly MethodInfo MAdcFlags = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.AdcFlags))!;
    private static readonly MethodInfo MUDiv64 = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.UDiv64))!;
    private static readonly MethodInfo MSDiv64 = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.SDiv64))!;
    private static readonly MethodInfo MUDiv32 = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.UDiv32))!;
    private static readonly MethodInfo MSDiv32 = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.SDiv32))!;
    private static readonly MethodInfo MUnary = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.Unary))!;
    private static readonly MethodInfo MRor64 = typeof(System.Numerics.BitOperations).GetMethod(nameof(System.Numerics.BitOperations.RotateRight), [typeof(ulong), typeof(int)])!;
    private static readonly MethodInfo MRor32 = typeof(System.Numerics.BitOperations).GetMethod(nameof(System.Numerics.BitOperations.RotateRight), [typeof(uint), typeof(int)])!;
    private static readonly MethodInfo MUMulHigh = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.UMulHigh))!;
    private static readonly MethodInfo MSMulHigh = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.SMulHigh))!;
    private static readonly FieldInfo FPageTable = typeof(BlockContext).GetField(nameof(BlockContext.PageTable))!;
    private static readonly FieldInfo FAddressBits = typeof(BlockContext).GetField(nameof(BlockContext.AddressBits))!;
    private static readonly FieldInfo FDropped = typeof(BlockContext).GetField(nameof(BlockContext.Dropped))!;

    static BlockEmitter()
    {
        CpuState s = default;
        byte* b = (byte*)&s;
        OffPc = (int)((byte*)&s.PC - b);
        OffNzcv = (int)((byte*)&s.Nzcv - b);
        OffRetired = (int)((byte*)&s.InstructionsRetired - b);
        OffBudget = (int)((byte*)&s.Budget - b);
        OffStopRequest = (int)((byte*)&s.StopRequest - b);
        RegisterNatives();
    }

    private delegate void NativeEmitter(BlockEmitter e, GuestInstruction i);

    /// <summary>What an instruction does to NZCV, for the flag liveness pass.</summary>
    private enum FlagUse : byte { None, Writes, ReadsOrExits }

    private static readonly NativeEmitter?[] Natives = new NativeEmitter?[EncodingTable.All.Length];
    private static readonly Func<uint, FlagUse>?[] FlagUses = new Func<uint, FlagUse>?[EncodingTable.All.Length];

    private static readonly Func<uint, bool>?[] Accepts = new Func<uint, bool>?[EncodingTable.All.Length];

    /// <summary>
    /// Registers native IL for an encoding; <paramref name="accept"/> may decline particular
    /// words (CONSTRAINED UNPREDICTABLE register overlaps), which then use the fallback.
    /// </summary>
    private static void Register(string name, NativeEmitter emit, Func<uint, FlagUse> flags, Func<uint, bool>? accept = null)
    {
        int id = EncodingTable.Get(name).Id;
        Natives[id] = emit;
        FlagUses[id] = flags;
        Accepts[id] = accept;
    }

    /// <summary>Encodings that have native IL.</summary>
    public static IReadOnlyList<int> NativeEncodingIds
    {
        get
        {
            var l = new List<int>();
            for (int i = 0; i < Natives.Length; i++) if (Natives[i] != null) l.Add(i);
            return l;
        }
    }

    public static bool HasNative(int id) => id >= 0 && id < Natives.Length && Natives[id] != null;

    /// <summary>True when <paramref name="word"/> of encoding <paramref name="id"/> gets native IL (when switched on); some words are declined.</summary>
    public static bool AcceptsNative(int id, uint word) => HasNative(id) && (Accepts[id] == null || Accepts[id]!(word));

    // ------------------------------------------------------------------ per-block emission state

    private readonly IIlSink _il;
    private GuestBlock _block;  // the block being emitted
    private readonly NativeSwitches _native;
    private readonly GuestRegion _region;
    // Region mode: jumps between blocks of the region stay in the method. Every guest register
    // (and NZCV) the region touches is loaded in the prologue and held in its local throughout;
    // at a block start the compile-time cache state is canonical: loaded = used, dirty = written.
    private readonly bool _regionMode;
    private readonly bool[] _used = new bool[32], _written = new bool[32];
    private bool _nzcvUsed, _nzcvWritten;
    private int _blockIndex;
    private IlLabel[] _blockLabels = [];
    private IlLocal? _left, _done;  // budget at entry; instructions retired by earlier blocks of this call
    private IlLabel? _leaveLabel;   // shared exit of failed transfers (PC in _exitPc)
    private int _transfers;
    private readonly IlLocal?[] _x = new IlLocal?[32];
    private readonly bool[] _loaded = new bool[32];
    private readonly bool[] _dirty = new bool[32];
    // Flags. _nzcvLoaded: the flag locals hold the current NZCV; _nzcvDirty: it differs from the
    // state's. What the locals hold is _fkind (compile time) and _fk (run time): the packed word in
    // _nzcv (Packed), or the operands of the last flag-setting instruction in _fa/_fb, from which
    // NZCV is computed only where it is needed whole (see FlagRuntime). At a region block's start
    // only _fk knows (Unknown). _fk is kept current whenever the flags are loaded, so that cold
    // exits can materialise NZCV from the run-time state alone.
    private IlLocal? _nzcv, _fk, _fa, _fb;
    private bool _nzcvLoaded, _nzcvDirty;
    private const int FlagsUnknown = -1;
    private int _fkind = FlagRuntime.Packed;
    private IlLocal? _tFlagR, _tFlagR32, _tA, _tB, _tR, _tTarget, _tAddr, _tVal, _tVal2, _tHost, _tEntry, _tOffset, _tInt;
    private IlLocal? _pageTable, _offsetMask;
    // When set, the page table's address and geometry are IL constants (fewer live host registers).
    private GuestMemory? _geometry;
    private bool[] _flagsLiveAfter = [];
    private int _index;        // index of the instruction being emitted = instructions retired before it
    private bool _terminated;  // the current instruction emitted all exits itself
    private int FusedBranches;

    private BlockEmitter(IIlSink il, GuestRegion region, NativeSwitches native, bool regionMode)
    {
        _il = il;
        _region = region;
        _block = region.Entry;
        _native = native;
        _regionMode = regionMode;
    }

    /// <summary>Emits the block's complete method body (ending in ret) into <paramref name="il"/>.</summary>
    public static EmitSummary Emit(IIlSink il, GuestBlock block, NativeSwitches native)
    {
        if (block.Count == 0) throw new ArgumentException("an empty block has nothing to translate", nameof(block));
        return new BlockEmitter(il, new GuestRegion([block]), native, regionMode: false).EmitBody();
    }

    /// <summary>
    /// Emits a region as one method body: jumps from a block of the region to the start of one
    /// of its blocks become branches inside the method (with the budget, stop-request and
    /// validity checks of <see cref="EmitTransfer"/>). The method reads <see cref="BlockContext.Dropped"/>,
    /// which must be clear when it is entered while it is live. A region without such jumps is
    /// emitted exactly as a block.
    /// </summary>
    public static EmitSummary Emit(IIlSink il, GuestRegion region, NativeSwitches native) => Emit(il, region, native, null);

    /// <param name="geometry">
    /// When given, the page table's address and geometry of this memory are compiled in as
    /// constants (the method may then only run on cores of this memory); otherwise they are
    /// read from the <see cref="BlockContext"/>.
    /// </param>
    public static EmitSummary Emit(IIlSink il, GuestRegion region, NativeSwitches native, GuestMemory? geometry)
    {
        foreach (var b in region.Blocks)
            if (b.Count == 0) throw new ArgumentException("an empty block has nothing to translate", nameof(region));
        if (!HasInternalJumps(region, native)) return new BlockEmitter(il, new GuestRegion([region.Entry]), native, regionMode: false) { _geometry = geometry }.EmitBody();
        // First pass into a sink that discards: which registers the region uses and writes.
        var probe = new BlockEmitter(new NullSink(), region, native, regionMode: true) { _geometry = geometry };
        probe.EmitBody();
        var e = new BlockEmitter(il, region, native, regionMode: true) { _geometry = geometry };
        Array.Copy(probe._used, e._used, 32);
        Array.Copy(probe._written, e._written, 32);
        e._nzcvUsed = e._nzcvWritten = probe._nzcv != null;
        var summary = e.EmitBody();
        return summary with { RegionJumps = e._transfers };
    }

    /// <summary>True when a block of the region has a constant successor that starts a block of the region.</summary>
    internal static bool HasInternalJumps(GuestRegion region, NativeSwitches native)
    {
        Span<ulong> succ = stackalloc ulong[2];
        foreach (var b in region.Blocks)
        {
            var last = b.Instructions[^1];
            bool lastNative = native[last.EncodingId] && AcceptsNative(last.EncodingId, last.Word);
            int n = RegionDiscovery.ConstantSuccessors(b, lastNative, succ);
            for (int j = 0; j < n; j++) if (region.IndexOf(succ[j]) >= 0) return true;
        }
        return false;
    }

    private bool IsNative(GuestInstruction i) =>
        _native[i.EncodingId] && HasNative(i.EncodingId) && (Accepts[i.EncodingId] == null || Accepts[i.EncodingId]!(i.Word));

    private EmitSummary EmitBody()
    {
        bool needsPageTable = false;
        foreach (var b in _region.Blocks)
            foreach (var i in b.Instructions) if (IsNative(i) && IsMemory(i.EncodingId)) needsPageTable = true;
        if (needsPageTable && _geometry == null)
        {
            _pageTable = _il.DeclareLocal(typeof(nint));
            _offsetMask = _il.DeclareLocal(typeof(ulong));
            _il.Emit(OpCodes.Ldarg_1); _il.Emit(OpCodes.Ldfld, FPageTable); _il.Emit(OpCodes.Stloc, _pageTable.Value);
            // ~(2^AddressBits - 1) | PageMask: the bits an in-range page offset leaves zero, and the offset.
            _il.Emit(OpCodes.Ldc_I4_M1); _il.Emit(OpCodes.Conv_I8);
            _il.Emit(OpCodes.Ldarg_1); _il.Emit(OpCodes.Ldfld, FAddressBits); _il.Emit(OpCodes.Shl);
            LdcSmall(GuestMemory.PageMask); _il.Emit(OpCodes.Or);
            _il.Emit(OpCodes.Stloc, _offsetMask.Value);
        }
        if (_regionMode) EmitRegionPrologue();
        int native = 0, fallback = 0, total = 0;
        for (_blockIndex = 0; _blockIndex < _region.Blocks.Length; _blockIndex++)
        {
            _block = _region.Blocks[_blockIndex];
            var ins = _block.Instructions;
            total += ins.Length;
            VecCacheReset();
            if (_regionMode) BeginRegionBlock();
            ComputeFlagLiveness();
            if (!_regionMode) ComputeLaterWrites();
            for (_index = 0; _index < ins.Length; _index++)
            {
                var i = ins[_index];
                _terminated = false;
                VecCacheBefore(i);
                if (IsNative(i)) { Natives[i.EncodingId]!(this, i); native++; }
                else { EmitFallback(i); fallback++; }
                if (_terminated) break;
                if (!_regionMode) EmitEagerStores();
            }
            if (!_terminated) EmitExitConst(_block.EndPc, ins.Length);
            EmitInterpretExits();
            EmitFaultExitChains();
        }
        if (_leaveLabel is { } leave) EmitLeave(leave);
        EmitChainTail();
        return new EmitSummary(total, native, fallback, FusedBranches) { Blocks = _region.Blocks.Length };
    }

    // ------------------------------------------------------------------ regions

    /// <summary>Budget at entry, the retired counter, and every register the region uses into its local.</summary>
    private void EmitRegionPrologue()
    {
        _left = _il.DeclareLocal(typeof(ulong));
        _done = _il.DeclareLocal(typeof(ulong));
        _blockLabels = new IlLabel[_region.Blocks.Length];
        for (int k = 0; k < _blockLabels.Length; k++) _blockLabels[k] = _il.DefineLabel();
        LdStateAddr(OffBudget);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Stloc, _left.Value);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stloc, _done.Value);
        for (int n = 0; n < 32; n++)
        {
            if (!_used[n]) continue;
            LdStateAddr(CpuState.OffsetOfX(n));
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, RegLocal(n));
        }
        if (_nzcvUsed) LoadFlagsFromState();
    }

    /// <summary>Marks the block's label and sets the canonical cache state (every used register loaded, every written one dirty).</summary>
    private void BeginRegionBlock()
    {
        _il.MarkLabel(_blockLabels[_blockIndex]);
        for (int n = 0; n < 32; n++)
        {
            _loaded[n] = _used[n];
            _dirty[n] = _written[n];
        }
        _nzcvLoaded = _nzcvUsed;
        _nzcvDirty = _nzcvWritten;
        _fkind = FlagsUnknown;
    }

    /// <summary>
    /// Jump to block <paramref name="k"/> of the region with <paramref name="retired"/> instructions
    /// of the current block retired. Registers reloaded lazily since a fallback are loaded again
    /// (the target expects every used register in its local). The jump is taken only while the
    /// budget covers the whole target block and nothing was dropped from the cache since the
    /// engine's last dispatch (<see cref="BlockContext.Dropped"/>: a store to the region's own code,
    /// an unmap seen by a lookup, a flush or an eviction sets it); backward jumps also poll the stop request.
    /// Otherwise the region leaves to the target's PC and the dispatcher continues.
    /// </summary>
    private void EmitTransfer(int k, int retired)
    {
        var savedLoaded = (bool[])_loaded.Clone();
        bool savedNzcvLoaded = _nzcvLoaded;
        int savedFkind = _fkind;
        for (int n = 0; n < 32; n++)
        {
            if (!_used[n] || _loaded[n]) continue;
            LdStateAddr(CpuState.OffsetOfX(n));
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, RegLocal(n));
            _loaded[n] = true;
        }
        if (_nzcvUsed && !_nzcvLoaded) LoadFlagsFromState();
        var target = _region.Blocks[k];
        var fail = _il.DefineLabel();
        _leaveLabel ??= _il.DefineLabel();
        var exitPc = Temp(ref _exitPc, typeof(ulong));
        if (retired != 0)
        {
            _il.Emit(OpCodes.Ldloc, _done!.Value);
            LdcU8((ulong)retired);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, _done.Value);
        }
        // done + |target| > left: the budget does not cover the target block.
        _il.Emit(OpCodes.Ldloc, _done!.Value);
        LdcU8((ulong)target.Count);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldloc, _left!.Value);
        _il.Emit(OpCodes.Bgt_Un, fail);
        // Nothing dropped since this core's engine last looked up what it entered (drops of its own
        // code included); a backward jump also polls the stop request, in the same test.
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Ldfld, FDropped);
        if (k <= _blockIndex)
        {
            LdStateAddr(OffStopRequest);
            _il.Emit(OpCodes.Volatile);
            _il.Emit(OpCodes.Ldind_I4);
            _il.Emit(OpCodes.Or);
        }
        _il.Emit(OpCodes.Brtrue, fail);
        _il.Emit(OpCodes.Br, _blockLabels[k]);
        _il.MarkLabel(fail);
        LdcU8(target.Pc);
        _il.Emit(OpCodes.Stloc, exitPc);
        _il.Emit(OpCodes.Br, _leaveLabel.Value);
        _transfers++;
        Array.Copy(savedLoaded, _loaded, 32);
        _nzcvLoaded = savedNzcvLoaded;
        _fkind = savedFkind;
    }

    /// <summary>The shared exit of failed transfers: every written register is stored (all are current in their locals).</summary>
    private void EmitLeave(IlLabel leave)
    {
        _il.MarkLabel(leave);
        for (int n = 0; n < 32; n++)
        {
            if (!_written[n]) continue;
            LdStateAddr(CpuState.OffsetOfX(n));
            _il.Emit(OpCodes.Ldloc, _x[n]!.Value);
            _il.Emit(OpCodes.Stind_I8);
        }
        if (_nzcvWritten)
        {
            LdStateAddr(OffNzcv);
            EmitRuntimeFlags();
            _il.Emit(OpCodes.Stind_I4);
        }
        AddRetired(0);
        var exitPc = _exitPc!.Value;
        LdStateAddr(OffPc);
        _il.Emit(OpCodes.Ldloc, exitPc);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Ldloc, exitPc);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Adds the instructions retired by earlier blocks of this call (region mode) to the value on the stack.</summary>
    private void AddDone()
    {
        if (!_regionMode) return;
        _il.Emit(OpCodes.Ldloc, _done!.Value);
        _il.Emit(OpCodes.Add);
    }

    // Block mode: a register written for the last time in the block is stored to the state
    // right after that instruction rather than at the exits (the same number of stores on every
    // path: each written register is stored once either way). Its local then dies there instead
    // of living to the end of the block across every fault and interpreter exit, which is
    // what makes RyuJIT spend time on it. Any order of stores is correct (a stored register is
    // clean, and dirty again if written again), so the prediction of later writes need only be
    // conservative to never add a store: it is every register field an encoding has that it may
    // write (Rd, Rt, Rt2, Rs and Rs + 1; Rn for writeback forms; X30 for BL*). Region mode
    // keeps registers in locals across its loops and is left alone.
    private uint[] _laterWrites = [];
    private static readonly int[][] WriteFields = BuildWriteFields();

    private static int[][] BuildWriteFields()
    {
        var all = EncodingTable.All;
        var r = new int[all.Length][];
        for (int id = 0; id < all.Length; id++)
        {
            var e = all[id];
            var lows = new List<int>();
            string name = e.Name.ToLowerInvariant();
            bool writeback = name.Contains("pre") || name.Contains("post");
            foreach (var f in e.Fields)
            {
                if (f.Width != 5) continue;
                if (f.Name is "Rd" or "Rt" or "Rt2" or "Rs" || (f.Name == "Rn" && writeback)) lows.Add(f.Low);
                if (f.Name == "Rs") lows.Add(-1 - f.Low);  // Rs + 1 (CASP)
            }
            if (name.StartsWith("bl", StringComparison.Ordinal)) lows.Add(int.MinValue);  // X30
            r[id] = [.. lows];
        }
        return r;
    }

    /// <summary>The registers <paramref name="i"/> may write (a superset).</summary>
    private static uint MayWrite(GuestInstruction i)
    {
        uint m = 0;
        foreach (int low in WriteFields[i.EncodingId])
        {
            if (low == int.MinValue) m |= 1u << 30;
            else if (low < 0) m |= 1u << (int)(((i.Word >> (-1 - low)) + 1) & 31);
            else m |= 1u << (int)((i.Word >> low) & 31);
        }
        return m;
    }

    /// <summary>For each instruction, the registers a later native instruction may write before the next fallback (which writes back anyway).</summary>
    private void ComputeLaterWrites()
    {
        var ins = _block.Instructions;
        if (_laterWrites.Length < ins.Length) _laterWrites = new uint[ins.Length];
        uint later = 0;
        for (int k = ins.Length - 1; k >= 0; k--)
        {
            _laterWrites[k] = later;
            later = IsNative(ins[k]) ? later | MayWrite(ins[k]) : 0;
        }
    }

    /// <summary>Stores the dirty registers no later instruction of the block may write (block mode).</summary>
    private void EmitEagerStores()
    {
        uint later = _laterWrites[_index];
        for (int n = 0; n < 32; n++)
        {
            if (!_dirty[n] || (later >> n & 1) != 0) continue;
            LdStateAddr(CpuState.OffsetOfX(n));
            _il.Emit(OpCodes.Ldloc, _x[n]!.Value);
            _il.Emit(OpCodes.Stind_I8);
            _dirty[n] = false;
        }
    }

    private void ComputeFlagLiveness()
    {
        var ins = _block.Instructions;
        _flagsLiveAfter = new bool[ins.Length];
        bool live = true;
        for (int k = ins.Length - 1; k >= 0; k--)
        {
            _flagsLiveAfter[k] = live;
            int id = ins[k].EncodingId;
            var use = IsNative(ins[k]) ? FlagUses[id]!(ins[k].Word) : FlagUse.ReadsOrExits;
            if (use == FlagUse.ReadsOrExits) live = true;
            else if (use == FlagUse.Writes) live = false;
        }
    }

    private static readonly HashSet<string> MemoryNames =
    [
        "STURB", "LDURB", "LDURSB", "STURH", "LDURH", "LDURSH", "STUR", "LDUR", "LDURSW",
        "STRB_imm_pre", "LDRB_imm_pre", "LDRSB_imm_pre", "STRH_imm_pre", "LDRH_imm_pre", "LDRSH_imm_pre", "STR_imm_pre", "LDR_imm_pre", "LDRSW_imm_pre",
        "STRB_imm_post", "LDRB_imm_post", "LDRSB_imm_post", "STRH_imm_post", "LDRH_imm_post", "LDRSH_imm_post", "STR_imm_post", "LDR_imm_post", "LDRSW_imm_post",
        "STP_offset", "LDP_offset", "LDPSW_offset", "STP_pre", "LDP_pre", "LDPSW_pre", "STP_post", "LDP_post", "LDPSW_post", "STNP", "LDNP",
        "STRB_imm_offset", "LDRB_imm_offset", "LDRSB_imm_offset", "STRH_imm_offset", "LDRH_imm_offset", "LDRSH_imm_offset",
        "STR_imm_offset", "LDR_imm_offset", "LDRSW_imm_offset",
        "STRB_reg", "LDRB_reg", "LDRSB_reg", "STRH_reg", "LDRH_reg", "LDRSH_reg", "STR_reg", "LDR_reg", "LDRSW_reg",
    ];

    private static bool IsMemory(int id) => id >= 0 && MemoryNames.Contains(EncodingTable.All[id].Name);

    // ------------------------------------------------------------------ locals and state access

    private IlLocal Temp(ref IlLocal? slot, Type t) => slot ??= _il.DeclareLocal(t);

    private void LdStateAddr(int offset)
    {
        _il.Emit(OpCodes.Ldarg_0);
        if (offset != 0) { _il.Emit(OpCodes.Ldc_I4, offset); _il.Emit(OpCodes.Add); }
    }

    private void LdcU8(ulong v)
    {
        _il.Emit(OpCodes.Ldc_I8, (long)v);
    }

    private IlLocal RegLocal(int n) => _x[n] ??= _il.DeclareLocal(typeof(ulong));

    /// <summary>Pushes register slot n (31 = SP) as a 64-bit value, loading it on first use.</summary>
    private void LdReg(int n) => _il.Emit(OpCodes.Ldloc, RegValue(n));

    /// <summary>The local holding register slot n (31 = SP), loaded from the state on first use.</summary>
    private IlLocal RegValue(int n)
    {
        _used[n] = true;
        var l = RegLocal(n);
        if (!_loaded[n])
        {
            LdStateAddr(CpuState.OffsetOfX(n));
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, l);
            _loaded[n] = true;
        }
        return l;
    }

    /// <summary>Pops a 64-bit value into register slot n (31 = SP).</summary>
    private void StReg(int n)
    {
        _il.Emit(OpCodes.Stloc, RegLocal(n));
        _loaded[n] = true;
        _dirty[n] = true;
        _used[n] = _written[n] = true;
    }

    /// <summary>X[n] as datasize bits; 31 reads as zero.</summary>
    private void LdX(int n, bool is64)
    {
        if (n == 31) { LdcU8(0); return; }
        LdReg(n);
        if (!is64) Trunc32();
    }

    /// <summary>X[n] or SP as datasize bits.</summary>
    private void LdXOrSP(int n, bool is64)
    {
        LdReg(n);
        if (!is64) Trunc32();
    }

    /// <summary>X[n] = pop (zero-extended from 32 bits if !is64); writes to 31 are discarded.</summary>
    private void StX(int n, bool is64)
    {
        if (n == 31) { _il.Emit(OpCodes.Pop); return; }
        if (!is64) Trunc32();
        StReg(n);
    }

    private void StXOrSP(int n, bool is64)
    {
        if (!is64) Trunc32();
        StReg(n);
    }

    private void Trunc32()
    {
        _il.Emit(OpCodes.Conv_U4);
        _il.Emit(OpCodes.Conv_U8);
    }

    // ------------------------------------------------------------------ flags

    private void DeclareFlagLocals()
    {
        _nzcv ??= _il.DeclareLocal(typeof(uint));
        _fk ??= _il.DeclareLocal(typeof(int));
        _fa ??= _il.DeclareLocal(typeof(ulong));
        _fb ??= _il.DeclareLocal(typeof(ulong));
    }

    /// <summary>Flag locals = the state's NZCV (packed).</summary>
    private void LoadFlagsFromState()
    {
        DeclareFlagLocals();
        LdStateAddr(OffNzcv);
        _il.Emit(OpCodes.Ldind_U4);
        _il.Emit(OpCodes.Stloc, _nzcv!.Value);
        SetRuntimeKind(FlagRuntime.Packed);
        _nzcvLoaded = true;
    }

    private void SetRuntimeKind(int kind)
    {
        _il.Emit(OpCodes.Ldc_I4, kind);
        _il.Emit(OpCodes.Stloc, _fk!.Value);
        _fkind = kind;
    }

    /// <summary>Pushes the packed NZCV (uint), materialised from deferred flags if needed; the flags stay packed from here on.</summary>
    private void LdNzcv() => _il.Emit(OpCodes.Ldloc, PackedNzcv());

    /// <summary>The local holding the packed NZCV, materialised from deferred flags if needed; the flags stay packed from here on.</summary>
    private IlLocal PackedNzcv()
    {
        _nzcvUsed = true;
        DeclareFlagLocals();
        if (!_nzcvLoaded) LoadFlagsFromState();
        else if (_fkind != FlagRuntime.Packed)
        {
            EmitPackedFlags();
            _il.Emit(OpCodes.Stloc, _nzcv!.Value);
            SetRuntimeKind(FlagRuntime.Packed);
        }
        return _nzcv!.Value;
    }

    /// <summary>Pops a packed NZCV (uint) into the flags.</summary>
    private void StNzcv()
    {
        DeclareFlagLocals();
        _il.Emit(OpCodes.Stloc, _nzcv!.Value);
        FlagsWritten(FlagRuntime.Packed);
    }

    /// <summary>The flag locals now hold new flags of <paramref name="kind"/> (the caller stored the packed word or the operands).</summary>
    private void FlagsWritten(int kind)
    {
        _nzcvUsed = _nzcvWritten = true;
        DeclareFlagLocals();
        SetRuntimeKind(kind);
        _nzcvLoaded = true;
        _nzcvDirty = true;
    }

    private static readonly MethodInfo MMaterialize = typeof(FlagRuntime).GetMethod(nameof(FlagRuntime.Materialize))!;

    /// <summary>Pushes the packed NZCV of the loaded flags without changing their representation.</summary>
    private void EmitPackedFlags()
    {
        switch (_fkind)
        {
            case FlagRuntime.Packed: _il.Emit(OpCodes.Ldloc, _nzcv!.Value); break;
            case >= FlagRuntime.Sub32 and <= FlagRuntime.Logic64: EmitFlagsOf(_fkind, _fa!.Value, _fb!.Value); break;
            default: EmitRuntimeFlags(); break;
        }
    }

    /// <summary>
    /// Pushes the packed NZCV (int) of a deferred flag <paramref name="kind"/> with operands
    /// <paramref name="a"/> and <paramref name="b"/> (ignored by the logical kinds), in IL: the
    /// formulas of <see cref="FlagRuntime"/>, written out so that RyuJIT has no call to inline
    /// (inlining costs it more than the IL).
    /// </summary>
    private void EmitFlagsOf(int kind, IlLocal a, IlLocal b)
    {
        bool is64 = kind is FlagRuntime.Sub64 or FlagRuntime.Add64 or FlagRuntime.Logic64;
        bool logic = kind is FlagRuntime.Logic32 or FlagRuntime.Logic64, sub = kind is FlagRuntime.Sub32 or FlagRuntime.Sub64;
        int top = is64 ? 63 : 31;
        // Pushes an operand as datasize bits (an int for 32 bits).
        void Op(IlLocal l) { _il.Emit(OpCodes.Ldloc, l); if (!is64) _il.Emit(OpCodes.Conv_U4); }
        // Pushes the sign bit of the datasize value on the stack, as an int 0/1.
        void SignBit() { _il.Emit(OpCodes.Ldc_I4, top); _il.Emit(OpCodes.Shr_Un); if (is64) _il.Emit(OpCodes.Conv_U4); }
        void ShiftOr(int bit) { _il.Emit(OpCodes.Ldc_I4, bit); _il.Emit(OpCodes.Shl); _il.Emit(OpCodes.Or); }
        IlLocal r = a;
        if (!logic)
        {
            r = is64 ? Temp(ref _tFlagR, typeof(ulong)) : Temp(ref _tFlagR32, typeof(uint));
            Op(a); Op(b);
            _il.Emit(sub ? OpCodes.Sub : OpCodes.Add);
            _il.Emit(OpCodes.Stloc, r);
        }
        void R() { if (logic) Op(r); else _il.Emit(OpCodes.Ldloc, r); }
        R(); SignBit(); _il.Emit(OpCodes.Ldc_I4, 31); _il.Emit(OpCodes.Shl);    // N
        R(); _il.Emit(OpCodes.Ldc_I4_0); if (is64) _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Ceq); ShiftOr(30);                                      // Z
        if (logic) return;
        if (sub) { Op(a); Op(b); _il.Emit(OpCodes.Clt_Un); _il.Emit(OpCodes.Ldc_I4_1); _il.Emit(OpCodes.Xor); } // C = a >= b
        else { R(); Op(a); _il.Emit(OpCodes.Clt_Un); }                           // C = r < a
        ShiftOr(29);
        if (sub) { Op(a); Op(b); _il.Emit(OpCodes.Xor); Op(a); R(); _il.Emit(OpCodes.Xor); }      // (a ^ b) & (a ^ r)
        else { Op(a); R(); _il.Emit(OpCodes.Xor); Op(b); R(); _il.Emit(OpCodes.Xor); }            // (a ^ r) & (b ^ r)
        _il.Emit(OpCodes.And); SignBit(); ShiftOr(28);                           // V
    }

    /// <summary>
    /// Pushes ConditionHolds(cond, nzcv) as an int 0/1 for the packed flags in <paramref name="nzcv"/>
    /// (cond below 14), in IL (see <see cref="EmitFlagsOf"/> for why not a call).
    /// </summary>
    private void EmitPackedCondition(uint cond, IlLocal nzcv)
    {
        void Bit(int k) { _il.Emit(OpCodes.Ldloc, nzcv); _il.Emit(OpCodes.Ldc_I4, k); _il.Emit(OpCodes.Shr_Un); }
        void NxorV() { Bit(31); Bit(28); _il.Emit(OpCodes.Xor); }   // bit 0: N != V
        bool invert = (cond & 1) != 0;
        switch (cond >> 1)
        {
            case 0: Bit(30); break;                                                   // EQ: Z
            case 1: Bit(29); break;                                                   // CS: C
            case 2: Bit(31); break;                                                   // MI: N
            case 3: Bit(28); break;                                                   // VS: V
            case 4: Bit(29); Bit(30); _il.Emit(OpCodes.Not); _il.Emit(OpCodes.And); break; // HI: C and not Z
            case 5: NxorV(); invert = !invert; break;                                 // GE: N == V
            default: Bit(30); NxorV(); _il.Emit(OpCodes.Or); invert = !invert; break; // GT: not Z and N == V
        }
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.And);
        if (invert) { _il.Emit(OpCodes.Ldc_I4_1); _il.Emit(OpCodes.Xor); }
    }

    /// <summary>Pushes the packed NZCV from the run-time flag locals (a call: for cold exits and unknown kinds).</summary>
    private void EmitRuntimeFlags()
    {
        _il.Emit(OpCodes.Ldloc, _fk!.Value);
        _il.Emit(OpCodes.Ldloc, _fa!.Value);
        _il.Emit(OpCodes.Ldloc, _fb!.Value);
        _il.Emit(OpCodes.Ldloc, _nzcv!.Value);
        _il.Emit(OpCodes.Call, MMaterialize);
    }

    /// <summary>Pushes ConditionHolds(cond) as an int 0/1, decided from the deferred operands when their kind allows.</summary>
    private void EmitCondition(uint cond)
    {
        if (cond >= 14) { _il.Emit(OpCodes.Ldc_I4_1); return; }
        if (_nzcvLoaded && _fkind > FlagRuntime.Packed && EmitDeferredCondition(cond)) { FusedBranches++; return; }
        EmitPackedCondition(cond, PackedNzcv());
    }

    private void LdFlagOperand(IlLocal l, bool is64, bool signed)
    {
        _il.Emit(OpCodes.Ldloc, l);
        if (!is64) _il.Emit(signed ? OpCodes.Conv_I4 : OpCodes.Conv_U4);
    }

    /// <summary>Pushes (cmp a b) or its negation.</summary>
    private void EmitCompare(IlLocal a, IlLocal b, bool is64, OpCode cmp, bool signed, bool invert)
    {
        LdFlagOperand(a, is64, signed);
        LdFlagOperand(b, is64, signed);
        _il.Emit(cmp);
        if (invert) { _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); }
    }

    /// <summary>Pushes (the result of the deferred operation, as a signed datasize value) cmp 0, or its negation.</summary>
    private void EmitResultTest(bool is64, OpCode cmp, bool invert)
    {
        var a = _fa!.Value;
        switch (_fkind)
        {
            case FlagRuntime.Sub32: case FlagRuntime.Sub64:
                _il.Emit(OpCodes.Ldloc, a); _il.Emit(OpCodes.Ldloc, _fb!.Value); _il.Emit(OpCodes.Sub); break;
            case FlagRuntime.Add32: case FlagRuntime.Add64:
                _il.Emit(OpCodes.Ldloc, a); _il.Emit(OpCodes.Ldloc, _fb!.Value); _il.Emit(OpCodes.Add); break;
            default: _il.Emit(OpCodes.Ldloc, a); break;
        }
        if (!is64) _il.Emit(OpCodes.Conv_I4);
        if (is64) LdcU8(0); else _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(cmp);
        if (invert) { _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); }
    }

    /// <summary>Conditions decided from the operands of deferred SUBS/ADDS/ANDS flags; false when the condition needs NZCV itself.</summary>
    private bool EmitDeferredCondition(uint cond)
    {
        var a = _fa!.Value;
        var b = _fb!.Value;
        switch (_fkind)
        {
            case FlagRuntime.Sub32:
            case FlagRuntime.Sub64:
            {
                bool is64 = _fkind == FlagRuntime.Sub64;
                switch (cond)
                {
                    case 0: EmitCompare(a, b, is64, OpCodes.Ceq, false, false); return true;    // EQ
                    case 1: EmitCompare(a, b, is64, OpCodes.Ceq, false, true); return true;     // NE
                    case 2: EmitCompare(a, b, is64, OpCodes.Clt_Un, false, true); return true;  // HS
                    case 3: EmitCompare(a, b, is64, OpCodes.Clt_Un, false, false); return true; // LO
                    case 4: EmitResultTest(is64, OpCodes.Clt, false); return true;              // MI
                    case 5: EmitResultTest(is64, OpCodes.Clt, true); return true;               // PL
                    case 8: EmitCompare(a, b, is64, OpCodes.Cgt_Un, false, false); return true; // HI
                    case 9: EmitCompare(a, b, is64, OpCodes.Cgt_Un, false, true); return true;  // LS
                    case 10: EmitCompare(a, b, is64, OpCodes.Clt, true, true); return true;     // GE
                    case 11: EmitCompare(a, b, is64, OpCodes.Clt, true, false); return true;    // LT
                    case 12: EmitCompare(a, b, is64, OpCodes.Cgt, true, false); return true;    // GT
                    case 13: EmitCompare(a, b, is64, OpCodes.Cgt, true, true); return true;     // LE
                    default: return false;                                                      // VS, VC
                }
            }
            case FlagRuntime.Add32:
            case FlagRuntime.Add64:
            {
                bool is64 = _fkind == FlagRuntime.Add64;
                switch (cond)
                {
                    case 0: EmitResultTest(is64, OpCodes.Ceq, false); return true;  // EQ
                    case 1: EmitResultTest(is64, OpCodes.Ceq, true); return true;   // NE
                    case 4: EmitResultTest(is64, OpCodes.Clt, false); return true;  // MI
                    case 5: EmitResultTest(is64, OpCodes.Clt, true); return true;   // PL
                    case 2: case 3:                                                  // HS/LO: carry out = (a + b) < a, unsigned
                        LdFlagOperand(a, is64, false);
                        LdFlagOperand(b, is64, false);
                        _il.Emit(OpCodes.Add);
                        LdFlagOperand(a, is64, false);
                        _il.Emit(OpCodes.Clt_Un);
                        if (cond == 3) { _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq); }
                        return true;
                    default: return false;
                }
            }
            case FlagRuntime.Logic32:
            case FlagRuntime.Logic64:
            {
                bool is64 = _fkind == FlagRuntime.Logic64;
                switch (cond)
                {
                    case 0: EmitResultTest(is64, OpCodes.Ceq, false); return true;          // EQ
                    case 1: EmitResultTest(is64, OpCodes.Ceq, true); return true;           // NE
                    case 2: case 6: case 8: _il.Emit(OpCodes.Ldc_I4_0); return true;        // HS, VS, HI: C = V = 0
                    case 3: case 7: case 9: _il.Emit(OpCodes.Ldc_I4_1); return true;        // LO, VC, LS
                    case 4: case 11: EmitResultTest(is64, OpCodes.Clt, false); return true; // MI, LT (N != V = N)
                    case 5: case 10: EmitResultTest(is64, OpCodes.Clt, true); return true;  // PL, GE
                    case 12: EmitResultTest(is64, OpCodes.Cgt, false); return true;         // GT: !Z and N = 0
                    case 13: EmitResultTest(is64, OpCodes.Cgt, true); return true;          // LE
                    default: return false;
                }
            }
            default: return false;
        }
    }

    /// <summary>Stores every written register and NZCV back to the state (the compile-time cache state is kept).</summary>
    private void WriteBack()
    {
        for (int n = 0; n < 32; n++)
        {
            if (!_dirty[n]) continue;
            LdStateAddr(CpuState.OffsetOfX(n));
            _il.Emit(OpCodes.Ldloc, _x[n]!.Value);
            _il.Emit(OpCodes.Stind_I8);
        }
        if (_nzcvDirty)
        {
            LdStateAddr(OffNzcv);
            EmitPackedFlags();
            _il.Emit(OpCodes.Stind_I4);
        }
    }

    private void AddRetired(int count)
    {
        if (count == 0 && !_regionMode) return;
        LdStateAddr(OffRetired);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldind_I8);
        if (count != 0)
        {
            LdcU8((ulong)count);
            _il.Emit(OpCodes.Add);
        }
        AddDone();
        _il.Emit(OpCodes.Stind_I8);
    }

    private void StorePcConstAndReturn(ulong pc)
    {
        LdStateAddr(OffPc);
        LdcU8(pc);
        _il.Emit(OpCodes.Stind_I8);
        LdcU8(pc);
        ChainOrReturn();
    }

    // Direct chaining: every exit to a successor outside the method (PC on the IL stack, already
    // stored with the registers and the retired count) goes through one shared tail that asks
    // BlockRuntime.Chain for the successor's entry point and tail-calls it, or returns the PC.
    private IlLabel? _chainLabel;
    private IlLocal? _chainPc, _chainEntry;
    private static readonly MethodInfo MChain = typeof(BlockRuntime).GetMethod(nameof(BlockRuntime.Chain))!;
    private static readonly Type[] BlockParameters = [typeof(CpuState*), typeof(BlockContext)];

    /// <summary>Leaves the method to the PC on the IL stack through the shared chaining tail.</summary>
    private void ChainOrReturn()
    {
        _il.Emit(OpCodes.Stloc, Temp(ref _chainPc, typeof(ulong)));
        _il.Emit(OpCodes.Br, _chainLabel ??= _il.DefineLabel());
    }


    /// <summary>
    /// The shared chaining tail (PC in _chainPc): <see cref="BlockRuntime.Chain"/> makes the
    /// dispatch's checks (chaining on, no stop requested, a live translation of this PC and mode
    /// in this core's jump cache or the shared cache, its page still valid, its entry block within
    /// the budget left), charges the budget and names the successor as running; its entry point is
    /// then called with an explicit tail call (RyuJIT makes it a jump, so chains of any length do
    /// not grow the host stack). Otherwise the PC goes back to the engine. One call rather than the
    /// probe inline: the inline probe (~100 IL instructions, a dozen branches) made every
    /// translation cost RyuJIT ~12 µs more per guest instruction of a 16-instruction block, for
    /// ~1.6 ns per transition.
    /// </summary>
    private void EmitChainTail()
    {
        if (_chainLabel is not { } label) return;
        var pc = _chainPc!.Value;
        var entry = Temp(ref _chainEntry, typeof(nint));
        var back = _il.DefineLabel();
        _il.MarkLabel(label);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, pc);
        _il.Emit(OpCodes.Call, MChain);
        _il.Emit(OpCodes.Stloc, entry);
        _il.Emit(OpCodes.Ldloc, entry);
        _il.Emit(OpCodes.Brfalse, back);
        EmitTailCall(entry);
        _il.MarkLabel(back);
        _il.Emit(OpCodes.Ldloc, pc);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>return entry(s, ctx) as an explicit tail call.</summary>
    private void EmitTailCall(IlLocal entry)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, entry);
        _il.Emit(OpCodes.Tailcall);
        _il.EmitCalli(OpCodes.Calli, typeof(ulong), BlockParameters);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// Exit to a constant PC with <paramref name="retired"/> instructions of the block retired;
    /// in region mode a jump to a block of the region stays in the method (<see cref="EmitTransfer"/>).
    /// </summary>
    private void EmitExitConst(ulong pc, int retired)
    {
        int k = _regionMode ? _region.IndexOf(pc) : -1;
        if (k >= 0) { EmitTransfer(k, retired); return; }
        WriteBack();
        AddRetired(retired);
        StorePcConstAndReturn(pc);
    }

    /// <summary>Exit to the PC in <paramref name="target"/>.</summary>
    private void EmitExitLocal(IlLocal target, int retired)
    {
        WriteBack();
        AddRetired(retired);
        LdStateAddr(OffPc);
        _il.Emit(OpCodes.Ldloc, target);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Ldloc, target);
        ChainOrReturn();
    }

    // Fault exits share their write-back code. Between two fallbacks the set of dirty
    // registers only grows, so the exits of such a segment form a chain: exit k stores the
    // registers that became dirty since exit k-1 and falls through into exit k-1's code;
    // the chain ends in one tail that counts the retired instructions and returns the PC.
    private sealed record FaultExit(IlLabel Label, bool[] Dirty, bool NzcvDirty);
    private List<FaultExit> _segment = new();
    private readonly List<List<FaultExit>> _segments = new();
    private IlLocal? _exitPc;

    /// <summary>Calls a cold helper that returns false when the instruction stopped: true continues at <paramref name="next"/>, false exits the block at <paramref name="pc"/>.</summary>
    private void EmitCallOrStop(MethodInfo helper, IlLabel next, ulong pc)
    {
        _il.Emit(OpCodes.Call, helper);
        _il.Emit(OpCodes.Brtrue, next);
        EmitStopExit(pc);
    }

    /// <summary>Exit after a stop (exit information already written) at the instruction at <paramref name="pc"/>.</summary>
    private void EmitStopExit(ulong pc)
    {
        LdStateAddr(OffPc);
        LdcU8(pc);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Br, StopLabel());
    }

    /// <summary>
    /// The fault exit for the current cache state, to be entered with the stopped instruction's
    /// PC already in the state: consecutive stops with the same dirty registers share one entry.
    /// </summary>
    private IlLabel StopLabel()
    {
        if (_segment.Count > 0)
        {
            var last = _segment[^1];
            if (last.NzcvDirty == _nzcvDirty && _dirty.AsSpan().SequenceEqual(last.Dirty)) return last.Label;
        }
        var label = _il.DefineLabel();
        _segment.Add(new FaultExit(label, (bool[])_dirty.Clone(), _nzcvDirty));
        return label;
    }

    private void CloseSegment()
    {
        if (_segment.Count == 0) return;
        _segments.Add(_segment);
        _segment = new();
    }

    private void EmitFaultExitChains()
    {
        CloseSegment();
        if (_segments.Count == 0) return;
        try { EmitFaultExitChainsCore(); }
        finally { _segments.Clear(); }
    }

    private void EmitFaultExitChainsCore()
    {
        var tail = _il.DefineLabel();
        foreach (var seg in _segments)
        {
            for (int k = seg.Count - 1; k >= 0; k--)
            {
                var e = seg[k];
                _il.MarkLabel(e.Label);
                for (int n = 0; n < 32; n++)
                {
                    if (!e.Dirty[n] || (k > 0 && seg[k - 1].Dirty[n])) continue;
                    LdStateAddr(CpuState.OffsetOfX(n));
                    _il.Emit(OpCodes.Ldloc, _x[n]!.Value);
                    _il.Emit(OpCodes.Stind_I8);
                }
                if (e.NzcvDirty && !(k > 0 && seg[k - 1].NzcvDirty))
                {
                    // The run-time flag locals are current wherever the flags are dirty.
                    LdStateAddr(OffNzcv);
                    EmitRuntimeFlags();
                    _il.Emit(OpCodes.Stind_I4);
                }
            }
            _il.Emit(OpCodes.Br, tail);
        }
        // The stopped instruction's PC is in the state: the instructions before it retired.
        _il.MarkLabel(tail);
        LdStateAddr(OffRetired);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldind_I8);
        LdStateAddr(OffPc);
        _il.Emit(OpCodes.Ldind_I8);
        LdcU8(_block.Pc);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Ldc_I4_2);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Add);
        AddDone();
        _il.Emit(OpCodes.Stind_I8);
        LdStateAddr(OffPc);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Ret);
    }

    // ------------------------------------------------------------------ fallback

    private void EmitFallback(GuestInstruction i)
    {
        var outcome = Temp(ref _tInt, typeof(int));
        LdStateAddr(OffPc);
        LdcU8(i.Pc);
        _il.Emit(OpCodes.Stind_I8);
        WriteBack();
        CloseSegment();
        Array.Clear(_dirty);
        Array.Clear(_loaded);
        _nzcvDirty = _nzcvLoaded = false;

        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldc_I4, unchecked((int)i.Word));
        _il.Emit(OpCodes.Ldc_I4, i.EncodingId);
        _il.Emit(OpCodes.Call, MFallback);
        _il.Emit(OpCodes.Stloc, outcome);

        var cont = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, outcome);
        _il.Emit(OpCodes.Brfalse, cont);
        // Branch: this instruction retired too; Stop: it did not. PC is in the state either way.
        LdStateAddr(OffRetired);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldind_I8);
        LdcU8((ulong)_index);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldloc, outcome);
        _il.Emit(OpCodes.Ldc_I4, (int)Outcome.Branch);
        _il.Emit(OpCodes.Ceq);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Add);
        AddDone();
        _il.Emit(OpCodes.Stind_I8);
        LdStateAddr(OffPc);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Ret);
        _il.MarkLabel(cont);
    }

    // ------------------------------------------------------------------ memory

    /// <summary>
    /// Loads <paramref name="size"/> bytes at the address in _tAddr into _tVal (zero-extended),
    /// inline when the page table allows; otherwise the interpreter runs the instruction.
    /// </summary>
    private void EmitLoad(int size, ulong pc, bool ordered = false)
    {
        var addr = _tAddr!.Value;
        var val = Temp(ref _tVal, typeof(ulong));
        EmitHostAddress(addr, size, GuestMemory.EntryRead, GuestMemory.EntryRead, InterpretExit(pc));
        // An ordered (acquire) load is aligned (checked before) and a volatile host load.
        EmitLoadPrefix(ordered);
        _il.Emit(size switch { 1 => OpCodes.Ldind_U1, 2 => OpCodes.Ldind_U2, 4 => OpCodes.Ldind_U4, _ => OpCodes.Ldind_I8 });
        if (size != 8) _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stloc, val);
    }

    // Interpreter exits: a load or store the inline path cannot perform (a page crossing, a page
    // without the permission or with translated code on it, an unmapped or out-of-range address,
    // a misaligned SP) leaves the translation at that instruction, which the engine then runs in
    // the interpreter (with every check, fault and side effect of the architecture) before it
    // continues. Translated code so contains no calls on its paths that go on: RyuJIT need not
    // keep guest registers in the few callee-saved host registers or spill them at every
    // definition, and it compiles fewer joins. The exits are emitted after the guest block's code.
    private readonly record struct PendingExit(IlLabel Label, ulong Pc, IlLabel Stop);
    private readonly List<PendingExit> _interpretExits = [];

    /// <summary>A label that leaves the translation at the instruction at <paramref name="pc"/> for the interpreter to run it (see <see cref="BlockContext.InterpretNext"/>).</summary>
    private IlLabel InterpretExit(ulong pc)
    {
        var label = _il.DefineLabel();
        _interpretExits.Add(new PendingExit(label, pc, StopLabel()));
        return label;
    }

    private void EmitInterpretExits()
    {
        foreach (var e in _interpretExits)
        {
            _il.MarkLabel(e.Label);
            LdStateAddr(OffPc);
            LdcU8(e.Pc);
            _il.Emit(OpCodes.Stind_I8);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldc_I4_1);
            _il.Emit(OpCodes.Stfld, FInterpretNext);
            _il.Emit(OpCodes.Br, e.Stop);
        }
        _interpretExits.Clear();
    }

    /// <summary>
    /// After a cold helper that returned true when its access was performed (value(s) in the
    /// context's SlowValue/SlowValue2): exits the block when it returned false (the instruction
    /// stopped), else loads the value(s) into <paramref name="value"/> (and <paramref name="value2"/>).
    /// </summary>
    private void EmitSlowValueOrStop(ulong pc, IlLocal value, IlLocal? value2 = null)
    {
        var got = _il.DefineLabel();
        _il.Emit(OpCodes.Brtrue, got);
        EmitStopExit(pc);
        _il.MarkLabel(got);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldfld, FSlowValue);
        _il.Emit(OpCodes.Stloc, value);
        if (value2 is { } v2)
        {
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldfld, FSlowValue2);
            _il.Emit(OpCodes.Stloc, v2);
        }
    }

    /// <summary>Stores the low <paramref name="size"/> bytes of <paramref name="from"/> (default _tVal) at the address in _tAddr; the interpreter runs it when the inline path cannot.</summary>
    private void EmitStore(int size, ulong pc, IlLocal? from = null)
    {
        var addr = _tAddr!.Value;
        var val = from ?? _tVal!.Value;
        EmitHostAddress(addr, size, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, InterpretExit(pc));
        _il.Emit(OpCodes.Ldloc, val);
        if (size != 8) _il.Emit(size == 4 ? OpCodes.Conv_U4 : size == 2 ? OpCodes.Conv_U2 : OpCodes.Conv_U1);
        _il.Emit(OpCodes.Unaligned, 1);
        _il.Emit(size switch { 1 => OpCodes.Stind_I1, 2 => OpCodes.Stind_I2, 4 => OpCodes.Stind_I4, _ => OpCodes.Stind_I8 });
    }

    /// <summary>
    /// Both accesses of a pair (_tVal/_tVal2 at _tAddr and _tAddr + size): inline when the
    /// whole range is on one permitted page; otherwise the interpreter runs the instruction (it
    /// performs nothing unless both accesses can be performed).
    /// </summary>
    private void EmitPairAccess(bool load, int size, ulong pc)
    {
        var addr = _tAddr!.Value;
        var v1 = _tVal!.Value;
        var v2 = _tVal2!.Value;
        var host = Temp(ref _tHost, typeof(nint));
        var exit = InterpretExit(pc);
        if (load) EmitHostAddress(addr, 2 * size, GuestMemory.EntryRead, GuestMemory.EntryRead, exit);
        else EmitHostAddress(addr, 2 * size, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, exit);
        _il.Emit(OpCodes.Stloc, host);
        for (int k = 0; k < 2; k++)
        {
            var v = k == 0 ? v1 : v2;
            if (load)
            {
                _il.Emit(OpCodes.Ldloc, host);
                if (k == 1) { _il.Emit(OpCodes.Ldc_I4, size); _il.Emit(OpCodes.Add); }
                _il.Emit(OpCodes.Unaligned, 1);
                _il.Emit(size == 4 ? OpCodes.Ldind_U4 : OpCodes.Ldind_I8);
                if (size == 4) _il.Emit(OpCodes.Conv_U8);
                _il.Emit(OpCodes.Stloc, v);
            }
            else
            {
                _il.Emit(OpCodes.Ldloc, host);
                if (k == 1) { _il.Emit(OpCodes.Ldc_I4, size); _il.Emit(OpCodes.Add); }
                _il.Emit(OpCodes.Ldloc, v);
                if (size == 4) _il.Emit(OpCodes.Conv_U4);
                _il.Emit(OpCodes.Unaligned, 1);
                _il.Emit(size == 4 ? OpCodes.Stind_I4 : OpCodes.Stind_I8);
            }
        }
    }

    /// <summary>
    /// Pushes the host address for an access, or branches to <paramref name="slow"/>. Two
    /// compare-and-branch tests on locals (RyuJIT fuses each into cmp/jcc; nothing stays on the
    /// IL stack across a branch, so the importer needs no spill temps): first addr AND (the bits
    /// above the address space | the page offset bits) at most 4096 - size, which at once keeps
    /// the address inside the address space (so the page number indexes the table without a
    /// mask) and the access on one page; then the entry's permission bits as wanted. The masked
    /// value is then the page offset, and the host address the entry's page plus it.
    /// </summary>
    private void EmitHostAddress(IlLocal addr, int size, ulong mask, ulong want, IlLabel slow)
    {
        var offset = Temp(ref _tOffset, typeof(ulong));
        var entry = Temp(ref _tEntry, typeof(ulong));
        _il.Emit(OpCodes.Ldloc, addr);
        if (_geometry != null) LdcU8(~(_geometry.AddressLimit - 1) | GuestMemory.PageMask);
        else _il.Emit(OpCodes.Ldloc, _offsetMask!.Value);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Stloc, offset);
        _il.Emit(OpCodes.Ldloc, offset);
        LdcSmall(GuestMemory.PageSize - (ulong)size);
        _il.Emit(OpCodes.Bgt_Un, slow);
        if (_geometry != null) { LdcU8((ulong)_geometry.PageTable); _il.Emit(OpCodes.Conv_U); }
        else _il.Emit(OpCodes.Ldloc, _pageTable!.Value);
        _il.Emit(OpCodes.Ldloc, addr);
        _il.Emit(OpCodes.Ldc_I4, GuestMemory.PageBits);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldc_I4_3);
        _il.Emit(OpCodes.Shl);
        _il.Emit(OpCodes.Conv_I);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Stloc, entry);
        _il.Emit(OpCodes.Ldloc, entry);
        LdcSmall(mask);
        _il.Emit(OpCodes.And);
        if (want == mask) _il.Emit(OpCodes.Brfalse, slow);
        else { LdcSmall(want); _il.Emit(OpCodes.Bne_Un, slow); }
        _il.Emit(OpCodes.Ldloc, entry);
        LdcSmall(~GuestMemory.EntryFlagsMask);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldloc, offset);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Conv_I);
    }


    /// <summary>Pushes a 64-bit constant that is a sign-extended 32-bit value (shorter IL than ldc.i8).</summary>
    private void LdcSmall(ulong v)
    {
        _il.Emit(OpCodes.Ldc_I4, unchecked((int)v));
        _il.Emit(OpCodes.Conv_I8);
    }

}
