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
/// once it is hot, so RyuJIT time goes to code that repays it. The tiered engine compiles hot
/// blocks on a background thread (<see cref="BackgroundCompiler"/>) and keeps interpreting
/// them until their translation is in the cache, so the guest does not wait for RyuJIT
/// (<see cref="TieredBackgroundCompilation"/>); the translator policy translates synchronously.
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

    /// <summary>
    /// Whether the tiered engine compiles in the background: on unless <c>A64JIT_BACKGROUND_COMPILE</c>
    /// is <c>0</c> (then hot blocks are translated on the guest's thread, as the translator policy does).
    /// </summary>
    public static bool TieredBackgroundCompilation { get; } = Environment.GetEnvironmentVariable("A64JIT_BACKGROUND_COMPILE") != "0";

    private readonly Interpreter? _warmup;
    private ulong _warmupLeft;

    private readonly CpuContext _cpu;
    private readonly GuestMemory _memory;
    // Created on first use: a tiered run that ends within its warm-up (a "hello") never pays for
    // the translator's start-up (its native-IL tables are built by reflection, ~13 ms).
    private TranslatedEngine? _engine;
    private readonly bool _backgroundCompilation;

    private TranslatedEngine Engine => _engine ??= new TranslatedEngine(_cpu.State, _memory, new TranslatorOptions
    {
        HotThreshold = Policy == EnginePolicy.Tiered ? TieredHotThreshold : 0,
        BackgroundCompilation = _backgroundCompilation,
    });
    private bool _disposed;

    public TranslatingEngine(EnginePolicy policy, CpuContext cpu, GuestMemory memory) : this(policy, cpu, memory, null) { }

    /// <param name="backgroundCompilation">Compile hot blocks in the background (tiered policy only); null: <see cref="TieredBackgroundCompilation"/>.</param>
    public TranslatingEngine(EnginePolicy policy, CpuContext cpu, GuestMemory memory, bool? backgroundCompilation)
    {
        ExecutionEngines.CheckArguments(policy, cpu, memory);
        _memory = memory;
        if (policy == EnginePolicy.Interpreter) throw new ArgumentException("the interpreter is not a translating engine", nameof(policy));
        Policy = policy;
        _cpu = cpu;
        _backgroundCompilation = policy == EnginePolicy.Tiered && (backgroundCompilation ?? TieredBackgroundCompilation);
        if (policy == EnginePolicy.Tiered && TieredWarmupInstructions > 0)
        {
            _warmup = new Interpreter(cpu, memory);
            _warmupLeft = TieredWarmupInstructions;
        }
    }

    public EnginePolicy Policy { get; }

    /// <summary>The engine's counters; the translation figures include background compilations finished so far.</summary>
    public EngineStatistics Statistics
    {
        get
        {
            UpdateTranslationStatistics();
            return _statistics;
        }
    }

    private readonly EngineStatistics _statistics = new();

    /// <summary>The background compiler (tiered policy with background compilation), or null; asking for it creates the translated engine.</summary>
    public BackgroundCompiler? BackgroundCompiler => Engine.Background;

    /// <summary>The translator's own counters (blocks, native/fallback mix, RyuJIT time).</summary>
    public TranslationStats TranslationStatistics => _engine?.Stats ?? new TranslationStats();

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
            if (reason == StopReason.BudgetExhausted && slice < budget) reason = Engine.Run(budget - done);
        }
        else reason = Engine.Run(budget);
        _statistics.RunTime += Stopwatch.GetElapsedTime(start);
        _statistics.InstructionsExecuted += s->InstructionsRetired - before;
        UpdateTranslationStatistics();
        return reason;
    }

    private void UpdateTranslationStatistics()
    {
        // The compiler thread adds to these counters atomically; 64-bit reads are not torn.
        if (_engine is not { } engine) return;
        var st = engine.Stats;
        _statistics.BlocksTranslated = (ulong)Interlocked.Read(ref st.BlocksTranslated);
        long ticks = Interlocked.Read(ref st.EmitTicks) + Interlocked.Read(ref st.JitTicks);
        _statistics.TranslationTime = TimeSpan.FromTicks((long)(ticks * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        _statistics.FallbackInstructions = (ulong)st.FallbackExecutions;
        _statistics.InterpreterExits = (ulong)st.InterpreterExits;
    }

    public void InvalidatePage(ulong pageAddress) => _engine?.Cache.InvalidatePage(pageAddress);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _engine?.Dispose();
    }
}
