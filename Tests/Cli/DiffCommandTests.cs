using System.Diagnostics;
using A64Jit.Cli;
using A64Jit.Runtime.Linux;
using A64Jit.Tests.Linux;

namespace A64Jit.Tests.Cli;

/// <summary>
/// <c>a64jit diff</c>: the translator and the interpreter run the same programs in lockstep
/// without a divergence, and a divergence injected into the translated copy (a register, a
/// memory byte) is reported at the block where it happened, with both values.
/// </summary>
[TestFixture, Category("Linux")]
public unsafe class DiffCommandTests
{
    private static (int status, string stdout, string stderr) Diff(Action<long, LinuxProcess>? hook, params string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int status = DiffCommand.Run(args, new CommandIo(o, e), hook);
        return (status, o.ToString(), e.ToString());
    }

    private static readonly object BuildLock = new();
    private static readonly Dictionary<string, string> Built = new();

    /// <summary>Builds Tests/Programs/src/NAME.c with -O2 -static (once per test run).</summary>
    private static string Program(string name)
    {
        lock (BuildLock)
        {
            if (Built.TryGetValue(name, out var done)) return done;
            var src = Path.Combine(LinuxTestSupport.RepoRoot, "Tests", "Programs", "src", name + ".c");
            var dir = Path.Combine(Path.GetTempPath(), "a64jit-diff-tests");
            Directory.CreateDirectory(dir);
            var output = Path.Combine(dir, $"{name}.{Environment.ProcessId}.elf");
            var psi = new ProcessStartInfo("aarch64-linux-gnu-gcc") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-O2", "-static", "-o", output, src, "-lm" }) psi.ArgumentList.Add(a);
            Process p;
            try { p = Process.Start(psi)!; }
            catch (System.ComponentModel.Win32Exception) { Assert.Ignore("aarch64-linux-gnu-gcc is not installed"); throw; }
            using (p)
            {
                string err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.That(p.ExitCode, Is.EqualTo(0), $"building {name}: {err}");
            }
            Built[name] = output;
            return output;
        }
    }

    [Test]
    public void HelloSampleRunsWithoutDivergence()
    {
        var (status, stdout, stderr) = Diff(null, LinuxTestSupport.HelloElf);
        Assert.That(status, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Match(@"no divergence: \d+ instructions, \d+ blocks compared"));
        Assert.That(stdout, Does.Contain("exit status 186"), "the sample's own status, as `a64jit run` and qemu give it");
    }

    [TestCase("libcprobe")]
    [TestCase("vectors")]
    [TestCase("printf_float")]
    [TestCase("sigsegv")]
    public void ProgramsRunWithoutDivergence(string name)
    {
        string path = name == "libcprobe" ? LinuxTestSupport.LibcProbeElf : Program(name);
        var (status, stdout, stderr) = Diff(null, "--check-every", name == "libcprobe" ? "8192" : "512", path);
        Assert.That(status, Is.EqualTo(0), stdout + stderr);
        Assert.That(stdout, Does.Contain("no divergence"));
    }

    [Test]
    public void InstructionLimitStopsCleanly()
    {
        var (status, stdout, stderr) = Diff(null, "--max-instructions", "1000", LinuxTestSupport.LibcProbeElf);
        Assert.That(status, Is.EqualTo(0), stdout + stderr);
        var m = System.Text.RegularExpressions.Regex.Match(stdout, @"no divergence: (\d+) instructions");
        Assert.That(m.Success, stdout);
        Assert.That(ulong.Parse(m.Groups[1].Value), Is.EqualTo(1000ul));
        Assert.That(stdout, Does.Contain("stopped at the limit of 1000 instructions"));
    }

    [Test]
    public void CorruptedRegisterIsReportedAtItsBlock()
    {
        const long at = 300;
        ulong blockPc = 0, original = 0, corrupted = 0;
        var (status, stdout, _) = Diff((n, p) =>
        {
            var s = p.Cpu.State;
            if (n == at - 1) blockPc = s->PC; // where block `at` starts
            if (n == at)
            {
                original = s->X[7];
                corrupted = original ^ (1ul << 41);
                s->X[7] = corrupted;
            }
        }, Program("hello"));
        Assert.That(status, Is.EqualTo(1), stdout);
        Assert.That(stdout, Does.Contain($"divergence after block {at} at 0x{blockPc:x}"));
        Assert.That(stdout, Does.Contain($"block at 0x{blockPc:x}:"));
        Assert.That(stdout, Does.Match($@"\n  x7 +0x{corrupted:x16} / 0x{original:x16}\n"));
        // Only the corrupted register differs.
        var regLines = stdout.Split('\n').SkipWhile(l => !l.StartsWith("registers")).Skip(1).TakeWhile(l => l.StartsWith("  ")).ToList();
        Assert.That(regLines, Has.Count.EqualTo(1), stdout);
        // The listing is the block's own instructions, first one at the block's address.
        Assert.That(stdout, Does.Contain($"\n  {blockPc:x}:\t"));
    }

    [Test]
    public void CorruptedMemoryIsReportedWithBothValues()
    {
        const long at = 200;
        ulong address = 0;
        byte original = 0;
        var (status, stdout, _) = Diff((n, p) =>
        {
            if (n != at) return;
            address = p.Cpu.State->X[31] - 200; // below the stack pointer: not written by the next blocks before the check
            var buf = new byte[1];
            p.Memory.ReadPrivileged(address, buf);
            original = buf[0];
            p.Memory.WritePrivileged(address, [(byte)(original ^ 0x5A)]);
        }, "--check-every", "1", Program("hello"));
        Assert.That(status, Is.EqualTo(1), stdout);
        Assert.That(stdout, Does.Contain($"after block {at} at 0x"));
        Assert.That(stdout, Does.Contain("memory (translator / interpreter):"));
        Assert.That(stdout, Does.Match($@"\n  0x{address:x}: {original ^ 0x5A:x2}[0-9a-f]* / {original:x2}[0-9a-f]*\n"));
    }

    [Test]
    public void BadUsageAndInputFailWithStatus2()
    {
        Assert.That(LinuxTestSupport.RunInProcess("diff").status, Is.EqualTo(2));
        var (status, _, stderr) = LinuxTestSupport.RunInProcess("diff", "--frobnicate", LinuxTestSupport.HelloElf);
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("unknown option '--frobnicate'"));
        (status, _, stderr) = LinuxTestSupport.RunInProcess("diff", "--max-instructions", "lots", LinuxTestSupport.HelloElf);
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("bad value 'lots'"));
        (status, _, stderr) = LinuxTestSupport.RunInProcess("diff", "/nonexistent/program");
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("no such file"));
        var notElf = LinuxTestSupport.TempFile([1, 2, 3, 4, 5, 6, 7, 8], "notelf");
        (status, _, stderr) = LinuxTestSupport.RunInProcess("diff", notElf);
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("not an ELF"));
    }
}
