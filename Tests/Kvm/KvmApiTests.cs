using A64Jit.Runtime.Kvm;
using A64Jit.Runtime.Machine;

namespace A64Jit.Tests.Kvm;

/// <summary>Rules C1–C4 and C8 of the asymmetric-32-bit design notes through the VM/vCPU API.</summary>
[TestFixture]
public class KvmApiTests
{
    private static (KvmVm vm, KvmVcpu vcpu) NewVcpu(string capable = "0-1", int cores = 4, int id = 0)
    {
        var vm = new KvmVm(MachineTopology.Create(cores, capable));
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
}
