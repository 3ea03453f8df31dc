using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;

namespace A64Jit.Tests.Hardening;

/// <summary>The complete example of docs/embedding.md, run in every engine (keep the two in step).</summary>
[TestFixture]
public class EmbeddingExampleTests
{
    [TestCase(EnginePolicy.Interpreter)]
    [TestCase(EnginePolicy.Translator)]
    [TestCase(EnginePolicy.Tiered)]
    public void TheDocumentedExampleRuns(EnginePolicy policy)
    {
        // --- begin example (docs/embedding.md)
        using var memory = new GuestMemory(new GuestMemoryOptions { AddressBits = 36, MemoryLimit = 16 << 20 });
        memory.Map(0x10000, 0x1000, MemoryPermissions.ReadExecute); // code
        memory.Map(0x20000, 0x1000, MemoryPermissions.ReadWrite);   // data
        uint[] code =
        [
            0xD2800000, // mov  x0, #0
            0x91000400, // add  x0, x0, #1      (loop)
            0xF100281F, // cmp  x0, #10
            0x54FFFFC1, // b.ne loop
            0xF9000020, // str  x0, [x1]
            0xD4000001, // svc  #0
            0xF9400022, // ldr  x2, [x1]
            0xF9000002, // str  x2, [x0]         (x0 = 0x30000: unmapped)
        ];
        for (int i = 0; i < code.Length; i++) memory.WriteU32Privileged(0x10000 + 4 * (ulong)i, code[i]);

        using var cpu = new CpuContext();
        cpu.Pc = 0x10000;
        cpu.SetX(1, 0x20000);
        cpu.Pstate = 0; // EL0t, AArch64

        using var engine = ExecutionEngines.Create(policy, cpu, memory);
        StopReason reason = engine.Run(budget: 1_000_000);
        // An SVC stops the core with PC at the SVC: the host handles the call and moves on.
        bool isSvc = reason == StopReason.Exception && Syndrome.ExceptionClass(cpu.ExitSyndrome) == Syndrome.Svc64;
        ulong counted = memory.ReadU64Privileged(0x20000); // 10
        cpu.SetX(0, 0x30000);                              // the "system call" returns a pointer
        cpu.Pc += 4;

        reason = engine.Run(budget: 1_000_000);
        // The store faults: nothing is written, PC stays at it, the address is reported.
        bool isAbort = reason == StopReason.Exception && Syndrome.ExceptionClass(cpu.ExitSyndrome) == Syndrome.DataAbortLowerEl;
        ulong faultAddress = cpu.ExitAddress;               // 0x30000
        // --- end example

        Assert.That(isSvc, Is.True);
        Assert.That(counted, Is.EqualTo(10ul));
        Assert.That(isAbort, Is.True);
        Assert.That(faultAddress, Is.EqualTo(0x30000ul));
        Assert.That(cpu.Pc, Is.EqualTo(0x1001Cul));
        Assert.That(cpu.GetX(2), Is.EqualTo(10ul));
    }
}
