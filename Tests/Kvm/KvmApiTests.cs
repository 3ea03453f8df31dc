using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Kvm;
using A64Jit.Runtime.Machine;

namespace A64Jit.Tests.Kvm;

/// <summary>
/// Rules C1–C5 and C8 of the asymmetric-32-bit design notes through the VM/vCPU API, and
/// misuse of the API (bad ids, bad slots, calls after disposal, concurrent runs), in each engine.
/// </summary>
[TestFixture(EnginePolicy.Interpreter), TestFixture(EnginePolicy.Translator)]
public class KvmApiTests(EnginePolicy engine)
{
    private (KvmVm vm, KvmVcpu vcpu) NewVcpu(string capable = "0-1", int cores = 4, int id = 0)
    {
        var vm = new KvmVm(MachineTopology.Create(cores, capable), new KvmVmOptions { Engine = engine });
        Assert.That(vm.CreateVcpu(id, out var vcpu), Is.EqualTo(0));
        return (vm, vcpu!);
    }

    [Test]
    public void C1_ExitReasonsKeepKvmNumbers()
    {
        Assert.Multiple(() =>
        {
            Assert.That((uint)KvmExitReason.Unknown, Is.EqualTo(0));
            Assert.That((uint)KvmExitReason.Exception, Is.EqualTo(1));
            Assert.That((uint)KvmExitReason.Io, Is.EqualTo(2));
            Assert.That((uint)KvmExitReason.Hypercall, Is.EqualTo(3));
            Assert.That((uint)KvmExitReason.Debug, Is.EqualTo(4));
            Assert.That((uint)KvmExitReason.Hlt, Is.EqualTo(5));
            Assert.That((uint)KvmExitReason.Mmio, Is.EqualTo(6));
            Assert.That((uint)KvmExitReason.Shutdown, Is.EqualTo(8));
            Assert.That((uint)KvmExitReason.FailEntry, Is.EqualTo(9));
            Assert.That((uint)KvmExitReason.Intr, Is.EqualTo(10));
            Assert.That((uint)KvmExitReason.InternalError, Is.EqualTo(17));
            Assert.That((uint)KvmExitReason.SystemEvent, Is.EqualTo(24));
            Assert.That((uint)KvmExitReason.ArmNisv, Is.EqualTo(28));
        });
    }

    [Test]
    public void C2_FeatureBitsHaveKvmNumbers()
    {
        Assert.That(new[] { VcpuFeature.PowerOff, VcpuFeature.El1_32Bit, VcpuFeature.Psci0_2, VcpuFeature.PmuV3, VcpuFeature.Sve, VcpuFeature.PtrauthAddress, VcpuFeature.PtrauthGeneric, VcpuFeature.HasEl2 },
            Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5, 6, 7 }));
    }

    [Test]
    public void C2_UnknownFeatureBitIsEnoent()
    {
        var (vm, v) = NewVcpu();
        using (vm) Assert.That(v.Init(vm.PreferredTarget, 1u << 8), Is.EqualTo(-Errno.ENOENT));
    }

    [Test]
    public void C2_El1_32BitOnAnAsymmetricMachineIsEinval()
    {
        var (vm, v) = NewVcpu("0-1");
        using (vm) Assert.That(v.Init(vm.PreferredTarget, 1u << VcpuFeature.El1_32Bit), Is.EqualTo(-Errno.EINVAL));
    }

    [Test]
    public void C2_ReinitMustUseTheSameTargetAndFeaturesIgnoringPowerOff()
    {
        var (vm, v) = NewVcpu();
        using (vm)
        {
            Assert.That(v.Init(vm.PreferredTarget, 1u << VcpuFeature.Psci0_2), Is.EqualTo(0));
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(-Errno.EINVAL), "different features");
            Assert.That(v.Init(VcpuTarget.CortexA57, 1u << VcpuFeature.Psci0_2), Is.EqualTo(-Errno.EINVAL), "different target");
            Assert.That(v.Init(vm.PreferredTarget, (1u << VcpuFeature.Psci0_2) | (1u << VcpuFeature.PowerOff)), Is.EqualTo(0), "POWER_OFF is ignored in the comparison");
            Assert.That(v.IsPoweredOff, Is.True);
        }
    }

    [Test]
    public unsafe void C2_InitResetsToAarch64El1hWithDaifMaskedAndZeroRegisters()
    {
        var (vm, v) = NewVcpu();
        using (vm)
        {
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
            Assert.That(v.SetOneReg(KvmRegisterIds.X(5), 1234), Is.EqualTo(0));
            Assert.That(v.SetOneReg(KvmRegisterIds.Pc, 0x4000), Is.EqualTo(0));
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
            Assert.That(v.GetOneReg(KvmRegisterIds.Pstate, out var pstate), Is.EqualTo(0));
            Assert.That((ulong)pstate, Is.EqualTo(0x3C5ul), "EL1h, D A I F set");
            for (int n = 0; n <= 30; n++)
            {
                Assert.That(v.GetOneReg(KvmRegisterIds.X(n), out var x), Is.EqualTo(0));
                Assert.That((ulong)x, Is.EqualTo(0ul));
            }
            v.GetOneReg(KvmRegisterIds.Pc, out var pc);
            v.GetOneReg(KvmRegisterIds.Sp, out var sp);
            v.GetOneReg(KvmRegisterIds.SpEl1, out var spEl1);
            Assert.That(((ulong)pc, (ulong)sp, (ulong)spEl1), Is.EqualTo((0ul, 0ul, 0ul)));
        }
    }

    [Test]
    public void C3_RunAndRegisterAccessBeforeInitAreEnoexec()
    {
        var (vm, v) = NewVcpu();
        using (vm)
        {
            Assert.That(v.Run(), Is.EqualTo(-Errno.ENOEXEC));
            Assert.That(v.GetOneReg(KvmRegisterIds.X(0), out _), Is.EqualTo(-Errno.ENOEXEC));
            Assert.That(v.SetOneReg(KvmRegisterIds.X(0), 1), Is.EqualTo(-Errno.ENOEXEC));
        }
    }

    [TestCase("0-1", 4, 0)]
    [TestCase("0-1", 4, 1)]
    [TestCase("0-1", 4, 3)]
    [TestCase("3", 4, 3)]
    public void C4_EveryVcpuOfAnAsymmetricMachineSeesEl0AArch64Only(string capable, int cores, int id)
    {
        var (vm, v) = NewVcpu(capable, cores, id);
        using (vm)
        {
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
            Assert.That(v.GetOneReg(KvmRegisterIds.IdAa64Pfr0El1, out var pfr0), Is.EqualTo(0));
            Assert.That((ulong)pfr0 & 0xF, Is.EqualTo(0x1ul));
            Assert.That(((ulong)pfr0 >> 4) & 0xF, Is.EqualTo(0x1ul), "EL1 is AArch64 only");
        }
    }

    [TestCase(0x10u)] // USR
    [TestCase(0x13u)] // SVC
    [TestCase(0x1Fu)] // SYS
    public void C4_SettingAnAArch32ModeFromTheVmmIsEinval(uint mode)
    {
        var (vm, v) = NewVcpu();
        using (vm)
        {
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
            Assert.That(v.SetOneReg(KvmRegisterIds.Pstate, mode | 0x3C0), Is.EqualTo(-Errno.EINVAL));
            Assert.That(v.SetOneReg(KvmRegisterIds.Pstate, 0x3C4), Is.EqualTo(0), "EL1t is accepted");
            Assert.That(v.SetOneReg(KvmRegisterIds.Pstate, 0x0), Is.EqualTo(0), "EL0t is accepted");
            Assert.That(v.SetOneReg(KvmRegisterIds.Pstate, 0x9), Is.EqualTo(-Errno.EINVAL), "EL2h is not");
        }
    }

    [Test]
    public void C5_IllegalReturnStateSetUpByTheVmmIsFailEntryInternalError()
    {
        var (vm, v) = NewVcpu("0-1", 4, 2);
        using (vm)
        {
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
            Assert.That(v.SetOneReg(KvmRegisterIds.Pstate, 0x3C5 | (1u << 20)), Is.EqualTo(0), "PSTATE.IL");
            Assert.That(v.Run(), Is.EqualTo(0));
            Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.FailEntry));
            Assert.That(v.RunData.HardwareEntryFailureReason, Is.EqualTo(0xE1215BADul));
            Assert.That(v.RunData.FailEntryCpu, Is.EqualTo(2u));
        }
    }

    [Test]
    public void C8_ImmediateExitReturnsAtOnceWithIntrAndEintr()
    {
        var (vm, v) = NewVcpu();
        using (vm)
        {
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
            v.RunData.ImmediateExit = true;
            Assert.That(v.Run(), Is.EqualTo(-Errno.EINTR));
            Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.Intr));
        }
    }

    [Test]
    public void RegisterIdsAreKvmOnes()
    {
        Assert.That(KvmRegisterIds.X(0), Is.EqualTo(0x6030_0000_0010_0000ul));
        Assert.That(KvmRegisterIds.Sp, Is.EqualTo(0x6030_0000_0010_003Eul));
        Assert.That(KvmRegisterIds.Pc, Is.EqualTo(0x6030_0000_0010_0040ul));
        Assert.That(KvmRegisterIds.Pstate, Is.EqualTo(0x6030_0000_0010_0042ul));
        Assert.That(KvmRegisterIds.SpEl1, Is.EqualTo(0x6030_0000_0010_0044ul));
        Assert.That(KvmRegisterIds.V(0), Is.EqualTo(0x6040_0000_0010_0054ul));
        Assert.That(KvmRegisterIds.Fpsr, Is.EqualTo(0x6020_0000_0010_00D4ul));
        Assert.That(KvmRegisterIds.Fpcr, Is.EqualTo(0x6020_0000_0010_00D5ul));
        Assert.That(KvmRegisterIds.MpidrEl1, Is.EqualTo(0x6030_0000_0013_C005ul));
    }

    [Test]
    public void UnknownRegisterIsEnoentAndMemorySlotsAreChecked()
    {
        var (vm, v) = NewVcpu();
        using (vm)
        {
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
            Assert.That(v.GetOneReg(0x6030_0000_0099_0000ul, out _), Is.EqualTo(-Errno.ENOENT));
            Assert.That(vm.SetUserMemoryRegion(0, 0x4000_0000, 0x10_0000), Is.EqualTo(0));
            Assert.That(vm.SetUserMemoryRegion(1, 0x4008_0000, 0x1000), Is.EqualTo(-Errno.EEXIST), "overlap");
            Assert.That(vm.SetUserMemoryRegion(2, 0x4100_0001, 0x1000), Is.EqualTo(-Errno.EINVAL), "unaligned");
            Assert.That(vm.SetUserMemoryRegion(0, 0, 0), Is.EqualTo(0), "delete");
            Assert.That(vm.CreateVcpu(0, out _), Is.EqualTo(-Errno.EEXIST));
            Assert.That(vm.CreateVcpu(4, out _), Is.EqualTo(-Errno.EINVAL));
        }
    }

    // ------------------------------------------------------------------ misuse (issue 9 item 6)

    private const ulong Ram = 0x4000_0000;
    /// <summary>B . (branch to itself).</summary>
    private const uint BranchToSelf = 0x1400_0000;

    /// <summary>A vCPU spinning on B . at the start of RAM.</summary>
    private (KvmVm vm, KvmVcpu vcpu) Spinner()
    {
        var (vm, v) = NewVcpu();
        Assert.That(vm.SetUserMemoryRegion(0, Ram, 0x1000), Is.EqualTo(0));
        vm.Memory.WriteU32Privileged(Ram, BranchToSelf);
        Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
        Assert.That(v.SetOneReg(KvmRegisterIds.Pc, Ram), Is.EqualTo(0));
        return (vm, v);
    }

    /// <summary>Starts <paramref name="v"/> running on another thread and waits until it is inside Run.</summary>
    private static Thread StartRun(KvmVcpu v, Action<int> result)
    {
        var t = new Thread(() => result(v.Run())) { IsBackground = true };
        t.Start();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (v.GetOneReg(KvmRegisterIds.Pc, out _) != -Errno.EBUSY)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the run started");
            Thread.Sleep(1);
        }
        return t;
    }

    [Test]
    public void Misuse_BadRegisterIdsAreEnoentAndBadValuesEinval()
    {
        var (vm, v) = NewVcpu();
        using (vm)
        {
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(0));
            ulong x0AsU32 = (KvmRegisterIds.X(0) & ~KvmRegisterIds.SizeMask) | KvmRegisterIds.SizeU32;
            Assert.Multiple(() =>
            {
                Assert.That(v.GetOneReg(0, out _), Is.EqualTo(-Errno.ENOENT), "id 0");
                Assert.That(v.GetOneReg(x0AsU32, out _), Is.EqualTo(-Errno.ENOENT), "X0 with the wrong size field");
                Assert.That(v.SetOneReg(x0AsU32, 1), Is.EqualTo(-Errno.ENOENT), "X0 with the wrong size field");
                Assert.That(v.GetOneReg(KvmRegisterIds.Sysreg(3, 7, 15, 15, 7), out _), Is.EqualTo(-Errno.ENOENT), "an unknown system register");
                Assert.That(v.GetOneReg(KvmRegisterIds.Arm64 | KvmRegisterIds.SizeU64 | KvmRegisterIds.CoreGroup | 0x7FFF, out _), Is.EqualTo(-Errno.ENOENT), "a core offset past struct kvm_regs");
                Assert.That(v.SetOneReg(KvmRegisterIds.Fpsr, 1ul << 32), Is.EqualTo(-Errno.EINVAL), "a value wider than the 32-bit register");
                Assert.That(v.SetOneReg(KvmRegisterIds.X(1), UInt128.One << 64), Is.EqualTo(-Errno.EINVAL), "a value wider than the 64-bit register");
                Assert.That(v.SetOneReg(KvmRegisterIds.MidrEl1, 0x1234), Is.EqualTo(-Errno.EINVAL), "an ID register cannot change");
                Assert.That(v.SetOneReg(KvmRegisterIds.Pstate, 1ul << 32), Is.EqualTo(-Errno.EINVAL), "PSTATE bits above 31");
                Assert.That(() => KvmRegisterIds.X(31), Throws.TypeOf<ArgumentOutOfRangeException>(), "X31 has no id (SP has its own)");
                Assert.That(v.Init(VcpuTarget.CortexA57, 0), Is.EqualTo(-Errno.EINVAL), "a target other than the preferred one");
            });
        }
    }

    [Test]
    public void Misuse_OverlappingUnalignedAndOutOfRangeMemorySlots()
    {
        var (vm, _) = NewVcpu();
        using (vm)
        {
            Assert.That(vm.SetUserMemoryRegion(0, Ram, 0x10_0000), Is.EqualTo(0));
            Assert.Multiple(() =>
            {
                Assert.That(vm.SetUserMemoryRegion(1, Ram + 0xF_F000, 0x2000), Is.EqualTo(-Errno.EEXIST), "overlaps the end of slot 0");
                Assert.That(vm.SetUserMemoryRegion(1, Ram - 0x1000, 0x2000), Is.EqualTo(-Errno.EEXIST), "overlaps the start of slot 0");
                Assert.That(vm.SetUserMemoryRegion(0, Ram + 0x20_0000, 0x1000), Is.EqualTo(-Errno.EEXIST), "slot 0 is taken");
                Assert.That(vm.SetUserMemoryRegion(2, Ram + 0x20_0800, 0x1000), Is.EqualTo(-Errno.EINVAL), "unaligned address");
                Assert.That(vm.SetUserMemoryRegion(2, Ram + 0x20_0000, 0x800), Is.EqualTo(-Errno.EINVAL), "unaligned size");
                Assert.That(vm.SetUserMemoryRegion(2, vm.Memory.AddressLimit, 0x1000), Is.EqualTo(-Errno.EINVAL), "beyond the guest-physical address space");
                Assert.That(vm.SetUserMemoryRegion(2, vm.Memory.AddressLimit - 0x1000, 0x2000), Is.EqualTo(-Errno.EINVAL), "running past the address space");
                Assert.That(vm.SetUserMemoryRegion(2, 0xFFFF_FFFF_FFFF_F000, 0x2000), Is.EqualTo(-Errno.EINVAL), "wrapping around");
                Assert.That(vm.SetUserMemoryRegion(7, 0, 0), Is.EqualTo(-Errno.EINVAL), "deleting a slot that does not exist");
                Assert.That(vm.SetUserMemoryRegion(1, Ram + 0x10_0000, 0x1000), Is.EqualTo(0), "adjacent is fine");
                Assert.That(vm.SetSmcccFilter(0xC600_0000, 0, SmcccFilterAction.Deny), Is.EqualTo(-Errno.EINVAL), "empty filter range");
                Assert.That(vm.SetSmcccFilter(0xFFFF_FFF0, 0x20, SmcccFilterAction.Deny), Is.EqualTo(-Errno.EINVAL), "filter range past 2^32");
                Assert.That(vm.SetSmcccFilter(0xC600_0000, 1, (SmcccFilterAction)9), Is.EqualTo(-Errno.EINVAL), "unknown action");
                Assert.That(vm.SetSmcccFilter(0xC600_0000, 0x10, SmcccFilterAction.Deny), Is.EqualTo(0));
                Assert.That(vm.SetSmcccFilter(0xC600_000F, 1, SmcccFilterAction.ForwardToUser), Is.EqualTo(-Errno.EEXIST), "overlapping filter ranges");
            });
        }
    }

    [Test]
    public void Misuse_EveryCallAfterDisposeIsEbadfAndDisposingTwiceIsHarmless()
    {
        var (vm, v) = Spinner();
        vm.Dispose();
        vm.Dispose();
        v.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(vm.IsDisposed, Is.True);
            Assert.That(v.Run(), Is.EqualTo(-Errno.EBADF));
            Assert.That(v.GetOneReg(KvmRegisterIds.Pc, out _), Is.EqualTo(-Errno.EBADF));
            Assert.That(v.SetOneReg(KvmRegisterIds.Pc, Ram), Is.EqualTo(-Errno.EBADF));
            Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(-Errno.EBADF));
            Assert.That(vm.SetUserMemoryRegion(1, 0x8000_0000, 0x1000), Is.EqualTo(-Errno.EBADF));
            Assert.That(vm.CreateVcpu(1, out _), Is.EqualTo(-Errno.EBADF));
            Assert.That(vm.SetSmcccFilter(0xC600_0000, 1, SmcccFilterAction.Deny), Is.EqualTo(-Errno.EBADF));
            Assert.That(() => { v.Kick(); v.SetIrqLine(true); v.SetFiqLine(true); }, Throws.Nothing);
            Assert.That(() => v.Core = 1, Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public void Misuse_RunningAVcpuFromTwoThreadsAtOnceIsEbusy()
    {
        var (vm, v) = Spinner();
        using (vm)
        {
            int first = int.MinValue;
            var runner = StartRun(v, r => first = r);
            Assert.Multiple(() =>
            {
                Assert.That(v.Run(), Is.EqualTo(-Errno.EBUSY), "a second run");
                Assert.That(v.SetOneReg(KvmRegisterIds.X(0), 1), Is.EqualTo(-Errno.EBUSY), "registers while running");
                Assert.That(v.Init(vm.PreferredTarget, 0), Is.EqualTo(-Errno.EBUSY), "init while running");
                Assert.That(() => v.Core = 1, Throws.TypeOf<InvalidOperationException>(), "moving a running vCPU");
            });
            v.Kick();
            Assert.That(runner.Join(TimeSpan.FromSeconds(20)), Is.True);
            Assert.That(first, Is.EqualTo(-Errno.EINTR));
            Assert.That(v.GetOneReg(KvmRegisterIds.Pc, out var pc), Is.EqualTo(0), "usable again once the run returned");
            Assert.That((ulong)pc, Is.EqualTo(Ram));
        }
    }

    [Test]
    public void Misuse_DisposingTheVmWhileAVcpuRunsStopsTheRunFirst()
    {
        var (vm, v) = Spinner();
        int result = int.MinValue;
        var runner = StartRun(v, r => result = r);
        vm.Dispose();
        Assert.That(runner.Join(TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(result, Is.EqualTo(-Errno.EINTR), "the run returned INTR before the memory went away");
        Assert.That(v.Run(), Is.EqualTo(-Errno.EBADF));
    }

    [Test]
    public void C8_AKickBeforeTheRunIsReportedByThatRun()
    {
        var (vm, v) = Spinner();
        using (vm)
        {
            v.Kick();
            Assert.That(v.Run(), Is.EqualTo(-Errno.EINTR));
            Assert.That(v.RunData.ExitReason, Is.EqualTo(KvmExitReason.Intr));
        }
    }
}
