using System.Text;
using A64Jit.Core.Decoding;
using A64Jit.Core.Disassembly;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Tests.Oracles;
using Decoder = A64Jit.Core.Decoding.Decoder;
using Encoding = A64Jit.Core.Decoding.Encoding;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// Random blocks of 5 and 20 integer instructions in the interpreter and in Unicorn:
/// instructions are drawn from the integer encoding groups (data processing immediate and
/// register, loads and stores, forward branches) — from those encodings that have
/// interpreter semantics when the test runs. Loads and stores mostly use X28 as their base,
/// which points into the middle of the data region and which no other instruction of the
/// block writes; branches only go forward and stay inside the block (a target may be the
/// end). After the block (or at the instruction where one engine stops) X0–X30, SP, PC,
/// NZCV, the data region and the way the block ended are compared.
/// A64JIT_DIFF_BLOCKS (default 10,000 in all, half of each length) raises the count,
/// A64JIT_SEED changes the seed; a failure prints the block's seed and its disassembly.
/// </summary>
/// <remarks>
/// Left out of blocks, because Unicorn 2.0.1 does not follow the Arm ARM there (see
/// LoadStoreDifferentialTests, which checks them against the Arm ARM): load/store-exclusive
/// and load-acquire/store-release encodings (Unicorn checks alignment after its exclusive
/// monitor, and does not check it for ordered accesses) and LDSMAX/LDSMIN/LDUMAX/LDUMIN
/// (Unicorn compares narrow operands at 64 bits).
/// </remarks>
[TestFixture, Category("Unicorn")]
public sealed unsafe class BlockDifferentialTests
{
    private static int Blocks => ToolPaths.Count("A64JIT_DIFF_BLOCKS", 10_000);
    private static int Seed => ToolPaths.Count("A64JIT_SEED", 20261125);

    /// <summary>Blocks per Unicorn instance: its translation cache only grows, and a full one crashes the process.</summary>
    private const int BlocksPerInstance = 2_000;

    private const int BaseRegister = 28;
    /// <summary>Holds a small offset (0..255) for register-offset loads and stores; not written by the block either.</summary>
    private const int IndexRegister = 27;

    [OneTimeSetUp]
    public void Open()
    {
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed (the test command installs libunicorn2)");
    }

    private static readonly string[] UnicornDeviating =
        ["LDSMAX", "LDSMIN", "LDUMAX", "LDUMIN"];

    private static bool Excluded(Encoding e)
    {
        if (e.Group != EncodingGroup.LoadStore) return false;
        string n = e.Name;
        if (n.Contains("XR") || n.Contains("XP")) return true;                  // exclusives
        if (n.StartsWith("LDAR") || n.StartsWith("STLR") || n.StartsWith("LDAPR")) return true; // ordered
        foreach (var p in UnicornDeviating) if (n.StartsWith(p)) return true;
        return false;
    }

    private static readonly string[] ForwardBranches = ["B_cond", "B", "CBZ", "CBNZ", "TBZ", "TBNZ"];

    /// <summary>The encodings blocks are drawn from: implemented integer encodings, and the forward branches.</summary>
    public static (List<Encoding> Straight, List<Encoding> Branches) Pool()
    {
        var straight = new List<Encoding>();
        var branches = new List<Encoding>();
        foreach (var e in Interpreter.ImplementedEncodings)
        {
            if (e.Group is EncodingGroup.DataProcessingImmediate or EncodingGroup.DataProcessingRegister or EncodingGroup.LoadStore)
            {
                if (!Excluded(e)) straight.Add(e);
            }
            else if (e.Group == EncodingGroup.BranchExceptionSystem && Array.IndexOf(ForwardBranches, e.Name) >= 0)
                branches.Add(e);
        }
        return (straight, branches);
    }

    [TestCase(5)]
    [TestCase(20)]
    public void RandomBlocksAgreeWithUnicorn(int length)
    {
        var (straight, branches) = Pool();
        Assert.That(straight, Is.Not.Empty);
        int blocks = (Blocks + 1) / 2;
        var master = new Random(Seed ^ (length * 7919));
        var failures = new List<string>();
        int stopped = 0, memoryOps = 0, branchOps = 0, instructions = 0;
        var stopsBy = new Dictionary<string, int>();
        BlockHarness? h = null;
        try
        {
            for (int b = 0; b < blocks; b++)
            {
                if (b % BlocksPerInstance == 0)
                {
                    h?.Dispose();
                    h = new BlockHarness();
                }
                int blockSeed = master.Next();
                var block = MakeBlock(new Random(blockSeed), length, straight, branches, out var before);
                foreach (uint w in block)
                {
                    var g = EncodingTable.All[Decoder.Decode(w)].Group;
                    if (g == EncodingGroup.LoadStore) memoryOps++;
                    else if (g == EncodingGroup.BranchExceptionSystem) branchOps++;
                }
                instructions += block.Length;
                var r = h!.Run(block, before, new Random(blockSeed ^ 0x5bd1e995));
                if (r.Stopped)
                {
                    stopped++;
                    string at = r.StopEncoding ?? "?";
                    stopsBy[at] = stopsBy.GetValueOrDefault(at) + 1;
                }
                if (r.Differences.Count > 0)
                {
                    failures.Add(Describe(length, blockSeed, block, before.Pc, r));
                    if (failures.Count >= 10) break;
                }
            }
        }
        finally
        {
            h?.Dispose();
        }
        TestContext.Out.WriteLine($"blocks of {length}: {blocks} run, {instructions} instructions ({memoryOps} loads/stores, {branchOps} branches, " +
                                  $"from {straight.Count} straight-line and {branches.Count} branch encodings), {stopped} stopped early, {failures.Count} mismatches");
        TestContext.Out.WriteLine("  early stops at: " + string.Join(", ", stopsBy.OrderByDescending(p => p.Value).Take(8).Select(p => $"{p.Key} {p.Value}")));
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} blocks differ from Unicorn (A64JIT_SEED={Seed}):\n" + string.Join("\n", failures));
    }

    private static string Describe(int length, int blockSeed, uint[] block, ulong pc, BlockResult r)
    {
        var sb = new StringBuilder();
        sb.Append($"block of {length}, block seed {blockSeed}, ours {r.OursEnd}, unicorn {r.TheirsEnd}:");
        for (int i = 0; i < block.Length; i++)
            sb.Append($"\n    0x{pc + 4 * (ulong)i:x}: {block[i]:x8}  {Disassembler.Format(block[i], pc + 4 * (ulong)i).Replace('\t', ' ')}");
        foreach (var d in r.Differences) sb.Append("\n    ").Append(d);
        return sb.ToString();
    }

    // ------------------------------------------------------------------ block generation

    /// <summary>
    /// Whether <paramref name="w"/> may write the base register: Rd/Rt (bits 4:0) and, for
    /// loads and stores, Rt2 (14:10, pairs) and Rs (20:16, written by CAS). For encodings
    /// where those bits are an immediate, the few words rejected cost nothing.
    /// </summary>
    private static bool WritesBase(uint w, Encoding e)
    {
        static bool Reserved(uint r) => r is BaseRegister or IndexRegister;
        if (Reserved(w & 31)) return true;
        return e.Group == EncodingGroup.LoadStore && (Reserved((w >> 10) & 31) || Reserved((w >> 16) & 31));
    }

    private static bool HasBaseField(Encoding e) => e.Group == EncodingGroup.LoadStore && !e.Name.EndsWith("_lit");

    public static uint[] MakeBlock(Random rng, int length, List<Encoding> straight, List<Encoding> branches, out RegisterSet before)
    {
        before = DifferentialTests.RandomRegisters(rng, memoryGroup: true, fpGroup: false);
        before.Pc = BlockHarness.CodeBase + 4 * (ulong)rng.Next((int)(BlockHarness.CodeSize / 4) - length);
        before.X[IndexRegister] = (ulong)rng.Next(256);
        before.X[BaseRegister] = BlockHarness.DataBase + BlockHarness.DataSize / 2 + (ulong)(rng.Next(-64, 64) * 8) + (rng.Next(4) == 0 ? (ulong)rng.Next(8) : 0);
        if (rng.Next(2) == 0) before.Sp = BlockHarness.DataBase + (ulong)rng.Next((int)BlockHarness.DataSize / 16) * 16;

        var block = new uint[length];
        for (int i = 0; i < length; i++)
        {
            bool branch = branches.Count > 0 && rng.Next(8) == 0;
            block[i] = branch ? ForwardBranch(rng, branches, length - i) : Straight(rng, straight, i);
        }
        return block;
    }

    private static uint Straight(Random rng, List<Encoding> pool, int index)
    {
        for (int attempt = 0; ; attempt++)
        {
            var e = pool[rng.Next(pool.Count)];
            uint? drawn = DifferentialTests.RandomWord(e, rng, 2 + index + attempt);
            if (drawn is not uint w) continue;
            if (HasBaseField(e) && rng.Next(16) != 0)
            {
                uint based = (w & ~(31u << 5)) | ((uint)BaseRegister << 5);
                if (e.Name.EndsWith("_reg")) based = (based & ~(31u << 16)) | ((uint)IndexRegister << 16);
                // Writeback by imm9 mostly in multiples of 8, so that X28 stays aligned for later accesses.
                if ((e.Name.EndsWith("_pre") || e.Name.EndsWith("_post")) && !e.Name.Contains('P') && rng.Next(4) != 0) based &= ~(7u << 12);
                // Scaled unsigned offsets (imm12) mostly small, so that the access stays in the region.
                if (e.Name.EndsWith("_imm_offset") && rng.Next(4) != 0) based = (based & ~(0xFFFu << 10)) | ((uint)rng.Next(64) << 10);
                if (Decoder.Decode(based) == e.Id) w = based;
            }
            // Literal loads mostly read the code pages near the block.
            if (e.Name.EndsWith("_lit") && rng.Next(4) != 0)
            {
                uint near = (w & ~(0x7FFFFu << 5)) | ((uint)rng.Next(256) << 5);
                if (Decoder.Decode(near) == e.Id) w = near;
            }
            // Writeback forms with X28 as their base move it by at most 512 bytes: still inside the region.
            if (WritesBase(w, e)) continue;
            return w;
        }
    }

    /// <summary>A forward branch from this slot to 1..<paramref name="room"/> instructions ahead (at most the block's end).</summary>
    private static uint ForwardBranch(Random rng, List<Encoding> pool, int room)
    {
        var e = pool[rng.Next(pool.Count)];
        uint w = DifferentialTests.RandomWord(e, rng, 2) ?? throw new InvalidOperationException(e.Name);
        uint k = (uint)rng.Next(1, room + 1);
        w = e.Name switch
        {
            "B" => (w & ~0x03FF_FFFFu) | k,
            "TBZ" or "TBNZ" => (w & ~(0x3FFFu << 5)) | (k << 5),
            _ => (w & ~(0x7FFFFu << 5)) | (k << 5),
        };
        if (Decoder.Decode(w) != e.Id) throw new InvalidOperationException($"{e.Name}: 0x{w:x8}");
        return w;
    }
}

public sealed record BlockResult(bool Stopped, string OursEnd, string TheirsEnd, List<string> Differences, string? StopEncoding);

/// <summary>Both engines with a code region and a read/write data region, running whole blocks.</summary>
public sealed unsafe class BlockHarness : IDisposable
{
    public const ulong CodeBase = 0x40_0000;
    public const ulong CodeSize = 0x1000;
    public const ulong DataBase = 0x80_0000;
    public const ulong DataSize = 0x2000;

    private readonly Unicorn _uc = new();
    private readonly GuestMemory _memory = new();
    private readonly CpuContext _cpu = new();
    private readonly Interpreter _interpreter;
    private readonly byte[] _data = new byte[DataSize];
    private readonly uint[] _code = new uint[CodeSize / 4 + 1];

    public BlockHarness()
    {
        // The page after the code is mapped too: Unicorn fetches ahead at a page end. Code is
        // read/execute in both, so that a store into it faults in both.
        _uc.Map(CodeBase, CodeSize + 0x1000, 5);
        _uc.Map(DataBase, DataSize, 3);
        _memory.Map(CodeBase, CodeSize + 0x1000, MemoryPermissions.ReadExecute);
        _memory.Map(DataBase, DataSize, MemoryPermissions.ReadWrite);
        _interpreter = new Interpreter(_cpu, _memory);
        CpuStateOps.SetPstate(_cpu.State, DifferentialHarness.El1h);
    }

    public BlockResult Run(uint[] block, RegisterSet before, Random dataRng)
    {
        ulong pc = before.Pc, end = pc + 4 * (ulong)block.Length;
        // Code: the block, then BRK #0 words around it (never reached).
        Array.Fill(_code, 0xD420_0000u);
        int at = (int)((pc - CodeBase) / 4);
        block.CopyTo(_code, at);
        _uc.WriteCode(CodeBase, _code);
        for (int i = 0; i < _code.Length; i++) _memory.WriteU32Privileged(CodeBase + 4 * (ulong)i, _code[i]);
        dataRng.NextBytes(_data);
        _uc.Write(DataBase, _data);
        _memory.WritePrivileged(DataBase, _data);

        // Unicorn: until the end address, at most one execution of each instruction.
        for (int i = 0; i < 31; i++) _uc.SetX(i, before.X[i]);
        _uc.Sp = before.Sp;
        _uc.Pc = pc;
        _uc.Nzcv = before.Nzcv;
        _uc.Fpcr = 0;
        _uc.Fpsr = 0;
        var ucStop = _uc.Run(pc, (ulong)block.Length, end);

        var s = _cpu.State;
        CpuStateOps.SetPstate(s, DifferentialHarness.El1h);
        for (int i = 0; i < 31; i++) s->X[i] = before.X[i];
        s->X[31] = before.Sp;
        s->PC = pc;
        s->Nzcv = before.Nzcv;
        s->Fpcr = 0;
        s->Fpsr = 0;
        s->ExclusiveSize = 0;
        StopReason ours = StopReason.None;
        for (int i = 0; i < block.Length && s->PC != end; i++)
        {
            ours = _interpreter.Step();
            if (ours != StopReason.None) break;
        }

        var d = new List<string>();
        bool oursStopped = ours != StopReason.None;
        // A fetch fault at Unicorn's final PC, away from the block, is its look-ahead, not a stop.
        bool theirsStopped = !ucStop.Clean && !(ucStop.FaultType is UcMemType.FetchUnmapped or UcMemType.FetchProt && ucStop.FaultAddress == _uc.Pc && ucStop.FaultAddress == end);
        uint ourEc = oursStopped ? Syndrome.ExceptionClass(s->ExitSyndrome) : 0;
        uint theirEc = ucStop.Faulted ? (ucStop.FaultType is UcMemType.FetchUnmapped or UcMemType.FetchProt ? Syndrome.InstructionAbortSameEl : Syndrome.DataAbortSameEl)
                     : ucStop.Interrupt switch
                     {
                         1 => Syndrome.Unknown,                  // EXCP_UDEF
                         3 => Syndrome.InstructionAbortSameEl,   // EXCP_PREFETCH_ABORT
                         4 => Syndrome.DataAbortSameEl,          // EXCP_DATA_ABORT (e.g. an alignment fault)
                         _ => 0xFF,
                     };
        string oursEnd = oursStopped ? $"{ours} EC 0x{ourEc:x2} at 0x{s->PC:x} address 0x{s->ExitAddress:x}" : $"completed at 0x{s->PC:x}";
        string theirsEnd = theirsStopped ? $"{ucStop} at 0x{_uc.Pc:x}" : $"completed at 0x{_uc.Pc:x}";
        if (oursStopped != theirsStopped || (oursStopped && ourEc != theirEc))
            d.Add($"end: ours {oursEnd}, unicorn {theirsEnd}");

        for (int i = 0; i < 31; i++)
        {
            ulong a = s->X[i], b = _uc.GetX(i);
            if (a != b) d.Add($"X{i}: before 0x{before.X[i]:x}, ours 0x{a:x}, unicorn 0x{b:x}");
        }
        if (s->X[31] != _uc.Sp) d.Add($"SP: before 0x{before.Sp:x}, ours 0x{s->X[31]:x}, unicorn 0x{_uc.Sp:x}");
        if (s->PC != _uc.Pc) d.Add($"PC: before 0x{pc:x}, ours 0x{s->PC:x}, unicorn 0x{_uc.Pc:x}");
        if (s->Nzcv != _uc.Nzcv) d.Add($"NZCV: before {RegisterSet.Flags(before.Nzcv)}, ours {RegisterSet.Flags(s->Nzcv)}, unicorn {RegisterSet.Flags(_uc.Nzcv)}");

        var ourData = new byte[DataSize];
        var theirData = new byte[DataSize];
        _memory.ReadPrivileged(DataBase, ourData);
        _uc.Read(DataBase, theirData);
        for (int i = 0; i < ourData.Length; i++)
        {
            if (ourData[i] == theirData[i]) continue;
            int start = i & ~15;
            d.Add($"memory 0x{DataBase + (ulong)start:x}: before {Hex(_data, start)}, ours {Hex(ourData, start)}, unicorn {Hex(theirData, start)}");
            break;
        }
        string? stopEncoding = null;
        if (oursStopped && s->PC >= pc && s->PC < end)
        {
            int id = Decoder.Decode(block[(int)((s->PC - pc) / 4)]);
            stopEncoding = id < 0 ? "undecodable" : $"{EncodingTable.All[id].Name} (EC 0x{ourEc:x2})";
        }
        return new BlockResult(oursStopped, oursEnd, theirsEnd, d, stopEncoding);
    }

    private static string Hex(byte[] bytes, int start) => Convert.ToHexString(bytes, start, Math.Min(16, bytes.Length - start)).ToLowerInvariant();

    public void Dispose()
    {
        _uc.Dispose();
        _memory.Dispose();
        _cpu.Dispose();
    }
}
