using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Translator;

namespace A64Jit.Tests.Hardening;

/// <summary>Findings of the instruction fuzzer in the translator, kept as regression tests.</summary>
[TestFixture]
public class TranslatorFindingsTests
{
    /// <summary>
    /// A loop that stores to a data word on its own (read-write-execute) page: every store is a
    /// write to a page holding translated code, which drops the page's translations. The
    /// translator used to compile the loop again on every iteration and ran hundreds of times
    /// slower than the interpreter (fuzz case seed 2021053261: 160,000 instructions took 30 s
    /// translated, 0.12 s interpreted). Now a page whose translations keep being dropped by
    /// writes is interpreted (<see cref="TranslationCache.IsVolatile"/>): the number of
    /// translations stays bounded, and the result is the interpreter's.
    /// </summary>
    [TestCase(EnginePolicy.Translator)]
    [TestCase(EnginePolicy.Tiered)]
    public void StoresToTheCodePageOfARunningLoopDoNotRetranslateItEveryIteration(EnginePolicy policy)
    {
        var (value, reference, _) = Run(EnginePolicy.Interpreter);
        var (got, state, translated) = Run(policy);
        Assert.That(got, Is.EqualTo(value), "the data word");
        Assert.That(state, Is.EqualTo(reference), "X0, X1 and PC");
        Assert.That(translated, Is.LessThanOrEqualTo((ulong)TranslationCache.VolatileThreshold + 2),
            "translations made for a loop of 100,000 iterations that writes its own page");
    }

    private static (ulong Value, (ulong, ulong, ulong) State, ulong Translated) Run(EnginePolicy policy)
    {
        using var memory = new GuestMemory(36);
        using var cpu = new CpuContext();
        memory.Map(0x10000, 0x1000, MemoryPermissions.All);
        memory.WriteU32Privileged(0x10000, 0xF9000020); // loop: str x0, [x1]
        memory.WriteU32Privileged(0x10004, 0x91000400); //       add x0, x0, #1
        memory.WriteU32Privileged(0x10008, 0x17FFFFFE); //       b loop
        cpu.SetX(1, 0x10800);                           // a data word on the same page
        cpu.Pc = 0x10000;
        using var engine = ExecutionEngines.Create(policy, cpu, memory);
        Assert.That(engine.Run(300_000), Is.EqualTo(StopReason.BudgetExhausted));
        return (memory.ReadU64Privileged(0x10800), (cpu.GetX(0), cpu.GetX(1), cpu.Pc), engine.Statistics.BlocksTranslated);
    }
}
