using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Kvm;
using A64Jit.Runtime.Machine;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Kvm;

/// <summary>
/// Small EL1 guest kernels, assembled at test time with the cross toolchain, run through
/// the VM/vCPU API: UART output over MMIO, SVC from EL0, the virtual timer interrupt, PSCI
/// CPU_ON, ERET to AArch32 EL0 on capable and incapable cores, recovery after re-init.
/// Every test runs in each engine: the interpreter is the reference, the translator and the
/// tiered engine must give the same exits and the same guest-visible state. The last fixture
/// starts every vCPU with SIMD/FP enabled (CPACR_EL1.FPEN = 0b11), so that the translator
/// runs blocks on the run loop's plain path rather than the one that looks for trapped FP
/// instructions (the reset value of CPACR_EL1 traps them).
/// </summary>
[TestFixture(EnginePolicy.Interpreter, false), TestFixture(EnginePolicy.Translator, false), TestFixture(EnginePolicy.Tiered, false),
 TestFixture(EnginePolicy.Translator, true), Category("Kvm")]
public partial class GuestKernelTests(EnginePolicy engine, bool fpEnabled)
{
    private const ulong Ram = 0x4000_0000, RamSize = 0x20_0000, Uart = 0x0900_0000;
    private const uint PsciOn = 1u << VcpuFeature.Psci0_2;

    [OneTimeSetUp]
    public void RequireToolchain()
    {
        if (!CrossAssembler.Available) Assert.Fail("the AArch64 cross binutils are not installed (the test command installs them)");
    }

    /// <summary>Macros shared by the kernels: load a 64-bit constant, power off through PSCI.</summary>
    private const string Prelude = """
        .macro movq reg, val
            movz \reg, #((\val) >> 48) & 0xffff, lsl #48
            movk \reg, #((\val) >> 32) & 0xffff, lsl #32
            movk \reg, #((\val) >> 16) & 0xffff, lsl #16
            movk \reg, #(\val) & 0xffff
        .endm
        .macro system_off
            movq x0, 0x84000008
            hvc #0
        .endm
        """;

    private sealed class Machine : IDisposable
    {
        public readonly KvmVm Vm;
        private readonly bool _fpEnabled;

        public Machine(EnginePolicy engine, string capable, int cores = 4, bool fpEnabled = false)
            : this(engine, MachineTopology.Create(cores, capable), fpEnabled) { }

        public Machine(EnginePolicy engine, MachineTopology topology, bool fpEnabled = false)
        {
            _fpEnabled = fpEnabled;
            Vm = new KvmVm(topology, new KvmVmOptions { Engine = engine });
            Assert.That(Vm.SetUserMemoryRegion(0, Ram, RamSize), Is.EqualTo(0));
        }

        public KvmVcpu Vcpu(int id, uint features = PsciOn, int? core = null)
        {
            Assert.That(Vm.CreateVcpu(id, out var v), Is.EqualTo(0));
            Assert.That(v!.Init(Vm.PreferredTarget, features), Is.EqualTo(0));
            if (core is int c) v.Core = c;
            if (_fpEnabled) Assert.That(v.SetOneReg(KvmRegisterIds.CpacrEl1, 3u << 20), Is.EqualTo(0));
            return v;
        }

        public void Load(string source)
        {
            var image = CrossAssembler.Assemble(Prelude + "\n" + source, Ram);
            Vm.Memory.WritePrivileged(Ram, image);
        }

        public ulong Read64(ulong a) => Vm.Memory.ReadU64Privileged(a);
        public void Dispose() => Vm.Dispose();
    }

    /// <summary>Runs a vCPU, acting as a VMM with a UART data register, until an exit it does not handle.</summary>
    private (int result, string uart) RunVmm(KvmVcpu v, int maxExits = 10_000)
    {
        Assert.That(v.Engine, Is.EqualTo(engine));
        var uart = new System.Text.StringBuilder();
        for (int i = 0; i < maxExits; i++)
        {
            int r = v.Run();
            if (r == 0 && v.RunData.ExitReason == KvmExitReason.Mmio && v.RunData.Mmio.PhysAddr == Uart)
            {
                if (v.RunData.Mmio.IsWrite) uart.Append((char)v.RunData.Mmio.Data[0]);
                else Array.Clear(v.RunData.Mmio.Data);
                continue;
            }
            if (engine == EnginePolicy.Translator)
                Assert.That(v.TranslationStatistics!.BlocksExecuted, Is.GreaterThan(0), "the translator ran the guest");
            return (r, uart.ToString());
        }
        Assert.Fail("too many exits");
        return (0, "");
    }

    private static void SetPc(KvmVcpu v, ulong pc) => Assert.That(v.SetOneReg(KvmRegisterIds.Pc, pc), Is.EqualTo(0));

    [Test]
    public void UartOutputThroughMmioExitsThenSystemOff()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            movq x0, 0x09000000
            mov w1, #'h'
            strb w1, [x0]
            mov w1, #'i'
            strb w1, [x0]
            system_off
            """);
        SetPc(v, Ram);
        var (r, uart) = RunVmm(v);
        Assert.That(r, Is.EqualTo(0));
        Assert.That(uart, Is.EqualTo("hi"));
        Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.SystemEvent));
        Assert.That(v.RunData.SystemEventType, Is.EqualTo(SystemEventType.Shutdown));
    }

    [Test]
    public void C6_MmioReadCompletesWithTheVmmsDataAndSignExtension()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            movq x0, 0x0a000000
            movq x5, 0x40100000
            ldr w2, [x0, #4]
            ldrsb x3, [x0, #1]
            str x2, [x5]
            str x3, [x5, #8]
            ldp x6, x7, [x0]
            system_off
            """);
        SetPc(v, Ram);
        Assert.That(v.Run(), Is.EqualTo(0));
        Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.Mmio));
        Assert.That((v.RunData.Mmio.PhysAddr, v.RunData.Mmio.Len, v.RunData.Mmio.IsWrite), Is.EqualTo((0x0a000004ul, 4u, false)));
        new byte[] { 0x78, 0x56, 0x34, 0x12 }.CopyTo(v.RunData.Mmio.Data, 0);
        Assert.That(v.Run(), Is.EqualTo(0));
        Assert.That((v.RunData.Mmio.PhysAddr, v.RunData.Mmio.Len), Is.EqualTo((0x0a000001ul, 1u)));
        v.RunData.Mmio.Data[0] = 0x80;
        Assert.That(v.Run(), Is.EqualTo(0));
        Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.ArmNisv), "a load pair carries no instruction syndrome");
        Assert.That(v.RunData.ArmNisvFaultIpa, Is.EqualTo(0x0a000000ul));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(0x12345678ul));
        Assert.That(m.Read64(0x40100008), Is.EqualTo(0xFFFF_FFFF_FFFF_FF80ul));
    }

    /// <summary>
    /// A vector table at 0x40001000: every entry stores its offset, ESR_EL1, ELR_EL1,
    /// SPSR_EL1 and FAR_EL1 at 0x40100000 (+0, +8, +16, +24, +32) and powers off.
    /// </summary>
    private const string Vectors = """

            .org 0x1000
        vectors:
            .irp off, 0x000,0x080,0x100,0x180,0x200,0x280,0x300,0x380,0x400,0x480,0x500,0x580,0x600,0x680,0x700,0x780
            .org 0x1000 + \off
            movq x9, 0x40100000
            mov x10, #\off
            str x10, [x9]
            mrs x10, esr_el1
            str x10, [x9, #8]
            mrs x10, elr_el1
            str x10, [x9, #16]
            mrs x10, spsr_el1
            str x10, [x9, #24]
            mrs x10, far_el1
            str x10, [x9, #32]
            system_off
            .endr
        """;

    [Test]
    public void SvcFromEl0IsHandledByTheGuestAtEl1()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            movq x0, 0x40001000
            msr vbar_el1, x0
            movq x0, 0x40000800
            msr elr_el1, x0
            msr spsr_el1, xzr          // EL0t, AArch64
            eret
            .org 0x800
            svc #42
            """ + Vectors);
        SetPc(v, Ram);
        var (r, _) = RunVmm(v);
        Assert.That((r, v.RunData.ExitReason), Is.EqualTo((0, KvmExitReason.SystemEvent)));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(0x400ul), "synchronous exception from a lower EL in AArch64");
        Assert.That(m.Read64(0x40100008), Is.EqualTo((0x15ul << 26) | (1ul << 25) | 42), "ESR_EL1: SVC64, IL, imm16");
        Assert.That(m.Read64(0x40100010), Is.EqualTo(0x40000804ul), "ELR_EL1: the instruction after the SVC");
    }

    [Test]
    public void VirtualTimerInterruptIsTakenAtEl1()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            movq x0, 0x40001000
            msr vbar_el1, x0
            mrs x1, cntvct_el0
            add x1, x1, #1000
            msr cntv_cval_el0, x1
            mov x2, #1
            msr cntv_ctl_el0, x2
            msr daifclr, #2
            1:  wfi
            b 1b
            """ + Vectors);
        SetPc(v, Ram);
        var (r, _) = RunVmm(v);
        Assert.That((r, v.RunData.ExitReason), Is.EqualTo((0, KvmExitReason.SystemEvent)));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(0x280ul), "IRQ from the current EL with SP_EL1");
    }

    [Test]
    public void C7_PsciVersionCpuOnAffinityInfoAndSystemReset()
    {
        using var m = new Machine(engine, "0-1", cores: 2, fpEnabled: fpEnabled);
        var v0 = m.Vcpu(0);
        var v1 = m.Vcpu(1, PsciOn | (1u << VcpuFeature.PowerOff));
        m.Load("""
            movq x0, 0x84000000        // PSCI_VERSION
            hvc #0
            movq x9, 0x40100000
            str x0, [x9]
            movq x0, 0xC4000004        // AFFINITY_INFO(1) while off
            mov x1, #1
            mov x2, #0
            hvc #0
            str x0, [x9, #8]
            movq x0, 0xC4000003        // CPU_ON(1, secondary, 0x55)
            mov x1, #1
            movq x2, 0x40000400
            mov x3, #0x55
            hvc #0
            str x0, [x9, #16]
            1:  ldr x4, [x9, #24]          // wait for the secondary's mark
            cbz x4, 1b
            movq x0, 0xC6000000        // an SMCCC call nobody handles
            hvc #0
            str x0, [x9, #32]
            movq x0, 0x84000009        // SYSTEM_RESET
            hvc #0
            .org 0x400
            movq x9, 0x40100000
            str x0, [x9, #24]          // context id
            movq x0, 0x84000002        // CPU_OFF
            hvc #0
            """);
        SetPc(v0, Ram);
        int r1 = int.MinValue;
        var secondary = new Thread(() => r1 = v1.Run()) { IsBackground = true };
        secondary.Start();
        var (r0, _) = RunVmm(v0);
        v1.Kick();
        Assert.That(secondary.Join(TimeSpan.FromSeconds(30)), Is.True, "the secondary returns after a kick");
        Assert.That((r0, v0.RunData.ExitReason, v0.RunData.SystemEventType), Is.EqualTo((0, KvmExitReason.SystemEvent, SystemEventType.Reset)));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(2ul), "PSCI_VERSION 0.2");
        Assert.That(m.Read64(0x40100008), Is.EqualTo(1ul), "AFFINITY_INFO: OFF");
        Assert.That(m.Read64(0x40100010), Is.EqualTo(0ul), "CPU_ON: SUCCESS");
        Assert.That(m.Read64(0x40100018), Is.EqualTo(0x55ul), "the secondary started with the context id in X0");
        Assert.That(m.Read64(0x40100020), Is.EqualTo(ulong.MaxValue), "NOT_SUPPORTED");
        Assert.That(r1, Is.EqualTo(-Errno.EINTR));
        Assert.That(v1.IsPoweredOff, Is.True, "CPU_OFF");
    }

    [Test]
    public void C7_ForwardedSmcccCallsBecomeHypercallExits()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        Assert.That(m.Vm.SetSmcccFilter(0xC600_0000, 0x100, SmcccFilterAction.ForwardToUser), Is.EqualTo(0));
        var v = m.Vcpu(0);
        m.Load("""
            movq x0, 0xC6000010
            mov x1, #7
            hvc #0
            movq x9, 0x40100000
            str x0, [x9]
            system_off
            """);
        SetPc(v, Ram);
        Assert.That(v.Run(), Is.EqualTo(0));
        Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.Hypercall));
        Assert.That((v.RunData.HypercallNr, v.RunData.HypercallArgs[0]), Is.EqualTo((0xC600_0010ul, 7ul)));
        Assert.That(v.SetOneReg(KvmRegisterIds.X(0), 99), Is.EqualTo(0));
        var (r, _) = RunVmm(v);
        Assert.That((r, v.RunData.ExitReason), Is.EqualTo((0, KvmExitReason.SystemEvent)));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(99ul));
    }

    private const string EretToAarch32 = """
            movq x0, 0x40001000
            msr vbar_el1, x0
            movq x0, 0x40000800
            msr elr_el1, x0
            mov x0, #0x10              // SPSR: AArch32 (M[4] = 1), USR mode
            msr spsr_el1, x0
            eret
            .org 0x800
            .inst 0xe3a00001           // an A32 instruction (mov r0, #1)
            """;

    [Test]
    public void C5_EretToAarch32El0OnACapableCoreFailsEntryWithTheCore()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0, core: 1);
        m.Load(EretToAarch32 + Vectors);
        SetPc(v, Ram);
        Assert.That(v.Run(), Is.EqualTo(0));
        Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.FailEntry));
        Assert.That(v.RunData.HardwareEntryFailureReason, Is.EqualTo(0xBADBAD32ul));
        Assert.That(v.RunData.FailEntryCpu, Is.EqualTo(1u));
        // Non-runnable until re-initialised (the Linux documentation's rule).
        Assert.That(v.Run(), Is.EqualTo(-Errno.ENOEXEC));
        Assert.That(v.GetOneReg(KvmRegisterIds.Pc, out _), Is.EqualTo(-Errno.ENOEXEC));
        Assert.That(v.SetOneReg(KvmRegisterIds.Pc, Ram), Is.EqualTo(-Errno.ENOEXEC));
        Assert.That(v.Init(m.Vm.PreferredTarget, 0), Is.EqualTo(-Errno.EINVAL), "re-init needs the same features");
        Assert.That(v.Init(m.Vm.PreferredTarget, PsciOn), Is.EqualTo(0));
        // Recovery: the same vCPU runs a kernel to completion after re-init.
        m.Load("""
            system_off
            """);
        SetPc(v, Ram);
        var (r, _) = RunVmm(v);
        Assert.That((r, v.RunData.ExitReason), Is.EqualTo((0, KvmExitReason.SystemEvent)));
    }

    [Test]
    public void A3_A4_C5_EretToAarch32El0OnAnIncapableCoreIsAnIllegalReturnTheGuestHandles()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0, core: 3);
        m.Load(EretToAarch32 + Vectors);
        SetPc(v, Ram);
        var (r, _) = RunVmm(v);
        Assert.That((r, v.RunData.ExitReason), Is.EqualTo((0, KvmExitReason.SystemEvent)), "the VMM sees nothing but the guest's own power-off");
        Assert.That(m.Read64(0x40100000), Is.EqualTo(0x200ul), "taken at the current EL (EL1, SP_EL1): EL and SP selection unchanged");
        Assert.That(m.Read64(0x40100008) >> 26, Is.EqualTo(0x0Eul), "Illegal Execution State");
        Assert.That(m.Read64(0x40100010), Is.EqualTo(0x40000800ul), "PC came from ELR_EL1");
    }

    [Test]
    public void A4_TheSameGuestOnAnotherCoreFollowsThatCoresCapability()
    {
        using var m = new Machine(engine, "2", fpEnabled: fpEnabled);
        var v = m.Vcpu(0, core: 0);
        m.Load(EretToAarch32 + Vectors);
        SetPc(v, Ram);
        RunVmm(v);
        Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.SystemEvent), "core 0 cannot run AArch32: handled in the guest");
        Assert.That(v.Init(m.Vm.PreferredTarget, PsciOn), Is.EqualTo(0));
        v.Core = 2;
        SetPc(v, Ram);
        Assert.That(v.Run(), Is.EqualTo(0));
        Assert.That((v.RunData.ExitReason, v.RunData.HardwareEntryFailureReason, v.RunData.FailEntryCpu), Is.EqualTo((KvmExitReason.FailEntry, 0xBADBAD32ul, 2u)));
    }

    [Test]
    public void C8_AnotherThreadInterruptsARunningVcpu()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("1: b 1b");
        SetPc(v, Ram);
        var kicker = new Thread(() => { Thread.Sleep(200); v.Kick(); });
        kicker.Start();
        Assert.That(v.Run(), Is.EqualTo(-Errno.EINTR));
        Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.Intr));
        kicker.Join();
    }

    [Test]
    public void EnablingTheMmuIsAClearInternalError()
    {
        using var m = new Machine(engine, "0-1", fpEnabled: fpEnabled);
        var v = m.Vcpu(0);
        m.Load("""
            mrs x0, sctlr_el1
            orr x0, x0, #1
            msr sctlr_el1, x0
            movq x9, 0x40100000
            str x0, [x9]
            system_off
            """);
        SetPc(v, Ram);
        Assert.That(v.Run(), Is.EqualTo(0));
        Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.InternalError));
        Assert.That(v.RunData.InternalDescription, Does.Contain("SCTLR_EL1.M"));
        Assert.That(m.Read64(0x40100000), Is.EqualTo(0ul), "nothing ran after the MSR");
    }
}
