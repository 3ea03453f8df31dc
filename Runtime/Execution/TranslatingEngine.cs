using System.Diagnostics;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Execution;

namespace A64Jit.Runtime.Execution;

/// <summary>
/// The IL translator as an execution engine: <see cref="EnginePolicy.Translator"/>
/// translates every block before it first runs; <see cref="EnginePolicy.Tiered"/>
/// interprets a block's first <see cref="TieredHotThreshold"/> entries and translates it
/// once it is hot, so RyuJIT time goes to code that repays it.
/// </summary>
public sealed unsafe class TranslatingEngine : IExecutionEngine
{
    /// <summary>Entries of a block interpreted before the tiered engine translates it.</summary>
    public const int TieredHotThreshold = 16;

    /// <summary>
    /// Guest instructions the tiered engine interprets before it translates anything (a few
    /// milliseconds of interpretation): a short program, such as a "hello", then never pays
    /// for RyuJIT's start-up and its first translations. <c>A64JIT_TIERED_WARMUP</c> overrides
    /// it (0: translate hot blocks from the first instruction).
    /// </summary>
    public static ulong TieredWarmupInstructions { get; } =
        ulong.TryParse(Environment.GetEnvironmentVariable("A64JIT_TIERED_WARMUP"), out ulong v) ? v : 250_000;

    private readonly Interpreter? _warmup;
    private ulong _warmupLeft;

    private readonly CpuContext _cpu;
    private readonly GuestMemory _memory;
    private readonly TranslatedEngine _engine;
    private bool _disposed;

    public TranslatingEngine(EnginePolicy policy, CpuContext cpu, GuestMemory memory)
    {
        ExecutionEngines.CheckArguments(policy, cpu, memory);
        _memory = memory;
        if (policy == EnginePolicy.Interpreter) throw new ArgumentException("the interpreter is not a translating engine", nameof(policy));
        Policy = policy;
        _cpu = cpu;
        _engine = new TranslatedEngine(cpu.State, memory, new TranslatorOptions
        {
            HotThreshold = policy == EnginePolicy.Tiered ? TieredHotThreshold : 0,
        });
        if (policy == EnginePolicy.Tiered && TieredWarmupInstructions > 0)
        {
            _warmup = new Interpreter(cpu, memory);
            _warmupLeft = TieredWarmupInstructions;
        }
    }

    public EnginePolicy Policy { get; }

    public EngineStatistics Statistics { get; } = new();

    /// <summary>The translator's own counters (blocks, native/fallback mix, RyuJIT time).</summary>
    public TranslationStats TranslationStatistics => _engine.Stats;

    public StopReason Run(ulong budget)
    {
        // Translated code holds the page table's address: never run it over freed memory.
        ExecutionEngines.CheckUsable(this, _disposed, _cpu, _memory);
        var s = _cpu.State;
        ulong before = s->InstructionsRetired;
        long start = Stopwatch.GetTimestamp();
        StopReason reason;
        if (_warmupLeft > 0)
        {
            ulong slice = Math.Min(budget, _warmupLeft);
            reason = _warmup!.Run(slice);
            ulong done = s->InstructionsRetired - before;
            _warmupLeft -= Math.Min(done, _warmupLeft);
            if (reason == StopReason.BudgetExhausted && slice < budget) reason = _engine.Run(budget - done);
        }
        else reason = _engine.Run(budget);
        var st = _engine.Stats;
        Statistics.RunTime += Stopwatch.GetElapsedTime(start);
        Statistics.InstructionsExecuted += s->InstructionsRetired - before;
        Statistics.BlocksTranslated = (ulong)st.BlocksTranslated;
        Statistics.TranslationTime = TimeSpan.FromTicks((long)((st.EmitTicks + st.JitTicks) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        Statistics.FallbackInstructions = (ulong)st.FallbackExecutions;
        return reason;
    }

    public void InvalidatePage(ulong pageAddress) => _engine.Cache.InvalidatePage(pageAddress);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _engine.Dispose();
    }
}
