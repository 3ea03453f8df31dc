using System.Diagnostics;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;

namespace A64Jit.Translator.Execution;

/// <summary>Counters of one <see cref="TranslatedEngine"/>.</summary>
public sealed class TranslationStats
{
    public long BlocksTranslated;
    /// <summary>Guest instructions in translated blocks (static count).</summary>
    public long InstructionsTranslated;
    public long NativeInstructionsTranslated;
    public long FallbackInstructionsTranslated;
    public long FusedCompareBranches;
    /// <summary>Translations holding more than one block (regions with jumps between their blocks).</summary>
    public long RegionsTranslated;
    /// <summary>Blocks compiled into translations (equals BlocksTranslated without regions).</summary>
    public long RegionBlocksTranslated;
    /// <summary>Translations dropped because their page was written while they were made.</summary>
    public long TranslationsRefused;
    /// <summary>Instructions interpreted because their page is volatile (its translations kept being dropped by writes).</summary>
    public long VolatileSteps;
    /// <summary>MinOpts translations recompiled with full optimisation.</summary>
    public long Promotions;
    /// <summary>Stopwatch ticks discovering blocks and emitting IL.</summary>
    public long EmitTicks;
    /// <summary>Stopwatch ticks in RyuJIT (compilation forced before the first run).</summary>
    public long JitTicks;
    /// <summary>Translations entered by the engine (dispatches).</summary>
    public long BlocksExecuted;
    /// <summary>Translations entered directly from another translation (chaining), without a dispatch.</summary>
    public long ChainedEntries;
    /// <summary>Guest instructions retired by this engine (translated and interpreted).</summary>
    public long InstructionsExecuted;
    /// <summary>Instructions run by the interpreter outside translated code (budget tails, unfetchable entries).</summary>
    public long InterpretedSteps;
    /// <summary>Instructions run through the per-instruction interpreter fallback inside translated blocks.</summary>
    public long FallbackExecutions;
    /// <summary>Times a translation left for the interpreter to run a load or store its inline path could not perform (<see cref="BlockContext.InterpretNext"/>).</summary>
    public long InterpreterExits;

    public double TranslationMicroseconds => (EmitTicks + JitTicks) * 1e6 / Stopwatch.Frequency;
    public double JitMicroseconds => JitTicks * 1e6 / Stopwatch.Frequency;
    /// <summary>Translation time (IL emission and RyuJIT) per translated guest instruction, in µs.</summary>
    public double MicrosecondsPerTranslatedInstruction => InstructionsTranslated == 0 ? 0 : TranslationMicroseconds / InstructionsTranslated;

    public override string ToString() =>
        $"blocks translated {BlocksTranslated} ({RegionsTranslated} regions, {RegionBlocksTranslated} blocks in all; {InstructionsTranslated} insns: {NativeInstructionsTranslated} native, {FallbackInstructionsTranslated} fallback, {FusedCompareBranches} fused cmp+b.cond), " +
        $"translation {TranslationMicroseconds:F0} µs (RyuJIT {JitMicroseconds:F0} µs, {MicrosecondsPerTranslatedInstruction:F2} µs/insn), " +
        $"blocks run {BlocksExecuted} (+{ChainedEntries} chained), insns run {InstructionsExecuted} (interpreted {InterpretedSteps}, fallback {FallbackExecutions})";
}

/// <summary>Options of the translator.</summary>
public sealed class TranslatorOptions
{
    public int MaxBlockInstructions { get; init; } = BlockDiscovery.DefaultMaxInstructions;
    /// <summary>Cap on the guest instructions of a region (its blocks together); the entry block is always taken whole.</summary>
    public int MaxRegionInstructions { get; init; } = RegionDiscovery.DefaultMaxInstructions;
    /// <summary>Cap on the blocks of a region; 1 translates single blocks (every exit returns to the dispatcher).</summary>
    public int MaxRegionBlocks { get; init; } = RegionDiscovery.DefaultMaxBlocks;
    /// <summary>
    /// Keep in a region only the blocks on a loop through its entry (the tightest method for a
    /// loop entered at its header); false (default) keeps every block reachable from the entry
    /// within the caps: fewer returns to the dispatcher for some more compile time (measured on
    /// Perf/workloads: better for branchy code such as vm and strings, worse for crc32 and memops).
    /// </summary>
    public bool RegionLoopsOnly { get; init; }

    /// <summary>
    /// Compile translations first with RyuJIT's MinOpts (cheaper to compile, slower code; see
    /// <see cref="BlockCompiler.CanCompileMinOpts"/>) and again with full optimisation once
    /// entered <see cref="PromoteAfter"/> times. Regions with loops are always optimised.
    /// </summary>
    public bool MinOpts { get; init; }

    /// <summary>Dispatches of a MinOpts translation before it is recompiled with full optimisation.</summary>
    public int PromoteAfter { get; init; } = 256;
    public NativeSwitches Native { get; init; } = NativeSwitches.AllNative();
    /// <summary>Cap on the number of translations of a cache the engine creates (ignored for a cache passed in).</summary>
    public int CacheCapacity { get; init; } = 16384;
    /// <summary>Cap on the guest instructions held in the translations of a cache the engine creates (the code cap; oldest evicted first).</summary>
    public long MaxCodeInstructions { get; init; } = TranslationCache.DefaultMaxInstructions;

    /// <summary>
    /// Tiering: a block entry is interpreted this many times before it is translated (0 =
    /// translate on first execution). Keeps RyuJIT time off code that runs only a few times.
    /// </summary>
    public int HotThreshold { get; init; }

    /// <summary>
    /// Direct chaining: a translation exiting to code that is translated continues into it
    /// (<see cref="BlockRuntime.Chain"/>, an explicit tail call) instead of returning to the engine.
    /// </summary>
    public bool Chaining { get; init; } = true;

    /// <summary>
    /// Hot blocks are compiled on a background thread (<see cref="Execution.BackgroundCompiler"/>)
    /// while the engine keeps interpreting them, instead of waiting for RyuJIT. Off by default
    /// (translation on a miss is synchronous and runs are deterministic); the tiered engine turns
    /// it on. <see cref="TranslatedEngine.StepBlock"/> and <see cref="TranslatedEngine.StepTranslation"/> always translate synchronously.
    /// </summary>
    public bool BackgroundCompilation { get; init; }

    /// <summary>Bound of the background compiler's queue (requests beyond it are dropped and made again later).</summary>
    public int BackgroundQueueCapacity { get; init; } = Execution.BackgroundCompiler.DefaultCapacity;
}

/// <summary>
/// Runs one core on translated code: look the PC up in the translation cache (translating
/// on a miss), run the block, repeat until an instruction stops, the instruction budget is
/// spent or a stop is requested (checked at block boundaries). A block longer than the
/// remaining budget is not entered: the interpreter executes the last instructions one by
/// one, so budgets are exact.
/// </summary>
public sealed unsafe class TranslatedEngine : IDisposable
{
    private readonly CpuState* _s;
    private readonly Interpreter _interpreter;
    private readonly BlockContext _context;
    private readonly bool _ownsCache;

    public TranslatedEngine(CpuState* state, GuestMemory memory, TranslatorOptions? options = null, TranslationCache? cache = null)
    {
        _s = state;
        Memory = memory;
        Options = options ?? new TranslatorOptions();
        _interpreter = new Interpreter(state, memory);
        _context = new BlockContext(_interpreter.Context);
        _ownsCache = cache == null;
        if (cache != null && cache.Memory != memory) throw new ArgumentException("a shared translation cache must belong to the same guest memory", nameof(cache));
        Cache = cache ?? new TranslationCache(memory, Options.CacheCapacity, maxInstructions: Options.MaxCodeInstructions);
        Cache.Attach(_context);
        _context.ChainEnabled = Options.Chaining;
        if (Options.BackgroundCompilation) Background = new BackgroundCompiler(Cache, Options, Stats, Options.BackgroundQueueCapacity);
    }

    /// <summary>The background compiler (<see cref="TranslatorOptions.BackgroundCompilation"/>), or null.</summary>
    public BackgroundCompiler? Background { get; }

    /// <summary>The live translation for (pc, mode): this core's jump cache (in its <see cref="BlockContext"/>), then the shared cache; the page is tested first.</summary>
    private TranslatedBlock? Find(ulong pc, uint mode) => _context.Find(pc, mode);

    public GuestMemory Memory { get; }
    public TranslatorOptions Options { get; }
    public TranslationCache Cache { get; }
    public BlockContext Context => _context;
    public TranslationStats Stats { get; } = new();

    /// <summary>Asks the core to stop at the next block boundary (any thread).</summary>
    public void RequestStop() => Interlocked.Exchange(ref _s->StopRequest, 1);

    /// <summary>The translation for the current PC and mode, translating it if needed; null when the PC cannot be fetched.</summary>
    public TranslatedBlock? Lookup(ulong pc)
    {
        uint mode = BlockCompiler.ModeOf(_s);
        return Find(pc, mode) ?? Translate(pc, mode);
    }

    /// <summary>Repeated requests (each after <see cref="TranslatorOptions.HotThreshold"/> more entries) after which a block still queued for the background compiler is translated by the engine itself.</summary>
    public const int TakeBackAfter = 4;
    /// <summary>Time a request must have waited in the queue before the engine takes it back (a few compilations' worth).</summary>
    public static readonly TimeSpan TakeBackWait = TimeSpan.FromMilliseconds(2);

    private readonly Dictionary<(ulong Pc, uint Mode), int> _heat = new();

    /// <summary>Counts an entry at an untranslated PC; true once it has been seen more than <see cref="TranslatorOptions.HotThreshold"/> times.</summary>
    private bool IsHot(ulong pc, uint mode)
    {
        if (Options.HotThreshold <= 0) return true;
        if (_heat.Count > 1 << 16) _heat.Clear();
        _heat.TryGetValue((pc, mode), out int n);
        if (n >= Options.HotThreshold)
        {
            _heat.Remove((pc, mode));
            return true;
        }
        _heat[(pc, mode)] = n + 1;
        return false;
    }

    private TranslatedBlock? Translate(ulong pc, uint mode, bool allowMinOpts = true)
    {
        TranslatedBlock block;
        long t0 = Stopwatch.GetTimestamp();
        var native = Options.Native;
        long stamp = Cache.BeginTranslation(pc);
        long discoverTicks;
        try
        {
            var region = RegionDiscovery.Discover(Memory, pc, i => native[i.EncodingId] && BlockEmitter.AcceptsNative(i.EncodingId, i.Word),
                Options.MaxBlockInstructions, Options.MaxRegionInstructions, Options.MaxRegionBlocks, Options.RegionLoopsOnly);
            if (region == null) return null;
            discoverTicks = Stopwatch.GetTimestamp() - t0;
            bool minOpts = allowMinOpts && Options.MinOpts && !BlockEmitter.HasInternalJumps(region, native);
            block = BlockCompiler.Compile(region, mode, native, Memory, minOpts);
            // Refused when a write to the page raced with the reading of its code: interpret instead.
            if (!Cache.TryAdd(block, stamp)) { Interlocked.Increment(ref Stats.TranslationsRefused); return null; }
        }
        finally
        {
            Cache.EndTranslation(pc);
        }
        BackgroundCompiler.Account(Stats, block, discoverTicks);
        return block;
    }

    /// <summary>Runs until a stop, the budget or a stop request; see <see cref="Interpreter.Run"/> for the contract.</summary>
    public StopReason Run(ulong budget)
    {
        var s = _s;
        s->ExitReason = (uint)StopReason.None;
        s->Budget = budget;
        try
        {
            while (true)
            {
                if (Volatile.Read(ref s->StopRequest) != 0)
                {
                    Interlocked.Exchange(ref s->StopRequest, 0);
                    return Exit(StopReason.StopRequested);
                }
                if (s->Budget == 0) return Exit(StopReason.BudgetExhausted);
                var r = RunOne(s->Budget);
                if (r != StopReason.None) return r;
            }
        }
        finally { CountContext(); }
    }

    /// <summary>
    /// Runs one block (or one interpreted instruction when none can be entered); returns the stop
    /// reason or None. A region runs only its entry block here (its internal jumps are not taken).
    /// </summary>
    public StopReason StepBlock(ulong maxInstructions = ulong.MaxValue) => Step(maxInstructions, oneBlock: true);

    /// <summary>
    /// Runs one translation (a region may run its loops) for at most <paramref name="budget"/>
    /// instructions, or one interpreted instruction when none can be entered.
    /// </summary>
    public StopReason StepTranslation(ulong budget) => Step(budget, oneBlock: false);

    private bool _oneBlock;
    // Set while stepping: translate on a miss even with a background compiler (deterministic).
    private bool _synchronous;

    private StopReason Step(ulong maxInstructions, bool oneBlock)
    {
        _s->ExitReason = (uint)StopReason.None;
        ulong saved = _s->Budget;
        _s->Budget = maxInstructions;
        _oneBlock = oneBlock;
        // Exactly one block or translation: no chaining into the next.
        _context.ChainEnabled = false;
        _synchronous = true;
        try { return RunOne(maxInstructions); }
        finally
        {
            _context.ChainEnabled = Options.Chaining;
            _synchronous = false;
            CountContext();
            _oneBlock = false;
            _s->Budget = saved;
        }
    }

    private StopReason RunOne(ulong budget)
    {
        var s = _s;
        ulong pc = s->PC;
        TranslatedBlock? block = null;
        // A translation left at an instruction for the interpreter with no budget left to run it
        // (BlockContext.InterpretNext): that step first. A misaligned PC, PSTATE.IL (after an illegal
        // exception return) and AArch32 state are the interpreter's: it raises the PC alignment and
        // Illegal Execution state exceptions and stops with StateChange before an AArch32 instruction.
        if (_interpretNext)
        {
            _interpretNext = false;
            return InterpretStep();
        }
        if ((pc & 3) == 0 && (s->Pstate & (PstateBits.IL | PstateBits.nRW)) == 0)
        {
            uint mode = BlockCompiler.ModeOf(s);
            block = Find(pc, mode);
            if (block == null)
            {
                if (Cache.IsVolatile(pc)) return InterpretVolatile(budget);
                if (_midBlock)
                {
                    // Resumed where a budget or a stop request cut a block: not a block start,
                    // so do not translate from here (each cut would otherwise become a new
                    // translation of the rest of the block); interpret to the next branch.
                    _midBlock = false;
                    return InterpretRun(budget);
                }
                if (!IsHot(pc, mode)) return InterpretRun(budget);
                // Compiled on the background thread and interpreted until it is in the cache, unless
                // it stayed queued behind other compilations while it kept being entered: then here.
                if (Background != null && !_synchronous && (Background.Request(pc, mode) || !Background.TakeIfStillWaiting(pc, mode, TakeBackAfter, TakeBackWait)))
                    return InterpretRun(budget);
                block = Translate(pc, mode);
            }
        }
        if (block != null && block.IsMinOpts && ++block.Entries >= Options.PromoteAfter)
        {
            // Hot: replace the MinOpts translation by an optimised one (null when refused: interpret a step).
            block.Entries = int.MinValue;
            Stats.Promotions++;
            block = Translate(pc, block.Mode, allowMinOpts: false);
        }
        if (block == null || block.ProbeCount > budget) return InterpretStep();
        _midBlock = false;
        ulong before = s->InstructionsRetired;
        var ctx = _context;
        if (!ReferenceEquals(ctx.Running, block)) ctx.Running = block;
        ctx.EntryRetired = before;
        // One block only: a budget of the entry block makes every region jump leave.
        if (_oneBlock) s->Budget = (ulong)block.Guest.Count;
        // The translation stays referenced (by block) during the call, so its method stays alive.
        if (block.Entry != 0) ((delegate*<CpuState*, BlockContext, ulong>)block.Entry)(s, ctx);
        else block.Func(s, ctx);
        // Chained translations charged the budget as they went; recompute it from the total retired.
        ulong retired = s->InstructionsRetired - before;
        s->Budget = budget - retired;
        Stats.BlocksExecuted++;
        Stats.InstructionsExecuted += (long)retired;
        if (!ctx.InterpretNext) return (StopReason)s->ExitReason;
        // Left for the interpreter at an access it could not perform inline: that instruction now
        // (so that a block step includes it), or first thing next time when no budget is left.
        ctx.InterpretNext = false;
        ctx.SlowAccesses++;
        Stats.InterpreterExits++;
        if (s->Budget == 0)
        {
            _interpretNext = true;
            return StopReason.None;
        }
        return InterpretStep();
    }

    /// <summary>One instruction in the interpreter (PC then inside a block: <see cref="_midBlock"/>).</summary>
    private StopReason InterpretStep()
    {
        var s = _s;
        Stats.InterpretedSteps++;
        var r = _interpreter.Step();
        if (r != StopReason.None) return r;
        s->Budget--;
        Stats.InstructionsExecuted++;
        _midBlock = true;
        return StopReason.None;
    }

    private ulong _fallbacksCounted, _chainsCounted;

    /// <summary>Adds the context's counters (fallbacks, chained entries) to <see cref="Stats"/>: once per run rather than per dispatch.</summary>
    private void CountContext()
    {
        var ctx = _context;
        Stats.FallbackExecutions += (long)(ctx.FallbackExecutions - _fallbacksCounted);
        Stats.ChainedEntries += (long)(ctx.Chains - _chainsCounted);
        _fallbacksCounted = ctx.FallbackExecutions;
        _chainsCounted = ctx.Chains;
    }

    /// <summary>Instructions interpreted on volatile pages after which the cache forgets which pages are volatile.</summary>
    public const long VolatileRetryInstructions = 1 << 24;

    /// <summary>
    /// Code on a page whose translations keep being dropped by writes (<see cref="TranslationCache.IsVolatile"/>)
    /// is interpreted, like cold code; after <see cref="VolatileRetryInstructions"/> such instructions the
    /// pages get another chance to be translated.
    /// </summary>
    private StopReason InterpretVolatile(ulong budget)
    {
        long before = Stats.InterpretedSteps;
        var r = InterpretRun(budget);
        Stats.VolatileSteps += Stats.InterpretedSteps - before;
        if ((_volatileSteps += Stats.InterpretedSteps - before) >= VolatileRetryInstructions)
        {
            _volatileSteps = 0;
            Cache.ForgetVolatility();
        }
        return r;
    }

    private long _volatileSteps;

    /// <summary>Interprets from PC until a taken branch, a page boundary, a stop or the block size cap (cold code).</summary>
    private StopReason InterpretRun(ulong budget)
    {
        var s = _s;
        for (int k = 0; k < Options.MaxBlockInstructions && budget > 0; k++)
        {
            ulong before = s->PC;
            Stats.InterpretedSteps++;
            var r = _interpreter.Step();
            if (r != StopReason.None) return r;
            s->Budget--;
            budget--;
            Stats.InstructionsExecuted++;
            if (s->PC != before + 4 || (s->PC & GuestMemory.PageMask) == 0) return StopReason.None;
        }
        // Stopped by the budget or the size cap rather than at a branch.
        _midBlock = budget == 0;
        return StopReason.None;
    }

    /// <summary>
    /// The PC is inside a block rather than at a block start: the budget ran out while
    /// instructions were interpreted one at a time (a block longer than the budget's tail, or
    /// cold code), so the next run resumes in the middle of a block.
    /// </summary>
    private bool _midBlock;

    /// <summary>The last translation left for the interpreter to run the instruction at PC (<see cref="BlockContext.InterpretNext"/>).</summary>
    private bool _interpretNext;

    private StopReason Exit(StopReason reason)
    {
        _s->ExitReason = (uint)reason;
        return reason;
    }

    public void Dispose()
    {
        // First: the compilation in progress ends (added or refused) before the cache goes.
        Background?.Dispose();
        Cache.Detach(_context);
        if (_ownsCache) Cache.Dispose();
    }
}
