using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Kvm;

namespace A64Jit.Tests.Kvm;

/// <summary>
/// System-level execution inside a vCPU, in every engine: synchronous exceptions taken to the
/// guest's EL1 (undefined, BRK, SVC, aborts, PC and SP alignment, the CPACR_EL1 FP trap,
/// trapped WFI, HVC at EL0), IRQ and FIQ from the VMM's lines under DAIF masking, WFE, and
/// illegal exception returns (rule A3). Expected syndromes are the Arm ARM's; in the
/// translating engines the record the guest's handler writes must also equal the
/// interpreter's for the same kernel.
/// </summary>
public partial class GuestKernelTests
{
    /// <summary>What the vector handler recorded: vector offset, ESR_EL1, ELR_EL1, SPSR_EL1, FAR_EL1.</summary>
    private readonly record struct Taken(ulong Vector, ulong Esr, ulong Elr, ulong Spsr, ulong Far);

    private const string SetVbar = "\n" + """
            movq x0, 0x40001000
            msr vbar_el1, x0
        """ + "\n";

    /// <summary>Drops to EL0t (AArch64, DAIF clear) at 0x40000800.</summary>
    private const string ToEl0At800 = "\n" + """
            movq x0, 0x40000800
            msr elr_el1, x0
            msr spsr_el1, xzr
            eret
        """ + "\n";

    /// <summary>
    /// Runs <paramref name="source"/> (with the vector table) to the handler's power-off and
    /// returns its record. Unless <paramref name="fpEnabledToo"/> is false the kernel also
    /// runs with CPACR_EL1.FPEN = 0b11 set by the VMM (no FP trap: the run loop's plain path
    /// rather than the one that looks at every block for FP instructions), which must record the same.
    /// </summary>
    private Taken RunToVector(string source, int core = 0, Action<KvmVcpu>? setup = null, bool fpEnabledToo = true)
    {
        var taken = RunToVector(engine, source, core, setup, compare: engine != EnginePolicy.Interpreter);
        if (fpEnabledToo)
        {
            void FpOn(KvmVcpu v)
            {
                Assert.That(v.SetOneReg(KvmRegisterIds.CpacrEl1, 3u << 20), Is.EqualTo(0));
                setup?.Invoke(v);
            }
            Assert.That(RunToVector(engine, source, core, FpOn, compare: engine != EnginePolicy.Interpreter), Is.EqualTo(taken),
                "the same with SIMD/FP enabled");
        }
        return taken;
    }

    private static Taken RunToVector(EnginePolicy policy, string source, int core, Action<KvmVcpu>? setup, bool compare)
    {
        Taken taken;
        using (var m = new Machine(policy, "0-1"))
        {
            var v = m.Vcpu(0, core: core);
            m.Load(source + Vectors);
            SetPc(v, Ram);
            setup?.Invoke(v);
            var (r, _) = new GuestKernelTests(policy, false).RunVmm(v);
            Assert.That((r, v.RunData.ExitReason, v.RunData.SystemEventType), Is.EqualTo((0, KvmExitReason.SystemEvent, SystemEventType.Shutdown)),
                $"{policy}: the guest's handler powers off ({VmCommandDescribe(v)})");
            const ulong rec = 0x40100000;
            taken = new Taken(m.Read64(rec), m.Read64(rec + 8), m.Read64(rec + 16), m.Read64(rec + 24), m.Read64(rec + 32));
        }
        if (compare)
            Assert.That(taken, Is.EqualTo(RunToVector(EnginePolicy.Interpreter, source, core, setup, compare: false)), "the interpreter records the same exception");
        return taken;
    }

    private static string VmCommandDescribe(KvmVcpu v) => A64Jit.Cli.VmCommand.Describe(v.RunData);

    private const ulong CurrentSync = 0x200, CurrentIrq = 0x280, CurrentFiq = 0x300, LowerSync = 0x400, LowerIrq = 0x480;
    private static ulong Esr(uint ec, uint iss = 0) => ((ulong)ec << 26) | (1ul << 25) | iss;

    [Test]
    public void UndefinedInstructionAtEl1IsTakenAtTheInstruction()
    {
        var t = RunToVector(SetVbar + """
            nop
            .inst 0x00000000           // udf #0
            """);
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((CurrentSync, Esr(0x00), Ram + 0x18)));
        Assert.That(t.Spsr, Is.EqualTo(0x3C5ul), "PSTATE at the exception: EL1h, DAIF masked");
    }

    [Test]
    public void BrkIsTakenWithItsImmediateAtTheInstruction()
    {
        var t = RunToVector(SetVbar + "brk #0x77\n");
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((CurrentSync, Esr(0x3C, 0x77), Ram + 0x14)));
    }

    [Test]
    public void SvcAtEl1IsTakenToTheCurrentElWithTheNextInstruction()
    {
        var t = RunToVector(SetVbar + "svc #0x1234\n");
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((CurrentSync, Esr(0x15, 0x1234), Ram + 0x18)));
    }

    [Test]
    public void HvcAtEl0IsUndefined()
    {
        var t = RunToVector(SetVbar + ToEl0At800 + """
            .org 0x800
            hvc #0
            """);
        Assert.That((t.Vector, t.Esr, t.Elr, t.Spsr), Is.EqualTo((LowerSync, Esr(0x00), Ram + 0x800, 0ul)));
    }

    [Test]
    public void PcAlignmentFaultReportsTheBranchTarget()
    {
        var t = RunToVector(SetVbar + """
            movq x1, 0x40000402
            br x1
            """);
        Assert.That((t.Vector, t.Esr, t.Elr, t.Far), Is.EqualTo((CurrentSync, Esr(0x22), Ram + 0x402, Ram + 0x402)));
    }

    /// <summary>SCTLR_EL1.SA (set at reset) checks the SP of SIMD&amp;FP loads and stores.</summary>
    [Test]
    public void SpAlignmentFaultWhenSctlrSaIsSet()
    {
        var t = RunToVector(SetVbar + """
            mov x0, #(3 << 20)
            msr cpacr_el1, x0
            movq x1, 0x40080008
            mov sp, x1
            ldr q2, [sp]
            """);
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((CurrentSync, Esr(0x26), Ram + 0x30)));
    }

    /// <summary>The integer loads and stores check SP alignment too (SCTLR_EL1.SA at EL1): fault before any access.</summary>
    [TestCase("ldr x0, [sp]")]
    [TestCase("stp x0, x1, [sp, #-16]!")]
    [TestCase("ldxr x0, [sp]")]
    public void IntegerSpAlignmentFaultWhenSctlrSaIsSet(string access)
    {
        var t = RunToVector(SetVbar + $"""
            movq x1, 0x40080008
            mov sp, x1
            {access}
            """);
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((CurrentSync, Esr(0x26), Ram + 0x28)));
    }

    [Test]
    public void DataAbortBeyondThePhysicalAddressSpaceIsTheGuests()
    {
        var t = RunToVector(SetVbar + """
            movq x1, 0x0001000000000010
            ldr x2, [x1]
            """);
        // EC 0x25 (data abort, same EL), DFSC 0b000000 (address size fault, level 0), WnR 0.
        Assert.That((t.Vector, t.Esr, t.Elr, t.Far), Is.EqualTo((CurrentSync, Esr(0x25), Ram + 0x24, 0x0001_0000_0000_0010ul)));
    }

    [Test]
    public void InstructionAbortBeyondThePhysicalAddressSpaceIsTheGuests()
    {
        var t = RunToVector(SetVbar + """
            movq x1, 0x0001000000000000
            br x1
            """);
        Assert.That((t.Vector, t.Esr, t.Elr, t.Far), Is.EqualTo((CurrentSync, Esr(0x21), 0x0001_0000_0000_0000ul, 0x0001_0000_0000_0000ul)));
    }

    [Test]
    public void C6_ExecutingFromUnbackedMemoryIsEnoexec()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            movq x1, 0x0a000000
            br x1
            """);
        SetPc(v, Ram);
        Assert.That(v.Run(), Is.EqualTo(-Errno.ENOEXEC));
    }

    /// <summary>ESR of a trapped SIMD/FP access from AArch64: EC 0x07, CV = 1, COND = 0b1110.</summary>
    private static readonly ulong FpTrap = Esr(0x07, (1u << 24) | (0xEu << 20));

    [Test]
    public void FpAccessAtEl1IsTrappedWhileCpacrFpenIsZero()
    {
        var t = RunToVector(SetVbar + """
            mov x1, #5
            fmov d0, x1
            """, fpEnabledToo: false);
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((CurrentSync, FpTrap, Ram + 0x18)));
    }

    [Test]
    public void FpTrapTakesEffectOnceCpacrIsWritten()
    {
        var t = RunToVector(SetVbar + """
            mov x0, #(3 << 20)
            msr cpacr_el1, x0
            isb
            mov x1, #5
            fmov d0, x1
            msr cpacr_el1, xzr
            isb
            fmov d1, x1
            """);
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((CurrentSync, FpTrap, Ram + 0x30)));
    }

    [TestCase("fmov d1, x3")]
    [TestCase("mrs x4, fpcr")]
    [TestCase("ldr q2, [x5]")]
    [TestCase("add v0.4s, v1.4s, v2.4s")]
    public void FpenOneLetsEl1UseFpButTrapsEl0(string el0Instruction)
    {
        var t = RunToVector(SetVbar + """
            mov x0, #(1 << 20)         // CPACR_EL1.FPEN = 0b01: EL0 trapped, EL1 not
            msr cpacr_el1, x0
            isb
            mov x1, #7
            fmov d0, x1
            fmov x2, d0
            movq x9, 0x40100040
            str x2, [x9]
            movq x5, 0x40100080
            """ + ToEl0At800 + """
            .org 0x800
            nop
            """ + "\n" + el0Instruction + "\n", fpEnabledToo: false);
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((LowerSync, FpTrap, Ram + 0x804)));
    }

    [Test]
    public void FpenThreeLetsEl0UseFp()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load(SetVbar + """
            mov x0, #(3 << 20)
            msr cpacr_el1, x0
            """ + ToEl0At800 + """
            .org 0x800
            mov x1, #3
            scvtf d0, x1
            fadd d0, d0, d0
            fcvtzs x2, d0
            movq x9, 0x40100040
            str x2, [x9]
            svc #0
            """ + Vectors);
        SetPc(v, Ram);
        RunVmm(v);
        Assert.That(m.Read64(0x40100040), Is.EqualTo(6ul));
        Assert.That(m.Read64(0x40100008), Is.EqualTo(Esr(0x15)), "then the SVC");
    }

    [Test]
    public void WfiAtEl0IsTrappedWhenSctlrNtwiIsClear()
    {
        var t = RunToVector(SetVbar + """
            mrs x1, sctlr_el1
            bic x1, x1, #(1 << 16)     // nTWI = 0
            msr sctlr_el1, x1
            """ + ToEl0At800 + """
            .org 0x800
            wfi
            """);
        // EC 0x01, CV = 1, COND = 0b1110, TI = 0b00 (WFI).
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((LowerSync, Esr(0x01, (1u << 24) | (0xEu << 20)), Ram + 0x800)));
    }

    [Test]
    public void WfeWithNothingPendingCompletes()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            wfe
            wfe
            wfi_not_used:
            system_off
            """);
        SetPc(v, Ram);
        var (r, _) = RunVmm(v);
        Assert.That((r, v.RunData.ExitReason), Is.EqualTo((0, KvmExitReason.SystemEvent)));
    }

    /// <summary>Marks 1, waits (woken by the masked interrupt), marks 2, unmasks with <paramref name="daifclr"/>, spins.</summary>
    private static string MaskedThenUnmasked(int daifclr) => SetVbar + $"""
            movq x9, 0x40100040
            mov x1, #1
            str x1, [x9]
            wfi
            mov x1, #2
            str x1, [x9]
            msr daifclr, #{daifclr}
        spin:
            b spin
        """ + "\n";

    [Test]
    public void IrqLineIsTakenOnlyOnceUnmasked()
    {
        var t = RunToVector(MaskedThenUnmasked(2), setup: v => v.SetIrqLine(true));
        Assert.That((t.Vector, t.Elr), Is.EqualTo((CurrentIrq, Ram + 0x3c)), "at the spin loop, after DAIFClr");
        Assert.That(t.Spsr, Is.EqualTo(0x345ul), "EL1h with D, A, F still masked and I clear");
    }

    [Test]
    public void FiqLineIsTakenOnlyOnceUnmasked()
    {
        var t = RunToVector(MaskedThenUnmasked(1), setup: v => v.SetFiqLine(true));
        Assert.That((t.Vector, t.Elr, t.Spsr), Is.EqualTo((CurrentFiq, Ram + 0x3c, 0x385ul)));
    }

    [Test]
    public void IrqAtEl0IsTakenToTheLowerElVector()
    {
        var t = RunToVector(SetVbar + ToEl0At800 + """
            .org 0x800
            spin:
            b spin
            """, setup: v => v.SetIrqLine(true));
        Assert.That((t.Vector, t.Elr, t.Spsr), Is.EqualTo((LowerIrq, Ram + 0x800, 0ul)));
    }

    [Test]
    public void IrqLineRaisedByAnotherThreadWakesAWaitingVcpu()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load(SetVbar + """
            msr daifclr, #2
            1:  wfi
            b 1b
            """ + Vectors);
        SetPc(v, Ram);
        var raiser = new Thread(() => { Thread.Sleep(100); v.SetIrqLine(true); });
        raiser.Start();
        RunVmm(v);
        raiser.Join();
        Assert.That(m.Read64(0x40100000), Is.EqualTo(CurrentIrq));
    }

    [Test]
    public void IrqLineRaisedWhileTheGuestSpinsIsTakenAtABlockBoundary()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load(SetVbar + """
            msr daifclr, #2
            mov x1, #0
            1:  add x1, x1, #1
            b 1b
            """ + Vectors);
        SetPc(v, Ram);
        var raiser = new Thread(() => { Thread.Sleep(100); v.SetIrqLine(true); });
        raiser.Start();
        RunVmm(v);
        raiser.Join();
        Assert.That(m.Read64(0x40100000), Is.EqualTo(CurrentIrq));
        Assert.That(m.Read64(0x40100010), Is.AnyOf(Ram + 0x1c, Ram + 0x20), "ELR_EL1: inside the loop");
    }

    [Test]
    public void C6_MmioFromEl0ExitsToo()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load(SetVbar + ToEl0At800 + """
            .org 0x800
            movq x0, 0x09000000
            mov w1, #'u'
            strb w1, [x0]
            svc #0
            """ + Vectors);
        SetPc(v, Ram);
        var (r, uart) = RunVmm(v);
        Assert.That((r, uart, v.RunData.ExitReason), Is.EqualTo((0, "u", KvmExitReason.SystemEvent)));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(LowerSync), "then the SVC from EL0");
    }

    /// <summary>
    /// SPSR_EL1 for the illegal returns below: N and C set, A and F masked, mode M. After an
    /// illegal return NZCV and DAIF come from it and EL, SP selection and the execution state
    /// stay (EL1h), with PSTATE.IL set: the Illegal Execution State exception records exactly that.
    /// </summary>
    private static string IllegalReturn(uint mode) => SetVbar + $"""
            movq x0, 0x40000800
            msr elr_el1, x0
            movq x0, 0x{0xA000_0140u | mode:x}
            msr spsr_el1, x0
            eret
            .org 0x800
            nop
        """ + "\n";

    [TestCase(0x13u, 1, TestName = "{m}(AArch32 EL1 on a capable core)")]
    [TestCase(0x10u, 3, TestName = "{m}(AArch32 EL0 on an incapable core)")]
    [TestCase(0x09u, 0, TestName = "{m}(EL2h, above the current EL)")]
    [TestCase(0x08u, 0, TestName = "{m}(EL2t, above the current EL)")]
    [TestCase(0x01u, 0, TestName = "{m}(EL0 with SP_EL1, a reserved mode)")]
    public void A3_IllegalReturnKeepsTheElAndTakesNzcvAndDaifFromTheSpsr(uint mode, int core)
    {
        var t = RunToVector(IllegalReturn(mode), core);
        Assert.That((t.Vector, t.Esr, t.Elr), Is.EqualTo((CurrentSync, Esr(0x0E), Ram + 0x800)), "Illegal Execution State at the current EL, PC from ELR_EL1");
        Assert.That(t.Spsr, Is.EqualTo(0xA010_0145ul), "NZCV and DAIF from the SPSR, PSTATE.IL set, still EL1h");
    }

    /// <summary>
    /// MRS from the guest: ID_AA64PFR0_EL1.EL0 is the machine-wide (sanitised) value, 0x2 only
    /// when every core can run AArch32 at EL0 (A1, B3) and 0x1 on an asymmetric machine
    /// whatever the core (C4); MIDR_EL1 is the core's own (B1).
    /// </summary>
    [TestCase("0-1", 0, 1ul)]
    [TestCase("0-1", 2, 1ul)]
    [TestCase("0-3", 1, 2ul)]
    [TestCase("", 3, 1ul)]
    public void A1_B3_C4_TheGuestReadsTheMachineWidePfr0ItsMpidrAndItsCoresMidr(string capable, int core, ulong el0)
    {
        using var m = new Machine(engine, capable, fpEnabled: fpEnabled);
        var v = m.Vcpu(1, core: core);
        m.Load("""
            movq x9, 0x40100000
            mrs x1, midr_el1
            mrs x2, mpidr_el1
            mrs x3, id_aa64pfr0_el1
            stp x1, x2, [x9]
            str x3, [x9, #16]
            system_off
            """);
        SetPc(v, Ram);
        RunVmm(v);
        Assert.That(m.Read64(0x40100000), Is.EqualTo(m.Vm.Machine.Cores[core].Midr), "MIDR_EL1 of the core the vCPU runs on (B1)");
        Assert.That(m.Read64(0x40100008), Is.EqualTo(0x8000_0001ul), "MPIDR_EL1 from the vCPU id");
        Assert.That(m.Read64(0x40100010) & 0xFF, Is.EqualTo(0x10ul | el0), "EL1 AArch64 only; EL0 as the whole machine allows (A1, B3, C4)");
    }

    [Test]
    public void C2_InitAfterARunResetsTheVcpu()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            mov x5, #55
            movq x6, 0x40080000
            mov sp, x6
            msr daifclr, #0xf
            system_off
            """);
        SetPc(v, Ram);
        RunVmm(v);
        Assert.That(v.GetOneReg(KvmRegisterIds.X(5), out var x5), Is.EqualTo(0));
        Assert.That((ulong)x5, Is.EqualTo(55ul));
        Assert.That(v.Init(m.Vm.PreferredTarget, PsciOn), Is.EqualTo(0));
        v.GetOneReg(KvmRegisterIds.X(5), out x5);
        v.GetOneReg(KvmRegisterIds.Pc, out var pc);
        v.GetOneReg(KvmRegisterIds.SpEl1, out var sp);
        v.GetOneReg(KvmRegisterIds.Pstate, out var pstate);
        Assert.That(((ulong)x5, (ulong)pc, (ulong)sp, (ulong)pstate), Is.EqualTo((0ul, 0ul, 0ul, 0x3C5ul)));
    }

    [Test]
    public void C6_MmioWritesCarryTheStoredBytesLittleEndianAndComplete()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            movq x0, 0x0a000000
            movq x1, 0x1122334455667788
            str x1, [x0]
            strh w1, [x0, #2]
            str w1, [x0, #4]
            ldrh w3, [x0, #6]
            movq x9, 0x40100000
            str x3, [x9]
            system_off
            """);
        SetPc(v, Ram);
        (ulong, uint, bool, string) Next()
        {
            Assert.That(v.Run(), Is.EqualTo(0));
            Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.Mmio));
            var mm = v.RunData.Mmio;
            return (mm.PhysAddr, mm.Len, mm.IsWrite, Convert.ToHexStringLower(mm.Data, 0, (int)mm.Len));
        }
        Assert.That(Next(), Is.EqualTo((0x0a000000ul, 8u, true, "8877665544332211")));
        Assert.That(Next(), Is.EqualTo((0x0a000002ul, 2u, true, "8877")));
        Assert.That(Next(), Is.EqualTo((0x0a000004ul, 4u, true, "88776655")));
        Assert.That(Next(), Is.EqualTo((0x0a000006ul, 2u, false, "0000")));
        v.RunData.Mmio.Data[0] = 0xCD;
        v.RunData.Mmio.Data[1] = 0xAB;
        Assert.That(v.Run(), Is.EqualTo(0));
        Assert.That((v.RunData.ExitReason, v.RunData.SystemEventType), Is.EqualTo((KvmExitReason.SystemEvent, SystemEventType.Shutdown)));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(0xABCDul));
    }

    [Test]
    public void C7_DeniedCallsAnswerNotSupportedAndSmcReachesPsci()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        Assert.That(m.Vm.SetSmcccFilter(Psci.Version, 1, SmcccFilterAction.Deny), Is.EqualTo(0));
        var v = m.Vcpu(0);
        m.Load("""
            movq x9, 0x40100000
            movq x0, 0x84000000        // PSCI_VERSION, denied by the filter
            hvc #0
            str x0, [x9]
            movq x0, 0x84000006        // MIGRATE_INFO_TYPE through SMC
            smc #0
            str x0, [x9, #8]
            movq x0, 0xC4000003        // CPU_ON of vCPU 0, which is on
            mov x1, #0
            mov x2, #0
            smc #0
            str x0, [x9, #16]
            movq x0, 0x84000008
            smc #0
            """);
        SetPc(v, Ram);
        var (r, _) = RunVmm(v);
        Assert.That((r, v.RunData.ExitReason, v.RunData.SystemEventType), Is.EqualTo((0, KvmExitReason.SystemEvent, SystemEventType.Shutdown)));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(ulong.MaxValue), "NOT_SUPPORTED (-1)");
        Assert.That(m.Read64(0x40100008), Is.EqualTo(2ul), "MIGRATE_INFO_TYPE: no Trusted OS migration");
        Assert.That(m.Read64(0x40100010), Is.EqualTo(unchecked((ulong)-4L)), "ALREADY_ON (-4)");
    }

    [Test]
    public void B1_A4_TheVcpuSeesTheMidrOfTheCoreItRunsOnAndTheVmmCanMoveIt()
    {
        const ulong a53 = 0x410F_D034, a72 = 0x410F_D083;
        using var m = new Machine(engine, new A64Jit.Runtime.Machine.MachineTopology(
            [new(0, true, a53), new(1, false, a72)]), fpEnabled);
        var v = m.Vcpu(0, core: 1);
        m.Load("""
            movq x9, 0x40100000
            mrs x1, midr_el1
            str x1, [x9]
            system_off
            """);
        SetPc(v, Ram);
        RunVmm(v);
        Assert.That(m.Read64(0x40100000), Is.EqualTo(a72));
        v.Core = 0;
        SetPc(v, Ram);
        RunVmm(v);
        Assert.That(m.Read64(0x40100000), Is.EqualTo(a53));
    }
}
