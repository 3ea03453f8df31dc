using System.Text;
using A64Jit.Core.Disassembly;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Interpretation;

/// <summary>The registers both engines start from and are compared on.</summary>
public sealed class RegisterSet
{
    public readonly ulong[] X = new ulong[31];
    public ulong Sp;
    public ulong Pc;
    public uint Nzcv;
    public readonly UInt128[] V = new UInt128[32];
    public uint Fpcr;
    public uint Fpsr;

    public RegisterSet Clone()
    {
        var r = new RegisterSet { Sp = Sp, Pc = Pc, Nzcv = Nzcv, Fpcr = Fpcr, Fpsr = Fpsr };
        X.CopyTo(r.X, 0);
        V.CopyTo(r.V, 0);
        return r;
    }

    /// <summary>Names and values of registers that differ, one "name: a vs b" per line.</summary>
    public static List<string> Differences(RegisterSet ours, RegisterSet theirs, RegisterSet before)
    {
        var d = new List<string>();
        void Add(string name, string b, string o, string t) => d.Add($"{name}: before {b}, ours {o}, unicorn {t}");
        for (int i = 0; i < 31; i++)
            if (ours.X[i] != theirs.X[i]) Add($"X{i}", $"0x{before.X[i]:x}", $"0x{ours.X[i]:x}", $"0x{theirs.X[i]:x}");
        if (ours.Sp != theirs.Sp) Add("SP", $"0x{before.Sp:x}", $"0x{ours.Sp:x}", $"0x{theirs.Sp:x}");
        if (ours.Pc != theirs.Pc) Add("PC", $"0x{before.Pc:x}", $"0x{ours.Pc:x}", $"0x{theirs.Pc:x}");
        if (ours.Nzcv != theirs.Nzcv) Add("NZCV", Flags(before.Nzcv), Flags(ours.Nzcv), Flags(theirs.Nzcv));
        for (int i = 0; i < 32; i++)
            if (ours.V[i] != theirs.V[i]) Add($"V{i}", $"0x{before.V[i]:x32}", $"0x{ours.V[i]:x32}", $"0x{theirs.V[i]:x32}");
        if (ours.Fpsr != theirs.Fpsr) Add("FPSR", $"0x{before.Fpsr:x}", $"0x{ours.Fpsr:x}", $"0x{theirs.Fpsr:x}");
        if (ours.Fpcr != theirs.Fpcr) Add("FPCR", $"0x{before.Fpcr:x}", $"0x{ours.Fpcr:x}", $"0x{theirs.Fpcr:x}");
        return d;
    }

    public static string Flags(uint nzcv) =>
        $"{((nzcv & NzcvBits.N) != 0 ? 'N' : 'n')}{((nzcv & NzcvBits.Z) != 0 ? 'Z' : 'z')}{((nzcv & NzcvBits.C) != 0 ? 'C' : 'c')}{((nzcv & NzcvBits.V) != 0 ? 'V' : 'v')}";
}

/// <summary>How one engine finished a case.</summary>
public readonly record struct CaseEnd(bool Stopped, uint ExceptionClass, string Detail)
{
    public static readonly CaseEnd Retired = new(false, 0, "retired");
}

/// <summary>
/// Runs the same instruction from the same registers and memory in the reference
/// interpreter and in Unicorn, and compares the results. One instance keeps both engines
/// (and their memory maps) for many cases: code at <see cref="CodeBase"/>, a read/write data
/// region at <see cref="DataBase"/> whose contents are reset before every case.
/// Both run at EL1 with SP_EL1 selected, which is where Unicorn runs guest code (see
/// <see cref="UnicornTests.StartsAtEl1WithSpEl1Selected"/>); exceptions are therefore
/// compared with their same-EL classes.
/// </summary>
public sealed unsafe class DifferentialHarness : IDisposable
{
    public const ulong CodeBase = 0x40_0000;
    public const ulong CodeSize = 0x1000;
    public const ulong DataBase = 0x80_0000;
    public const ulong DataSize = 0x2000;

    private Unicorn _uc = NewUnicorn();
    private int _runs;

    /// <summary>
    /// Unicorn 2.0.1 grows with every run and crashes the process after roughly 70,000–100,000
    /// runs of one instance, so the harness starts a fresh instance this often (each case
    /// writes its own code and data, so nothing carries over that matters).
    /// </summary>
    public const int RunsPerUnicornInstance = 10_000;

    private static Unicorn NewUnicorn()
    {
        var uc = new Unicorn();
        // Unicorn fetches ahead of a counted instruction at the end of a page, so the code
        // page is followed by a mapped page in both engines (cases place PC in the first).
        uc.Map(CodeBase, CodeSize + 0x1000, 5);
        uc.Map(DataBase, DataSize, 3);
        return uc;
    }
    private readonly GuestMemory _memory = new();
    private readonly CpuContext _cpu = new();
    private readonly Interpreter _interpreter;
    private readonly byte[] _dataImage = new byte[DataSize];

    public DifferentialHarness()
    {
        _memory.Map(CodeBase, CodeSize + 0x1000, MemoryPermissions.ReadExecute);
        _memory.Map(DataBase, DataSize, MemoryPermissions.ReadWrite);
        _interpreter = new Interpreter(_cpu, _memory);
        _cpu.Pstate = El1h;
    }

    /// <summary>PSTATE.M = EL1h (EL 1, SPSel 1).</summary>
    public const uint El1h = (1u << 2) | PstateBits.SpSel;

    public byte[] DataImage => _dataImage;

    /// <summary>Fills the data region image (applied to both engines at every case) from <paramref name="rng"/>.</summary>
    public void RandomizeData(Random rng) => rng.NextBytes(_dataImage);

    public sealed record Result(RegisterSet Before, RegisterSet Ours, RegisterSet Theirs, CaseEnd OursEnd, CaseEnd TheirsEnd, List<string> Differences);

    /// <summary>Runs <paramref name="word"/> at <c>before.Pc</c> (inside the code page) in both engines.</summary>
    public Result RunOne(uint word, RegisterSet before) => RunBlock([word], before);

    /// <summary>
    /// Places <paramref name="words"/> at <c>before.Pc</c> and runs that many instructions in
    /// both engines (branches may leave the block; both count executed instructions).
    /// </summary>
    public Result RunBlock(ReadOnlySpan<uint> words, RegisterSet before)
    {
        ulong pc = before.Pc;
        if (pc < CodeBase || pc + 4 * (ulong)words.Length > CodeBase + CodeSize + 0x1000)
            throw new ArgumentOutOfRangeException(nameof(before), $"block at 0x{pc:x} does not fit the code pages");
        if (++_runs % RunsPerUnicornInstance == 0)
        {
            // The new instance gets the code pages as they are (literal loads read them).
            _uc.Dispose();
            _uc = NewUnicorn();
            var image = new byte[CodeSize + 0x1000];
            _memory.ReadPrivileged(CodeBase, image);
            _uc.WriteCode(CodeBase, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(image));
        }
        _uc.WriteCode(pc, words);
        for (int i = 0; i < words.Length; i++) _memory.WriteU32Privileged(pc + 4 * (ulong)i, words[i]);
        _uc.Write(DataBase, _dataImage);
        _memory.WritePrivileged(DataBase, _dataImage);

        LoadUnicorn(before);
        LoadOurs(before);

        var ucStop = _uc.Run(pc, (ulong)words.Length);
        var ourReason = _interpreter.Run((ulong)words.Length);
        // WFI/WFE retire and then report that the core waits. Unicorn's run ends after a WFI
        // (QEMU halts the vCPU) but goes on after a WFE (a yield there), so after a WFE ours
        // is resumed, as a runtime with no event pending would; both are compared where they end.
        while (ourReason == StopReason.WaitForInterrupt && _cpu.State->Budget > 0 && IsWfe(_memory.ReadU32Privileged(_cpu.State->PC - 4)))
            ourReason = _interpreter.Run(_cpu.State->Budget);
        if (ourReason is StopReason.BudgetExhausted or StopReason.WaitForInterrupt) ourReason = StopReason.None;

        var theirs = SaveUnicorn();
        var ours = SaveOurs();
        var oursEnd = OurEnd(ourReason);
        var theirsEnd = TheirEnd(ucStop);
        // Unicorn fetches the next instruction before stopping after its counted ones: a
        // fetch fault at its final PC, away from the block's start, when ours executed all of
        // them, means the last instruction retired (a branch to unmapped memory).
        if (ucStop.FaultType is UcMemType.FetchUnmapped or UcMemType.FetchProt && ucStop.FaultAddress == theirs.Pc && theirs.Pc != pc && !oursEnd.Stopped)
            theirsEnd = CaseEnd.Retired;

        var diffs = new List<string>();
        // Unicorn 2.0.1 (QEMU 5) does not raise PC alignment faults: it fetches from the
        // misaligned address. A block that ends in ours with that fault (EC 0x22, as the Arm
        // ARM gives it before any fetch) is counted and not compared.
        if (oursEnd.Stopped && oursEnd.ExceptionClass == Syndrome.PcAlignment)
        {
            PcAlignmentStops++;
            return new Result(before, ours, theirs, oursEnd, theirsEnd, diffs);
        }
        if (oursEnd.Stopped != theirsEnd.Stopped || (oursEnd.Stopped && oursEnd.ExceptionClass != theirsEnd.ExceptionClass))
            diffs.Add($"end: ours {oursEnd.Detail}, unicorn {theirsEnd.Detail}");
        if (!oursEnd.Stopped && !theirsEnd.Stopped)
        {
            diffs.AddRange(RegisterSet.Differences(ours, theirs, before));
            CompareData(diffs);
        }
        if (oursEnd.Stopped && words.Length == 1)
        {
            // A stop leaves every register as it was (PC at the instruction).
            foreach (var d in RegisterSet.Differences(ours, before, before)) diffs.Add("changed by a stop: " + d.Replace("unicorn", "expected"));
        }
        return new Result(before, ours, theirs, oursEnd, theirsEnd, diffs);
    }

    /// <summary>Cases that ended in ours with a PC alignment fault, which Unicorn does not model (not compared).</summary>
    public int PcAlignmentStops { get; private set; }

    private static bool IsWfe(uint word) => word == 0xD503205F;

    private void CompareData(List<string> diffs)
    {
        var a = new byte[DataSize];
        var b = new byte[DataSize];
        _memory.ReadPrivileged(DataBase, a);
        _uc.Read(DataBase, b);
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) continue;
            int start = i & ~15;
            diffs.Add($"memory 0x{DataBase + (ulong)start:x}: before {Hex(_dataImage, start)}, ours {Hex(a, start)}, unicorn {Hex(b, start)}");
            break;
        }
    }

    private static string Hex(byte[] bytes, int start) => Convert.ToHexString(bytes, start, Math.Min(16, bytes.Length - start)).ToLowerInvariant();

    private CaseEnd OurEnd(StopReason reason)
    {
        // WFI/WFE complete and then report that the core waits: the instruction retired.
        if (reason is StopReason.None or StopReason.WaitForInterrupt) return CaseEnd.Retired;
        var s = _cpu.State;
        uint ec = Syndrome.ExceptionClass(s->ExitSyndrome);
        return new CaseEnd(true, ec, $"{reason} EC 0x{ec:x2} syndrome 0x{s->ExitSyndrome:x8} address 0x{s->ExitAddress:x}");
    }

    /// <summary>Unicorn's stop, mapped to the exception class the architecture gives at EL1.</summary>
    private static CaseEnd TheirEnd(UcStop stop)
    {
        if (stop.Clean) return CaseEnd.Retired;
        uint ec = stop.Interrupt switch
        {
            1 => Syndrome.Unknown,          // EXCP_UDEF
            2 => Syndrome.Svc64,            // EXCP_SWI
            7 => Syndrome.Brk64,            // EXCP_BKPT
            11 => Syndrome.Hvc64,           // EXCP_HVC
            13 => Syndrome.Smc64,           // EXCP_SMC
            _ => 0xFF,
        };
        if (stop.Faulted)
            ec = stop.FaultType is UcMemType.FetchUnmapped or UcMemType.FetchProt ? Syndrome.InstructionAbortSameEl : Syndrome.DataAbortSameEl;
        return new CaseEnd(true, ec, stop.ToString());
    }

    private void LoadUnicorn(RegisterSet r)
    {
        for (int i = 0; i < 31; i++) _uc.SetX(i, r.X[i]);
        _uc.Sp = r.Sp;
        _uc.Pc = r.Pc;
        _uc.Nzcv = r.Nzcv;
        for (int i = 0; i < 32; i++) _uc.SetV(i, r.V[i]);
        _uc.Fpcr = r.Fpcr;
        _uc.Fpsr = r.Fpsr;
    }

    private RegisterSet SaveUnicorn()
    {
        var r = new RegisterSet();
        for (int i = 0; i < 31; i++) r.X[i] = _uc.GetX(i);
        r.Sp = _uc.Sp;
        r.Pc = _uc.Pc;
        r.Nzcv = _uc.Nzcv;
        for (int i = 0; i < 32; i++) r.V[i] = _uc.GetV(i);
        r.Fpcr = _uc.Fpcr;
        r.Fpsr = _uc.Fpsr;
        return r;
    }

    private void LoadOurs(RegisterSet r)
    {
        var s = _cpu.State;
        CpuStateOps.SetPstate(s, El1h);
        // Unicorn (QEMU) does not check SP alignment although its SCTLR_EL1.SA is set.
        s->SctlrEl1 = 0;
        for (int i = 0; i < 31; i++) s->X[i] = r.X[i];
        s->X[31] = r.Sp;
        s->PC = r.Pc;
        s->Nzcv = r.Nzcv;
        for (int i = 0; i < 32; i++) _cpu.SetV(i, r.V[i]);
        s->Fpcr = r.Fpcr;
        s->Fpsr = r.Fpsr;
    }

    private RegisterSet SaveOurs()
    {
        var s = _cpu.State;
        var r = new RegisterSet();
        for (int i = 0; i < 31; i++) r.X[i] = s->X[i];
        r.Sp = s->X[31];
        r.Pc = s->PC;
        r.Nzcv = s->Nzcv;
        for (int i = 0; i < 32; i++) r.V[i] = _cpu.GetV(i);
        r.Fpcr = s->Fpcr;
        r.Fpsr = s->Fpsr;
        return r;
    }

    /// <summary>The failure text of one case: seed, word, its disassembly and what differs.</summary>
    public static string Describe(string encoding, int seed, int caseIndex, uint word, ulong pc, Result r)
    {
        var sb = new StringBuilder();
        sb.Append($"{encoding} seed {seed} case {caseIndex}: 0x{word:x8}  {Disassembler.Format(word, pc).Replace('\t', ' ')}");
        foreach (var d in r.Differences) sb.Append("\n    ").Append(d);
        return sb.ToString();
    }

    public void Dispose()
    {
        _uc.Dispose();
        _memory.Dispose();
        _cpu.Dispose();
    }
}
