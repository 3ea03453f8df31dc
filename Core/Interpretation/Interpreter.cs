using System.Reflection;
using System.Runtime.CompilerServices;
using A64Jit.Core.Decoding;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// The reference interpreter: fetches, decodes and executes one A64 instruction at a time
/// on a <see cref="CpuState"/> and its <see cref="GuestMemory"/>.
/// </summary>
/// <remarks>
/// Semantics live in one static class per encoding group in this folder (for example
/// <see cref="DataProcessingImmediate"/>), one method per encoding of
/// <see cref="EncodingTable"/>, named exactly like the encoding and shaped
/// <c>static Outcome NAME(ExecContext c, uint word)</c>. At start-up those methods are
/// collected into a table of function pointers indexed by encoding id; a
/// <see cref="DecodeCache"/> in front of the decoder remembers, per PC slot, the word and
/// its method, so executing an instruction is fetch, one compare, one indirect call. Encodings without a method yet, and
/// words that decode to nothing, stop with an Unknown-reason exception (EC 0).
/// </remarks>
public sealed unsafe class Interpreter
{
    private static readonly delegate*<ExecContext, uint, Outcome>[] Handlers;
    private static readonly MethodInfo?[] Methods;
    private static readonly List<string> Problems = new();

    static Interpreter()
    {
        var table = EncodingTable.All;
        Handlers = new delegate*<ExecContext, uint, Outcome>[table.Length];
        Methods = new MethodInfo?[table.Length];
        delegate*<ExecContext, uint, Outcome> unallocated = &Unallocated;
        for (int i = 0; i < Handlers.Length; i++) Handlers[i] = unallocated;

        foreach (var type in typeof(Interpreter).Assembly.GetTypes())
        {
            if (type.Namespace != typeof(Interpreter).Namespace || !(type.IsAbstract && type.IsSealed)) continue;
            foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!IsSemanticsMethod(m)) continue;
                if (!EncodingTable.TryGet(m.Name, out var e))
                {
                    Problems.Add($"{type.Name}.{m.Name} names no encoding of the table");
                    continue;
                }
                if (Methods[e.Id] != null)
                {
                    Problems.Add($"{e.Name} is implemented twice ({Methods[e.Id]!.DeclaringType!.Name} and {type.Name})");
                    continue;
                }
                Methods[e.Id] = m;
                Handlers[e.Id] = (delegate*<ExecContext, uint, Outcome>)m.MethodHandle.GetFunctionPointer();
            }
        }
    }

    private static bool IsSemanticsMethod(MethodInfo m)
    {
        if (m.ReturnType != typeof(Outcome)) return false;
        var p = m.GetParameters();
        return p.Length == 2 && p[0].ParameterType == typeof(ExecContext) && p[1].ParameterType == typeof(uint);
    }

    private static Outcome Unallocated(ExecContext c, uint word) => c.Undefined();

    /// <summary>True when encoding <paramref name="id"/> has semantics.</summary>
    public static bool IsImplemented(int id) => (uint)id < (uint)Methods.Length && Methods[id] != null;

    /// <summary>The method implementing encoding <paramref name="id"/>, or null.</summary>
    public static MethodInfo? MethodOf(int id) => (uint)id < (uint)Methods.Length ? Methods[id] : null;

    /// <summary>Encodings that have semantics, in table order.</summary>
    public static IReadOnlyList<Encoding> ImplementedEncodings
    {
        get
        {
            var list = new List<Encoding>();
            foreach (var e in EncodingTable.All) if (Methods[e.Id] != null) list.Add(e);
            return list;
        }
    }

    /// <summary>Inconsistencies found while building the dispatch table (methods naming no encoding, duplicates).</summary>
    public static IReadOnlyList<string> TableProblems => Problems;

    /// <summary>
    /// The semantics of encoding <paramref name="id"/> (an EC 0 stop for unimplemented ones),
    /// for callers that decoded themselves (the translator's per-instruction fallback).
    /// </summary>
    public static delegate*<ExecContext, uint, Outcome> Handler(int id) => id < 0 ? &Unallocated : Handlers[id];

    /// <summary>Executes <paramref name="word"/> as the instruction at the current PC; does not touch PC or counters.</summary>
    public static Outcome Execute(ExecContext c, uint word)
    {
        int id = Decoder.Decode(word);
        return id < 0 ? c.Undefined() : Handlers[id](c, word);
    }

    // ------------------------------------------------------------------ instance

    // Created on the first Run or Step: many interpreters (test harnesses, the translator's
    // per-instruction uses) never execute through it.
    private DecodeCache? _decoded;
    private DecodeCache.Entry* _slots;
    private ulong _runBudget;

    public Interpreter(CpuState* state, GuestMemory memory) => Context = new ExecContext(state, memory);

    public Interpreter(CpuContext cpu, GuestMemory memory) : this(cpu.State, memory) { }

    public ExecContext Context { get; }

    /// <summary>The decoded-instruction cache (see <see cref="DecodeCache"/>).</summary>
    public DecodeCache DecodeCache => _decoded ?? CreateDecodeCache();

    /// <summary>Empties the decoded-instruction cache. Never needed for correctness: every entry is checked against the word fetched.</summary>
    public void FlushDecodeCache() => _decoded?.Flush();

    private DecodeCache CreateDecodeCache()
    {
        var cache = new DecodeCache();
        _slots = cache.Entries;
        _decoded = cache;
        return cache;
    }

    /// <summary>
    /// Executes one instruction at PC. Returns <see cref="StopReason.None"/> when it retired
    /// (PC advanced or branched, <see cref="CpuState.InstructionsRetired"/> counted), else the
    /// reason it stopped (exit information in the state, PC at the instruction).
    /// </summary>
    public StopReason Step()
    {
        var c = Context;
        var s = c.State;
        if (_slots == null) CreateDecodeCache();
        s->ExitReason = (uint)StopReason.None;
        ulong pc = s->PC;
        Outcome o = ExecuteAt(c, s, c.Memory.PageTable, c.Memory.PageCount, pc);
        // ExecuteAt reads the decoded cache through a raw pointer into its pinned array: keep
        // this interpreter (and so the cache) alive until that is over, even when the caller
        // holds no other reference to it (new Interpreter(...).Step()), or a collection on another
        // thread could free the array between the slot's address and its reads.
        GC.KeepAlive(this);
        if (o == Outcome.Stop) return (StopReason)s->ExitReason;
        if (o == Outcome.Continue) s->PC = pc + 4;
        s->InstructionsRetired++;
        return StopReason.None;
    }

    /// <summary>
    /// Executes until an instruction stops, <paramref name="budget"/> instructions have
    /// retired (<see cref="StopReason.BudgetExhausted"/>) or another thread sets
    /// <see cref="CpuState.StopRequest"/> (<see cref="StopReason.StopRequested"/>; the request is
    /// consumed). The reason is also left in <see cref="CpuState.ExitReason"/>; the remaining
    /// budget in <see cref="CpuState.Budget"/>.
    /// </summary>
    /// <remarks>
    /// The remaining budget and PC are kept in registers. <see cref="CpuState.PC"/> is
    /// written after every instruction that falls through (semantics read it) and read back
    /// after a branch; <see cref="CpuState.InstructionsRetired"/> is counted in the state
    /// after every instruction, so another thread sees the run progress.
    /// <see cref="CpuState.Budget"/> holds the budget the run was given until the run
    /// returns: the only instructions that consume budget themselves, WFI and WFE, retire and
    /// stop, and they find there a non-zero budget, as they would with the remaining one (an
    /// instruction only executes while budget remains). Their decrement is carried over to
    /// the remaining budget that the run leaves in <see cref="CpuState.Budget"/>.
    /// </remarks>
    public StopReason Run(ulong budget)
    {
        var c = Context;
        var s = c.State;
        var memory = c.Memory;
        ulong* table = memory.PageTable;
        ulong pageCount = memory.PageCount;
        if (_slots == null) CreateDecodeCache();
        s->ExitReason = (uint)StopReason.None;
        s->Budget = budget;
        // Read back after the loop from here, so no register holds it during the run.
        _runBudget = budget;
        ulong remaining = budget;
        ulong pc = s->PC;
        StopReason reason;
        while (true)
        {
            if (Volatile.Read(ref s->StopRequest) != 0)
            {
                Interlocked.Exchange(ref s->StopRequest, 0);
                reason = Exit(StopReason.StopRequested);
                break;
            }
            if (remaining == 0)
            {
                reason = Exit(StopReason.BudgetExhausted);
                break;
            }
            Outcome o = ExecuteAt(c, s, table, pageCount, pc);
            if (o == Outcome.Continue)
            {
                pc += 4;
                s->PC = pc;
            }
            else if (o == Outcome.Branch) pc = s->PC;
            else
            {
                reason = (StopReason)s->ExitReason;
                break;
            }
            s->InstructionsRetired++;
            remaining--;
        }
        // ExecuteAt reads the decoded cache through a raw pointer: see Step.
        GC.KeepAlive(this);
        // WFI/WFE took one instruction of CpuState.Budget (which held `budget`) as they stopped.
        s->Budget = remaining - (_runBudget - s->Budget);
        return reason;
    }

    private StopReason Exit(StopReason reason)
    {
        var s = Context.State;
        s->ExitReason = (uint)reason;
        s->ExitSyndrome = 0;
        s->ExitAddress = 0;
        s->ExitAccessSize = 0;
        s->ExitAccessKind = 0;
        return reason;
    }

    /// <summary>
    /// Fetches, looks up and executes the instruction at <paramref name="pc"/>; PC and the
    /// counters are the caller's. The fast path is the page-table fetch (execute permission
    /// tested on the entry) and a decoded-cache hit; everything else — a core not in a
    /// plain AArch64 state, a misaligned PC, an unfetchable page — goes to
    /// <see cref="ExecuteChecked"/>, which raises the right exception in the right order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Outcome ExecuteAt(ExecContext c, CpuState* s, ulong* table, ulong pageCount, ulong pc)
    {
        ulong page = pc >> GuestMemory.PageBits;
        if ((s->Pstate & (PstateBits.nRW | PstateBits.IL)) == 0 && (pc & 3) == 0 && page < pageCount)
        {
            ulong e = table[page];
            if ((e & GuestMemory.EntryExec) != 0)
            {
                uint word = *(uint*)((e & ~GuestMemory.EntryFlagsMask) + (pc & GuestMemory.PageMask));
                var slot = _slots + ((pc >> 2) & DecodeCache.IndexMask);
                return slot->Word == word ? slot->Handler(c, word) : FillAndExecute(c, slot, word);
            }
        }
        return ExecuteChecked(c, pc);
    }

    /// <summary>
    /// A decoded-cache miss: decodes <paramref name="word"/> into <paramref name="slot"/> and
    /// executes it. Out of line so that the hit path keeps nothing live across a call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Outcome FillAndExecute(ExecContext c, DecodeCache.Entry* slot, uint word)
    {
        _decoded!.Fill(slot, word);
        return slot->Handler(c, word);
    }

    /// <summary>
    /// The state checks made before an instruction executes: in AArch32 state (nRW = 1)
    /// the core stops with <see cref="StopReason.StateChange"/> so the machine can apply its
    /// rules (A64Jit executes A64 only); with PSTATE.IL set (after an illegal exception
    /// return) the instruction takes an Illegal Execution State exception (EC 0x0E).
    /// </summary>
    private static Outcome StateCheck(ExecContext c)
    {
        var s = c.State;
        if ((s->Pstate & PstateBits.nRW) != 0)
        {
            s->ExitReason = (uint)StopReason.StateChange;
            s->ExitSyndrome = 0;
            s->ExitAddress = 0;
            s->ExitAccessSize = 0;
            s->ExitAccessKind = 0;
            return Outcome.Stop;
        }
        return c.Exception(Syndrome.IllegalExecutionState);
    }

    /// <summary>
    /// One instruction with every check in architectural order: state (nRW, IL), PC
    /// alignment, the fetch (instruction abort), then decode and execute.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Outcome ExecuteChecked(ExecContext c, ulong pc)
    {
        var s = c.State;
        if ((s->Pstate & (PstateBits.nRW | PstateBits.IL)) != 0) return StateCheck(c);
        if ((pc & 3) != 0) return c.PcAlignmentFault(pc);
        if (!c.Memory.TryFetch32(pc, out uint word)) return c.Abort(c.Memory.Check(pc, 4, MemAccess.Fetch));
        var cache = DecodeCache;
        var slot = cache.Slot(pc);
        if (slot->Word != word) cache.Fill(slot, word);
        return slot->Handler(c, word);
    }
}
