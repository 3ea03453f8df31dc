using System.Text;
using A64Jit.Core.Disassembly;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Interpretation;

/// <summary>The integer registers a load/store case starts from and is compared on.</summary>
public sealed class LoadStoreRegs
{
    public readonly ulong[] X = new ulong[31];
    public ulong Sp;
    public ulong Pc;
    public uint Nzcv;

    public LoadStoreRegs Clone()
    {
        var r = new LoadStoreRegs { Sp = Sp, Pc = Pc, Nzcv = Nzcv };
        X.CopyTo(r.X, 0);
        return r;
    }

    /// <summary>X[n] as the base register reads it: SP for 31.</summary>
    public ulong XOrSp(int n) => n == 31 ? Sp : X[n];

    public void SetXOrSp(int n, ulong v)
    {
        if (n == 31) Sp = v; else X[n] = v;
    }

    public static List<string> Differences(LoadStoreRegs a, LoadStoreRegs b, LoadStoreRegs before, string aName, string bName)
    {
        var d = new List<string>();
        void Add(string name, ulong x, ulong y, ulong z) => d.Add($"{name}: before 0x{z:x}, {aName} 0x{x:x}, {bName} 0x{y:x}");
        for (int i = 0; i < 31; i++) if (a.X[i] != b.X[i]) Add($"X{i}", a.X[i], b.X[i], before.X[i]);
        if (a.Sp != b.Sp) Add("SP", a.Sp, b.Sp, before.Sp);
        if (a.Pc != b.Pc) Add("PC", a.Pc, b.Pc, before.Pc);
        if (a.Nzcv != b.Nzcv) Add("NZCV", a.Nzcv, b.Nzcv, before.Nzcv);
        return d;
    }
}

/// <summary>How one engine ended a case: retired, or stopped by an abort (alignment or translation/permission), UNDEFINED or something else.</summary>
public enum LoadStoreEnd { Retired, Abort, AlignmentAbort, Undefined, Other }

/// <summary>
/// Runs load/store instructions from the same registers and memory in the reference
/// interpreter and in Unicorn. Memory map (both engines): a 4 KiB read+execute code page at
/// <see cref="CodeBase"/>, directly followed by a 64 KiB read/write data region at
/// <see cref="DataBase"/> (reset to <see cref="Image"/> before every case); everything
/// around them is unmapped, so accesses below the data region hit the code page (reads
/// work, writes fault) and accesses past its end fault.
/// </summary>
public sealed unsafe class LoadStoreHarness : IDisposable
{
    public const ulong CodeBase = 0x10_0000;
    public const ulong CodeSize = 0x1000;
    public const ulong DataBase = CodeBase + CodeSize;
    public const int DataSize = 0x10000;
    public const ulong DataEnd = DataBase + DataSize;

    /// <summary>CLREX: run in Unicorn before a case to open its exclusive monitor.</summary>
    public const uint Clrex = 0xD503305F;

    private readonly Unicorn _uc = new();
    private readonly GuestMemory _memory = new();
    private readonly CpuContext _cpu = new();
    private readonly Interpreter _interpreter;
    private readonly byte[] _ours = new byte[DataSize];
    private readonly byte[] _theirs = new byte[DataSize];

    public LoadStoreHarness()
    {
        _uc.Map(CodeBase, CodeSize, 5);
        _uc.Map(DataBase, DataSize, 3);
        _memory.Map(CodeBase, CodeSize, MemoryPermissions.ReadExecute);
        _memory.Map(DataBase, DataSize, MemoryPermissions.ReadWrite);
        _interpreter = new Interpreter(_cpu, _memory);
    }

    public byte[] Image { get; } = new byte[DataSize];

    public CpuContext Cpu => _cpu;
    public GuestMemory Memory => _memory;
    public Unicorn Oracle => _uc;

    public sealed record Result(LoadStoreRegs Before, LoadStoreRegs Ours, LoadStoreRegs Theirs, LoadStoreEnd OursEnd, LoadStoreEnd TheirsEnd,
        string OursDetail, string TheirsDetail, List<string> Differences);

    /// <summary>
    /// Runs <paramref name="words"/> (at <c>before.Pc</c>, consecutive) in both engines. With
    /// <paramref name="openMonitors"/> both exclusive monitors start open (ours directly,
    /// Unicorn's by a CLREX placed just before the words). A case whose instructions stop
    /// early ends there in that engine. Both code pages get the same bytes.
    /// </summary>
    public Result Run(uint[] words, LoadStoreRegs before, bool openMonitors)
    {
        ulong pc = before.Pc;
        ulong ucStart = pc;
        var code = new List<uint>();
        if (openMonitors)
        {
            ucStart = pc - 4;
            code.Add(Clrex);
        }
        code.AddRange(words);
        _uc.WriteCode(ucStart, code.ToArray());
        for (int i = 0; i < code.Count; i++) _memory.WriteU32Privileged(ucStart + 4 * (ulong)i, code[i]);
        _uc.Write(DataBase, Image);
        _memory.WritePrivileged(DataBase, Image);

        for (int i = 0; i < 31; i++) _uc.SetX(i, before.X[i]);
        _uc.Sp = before.Sp;
        _uc.Pc = ucStart;
        _uc.Nzcv = before.Nzcv;

        var s = _cpu.State;
        for (int i = 0; i < 31; i++) s->X[i] = before.X[i];
        s->X[31] = before.Sp;
        s->PC = pc;
        s->Nzcv = before.Nzcv;
        if (openMonitors) s->ExclusiveSize = 0;

        var ucStop = _uc.Run(ucStart, (ulong)code.Count);

        // Ours: the words one by one; the state before the last executed one is what a stop must leave.
        var ourReason = StopReason.None;
        var beforeLast = before;
        for (int i = 0; i < words.Length; i++)
        {
            beforeLast = SaveOurs();
            ourReason = _interpreter.Step();
            if (ourReason != StopReason.None) break;
        }

        var ours = SaveOurs();
        var theirs = SaveUnicorn();
        var (oursEnd, oursDetail) = OurEnd(ourReason);
        var (theirsEnd, theirsDetail) = TheirEnd(ucStop);

        var diffs = new List<string>();
        if (!SameEnd(oursEnd, theirsEnd)) diffs.Add($"end: ours {oursDetail}, unicorn {theirsDetail}");
        _memory.ReadPrivileged(DataBase, _ours);
        if (oursEnd == LoadStoreEnd.Retired && theirsEnd == LoadStoreEnd.Retired)
        {
            diffs.AddRange(LoadStoreRegs.Differences(ours, theirs, before, "ours", "unicorn"));
            _uc.Read(DataBase, _theirs);
            CompareBytes(_ours, _theirs, "ours", "unicorn", diffs);
        }
        if (oursEnd != LoadStoreEnd.Retired)
        {
            // A stop leaves every register and (for a single instruction) every byte as it was.
            foreach (var d in LoadStoreRegs.Differences(ours, beforeLast, before, "ours", "expected")) diffs.Add("changed by a stop: " + d);
            if (words.Length == 1) CompareBytes(_ours, Image, "ours", "expected", diffs, "changed by a stop: ");
        }
        return new Result(before, ours, theirs, oursEnd, theirsEnd, oursDetail, theirsDetail, diffs);
    }

    /// <summary>
    /// Both retired, or both stopped the same way. Unicorn (QEMU) checks translation before
    /// alignment, the Arm ARM alignment first: our alignment fault against Unicorn's
    /// translation/permission fault is both aborting. The reverse (Unicorn finds an alignment
    /// fault that we do not) is a mismatch.
    /// </summary>
    public static bool SameEnd(LoadStoreEnd ours, LoadStoreEnd theirs) =>
        ours == theirs || (ours == LoadStoreEnd.AlignmentAbort && theirs == LoadStoreEnd.Abort);

    private void CompareBytes(byte[] a, byte[] b, string aName, string bName, List<string> diffs, string prefix = "")
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) continue;
            int start = i & ~15;
            diffs.Add($"{prefix}memory 0x{DataBase + (ulong)start:x}: before {Hex(Image, start)}, {aName} {Hex(a, start)}, {bName} {Hex(b, start)}");
            return;
        }
    }

    private static string Hex(byte[] bytes, int start) => Convert.ToHexString(bytes, start, Math.Min(16, bytes.Length - start)).ToLowerInvariant();

    private (LoadStoreEnd, string) OurEnd(StopReason reason)
    {
        if (reason == StopReason.None) return (LoadStoreEnd.Retired, "retired");
        var s = _cpu.State;
        uint ec = Syndrome.ExceptionClass(s->ExitSyndrome);
        uint fsc = Syndrome.Iss(s->ExitSyndrome) & 0x3F;
        var end = ec switch
        {
            Syndrome.DataAbortLowerEl or Syndrome.DataAbortSameEl => fsc == Syndrome.AlignmentFault ? LoadStoreEnd.AlignmentAbort : LoadStoreEnd.Abort,
            Syndrome.Unknown => LoadStoreEnd.Undefined,
            _ => LoadStoreEnd.Other,
        };
        return (end, $"{reason} EC 0x{ec:x2} syndrome 0x{s->ExitSyndrome:x8} address 0x{s->ExitAddress:x} size {s->ExitAccessSize}");
    }

    /// <summary>Unicorn's stop: an invalid-memory hook is a translation/permission abort; QEMU's EXCP_DATA_ABORT (4) without one is an alignment fault.</summary>
    private static (LoadStoreEnd, string) TheirEnd(UcStop stop)
    {
        if (stop.Clean) return (LoadStoreEnd.Retired, "retired");
        var end = stop.Faulted ? LoadStoreEnd.Abort : stop.Interrupt switch
        {
            1 => LoadStoreEnd.Undefined,   // EXCP_UDEF
            4 => LoadStoreEnd.AlignmentAbort, // EXCP_DATA_ABORT
            _ => LoadStoreEnd.Other,
        };
        return (end, stop.ToString());
    }

    private LoadStoreRegs SaveUnicorn()
    {
        var r = new LoadStoreRegs();
        for (int i = 0; i < 31; i++) r.X[i] = _uc.GetX(i);
        r.Sp = _uc.Sp;
        r.Pc = _uc.Pc;
        r.Nzcv = _uc.Nzcv;
        return r;
    }

    private LoadStoreRegs SaveOurs()
    {
        var s = _cpu.State;
        var r = new LoadStoreRegs();
        for (int i = 0; i < 31; i++) r.X[i] = s->X[i];
        r.Sp = s->X[31];
        r.Pc = s->PC;
        r.Nzcv = s->Nzcv;
        return r;
    }

    /// <summary>The failure text of one case: seed, words with their disassembly, and what differs.</summary>
    public static string Describe(string encoding, int seed, int caseIndex, uint[] words, Result r)
    {
        var sb = new StringBuilder();
        sb.Append($"{encoding} seed {seed} case {caseIndex}:");
        for (int i = 0; i < words.Length; i++)
        {
            ulong pc = r.Before.Pc + 4 * (ulong)i;
            sb.Append($" 0x{words[i]:x8} '{Disassembler.Format(words[i], pc).Replace('\t', ' ')}'");
        }
        sb.Append($" (ours {r.OursEnd}, unicorn {r.TheirsEnd})");
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
