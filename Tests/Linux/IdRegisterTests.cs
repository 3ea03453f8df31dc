using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Linux;

/// <summary>EL0 reads of ID registers trapped (EC 0x18) and emulated as Linux does for HWCAP_CPUID.</summary>
[TestFixture]
public unsafe class IdRegisterTests
{
    private LinuxProcess _p = null!;
    private CpuState* S => _p.Cpu.State;

    [SetUp] public void SetUp() => _p = LinuxProcess.CreateEmpty(new LinuxOptions { HwCap = LinuxProcess.AllHwCaps });
    [TearDown] public void TearDown() => _p.Dispose();

    /// <summary>ISS of an MRS trap: op0, op2, op1, CRn, Rt, CRm, direction read.</summary>
    private static uint Iss(int op0, int op1, int crn, int crm, int op2, int rt) =>
        (uint)((op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | 1);

    private ulong Mrs(int crm, int op2, int rt = 5)
    {
        S->PC = 0x1000;
        S->X[rt] = 0xAAAA;
        S->ExitReason = (uint)StopReason.Exception;
        S->ExitSyndrome = Syndrome.Make(Syndrome.SystemRegisterTrap, Iss(3, 0, 0, crm, op2, rt));
        _p.HandleStop(StopReason.Exception);
        Assert.That(_p.ExitStatus, Is.Null);
        Assert.That(S->PC, Is.EqualTo(0x1004ul), "continues after the MRS");
        return S->X[rt];
    }

    [Test]
    public void MainIdAndFriends()
    {
        Assert.That(Mrs(0, 0), Is.EqualTo(S->Midr), "MIDR_EL1");
        Assert.That(Mrs(0, 5), Is.EqualTo(0x8000_0000ul), "MPIDR_EL1");
        Assert.That(Mrs(0, 6), Is.EqualTo(0ul), "REVIDR_EL1");
    }

    [Test]
    public void FeatureRegistersShowTheUserVisibleFields()
    {
        ulong pfr0 = Mrs(4, 0);
        Assert.That(pfr0 & 0xFF, Is.EqualTo(0x11ul), "EL0 and EL1: AArch64 only");
        Assert.That((pfr0 >> 16) & 0xFF, Is.EqualTo((S->IdAa64Pfr0 >> 16) & 0xFF), "FP and AdvSIMD as implemented");
        Assert.That(pfr0 & 0xFF00, Is.EqualTo(0ul), "EL2/EL3 hidden");
        ulong isar0 = Mrs(6, 0);
        Assert.That(isar0 & ~0xF000ul, Is.EqualTo(S->IdAa64Isar0 & IdRegisters.Isar0Visible & ~0xF000ul));
        Assert.That((isar0 >> 12) & 0xF, Is.EqualTo(1ul), "SHA2: SHA256 only (SHA512 has its own HWCAP, not offered)");
        Assert.That((isar0 >> 4) & 0xF, Is.EqualTo(2ul), "AES with PMULL");
        Assert.That((isar0 >> 20) & 0xF, Is.EqualTo(2ul), "LSE atomics");
        Assert.That(Mrs(7, 0), Is.EqualTo(0xFF00_0000ul), "ID_AA64MMFR0_EL1: only the hidden granule fields");
        Assert.That(Mrs(5, 0), Is.EqualTo(0x6ul), "ID_AA64DFR0_EL1: DebugVer 8.0");
        Assert.That(Mrs(3, 0), Is.EqualTo(0ul), "AArch32 ID registers read as zero");
        Assert.That(Mrs(7, 7), Is.EqualTo(0ul), "unallocated ID space reads as zero");
    }

    [Test]
    public void WritesToXzrAreDiscarded()
    {
        Mrs(0, 0, rt: 31);
        Assert.That(S->X[31], Is.Not.EqualTo(S->Midr));
    }

    [Test]
    public void OtherSystemRegisterTrapsAreSigill()
    {
        S->PC = 0x1000;
        S->ExitReason = (uint)StopReason.Exception;
        S->ExitSyndrome = Syndrome.Make(Syndrome.SystemRegisterTrap, Iss(3, 0, 1, 0, 0, 1)); // SCTLR_EL1
        _p.HandleStop(StopReason.Exception);
        Assert.That(_p.ExitStatus, Is.EqualTo(128 + Sig.SIGILL));
    }

    [Test]
    public void FeatureFieldsAgreeWithHwcap()
    {
        _p.Dispose();
        _p = LinuxProcess.CreateEmpty(new LinuxOptions { HwCap = HwCap.Fp | HwCap.Asimd | HwCap.Aes | HwCap.CpuId });
        ulong isar0 = Mrs(6, 0);
        Assert.That((isar0 >> 4) & 0xF, Is.EqualTo(1ul), "AES without PMULL");
        Assert.That((isar0 >> 8) & 0xFFF, Is.EqualTo(0ul), "no SHA1, SHA2, CRC32");
        Assert.That((isar0 >> 20) & 0xF, Is.EqualTo(0ul), "no atomics");
        _p.Dispose();
        _p = LinuxProcess.CreateEmpty(new LinuxOptions { HwCap = HwCap.CpuId });
        ulong pfr0 = Mrs(4, 0);
        Assert.That((pfr0 >> 16) & 0xFF, Is.EqualTo(0xFFul), "FP and AdvSIMD not implemented");
        Assert.That(Mrs(6, 0), Is.EqualTo(0ul));
    }
}
