using System.Diagnostics;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Runtime.Execution;

/// <summary>The reference interpreter as an engine.</summary>
/// <remarks>
/// The interpreter's decoded-instruction cache checks every entry against the word it
/// fetches (see <see cref="DecodeCache"/>), so code written, unmapped or re-protected is
/// always seen: <see cref="InvalidatePage"/> has nothing to drop and this engine puts no
/// code marks on guest pages.
/// </remarks>
public sealed unsafe class InterpreterEngine : IExecutionEngine
{
    private readonly CpuContext _cpu;
    private readonly GuestMemory _memory;
    private readonly Interpreter _interpreter;
    private bool _disposed;

    public InterpreterEngine(CpuContext cpu, GuestMemory memory)
    {
        ExecutionEngines.CheckArguments(EnginePolicy.Interpreter, cpu, memory);
        _cpu = cpu;
        _memory = memory;
        _interpreter = new Interpreter(cpu, memory);
    }

    public EnginePolicy Policy => EnginePolicy.Interpreter;

    public EngineStatistics Statistics { get; } = new();

    /// <summary>The interpreter this engine runs (for its decoded-instruction cache counters).</summary>
    public Interpreter Interpreter => _interpreter;

    public StopReason Run(ulong budget)
    {
        ExecutionEngines.CheckUsable(this, _disposed, _cpu, _memory);
        var s = _cpu.State;
        ulong before = s->InstructionsRetired;
        long start = Stopwatch.GetTimestamp();
        var reason = _interpreter.Run(budget);
        Statistics.RunTime += Stopwatch.GetElapsedTime(start);
        Statistics.InstructionsExecuted += s->InstructionsRetired - before;
        return reason;
    }

    /// <summary>Nothing to drop: every cached decode is checked against memory when it is used.</summary>
    public void InvalidatePage(ulong pageAddress) { }

    public void Dispose() => _disposed = true;
}
