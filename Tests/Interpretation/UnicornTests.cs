using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Interpretation;

/// <summary>The Unicorn binding itself: registers, memory, single steps and how runs stop.</summary>
[TestFixture, Category("Unicorn")]
public class UnicornTests
{
    private const ulong Code = 0x10000;
    private const ulong Data = 0x20000;

    [OneTimeSetUp]
    public void RequireUnicorn()
    {
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed (the test command installs libunicorn2)");
    }

    private static Unicorn Open()
    {
        var uc = new Unicorn();
        uc.Map(Code, 0x1000, 5);
        uc.Map(Data, 0x1000, 3);
        return uc;
    }

    [Test]
    public void StartsAtEl1WithSpEl1Selected()
    {
        // Unicorn runs the guest at EL1h (PSTATE 0x3c5: DAIF masked, M = EL1h). Writes to its
        // PSTATE register do not reliably change the exception level (CurrentEL still reads
        // EL1 afterwards), so differential tests run A64Jit at EL1h too.
        using var uc = Open();
        Assert.That(uc.Pstate & 0xF, Is.EqualTo(0b0101u));
        uc.WriteCode(Code, [0xd5384246]); // mrs x6, currentel
        uc.Run(Code, 1);
        Assert.That(uc.GetX(6), Is.EqualTo(1ul << 2));
    }

    [Test]
    public void StackAlignmentChecksAreOnAndTheMmuOff()
    {
        // SCTLR_EL1 of Unicorn's reset state: SA (bit 3) and SA0 (bit 4) set, M (bit 0) clear.
        using var uc = Open();
        uc.WriteCode(Code, [0xd5381000]); // mrs x0, sctlr_el1
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Clean, stop.ToString());
        TestContext.Out.WriteLine($"SCTLR_EL1 = 0x{uc.GetX(0):x}");
        Assert.That(uc.GetX(0) & 0x19, Is.EqualTo(0x18ul));
    }

    [Test]
    public void UnicornDoesNotCheckStackPointerAlignment()
    {
        // Differs from the architecture: with SCTLR_EL1.SA set, a load whose base is a
        // misaligned SP must take an SP alignment fault (EC 0x26). QEMU does not implement
        // the check, so differential tests run A64Jit with SCTLR_EL1.SA/SA0 clear, and the
        // fault is tested against the Arm ARM instead (InterpreterTests, SpAlignmentTests).
        using var uc = Open();
        uc.WriteCode(Code, [0xf94003e0]); // ldr x0, [sp]
        uc.Sp = Data + 8;
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Clean, stop.ToString());
    }

    [Test]
    public void VersionIsTwo() => Assert.That(Unicorn.Version.Major, Is.EqualTo(2u));

    [Test]
    public void GeneralRegistersRoundTrip()
    {
        using var uc = Open();
        for (int n = 0; n <= 30; n++) uc.SetX(n, 0x1111_0000_0000_0000ul * (ulong)(n % 15) + (ulong)n);
        uc.Sp = 0xDEAD_BEEF_0000;
        uc.Pc = Code + 8;
        uc.Nzcv = 0xA000_0000;
        for (int n = 0; n <= 30; n++) Assert.That(uc.GetX(n), Is.EqualTo(0x1111_0000_0000_0000ul * (ulong)(n % 15) + (ulong)n), $"X{n}");
        Assert.That(uc.Sp, Is.EqualTo(0xDEAD_BEEF_0000ul));
        Assert.That(uc.Pc, Is.EqualTo(Code + 8));
        Assert.That(uc.Nzcv, Is.EqualTo(0xA000_0000u));
    }

    [Test]
    public void VectorRegistersRoundTripAllBits()
    {
        using var uc = Open();
        var v = new UInt128(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210);
        uc.SetV(2, v);
        Assert.That(uc.GetV(2), Is.EqualTo(v));
        uc.WriteCode(Code, [0x4ea21c41]); // mov v1.16b, v2.16b
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Clean, stop.ToString());
        Assert.That(uc.GetV(1), Is.EqualTo(v));
    }

    [Test]
    public void FpcrAndFpsrIdsMatchTheSystemRegisters()
    {
        using var uc = Open();
        uc.Fpcr = 0x0340_0000; // AHP DN FZ RMode=10 … a value MRS must see
        uc.Fpsr = 0x0000_009F;
        uc.WriteCode(Code, [0xd53b4400, 0xd53b4421]); // mrs x0, fpcr; mrs x1, fpsr
        var stop = uc.Run(Code, 2);
        Assert.That(stop.Clean, stop.ToString());
        Assert.That(uc.GetX(0), Is.EqualTo(0x0340_0000ul));
        Assert.That(uc.GetX(1), Is.EqualTo(0x9Ful));
        Assert.That(uc.Fpcr, Is.EqualTo(0x0340_0000u));
    }

    [Test]
    public void NzcvIdMatchesTheSystemRegister()
    {
        using var uc = Open();
        uc.Nzcv = 0x6000_0000;
        uc.WriteCode(Code, [0xd53b4205]); // mrs x5, nzcv
        uc.Run(Code, 1);
        Assert.That(uc.GetX(5), Is.EqualTo(0x6000_0000ul));
    }

    [Test]
    public void CountStopsAfterOneInstruction()
    {
        using var uc = Open();
        uc.WriteCode(Code, [0x91000400, 0x91000400, 0x91000400]); // add x0, x0, #1 (x3)
        uc.SetX(0, 5);
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Clean, stop.ToString());
        Assert.That(uc.GetX(0), Is.EqualTo(6ul));
        Assert.That(uc.Pc, Is.EqualTo(Code + 4));
    }

    [Test]
    public void RewrittenCodeIsNotServedFromTheTranslationCache()
    {
        using var uc = Open();
        uc.WriteCode(Code, [0x91000400]); // add x0, x0, #1
        uc.SetX(0, 0);
        uc.Run(Code, 1);
        uc.WriteCode(Code, [0x91000800]); // add x0, x0, #2
        uc.Run(Code, 1);
        Assert.That(uc.GetX(0), Is.EqualTo(3ul));
    }

    [Test]
    public void UndefinedInstructionStopsWithAnException()
    {
        using var uc = Open();
        uc.WriteCode(Code, [0x00000000]); // udf #0
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Interrupted || stop.Error == UcError.Exception || stop.Error == UcError.InsnInvalid, stop.ToString());
        TestContext.Out.WriteLine($"udf: {stop}, pc 0x{uc.Pc:x}");
    }

    [Test]
    public void SvcStopsWithAnException()
    {
        using var uc = Open();
        uc.WriteCode(Code, [0xd4000001]); // svc #0
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Interrupted, stop.ToString());
        TestContext.Out.WriteLine($"svc: {stop}, pc 0x{uc.Pc:x}");
    }

    [Test]
    public void LoadsAndStoresReachMemory()
    {
        using var uc = Open();
        uc.WriteU64(Data + 8, 0x1122_3344_5566_7788);
        uc.WriteCode(Code, [0xf9400083, 0x91000400, 0xf9000083]); // ldr x3,[x4]; add x0,x0,#1; str x3,[x4]
        uc.SetX(4, Data + 8);
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Clean, stop.ToString());
        Assert.That(uc.GetX(3), Is.EqualTo(0x1122_3344_5566_7788ul));
        uc.SetX(4, Data + 16);
        stop = uc.Run(Code + 8, 1);
        Assert.That(stop.Clean, stop.ToString());
        Assert.That(uc.ReadU64(Data + 16), Is.EqualTo(0x1122_3344_5566_7788ul));
    }

    [Test]
    public void UnalignedNormalAccessesWork()
    {
        // With the MMU off the architecture treats data accesses as Device memory, where an
        // unaligned access faults; Unicorn (like A64Jit's user-mode view) treats them as Normal.
        using var uc = Open();
        uc.WriteU64(Data + 8, 0x1122_3344_5566_7788);
        uc.WriteCode(Code, [0xf9400083]); // ldr x3, [x4]
        uc.SetX(4, Data + 9);
        var stop = uc.Run(Code, 1);
        TestContext.Out.WriteLine($"unaligned ldr: {stop}, x3 0x{uc.GetX(3):x}");
        Assert.That(stop.Clean, stop.ToString());
        Assert.That(uc.GetX(3), Is.EqualTo(0x0011_2233_4455_6677ul));
    }

    [Test]
    public void PageCrossingLoadIntoUnmappedPageFaults()
    {
        using var uc = Open();
        uc.WriteCode(Code, [0xf9400083]); // ldr x3, [x4]
        uc.SetX(4, Data + 0xFFC);
        uc.SetX(3, 0x55);
        var stop = uc.Run(Code, 1);
        TestContext.Out.WriteLine($"page-crossing ldr: {stop}, x3 0x{uc.GetX(3):x}");
        Assert.That(stop.Error, Is.EqualTo(UcError.ReadUnmapped), stop.ToString());
        Assert.That(uc.GetX(3), Is.EqualTo(0x55ul));
    }

    [Test]
    public void UnmappedLoadReportsTheFault()
    {
        using var uc = Open();
        uc.WriteCode(Code, [0xf9400083]); // ldr x3, [x4]
        uc.SetX(4, 0x900000);
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Error, Is.EqualTo(UcError.ReadUnmapped), stop.ToString());
        Assert.That(stop.FaultType, Is.EqualTo(UcMemType.ReadUnmapped));
        Assert.That(stop.FaultAddress, Is.EqualTo(0x900000ul));
        Assert.That(stop.FaultSize, Is.EqualTo(8));
    }

    [Test]
    public void WriteToReadOnlyMemoryReportsTheFault()
    {
        using var uc = Open();
        uc.Protect(Data, 0x1000, 1);
        uc.WriteCode(Code, [0xf9000083]); // str x3, [x4]
        uc.SetX(4, Data);
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Error, Is.EqualTo(UcError.WriteProt), stop.ToString());
        Assert.That(stop.FaultType, Is.EqualTo(UcMemType.WriteProt));
    }

    [Test]
    public void FetchFromUnmappedMemoryReportsTheFault()
    {
        using var uc = Open();
        var stop = uc.Run(0x700000, 1);
        Assert.That(stop.Error, Is.EqualTo(UcError.FetchUnmapped), stop.ToString());
    }

    [Test]
    public void MaxCpuModelExecutesLseAtomics()
    {
        using var uc = Open();
        uc.WriteU64(Data, 7);
        uc.WriteCode(Code, [0xc8a07c41]); // cas x0, x1, [x2]
        uc.SetX(0, 7);
        uc.SetX(1, 9);
        uc.SetX(2, Data);
        var stop = uc.Run(Code, 1);
        Assert.That(stop.Clean, stop.ToString());
        Assert.That(uc.ReadU64(Data), Is.EqualTo(9ul));
        Assert.That(uc.GetX(0), Is.EqualTo(7ul));
    }
}
