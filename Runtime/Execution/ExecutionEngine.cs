using System.Diagnostics;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Runtime.Execution;

/// <summary>Which execution engine runs guest code.</summary>
public enum EnginePolicy
{
    /// <summary>The reference interpreter only.</summary>
    Interpreter,
    /// <summary>Every block translated to IL before it runs.</summary>
    Translator,
    /// <summary>Cold code interpreted, hot code translated.</summary>
    Tiered,
}

/// <summary>Counters an engine keeps while it runs (translator fields stay 0 for the interpreter).</summary>
public sealed class EngineStatistics
{
    /// <summary>Guest instructions retired by this engine.</summary>
    public ulong InstructionsExecuted;
    /// <summary>Blocks translated to host code.</summary>
    public ulong BlocksTranslated;
    /// <summary>Time spent translating.</summary>
    public TimeSpan TranslationTime;
    /// <summary>Instructions run through the interpreter's per-instruction fallback inside translated code.</summary>
    public ulong FallbackInstructions;
    /// <summary>Times translated code left for the interpreter to run a load or store off its inline path (a page crossing, a page it may not access directly, a fault).</summary>
    public ulong InterpreterExits;
    /// <summary>Wall-clock time spent inside <see cref="IExecutionEngine.Run"/>.</summary>
    public TimeSpan RunTime;

    /// <summary>Guest instructions per second of run time, in millions.</summary>
    public double Mips => RunTime.TotalSeconds > 0 ? InstructionsExecuted / RunTime.TotalSeconds / 1e6 : 0;

    /// <summary>Share of instructions executed through the fallback (0 when nothing was translated).</summary>
    public double FallbackRate => InstructionsExecuted == 0 ? 0 : (double)FallbackInstructions / InstructionsExecuted;
}

/// <summary>
/// Runs one core until it stops: an exception (SVC, fault, trap…), the budget, a stop
/// request. The exit information is left in the core's <see cref="CpuState"/>, PC at the
/// instruction that stopped (as the interpreter defines it), so that the caller (a Linux
/// process, a vCPU) handles the exit and continues.
/// </summary>
public unsafe interface IExecutionEngine : IDisposable
{
    EnginePolicy Policy { get; }

    EngineStatistics Statistics { get; }

    /// <summary>Runs until a stop or until <paramref name="budget"/> instructions have retired.</summary>
    StopReason Run(ulong budget);

    /// <summary>Forgets translations of guest page <paramref name="pageAddress"/> (code was written or unmapped).</summary>
    void InvalidatePage(ulong pageAddress);
}

/// <summary>Thrown when an engine policy cannot be used (yet).</summary>
public sealed class EngineUnavailableException(string message) : Exception(message);

/// <summary>Creates execution engines by policy.</summary>
public static unsafe class ExecutionEngines
{
    /// <summary>Replaces the translating engines (for experiments and tests); null means <see cref="TranslatingEngine"/>.</summary>
    public static Func<EnginePolicy, CpuContext, GuestMemory, IExecutionEngine>? TranslatorFactory { get; set; }

    /// <exception cref="ArgumentNullException"><paramref name="cpu"/> or <paramref name="memory"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="policy"/> is not a defined policy.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="cpu"/> or <paramref name="memory"/> was disposed.</exception>
    public static IExecutionEngine Create(EnginePolicy policy, CpuContext cpu, GuestMemory memory)
    {
        CheckArguments(policy, cpu, memory);
        if (policy == EnginePolicy.Interpreter) return new InterpreterEngine(cpu, memory);
        var factory = TranslatorFactory;
        return factory != null ? factory(policy, cpu, memory) : new TranslatingEngine(policy, cpu, memory);
    }

    /// <summary>The checks every engine makes on its construction arguments.</summary>
    public static void CheckArguments(EnginePolicy policy, CpuContext cpu, GuestMemory memory)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(memory);
        if (!Enum.IsDefined(policy)) throw new ArgumentOutOfRangeException(nameof(policy), policy, "not an engine policy");
        _ = cpu.State; // throws ObjectDisposedException when disposed
        ObjectDisposedException.ThrowIf(memory.IsDisposed, memory);
    }

    /// <summary>The checks every engine makes before it runs: itself, its core and its memory still alive.</summary>
    public static void CheckUsable(IExecutionEngine engine, bool disposed, CpuContext cpu, GuestMemory memory)
    {
        ObjectDisposedException.ThrowIf(disposed, engine);
        _ = cpu.State;
        ObjectDisposedException.ThrowIf(memory.IsDisposed, memory);
    }

    public static string Name(EnginePolicy policy) => policy switch
    {
        EnginePolicy.Interpreter => "interp",
        EnginePolicy.Translator => "jit",
        EnginePolicy.Tiered => "tiered",
        _ => policy.ToString(),
    };

    public static bool TryParse(string text, out EnginePolicy policy)
    {
        switch (text)
        {
            case "interp": case "interpreter": policy = EnginePolicy.Interpreter; return true;
            case "jit": case "translator": policy = EnginePolicy.Translator; return true;
            case "tiered": policy = EnginePolicy.Tiered; return true;
            default: policy = default; return false;
        }
    }
}
