using A64Jit.Cli;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Kvm;

/// <summary>The example VMM, <c>a64jit vm</c>, on kernels assembled at test time.</summary>
[TestFixture, Category("Kvm")]
public class VmCommandTests
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

    private static (int status, string stdout, string stderr) Run(params string[] args)
    {
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
}
