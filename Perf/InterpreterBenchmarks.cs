using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Perf;

/// <summary>
/// Reference interpreter speed on integer loops, in guest instructions: each benchmark
/// reports its mean per guest instruction (OperationsPerInvoke = instructions retired per
/// invocation) and the <c>M instr/s</c> column, guest instructions per second in millions.
/// </summary>
/// <remarks>
/// The interpreter is created once, so its decoded-instruction cache is warm after the
/// first invocation, as it is in any loop of a real program.
/// <c>IntegerLoop_DecodeEveryInstruction</c> runs the same integer loop as a plain
/// fetch-decode-execute loop (<see cref="Interpreter.Execute"/>, no cache, no budget or
/// stop checks): what an instruction costs when it is decoded every time.
/// </remarks>
[Config(typeof(GuestRateConfig))]
public unsafe class InterpreterBenchmarks
{
    private const ulong Code = 0x10000, Data = 0x100000;
    private const int Iterations = 4096;

    // ldr x2, [x1], #8 ; add x0, x0, x2 ; eor x4, x4, x2, lsl #3 ;
    // str x4, [x5, x3, lsl #3] ; subs x3, x3, #1 ; b.ne loop ; brk #0
    private static readonly uint[] LoadStoreLoop = [0xf8408422, 0x8b020000, 0xca020c84, 0xf82378a4, 0xf1000463, 0x54ffff61, 0xd4200000];
    private const int LoadStoreLength = 6;

    // add x0, x0, x1 ; eor x2, x2, x0 ; orr x4, x4, x2, lsr #1 ; and x6, x4, #0xff ;
    // sub x7, x7, x6 ; subs x3, x3, #1 ; b.ne loop ; brk #0
    private static readonly uint[] IntegerLoop = [0x8b010000, 0xca000042, 0xaa420484, 0x92401c86, 0xcb0600e7, 0xf1000463, 0x54ffff41, 0xd4200000];
    private const int IntegerLength = 7;

    private const ulong IntegerCode = Code + 0x800;

    private GuestMemory _memory = null!;
    private CpuContext _cpu = null!;
    private Interpreter _interpreter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _memory = new GuestMemory();
        _memory.Map(Code, 0x1000, MemoryPermissions.ReadExecute);
        _memory.Map(Data, 0x20000, MemoryPermissions.ReadWrite);
        for (int i = 0; i < LoadStoreLoop.Length; i++) _memory.WriteU32Privileged(Code + (ulong)i * 4, LoadStoreLoop[i]);
        for (int i = 0; i < IntegerLoop.Length; i++) _memory.WriteU32Privileged(IntegerCode + (ulong)i * 4, IntegerLoop[i]);
        _cpu = new CpuContext();
        _interpreter = new Interpreter(_cpu, _memory);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cpu.Dispose();
        _memory.Dispose();
    }

    private void Start(ulong pc)
    {
        var s = _cpu.State;
        s->PC = pc;
        s->X[0] = 0;
        s->X[1] = Data;
        s->X[3] = Iterations;
        s->X[5] = Data + 0x10000 - 8;
    }

    [Benchmark(OperationsPerInvoke = Iterations * IntegerLength)]
    public StopReason IntegerLoop_AddEorOrrAndSub()
    {
        Start(IntegerCode);
        return _interpreter.Run(ulong.MaxValue);
    }

    [Benchmark(OperationsPerInvoke = Iterations * LoadStoreLength)]
    public StopReason IntegerLoopWithLoadsAndStores()
    {
        Start(Code);
        return _interpreter.Run(ulong.MaxValue);
    }

    [Benchmark(OperationsPerInvoke = Iterations * IntegerLength)]
    public StopReason IntegerLoop_DecodeEveryInstruction()
    {
        Start(IntegerCode);
        var c = _interpreter.Context;
        var s = c.State;
        while (true)
        {
            ulong pc = s->PC;
            if (!c.Memory.TryFetch32(pc, out uint word)) return StopReason.Exception;
            var o = Interpreter.Execute(c, word);
            if (o == Outcome.Stop) return (StopReason)s->ExitReason;
            if (o == Outcome.Continue) s->PC = pc + 4;
            s->InstructionsRetired++;
        }
    }

    /// <summary>Adds the guest-rate column to the default configuration.</summary>
    private sealed class GuestRateConfig : ManualConfig
    {
        public GuestRateConfig() => AddColumn(new GuestRateColumn());
    }

    /// <summary>Millions of guest instructions per second: 1000 / (mean ns per instruction).</summary>
    private sealed class GuestRateColumn : IColumn
    {
        public string Id => nameof(GuestRateColumn);
        public string ColumnName => "M instr/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => 100;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Guest instructions per second, in millions (1000 / mean ns per instruction)";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            return stats == null || stats.Mean <= 0 ? "-" : (1000.0 / stats.Mean).ToString("F1");
        }
    }
}
