using A64Jit.Cli;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Kvm;

/// <summary>
/// The example VMM, <c>a64jit vm</c>, on kernels assembled at test time: with each
/// <c>--engine</c>, and without the option (the command line as it was before it existed).
/// </summary>
[TestFixture(""), TestFixture("interp"), TestFixture("jit"), TestFixture("tiered"), Category("Kvm")]
public class VmCommandTests(string engine)
{
    private const string Macros = """
        .macro movq reg, val
            movz \reg, #((\val) >> 48) & 0xffff, lsl #48
            movk \reg, #((\val) >> 32) & 0xffff, lsl #32
            movk \reg, #((\val) >> 16) & 0xffff, lsl #16
            movk \reg, #(\val) & 0xffff
        .endm

        """;

    private static string Image(string source)
    {
        var path = Path.Combine(Path.GetTempPath(), $"a64jit-vm-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, CrossAssembler.Assemble(Macros + source, 0x4008_0000));
        return path;
    }

    private (int status, string stdout, string stderr) Run(params string[] args)
    {
        if (engine != "" && args.Length > 0 && args[0] == "vm") args = [.. args, "--engine", engine];
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int status = CommandLine.Run(args, o, e);
        return (status, o.ToString(), e.ToString());
    }

    [OneTimeSetUp]
    public void RequireToolchain()
    {
        if (!CrossAssembler.Available) Assert.Fail("the AArch64 cross binutils are not installed (the test command installs them)");
    }

    private const string Hello = """
            movq x0, 0x09000000
            adr x1, msg
        1:  ldrb w2, [x1], #1
            cbz w2, 2f
            strb w2, [x0]
            b 1b
        2:  movq x0, 0x84000008
            hvc #0
        msg: .asciz "Hello from EL1\n"
        """;

    [Test]
    public void PrintsUartOutputAndEndsWithStatusZeroOnSystemOff()
    {
        var image = Image(Hello);
        try
        {
            var (status, stdout, stderr) = Run("vm", "--image", image, "--load", "0x40080000");
            Assert.That(status, Is.EqualTo(0), stderr);
            Assert.That(stdout, Is.EqualTo("Hello from EL1\n"));
            Assert.That(stderr, Is.Empty);
        }
        finally { File.Delete(image); }
    }

    [TestCase("0", 2, "exit FAIL_ENTRY hardware_entry_failure_reason=0xbadbad32 cpu=0")]
    public void AnUnhandledExitIsOneLineOnStderr(string capable, int cores, string expected)
    {
        var image = Image("""
                movq x0, 0x40080100
                msr elr_el1, x0
                mov x0, #0x10
                msr spsr_el1, x0
                eret
            """);
        try
        {
            var (status, _, stderr) = Run("vm", "--image", image, "--load", "0x40080000", "--cores", cores.ToString(), "--aarch32-el0", capable);
            Assert.That(status, Is.Not.EqualTo(0));
            Assert.That(stderr.TrimEnd('\n'), Is.EqualTo(expected));
        }
        finally { File.Delete(image); }
    }

    [Test]
    public void BadArgumentsAreOneClearLine()
    {
        var (status, _, stderr) = Run("vm", "--image", "/nonexistent", "--load", "0x40000000");
        Assert.That(status, Is.Not.EqualTo(0));
        Assert.That(stderr, Does.StartWith("a64jit: cannot read"));
        (status, _, stderr) = Run("vm", "--load", "0x40000000");
        Assert.That(status, Is.Not.EqualTo(0));
        Assert.That(stderr, Does.Contain("usage: a64jit vm"));
    }

    [Test]
    public void PsciCpuOnStartsTheSecondVcpuWhichPrintsToo()
    {
        var image = Image("""
                movq x0, 0xC4000003        // CPU_ON(1, secondary, 0)
                mov x1, #1
                adr x2, secondary
                mov x3, #0
                hvc #0
                movq x9, 0x40090000
            1:  ldr x4, [x9]              // wait for the secondary's mark
                cbz x4, 1b
                movq x0, 0x09000000
                mov w1, #'0'
                strb w1, [x0]
                movq x0, 0x84000008
                hvc #0
            secondary:
                movq x0, 0x09000000
                mov w1, #'1'
                strb w1, [x0]
                movq x9, 0x40090000
                mov x4, #1
                str x4, [x9]
            2:  wfi
                b 2b
            """);
        try
        {
            var (status, stdout, stderr) = Run("vm", "--image", image, "--load", "0x40080000", "--cores", "2");
            Assert.That(status, Is.EqualTo(0), stderr);
            Assert.That(stdout, Is.EqualTo("10"), "the secondary prints first, then the primary, which waited for it");
            Assert.That(stderr, Is.Empty);
        }
        finally { File.Delete(image); }
    }

    [Test]
    public void AnUnknownEngineIsAUsageError()
    {
        var (status, _, stderr) = Run("vm", "--image", "x", "--load", "0x40000000", "--engine", "fast");
        Assert.That(status, Is.Not.EqualTo(0));
        Assert.That(stderr, Does.Contain("unknown engine 'fast'"));
    }
}
