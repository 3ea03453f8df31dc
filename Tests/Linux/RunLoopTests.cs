using System.Text;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Linux;

/// <summary>The process run loop against a scripted engine that stops the way the interpreter does.</summary>
[TestFixture]
public unsafe class RunLoopTests
{
    /// <summary>Each Run performs the next step of a script on the state and returns its stop.</summary>
    private sealed class ScriptedEngine(CpuContext cpu, params Func<IntPtr, StopReason>[] steps) : IExecutionEngine
    {
        private int _next;
        public readonly List<ulong> Invalidated = new();
        public EnginePolicy Policy => EnginePolicy.Interpreter;
        public EngineStatistics Statistics { get; } = new();
        public StopReason Run(ulong budget)
        {
            if (_next >= steps.Length) throw new InvalidOperationException("script exhausted");
            return steps[_next++]((IntPtr)cpu.State);
        }
        public void InvalidatePage(ulong pageAddress) => Invalidated.Add(pageAddress);
        public void Dispose() { }
    }

    private static Func<IntPtr, StopReason> Svc(long nr, params ulong[] args) => ptr =>
    {
        var s = (CpuState*)ptr;
        for (int i = 0; i < args.Length; i++) s->X[i] = args[i];
        s->X[8] = (ulong)nr;
        s->ExitReason = (uint)StopReason.Exception;
        s->ExitSyndrome = Syndrome.Make(Syndrome.Svc64, 0);
        return StopReason.Exception;
    };

    [Test]
    public void SystemCallsRunUntilExit()
    {
        using var p = LinuxProcess.CreateEmpty();
        p.Memory.Map(0x10000, 0x1000, MemoryPermissions.ReadWrite);
        p.Memory.Map(0x400000, 0x1000, MemoryPermissions.ReadExecute);
        p.Memory.WritePrivileged(0x10000, Encoding.UTF8.GetBytes("/\0"));
        p.Cpu.State->PC = 0x400000;
        ulong pcAfterFirst = 0;
        using var engine = new ScriptedEngine(p.Cpu,
            _ => StopReason.BudgetExhausted,
            Svc(Sys.faccessat, unchecked((ulong)-100L), 0x10000, 0),
            ptr => { pcAfterFirst = ((CpuState*)ptr)->PC; return StopReason.StopRequested; },
            Svc(Sys.mmap, 0x400000, 0x1000, 3, 0x32, unchecked((ulong)-1L), 0), // MAP_FIXED over code
            Svc(Sys.exit_group, 17));
        int status = p.Run(engine);
        Assert.That(status, Is.EqualTo(17));
        Assert.That(pcAfterFirst, Is.EqualTo(0x400004ul), "PC steps past each SVC");
        Assert.That(engine.Invalidated, Is.EqualTo(new[] { 0x400000ul }), "replacing executable pages drops their translations");
        Assert.That(p.Engine, Is.SameAs(engine));
    }

    [Test]
    public void AnEngineFailureIsReportedNotSwallowed()
    {
        using var p = LinuxProcess.CreateEmpty();
        using var engine = new ScriptedEngine(p.Cpu, _ => StopReason.InternalError);
        Assert.That(() => p.Run(engine), Throws.TypeOf<GuestExecutionException>());
    }

    [Test]
    public void WfiResumesAfterTheInstruction()
    {
        using var p = LinuxProcess.CreateEmpty();
        p.Cpu.State->PC = 0x1004; // the interpreter leaves PC past a completed WFI
        using var engine = new ScriptedEngine(p.Cpu, _ => StopReason.WaitForInterrupt, Svc(Sys.exit, 0));
        Assert.That(p.Run(engine), Is.EqualTo(0));
        Assert.That(p.Cpu.State->PC, Is.EqualTo(0x1004ul), "exit does not step");
    }
}
