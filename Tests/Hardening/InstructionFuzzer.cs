using System.Diagnostics;
using System.Runtime.InteropServices;
using StringBuilder = System.Text.StringBuilder;
using A64Jit.Core.Decoding;
using Encoding = A64Jit.Core.Decoding.Encoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Hardening;

/// <summary>
/// One random test case of the instruction fuzzer: an address-space layout (pages mapped with
/// random permissions or left unmapped, in host blocks of random sizes), the contents of every
/// mapped page, a program placed somewhere in an executable page (possibly among data, possibly
/// running over a page boundary) and a complete initial register state at EL0 or EL1.
/// Everything is derived from one seed, so a failure is reproduced from the seed alone.
/// </summary>
public sealed unsafe class FuzzCase
{
    public required int Seed { get; init; }
    public required int AddressBits { get; init; }
    public required ulong Base { get; init; }
    /// <summary>Permissions of each page from <see cref="Base"/>; null = unmapped.</summary>
    public required MemoryPermissions?[] Pages { get; init; }
    /// <summary>Map calls: (first page, page count); each becomes one host block.</summary>
    public required List<(int First, int Count)> Runs { get; init; }
    public required byte[][] Contents { get; init; }
    public required ulong CodeStart { get; init; }
    public required uint[] Code { get; init; }
    public required CpuState Initial { get; init; }
    /// <summary>Options of the translating side: null = <see cref="ExecutionEngines.Create"/> with <see cref="Policy"/>.</summary>
    public TranslatorOptions? TranslatorOptions { get; init; }
    public EnginePolicy Policy { get; init; } = EnginePolicy.Translator;

    public ulong PageAddress(int i) => Base + (ulong)i * GuestMemory.PageSize;

    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append($"seed {Seed}, {AddressBits}-bit space, EL{(Initial.Pstate >> 2) & 3}, translator {(TranslatorOptions == null ? ExecutionEngines.Name(Policy) : $"cap {TranslatorOptions.MaxBlockInstructions} hot {TranslatorOptions.HotThreshold}")}\n");
        for (int i = 0; i < Pages.Length; i++) sb.Append($"  page 0x{PageAddress(i):x}: {(Pages[i] is { } p ? p.ToString() : "unmapped")}\n");
        for (int i = 0; i < Code.Length; i++)
        {
            ulong a = CodeStart + 4ul * (ulong)i;
            var e = Decoder.DecodeEncoding(Code[i]);
            string text;
            try { text = e == null ? ".inst" : e.Format(Code[i], a).Replace('\t', ' '); } catch (Exception ex) { text = ex.GetType().Name; }
            sb.Append($"  {a:x}: {Code[i]:x8}  {text}\n");
        }
        return sb.ToString();
    }
}

/// <summary>A core and its guest memory (with host guards) built from a <see cref="FuzzCase"/>.</summary>
public sealed unsafe class FuzzMachine : IDisposable
{
    public GuestMemory Memory { get; }
    public CpuContext Cpu { get; }
    public IExecutionEngine? Engine { get; private set; }
    public TranslatedEngine? Translated { get; private set; }

    public FuzzMachine(FuzzCase c)
    {
        Memory = new GuestMemory(new GuestMemoryOptions { AddressBits = c.AddressBits, HostGuards = true });
        Cpu = new CpuContext();
        foreach (var (first, count) in c.Runs)
        {
            // One Map call per run: a run is one host block with guards around it.
            Memory.Map(c.PageAddress(first), (ulong)count * GuestMemory.PageSize, MemoryPermissions.ReadWrite);
            for (int i = first; i < first + count; i++)
            {
                Memory.WritePrivileged(c.PageAddress(i), c.Contents[i]);
                Memory.Protect(c.PageAddress(i), GuestMemory.PageSize, c.Pages[i]!.Value);
            }
        }
        for (int i = 0; i < c.Code.Length; i++)
        {
            ulong a = c.CodeStart + 4ul * (ulong)i;
            if (Memory.IsMapped(a)) Memory.WriteU32Privileged(a, c.Code[i]);
        }
        *Cpu.State = c.Initial;
    }

    public void UseInterpreter() => Engine = ExecutionEngines.Create(EnginePolicy.Interpreter, Cpu, Memory);

    public void UseTranslator(FuzzCase c)
    {
        if (c.TranslatorOptions == null) Engine = ExecutionEngines.Create(c.Policy, Cpu, Memory);
        else Translated = new TranslatedEngine(Cpu.State, Memory, c.TranslatorOptions);
    }

    public StopReason Run(ulong budget) => Translated != null ? Translated.Run(budget) : Engine!.Run(budget);

    public void Dispose()
    {
        Engine?.Dispose();
        Translated?.Dispose();
        Cpu.Dispose();
        Memory.Dispose();
    }
}

/// <summary>
/// The instruction fuzzer: generates <see cref="FuzzCase"/>s and runs each on the interpreter
/// and on the translator side by side. After every stop both must report the same reason and
/// the same architectural state; at the end of a case the same memory; and neither may have
/// touched host memory outside its own guest mappings (guard pages would end the process,
/// canaries are checked). A stop that a kernel would turn into a signal is skipped (PC + 4) so
/// that execution goes on; an instruction abort, a state change or an internal error ends the case.
/// </summary>
public static unsafe class InstructionFuzzer
{
    private static readonly Encoding[] All = EncodingTable.All.ToArray();
    private static readonly Encoding[] LoadStores = All.Where(e => e.Group.ToString().Contains("LoadStore", StringComparison.Ordinal) || e.Name.StartsWith("LD", StringComparison.Ordinal) || e.Name.StartsWith("ST", StringComparison.Ordinal)).ToArray();
    private static readonly HashSet<string> Branch26 = ["B", "BL"];
    private static readonly HashSet<string> Branch19 = ["B_cond", "CBZ", "CBNZ", "LDR_lit", "LDRSW_lit", "PRFM_lit", "LDR_lit_simd"];
    private static readonly HashSet<string> Branch14 = ["TBZ", "TBNZ"];

    public sealed class Totals
    {
        public long Cases, Instructions, Stops, Faults, Exits;
        public readonly List<int> SlowSeeds = new();
        public TimeSpan InterpreterTime, TranslatorTime;
        public readonly Dictionary<string, long> EndReasons = new();
        public override string ToString() =>
            $"{Cases} cases, {Instructions} guest instructions per engine ({2 * Instructions} in all), {Stops} stops ({Faults} aborts); case ends: " +
            string.Join(", ", EndReasons.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}")) +
            (SlowSeeds.Count == 0 ? "" : $"; cases cut short by the per-case time limit (seeds): {string.Join(' ', SlowSeeds)}");
    }

    /// <summary>Timer reads (MRS/MSR with CRn = 14) depend on wall-clock time and would differ between the engines.</summary>
    private static bool IsTimerAccess(uint w) => (w >> 22) == 0b1101010100 && ((w >> 20) & 1) == 1 && ((w >> 12) & 0xF) == 14;

    private const uint Nop = 0xD503201Fu;

    private static uint Filter(Random rng, uint w) => IsTimerAccess(w) ? Nop : w;

    public static FuzzCase Generate(int seed)
    {
        var rng = new Random(seed);
        // Half the cases are "quiet": fewer holes, pointers into accessible pages, only
        // table-drawn program words, so that loops run long; the rest are hostile.
        bool quiet = rng.Next(2) == 0;
        int addressBits = rng.Next(4) == 0 ? 48 : 36;
        int n = rng.Next(3, 17);
        ulong limit = 1ul << addressBits;
        ulong baseAddress = rng.Next(5) switch
        {
            0 => limit - (ulong)n * GuestMemory.PageSize,            // at the top of the address space
            1 => 0,                                                  // page zero
            _ => (ulong)rng.Next(0x10, 0x4000) * GuestMemory.PageSize,
        };
        var pages = new MemoryPermissions?[n];
        for (int i = 0; i < n; i++)
            pages[i] = quiet && rng.Next(3) != 0 ? MemoryPermissions.ReadWrite : rng.Next(20) switch
            {
                < 3 => null,
                < 6 => MemoryPermissions.Read,
                < 10 => MemoryPermissions.ReadWrite,
                < 13 => MemoryPermissions.ReadExecute,
                < 15 => MemoryPermissions.Execute,
                < 18 => MemoryPermissions.All,
                _ => MemoryPermissions.None,
            };
        var executable = Enumerable.Range(0, n).Where(i => pages[i] is { } p && (p & MemoryPermissions.Execute) != 0).ToList();
        if (executable.Count == 0)
        {
            int k = rng.Next(n);
            pages[k] = rng.Next(2) == 0 ? MemoryPermissions.ReadExecute : MemoryPermissions.All;
            executable.Add(k);
        }
        var runs = new List<(int, int)>();
        for (int i = 0; i < n;)
        {
            if (pages[i] == null) { i++; continue; }
            int len = 1;
            while (i + len < n && pages[i + len] != null && rng.Next(3) != 0) len++;
            runs.Add((i, len));
            i += len;
        }

        var contents = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            contents[i] = new byte[GuestMemory.PageSize];
            if (pages[i] is { } p && (p & MemoryPermissions.Execute) != 0)
            {
                // Executable data: table-drawn words and random words, the way code among data looks.
                for (int k = 0; k < contents[i].Length; k += 4)
                {
                    uint w = rng.Next(2) == 0 ? TableWord(rng) : (uint)rng.NextInt64();
                    BitConverter.TryWriteBytes(contents[i].AsSpan(k), Filter(rng, w));
                }
            }
            else if (rng.Next(4) != 0) rng.NextBytes(contents[i]);
        }

        int codePage = executable[rng.Next(executable.Count)];
        int length = rng.Next(2, 48);
        ulong codeStart = baseAddress + (ulong)codePage * GuestMemory.PageSize + (rng.Next(4) == 0
            ? GuestMemory.PageSize - 4ul * (ulong)rng.Next(1, 16)   // runs over the page end
            : 4ul * (ulong)rng.Next(0, 1000));
        var code = new uint[length];
        for (int i = 0; i < length; i++) code[i] = Filter(rng, ProgramWord(rng, i, length, quiet));
        if (rng.Next(5) != 0) code[length - 1] = EncodeBranch(-(length - 1)); // loop back to the start

        var interesting = new List<ulong>();
        for (int i = 0; i <= n; i++)
        {
            ulong page = baseAddress + (ulong)i * GuestMemory.PageSize;
            interesting.Add(page);
        }
        var accessible = Enumerable.Range(0, n).Where(i => pages[i] is { } p && (p & MemoryPermissions.ReadWrite) == MemoryPermissions.ReadWrite)
            .Select(i => baseAddress + (ulong)i * GuestMemory.PageSize).ToList();
        if (accessible.Count == 0) accessible = interesting;
        CpuState s = default;
        for (int r = 0; r < 31; r++)
            s.X[r] = quiet && rng.Next(4) != 0 ? accessible[rng.Next(accessible.Count)] + (ulong)rng.Next(0, (int)GuestMemory.PageSize) : rng.Next(8) switch
            {
                < 3 => interesting[rng.Next(interesting.Count)] + (ulong)rng.Next(-40, 40),
                3 => interesting[rng.Next(interesting.Count)] + (ulong)rng.Next(0, (int)GuestMemory.PageSize),
                4 => (ulong)rng.Next(-8, 64),
                5 => limit - (ulong)rng.Next(1, 64),
                _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63),
            };
        for (int v = 0; v < 64; v++) s.V[v] = rng.Next(3) == 0 ? (ulong)rng.Next(-4, 4) : (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63);
        ulong sp = interesting[rng.Next(interesting.Count)] + (ulong)rng.Next(-64, 64) * 16 + (rng.Next(8) == 0 ? (ulong)rng.Next(1, 16) : 0);
        bool el1 = rng.Next(2) == 0;
        s.Pstate = el1 ? (1u << 2) | (rng.Next(2) == 0 ? PstateBits.SpSel : 0) : 0;
        s.X[31] = sp;
        s.SpEl0 = el1 ? interesting[rng.Next(interesting.Count)] : 0;
        s.SpEl1 = el1 ? 0 : interesting[rng.Next(interesting.Count)];
        s.Nzcv = (uint)rng.Next(16) << 28;
        s.Fpcr = rng.Next(3) == 0 ? (uint)rng.Next() & 0x07DF_9F00u : 0;
        s.SctlrEl1 = rng.Next(3) switch
        {
            0 => 0,
            1 => (1ul << 4) | (1ul << 14) | (1ul << 15) | (1ul << 16) | (1ul << 18) | (1ul << 26), // as Linux sets it
            _ => (ulong)rng.NextInt64() & ~1ul & 0xFFFF_FFFFul, // never the MMU
        };
        s.CntkctlEl1 = (ulong)rng.Next(4);
        s.CpacrEl1 = rng.Next(4) == 0 ? 0 : 3ul << 20;
        s.VbarEl1 = baseAddress;
        s.PC = codeStart;
        CpuContextDefaults(ref s);

        TranslatorOptions? options = null;
        var policy = EnginePolicy.Translator;
        switch (rng.Next(4))
        {
            case 0: policy = EnginePolicy.Tiered; break;
            case 1: break;
            default:
                options = new TranslatorOptions
                {
                    MaxBlockInstructions = rng.Next(3) == 0 ? rng.Next(1, 8) : 64,
                    HotThreshold = rng.Next(2) == 0 ? 0 : rng.Next(1, 4),
                };
                break;
        }
        return new FuzzCase
        {
            Seed = seed, AddressBits = addressBits, Base = baseAddress, Pages = pages, Runs = runs, Contents = contents,
            CodeStart = codeStart, Code = code, Initial = s, TranslatorOptions = options, Policy = policy,
        };
    }

    private static void CpuContextDefaults(ref CpuState s)
    {
        using var c = new CpuContext();
        var d = c.State;
        s.Midr = d->Midr; s.Mpidr = d->Mpidr; s.Revidr = d->Revidr;
        s.IdAa64Pfr0 = d->IdAa64Pfr0; s.IdAa64Pfr1 = d->IdAa64Pfr1; s.IdAa64Isar0 = d->IdAa64Isar0; s.IdAa64Isar1 = d->IdAa64Isar1;
        s.IdAa64Mmfr0 = d->IdAa64Mmfr0; s.IdAa64Mmfr1 = d->IdAa64Mmfr1; s.IdAa64Mmfr2 = d->IdAa64Mmfr2; s.IdAa64Dfr0 = d->IdAa64Dfr0;
        s.Ctr = d->Ctr; s.Dczid = d->Dczid; s.Cntfrq = d->Cntfrq;
    }

    private static uint EncodeBranch(long delta) => 0x14000000u | ((uint)delta & 0x03FF_FFFFu);

    /// <summary>A word of a random table encoding with random operand fields.</summary>
    private static uint TableWord(Random rng)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            var e = All[rng.Next(All.Length)];
            uint w = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
            if (Decoder.Decode(w) == e.Id) return w;
        }
        return (uint)rng.NextInt64();
    }

    /// <summary>A program word: table-drawn (branch targets kept near the program, load/store offsets small), or uniformly random.</summary>
    private static uint ProgramWord(Random rng, int index, int length, bool quiet)
    {
        if (!quiet && rng.Next(8) == 0) return (uint)rng.NextInt64();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            var e = rng.Next(3) == 0 ? LoadStores[rng.Next(LoadStores.Length)] : All[rng.Next(All.Length)];
            uint w = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
            long delta = rng.Next(-1, length + 1) - index;
            if (Branch26.Contains(e.Name)) w = e.Field("imm26").Insert(w, (uint)delta);
            else if (Branch19.Contains(e.Name) && e.Fields.Any(f => f.Name == "imm19")) w = e.Field("imm19").Insert(w, (uint)delta);
            else if (Branch14.Contains(e.Name)) w = e.Field("imm14").Insert(w, (uint)delta);
            else if (rng.Next(2) == 0)
            {
                foreach (var f in e.Fields)
                {
                    if (f.Name == "imm12") w = f.Insert(w, (uint)rng.Next(0, 4));
                    else if (f.Name is "imm9" or "imm7") w = f.Insert(w, (uint)rng.Next(-4, 4));
                }
            }
            if (Decoder.Decode(w) == e.Id) return w;
        }
        return (uint)rng.NextInt64();
    }

    // ------------------------------------------------------------------ running

    /// <summary>Fields that are bookkeeping rather than architectural state, or only meaningful after an exception stop.</summary>
    private static readonly (int Offset, int Size)[] Ignored =
    [
        (Off(nameof(CpuState.Budget)), 8),
        (Off(nameof(CpuState.StopRequest)), 4),
        (Off(nameof(CpuState.ExitSyndrome)), 4),
        (Off(nameof(CpuState.ExitAddress)), 8),
        (Off(nameof(CpuState.ExitAccessSize)), 4),
        (Off(nameof(CpuState.ExitAccessKind)), 4),
    ];

    private static int Off(string field) => (int)Marshal.OffsetOf<CpuState>(field);

    private static string StateDifference(CpuState* a, CpuState* b, bool exception)
    {
        byte* pa = (byte*)a, pb = (byte*)b;
        if (new ReadOnlySpan<byte>(pa, sizeof(CpuState)).SequenceEqual(new ReadOnlySpan<byte>(pb, sizeof(CpuState)))) return "";
        for (int k = 0; k < sizeof(CpuState); k++)
        {
            if (pa[k] == pb[k]) continue;
            bool ignored = false;
            foreach (var (o, sz) in Ignored)
                if (k >= o && k < o + sz && !(exception && o != Off(nameof(CpuState.Budget)) && o != Off(nameof(CpuState.StopRequest)))) ignored = true;
            if (ignored) continue;
            return $"state byte at offset {k} ({Translation.TestCore.FieldAt(k)}): interpreter 0x{pa[k]:x2}, translator 0x{pb[k]:x2}\n" +
                   Translation.TestCore.StateDifferences(a, b, "interpreter", "translator");
        }
        return "";
    }

    private static string MemoryDifference(FuzzCase c, FuzzMachine a, FuzzMachine b)
    {
        var x = new byte[GuestMemory.PageSize];
        var y = new byte[GuestMemory.PageSize];
        for (int i = 0; i < c.Pages.Length; i++)
        {
            if (c.Pages[i] == null) continue;
            a.Memory.ReadPrivileged(c.PageAddress(i), x);
            b.Memory.ReadPrivileged(c.PageAddress(i), y);
            if (!x.AsSpan().SequenceEqual(y))
            {
                int k = x.AsSpan().CommonPrefixLength(y);
                return $"memory at 0x{c.PageAddress(i) + (ulong)k:x}: interpreter 0x{x[k]:x2}, translator 0x{y[k]:x2}\n";
            }
        }
        return "";
    }

    /// <summary>Wall-clock limit of one engine run; beyond it the run is asked to stop and the case fails as a hang.</summary>
    public static readonly TimeSpan RunTimeLimit = TimeSpan.FromSeconds(20);

    /// <summary>Instructions per engine run: a run that takes longer than <see cref="RunTimeLimit"/> for this many is a hang.</summary>
    public const ulong SliceBudget = 10_000;

    /// <summary>
    /// Wall-clock limit of one case. A case that needs more ends early and its seed is listed:
    /// it is slow, not hung (every run honoured its budget), e.g. a loop that stores into its
    /// own code page has its block translated again on every iteration.
    /// </summary>
    public static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs one case on both engines in step; returns null when they agree and stayed inside
    /// their memory, else a description of the failure (with the case listing).
    /// </summary>
    public static string? RunCase(FuzzCase c, ulong budget, int maxStops, Totals totals)
    {
        using var interp = new FuzzMachine(c);
        using var jit = new FuzzMachine(c);
        interp.UseInterpreter();
        jit.UseTranslator(c);
        var sa = interp.Cpu.State;
        var sb = jit.Cpu.State;
        ulong remaining = budget;
        string end = "budget";
        totals.Cases++;
        var codeBefore = ExecutableContents(c, interp);
        var caseClock = Stopwatch.StartNew();
        for (int stops = 0; ; stops++)
        {
            if (stops >= maxStops) { end = "stop limit"; break; }
            if (caseClock.Elapsed > CaseTimeLimit) { end = "case time limit"; totals.SlowSeeds.Add(c.Seed); break; }
            ulong before = sa->InstructionsRetired;
            StopReason ra, rb;
            try
            {
                ulong slice = Math.Min(remaining, SliceBudget);
                long t0 = Stopwatch.GetTimestamp();
                ra = Timed(interp, slice);
                long t1 = Stopwatch.GetTimestamp();
                rb = Timed(jit, slice);
                totals.InterpreterTime += Stopwatch.GetElapsedTime(t0, t1);
                totals.TranslatorTime += Stopwatch.GetElapsedTime(t1);
            }
            catch (Exception ex)
            {
                return $"unhandled {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}\n{c.Describe()}";
            }
            if (ra == StopReason.StopRequested || rb == StopReason.StopRequested)
                return $"hang: a run of at most {Math.Min(remaining, SliceBudget)} instructions took more than {RunTimeLimit.TotalSeconds} s\n{c.Describe()}";
            ulong retired = sa->InstructionsRetired - before;
            totals.Instructions += (long)retired;
            totals.Stops++;
            remaining = retired >= remaining ? 0 : remaining - retired;
            string diff = ra != rb ? $"stop: interpreter {ra}, translator {rb}\n" : "";
            if (diff.Length == 0) diff = StateDifference(sa, sb, ra == StopReason.Exception);
            if (diff.Length == 0 && ra == StopReason.Exception && stops % 32 == 0) diff = MemoryDifference(c, interp, jit);
            if (diff.Length != 0)
            {
                // The program rewrote its own code: a block already running may finish with the
                // instructions it was translated from (the Arm ARM allows the old or the new
                // instruction until a context synchronization), so the comparison ends here.
                if (CodeChanged(c, interp, codeBefore) || CodeChanged(c, jit, codeBefore)) { end = "self-modified code"; break; }
                return $"engines disagree after stop {stops} at pc 0x{sa->PC:x} / 0x{sb->PC:x}:\n{diff}{c.Describe()}";
            }
            if (ra == StopReason.None) return $"Run returned None\n{c.Describe()}";
            if (ra == StopReason.BudgetExhausted) { if (remaining == 0) { end = "budget"; break; } continue; }
            if (ra == StopReason.WaitForInterrupt) continue;
            if (ra != StopReason.Exception) { end = ra.ToString(); break; }
            uint ec = Syndrome.ExceptionClass(sa->ExitSyndrome);
            if (ec is Syndrome.InstructionAbortLowerEl or Syndrome.InstructionAbortSameEl or Syndrome.PcAlignment or Syndrome.IllegalExecutionState)
            {
                totals.Faults++;
                end = $"EC 0x{ec:x2}";
                break;
            }
            if (ec is Syndrome.DataAbortLowerEl or Syndrome.DataAbortSameEl) totals.Faults++;
            // As a kernel would after handling the signal: go on after the instruction; every
            // other time, the faulting instruction is also replaced by a NOP (as a debugger
            // would patch it), so that a loop that faults converges to one that runs.
            ulong pc = sa->PC;
            if ((stops & 1) == 1 && pc >= c.Base && pc - c.Base < (ulong)c.Pages.Length * GuestMemory.PageSize)
            {
                interp.Memory.WriteU32Privileged(pc, Nop);
                jit.Memory.WriteU32Privileged(pc, Nop);
                int page = (int)((pc - c.Base) >> GuestMemory.PageBits);
                if (codeBefore[page].Length != 0) BitConverter.TryWriteBytes(codeBefore[page].AsSpan((int)(pc & GuestMemory.PageMask)), Nop);
            }
            sa->PC += 4;
            sb->PC += 4;
        }
        totals.EndReasons[end] = totals.EndReasons.GetValueOrDefault(end) + 1;
        string mem = end == "self-modified code" ? "" : MemoryDifference(c, interp, jit);
        if (mem.Length != 0 && CodeChanged(c, interp, codeBefore)) mem = "";
        if (mem.Length != 0) return $"engines disagree at the end:\n{mem}{c.Describe()}";
        foreach (var (name, m) in new[] { ("interpreter", interp), ("translator", jit) })
        {
            var problems = m.Memory.VerifyHostGuards();
            if (problems.Count != 0) return $"{name} touched host memory outside the guest's: {string.Join("; ", problems)}\n{c.Describe()}";
        }
        return null;
    }

    private static byte[][] ExecutableContents(FuzzCase c, FuzzMachine m)
    {
        var pages = new byte[c.Pages.Length][];
        for (int i = 0; i < c.Pages.Length; i++)
        {
            pages[i] = [];
            if (c.Pages[i] is { } p && (p & MemoryPermissions.Execute) != 0)
            {
                pages[i] = new byte[GuestMemory.PageSize];
                m.Memory.ReadPrivileged(c.PageAddress(i), pages[i]);
            }
        }
        return pages;
    }

    private static bool CodeChanged(FuzzCase c, FuzzMachine m, byte[][] before)
    {
        var now = ExecutableContents(c, m);
        for (int i = 0; i < now.Length; i++)
            if (!now[i].AsSpan().SequenceEqual(before[i])) return true;
        return false;
    }

    private static StopReason Timed(FuzzMachine m, ulong budget)
    {
        var cpu = m.Cpu;
        using var watchdog = new Timer(_ => cpu.RequestStop(), null, RunTimeLimit, Timeout.InfiniteTimeSpan);
        return m.Run(budget);
    }

    /// <summary>Runs cases from <paramref name="seed"/> until <paramref name="instructions"/> guest instructions (per engine) have run.</summary>
    public static (Totals Totals, List<string> Failures) Campaign(int seed, long instructions, ulong budgetPerCase, int maxStops, TimeSpan wallClock, int maxFailures = 5)
    {
        var totals = new Totals();
        var failures = new List<string>();
        var rng = new Random(seed);
        var clock = Stopwatch.StartNew();
        while (totals.Instructions < instructions && clock.Elapsed < wallClock && failures.Count < maxFailures)
        {
            int caseSeed = rng.Next();
            var c = Generate(caseSeed);
            var f = RunCase(c, budgetPerCase, maxStops, totals);
            if (f != null) failures.Add(f);
        }
        return (totals, failures);
    }
}
