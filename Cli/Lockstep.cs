using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Linux;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Execution;

namespace A64Jit.Cli;

/// <summary>A register (or other state field) whose value differs between the engines.</summary>
public readonly record struct RegisterDifference(string Name, string Translated, string Interpreter);

/// <summary>A guest byte range whose contents (or mapping) differ between the engines.</summary>
public readonly record struct MemoryDifference(ulong Address, string Translated, string Interpreter);

/// <summary>The first divergence found by <see cref="Lockstep"/>.</summary>
public sealed record Divergence(
    ulong BlockPc, GuestBlock? Block, string What,
    IReadOnlyList<RegisterDifference> Registers, IReadOnlyList<MemoryDifference> Memory);

/// <summary>
/// Runs one Linux program twice in one host process, in lockstep: a translated copy (the
/// translator engine, which performs the real system calls) and a reference copy (the
/// interpreter, with its own guest memory, which performs none). After every translated
/// block the interpreter runs the same number of instructions and the complete register
/// state is compared, together with every page the interpreter wrote in that block (the
/// reference's pages are all marked as code pages, so each write is reported through
/// <see cref="GuestMemory.CodeWrite"/>). Every mapped page is compared at each system call
/// or other stop, every <see cref="FullMemoryCheckInterval"/> blocks and at the end. At a
/// stop the states must be equal; the translated copy handles it (system call, signal, ID
/// register trap…) and the reference then receives its resulting registers and the pages
/// that changed, so guest output happens once.
/// </summary>
public sealed unsafe class Lockstep : IDisposable
{
    private readonly LinuxProcess _process;
    private readonly TranslatedEngine _translated;
    private readonly EngineAdapter _adapter;
    private readonly CpuContext _refCpu = new();
    private readonly GuestMemory _refMemory = new();
    private readonly Interpreter _interpreter;
    private readonly HashSet<ulong> _refWritten = [];

    public Lockstep(LinuxProcess process, TranslatorOptions? options = null)
    {
        _process = process;
        _translated = new TranslatedEngine(process.Cpu.State, process.Memory, options);
        _adapter = new EngineAdapter(_translated);
        process.Engine = _adapter;
        _interpreter = new Interpreter(_refCpu, _refMemory);
        _refMemory.CodeWrite += page => _refWritten.Add(page);
        SyncReference();
    }

    /// <summary>Blocks between comparisons of every mapped page (besides system calls and the end); 0 = only there.</summary>
    public long FullMemoryCheckInterval { get; init; } = 4096;

    /// <summary>Test hook: called after each translated block (block count, translated state) before the comparison.</summary>
    internal Action<long, LinuxProcess>? AfterTranslatedBlock { get; init; }

    public long Blocks { get; private set; }
    public ulong Instructions { get; private set; }
    public long Stops { get; private set; }
    public TranslationStats TranslatorStats => _translated.Stats;
    public int? ExitStatus => _process.ExitStatus;

    /// <summary>Runs until the process exits, <paramref name="maxInstructions"/> have been compared or a divergence; returns the divergence or null.</summary>
    public Divergence? Run(ulong maxInstructions = ulong.MaxValue)
    {
        var t = _process.Cpu.State;
        var r = _refCpu.State;
        while (_process.ExitStatus == null && Instructions < maxInstructions)
        {
            ulong pc = t->PC;
            ulong before = t->InstructionsRetired;
            var tReason = _translated.StepBlock(maxInstructions - Instructions);
            ulong retired = t->InstructionsRetired - before;
            Blocks++;
            AfterTranslatedBlock?.Invoke(Blocks, _process);

            _refWritten.Clear();
            ulong refBefore = r->InstructionsRetired;
            var rReason = retired == 0 ? StopReason.BudgetExhausted : _interpreter.Run(retired);
            if (rReason == StopReason.BudgetExhausted && tReason != StopReason.None)
                rReason = _interpreter.Run(1);
            else if (rReason == StopReason.BudgetExhausted)
                rReason = StopReason.None;
            ulong refRetired = r->InstructionsRetired - refBefore;
            Instructions += retired;

            var regs = CompareRegisters(t, r);
            if (tReason != rReason)
                regs.Insert(0, new RegisterDifference("stop", Describe(tReason, t), Describe(rReason, r)));
            else if (tReason != StopReason.None)
                AddExitDifferences(regs, t, r);
            if (refRetired != retired)
                regs.Insert(0, new RegisterDifference("retired", retired.ToString(), refRetired.ToString()));
            var mem = new List<MemoryDifference>();
            foreach (var page in _refWritten) ComparePage(page, mem);
            bool fullCheck = tReason != StopReason.None || (FullMemoryCheckInterval > 0 && Blocks % FullMemoryCheckInterval == 0);
            if (regs.Count == 0 && mem.Count == 0 && fullCheck) CompareAllPages(mem);
            if (regs.Count > 0 || mem.Count > 0)
                return new Divergence(pc, Discover(pc), $"after block {Blocks} at 0x{pc:x} ({retired} instructions)", regs, mem);

            if (tReason != StopReason.None)
            {
                Stops++;
                _process.HandleStop(tReason);
                SyncReference();
            }
        }
        var final = new List<MemoryDifference>();
        if (_process.ExitStatus == null) CompareAllPages(final);
        return final.Count > 0 ? new Divergence(t->PC, null, $"at the end ({Blocks} blocks)", [], final) : null;
    }

    private GuestBlock? Discover(ulong pc)
    {
        try { return BlockDiscovery.Discover(_process.Memory, pc, _translated.Options.MaxBlockInstructions); }
        catch (Exception ex) when (ex is not OutOfMemoryException) { return null; }
    }

    private static string Describe(StopReason reason, CpuState* s) =>
        reason is StopReason.None or StopReason.BudgetExhausted ? reason.ToString() : $"{reason} (syndrome 0x{s->ExitSyndrome:x8})";

    private static void AddExitDifferences(List<RegisterDifference> d, CpuState* t, CpuState* r)
    {
        Cmp(d, "exit syndrome", t->ExitSyndrome, r->ExitSyndrome);
        Cmp(d, "exit address", t->ExitAddress, r->ExitAddress);
    }

    // ------------------------------------------------------------------ registers

    /// <summary>The architectural state that differs (X, SP, PC, NZCV, V, FPCR/FPSR, PSTATE and the EL0-visible system registers).</summary>
    public static List<RegisterDifference> CompareRegisters(CpuState* t, CpuState* r)
    {
        var d = new List<RegisterDifference>();
        for (int i = 0; i < 31; i++) Cmp(d, $"x{i}", t->X[i], r->X[i]);
        Cmp(d, "sp", t->X[31], r->X[31]);
        Cmp(d, "pc", t->PC, r->PC);
        Cmp(d, "nzcv", t->Nzcv, r->Nzcv);
        for (int i = 0; i < 32; i++)
        {
            if (t->V[2 * i] == r->V[2 * i] && t->V[2 * i + 1] == r->V[2 * i + 1]) continue;
            d.Add(new($"v{i}", $"0x{t->V[2 * i + 1]:x16}{t->V[2 * i]:x16}", $"0x{r->V[2 * i + 1]:x16}{r->V[2 * i]:x16}"));
        }
        Cmp(d, "fpcr", t->Fpcr, r->Fpcr);
        Cmp(d, "fpsr", t->Fpsr, r->Fpsr);
        Cmp(d, "pstate", t->Pstate, r->Pstate);
        Cmp(d, "sp_el0", t->SpEl0, r->SpEl0);
        Cmp(d, "sp_el1", t->SpEl1, r->SpEl1);
        Cmp(d, "tpidr_el0", t->TpidrEl0, r->TpidrEl0);
        Cmp(d, "tpidrro_el0", t->TpidrroEl0, r->TpidrroEl0);
        Cmp(d, "exclusive address", t->ExclusiveAddress, r->ExclusiveAddress);
        Cmp(d, "exclusive size", t->ExclusiveSize, r->ExclusiveSize);
        Cmp(d, "instructions retired", t->InstructionsRetired, r->InstructionsRetired);
        return d;
    }

    private static void Cmp(List<RegisterDifference> d, string name, ulong t, ulong r)
    {
        if (t != r) d.Add(new(name, $"0x{t:x16}", $"0x{r:x16}"));
    }

    private static void Cmp(List<RegisterDifference> d, string name, uint t, uint r)
    {
        if (t != r) d.Add(new(name, $"0x{t:x8}", $"0x{r:x8}"));
    }

    // ------------------------------------------------------------------ memory

    private static byte* HostPage(GuestMemory m, ulong page)
    {
        ulong e = m.PageTable[page >> GuestMemory.PageBits];
        return e == 0 ? null : (byte*)(e & ~GuestMemory.EntryFlagsMask);
    }

    private void ComparePage(ulong page, List<MemoryDifference> diffs)
    {
        byte* a = HostPage(_process.Memory, page), b = HostPage(_refMemory, page);
        if (a == null || b == null)
        {
            if (a != b) diffs.Add(new(page, a == null ? "unmapped" : "mapped", b == null ? "unmapped" : "mapped"));
            return;
        }
        var sa = new ReadOnlySpan<byte>(a, (int)GuestMemory.PageSize);
        var sb = new ReadOnlySpan<byte>(b, (int)GuestMemory.PageSize);
        int i = FirstDifference(sa, sb);
        if (i < 0) return;
        int n = Math.Min(8, sa.Length - i);
        diffs.Add(new(page + (ulong)i, Hex(sa.Slice(i, n)), Hex(sb.Slice(i, n))));
    }

    private static int FirstDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int common = a.CommonPrefixLength(b);
        return common == a.Length ? -1 : common;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private void CompareAllPages(List<MemoryDifference> diffs)
    {
        var tp = _process.Memory.MappedPages();
        var rp = _refMemory.MappedPages();
        int i = 0, j = 0;
        while ((i < tp.Length || j < rp.Length) && diffs.Count < 16)
        {
            if (j >= rp.Length || (i < tp.Length && tp[i] < rp[j])) { diffs.Add(new(tp[i++], "mapped", "unmapped")); continue; }
            if (i >= tp.Length || rp[j] < tp[i]) { diffs.Add(new(rp[j++], "unmapped", "mapped")); continue; }
            ulong page = tp[i];
            var pt = _process.Memory.GetPermissions(page);
            var pr = _refMemory.GetPermissions(page);
            if (pt != pr) diffs.Add(new(page, $"permissions {pt}", $"permissions {pr}"));
            else ComparePage(page, diffs);
            i++; j++;
        }
    }

    /// <summary>Makes the reference an exact copy of the translated process (registers, mappings, permissions, contents).</summary>
    private void SyncReference()
    {
        *_refCpu.State = *_process.Cpu.State;
        var tp = _process.Memory.MappedPages();
        var rp = new HashSet<ulong>(_refMemory.MappedPages());
        var keep = new HashSet<ulong>(tp);
        foreach (var page in rp)
            if (!keep.Contains(page)) _refMemory.Unmap(page, GuestMemory.PageSize);
        // Map missing pages in runs of equal permissions (one host allocation per run).
        for (int i = 0; i < tp.Length;)
        {
            if (rp.Contains(tp[i])) { i++; continue; }
            var perms = _process.Memory.GetPermissions(tp[i]);
            int k = i + 1;
            while (k < tp.Length && tp[k] == tp[k - 1] + GuestMemory.PageSize && !rp.Contains(tp[k]) && _process.Memory.GetPermissions(tp[k]) == perms) k++;
            _refMemory.Map(tp[i], (ulong)(k - i) * GuestMemory.PageSize, perms);
            i = k;
        }
        foreach (var page in tp)
        {
            var perms = _process.Memory.GetPermissions(page);
            if (_refMemory.GetPermissions(page) != perms) _refMemory.Protect(page, GuestMemory.PageSize, perms);
            byte* a = HostPage(_process.Memory, page), b = HostPage(_refMemory, page);
            var sa = new ReadOnlySpan<byte>(a, (int)GuestMemory.PageSize);
            var sb = new Span<byte>(b, (int)GuestMemory.PageSize);
            if (!sa.SequenceEqual(sb)) sa.CopyTo(sb);
            _refMemory.SetCodePage(page, true);
        }
    }

    public void Dispose()
    {
        _process.Engine = null;
        _translated.Dispose();
        _refCpu.Dispose();
        _refMemory.Dispose();
    }

    /// <summary>The translated engine as the process's <see cref="IExecutionEngine"/> (mapping changes drop its translations).</summary>
    private sealed class EngineAdapter(TranslatedEngine engine) : IExecutionEngine
    {
        public EnginePolicy Policy => EnginePolicy.Translator;
        public EngineStatistics Statistics { get; } = new();
        public StopReason Run(ulong budget) => engine.Run(budget);
        public void InvalidatePage(ulong pageAddress) => engine.Cache.InvalidatePage(pageAddress);
        public void Dispose() { }
    }
}
