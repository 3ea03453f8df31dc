using System.Buffers.Binary;
using A64Jit.Core.Decoding;
using A64Jit.Core.Elf;
using A64Jit.Core.Interpretation;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Linux;

/// <summary><c>a64jit run</c> on real programs, in a child process so the guest's stdout and status are observed.</summary>
[TestFixture]
public class EndToEndTests
{
    /// <summary>The words of <paramref name="path"/>'s executable sections.</summary>
    private static IEnumerable<uint> TextWords(string path)
    {
        var data = File.ReadAllBytes(path);
        var elf = new ElfFile(data);
        foreach (var s in elf.Sections.Where(s => s.IsExecutable && s.Type != 8))
            for (ulong o = 0; o + 4 <= s.Size; o += 4)
                yield return BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)(s.Offset + o)));
    }

    /// <summary>Skips (naming what is missing) until the interpreter implements every instruction of the program.</summary>
    private static void RequireInterpreterFor(string path)
    {
        var missing = new SortedSet<string>();
        foreach (var w in TextWords(path))
        {
            int id = Decoder.Decode(w);
            if (id < 0) continue; // data in the text section
            if (!Interpreter.IsImplemented(id)) missing.Add(EncodingTable.All[id].Name);
        }
        if (missing.Count > 0) Assert.Ignore($"the interpreter does not implement {string.Join(", ", missing)} yet");
    }

    [Test]
    public void HelloPrintsAndExitsWithItsStatus()
    {
        RequireInterpreterFor(LinuxTestSupport.HelloElf);
        var (status, stdout, stderr) = LinuxTestSupport.RunChild("", "run", LinuxTestSupport.HelloElf);
        Assert.That(stdout, Is.EqualTo("Hello from AArch64!\n"), stderr);
        Assert.That(status, Is.EqualTo(186), "5050 & 0xff");
        Assert.That(stderr, Is.Empty);
    }

    [Test]
    public void HelloWithStatsAndStrace()
    {
        RequireInterpreterFor(LinuxTestSupport.HelloElf);
        var (status, stdout, stderr) = LinuxTestSupport.RunChild("", "run", "--stats", "--strace", "--engine", "interp", LinuxTestSupport.HelloElf);
        Assert.That(status, Is.EqualTo(186));
        Assert.That(stdout, Is.EqualTo("Hello from AArch64!\n"));
        Assert.That(stderr, Does.Match(@"write\(1,0x[0-9a-f]+,20\) = 20"));
        Assert.That(stderr, Does.Contain("exit(186) = ?").Or.Contain("+++ exited with 186 +++"));
        Assert.That(stderr, Does.Match(@"guest instructions\s+3\d\d\b"));
        Assert.That(stderr, Does.Contain("blocks translated      0"));
        Assert.That(stderr, Does.Contain("guest MIPS"));
        Assert.That(stderr, Does.Contain("fallback rate"));
    }

    /// <summary>hello.elf with its first instructions replaced: two ADDs (immediate) and then UDF #0.</summary>
    private static string UndefinedInstructionProgram()
    {
        var data = File.ReadAllBytes(LinuxTestSupport.HelloElf);
        var elf = new ElfFile(data);
        var text = elf.Sections.First(s => s.Name == ".text");
        int o = (int)text.Offset;
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(o), 0x91000400);     // add x0, x0, #1
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(o + 4), 0x91000400);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(o + 8), 0x00000000); // udf #0
        return LinuxTestSupport.TempFile(data, "udf");
    }

    [Test]
    public unsafe void AnUndefinedInstructionKillsWithSigillInProcess()
    {
        var path = UndefinedInstructionProgram();
        try
        {
            using var p = LinuxProcess.Load(path, [path], []);
            using var engine = ExecutionEngines.Create(EnginePolicy.Interpreter, p.Cpu, p.Memory);
            int status = p.Run(engine);
            Assert.That(status, Is.EqualTo(128 + Sig.SIGILL));
            Assert.That(p.TerminatingSignal, Is.EqualTo(Sig.SIGILL));
            Assert.That(p.Cpu.State->X[0], Is.EqualTo(2ul), "the two ADDs ran");
            Assert.That(p.Cpu.State->PC, Is.EqualTo(p.Image!.Entry + 8));
            Assert.That(engine.Statistics.InstructionsExecuted, Is.EqualTo(2ul));
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, true); }
    }

    [Test]
    public void AnUndefinedInstructionGivesStatus132FromTheCommand()
    {
        var path = UndefinedInstructionProgram();
        try
        {
            var (status, stdout, stderr) = LinuxTestSupport.RunChild("", "run", path);
            Assert.That(status, Is.EqualTo(132), stderr);
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr, Does.Not.Contain("   at "));
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, true); }
    }

    // ------------------------------------------------------------------ sysprobe (Tests/Linux/Programs/sysprobe.c)

    private static string ProbeExpected(string dir) => $"""
        argc=3
        arg: {dir}
        arg: x
        env: PROBE_A=hello
        pagesz=4096
        hwcap_fp_asimd=1
        hwcap_cpuid=1
        pfr0_el0=1
        isar0_aes=1
        open_ok=1
        write=10
        close=0
        read=10
        lseek=3
        read_again=4
        data: 3456
        close_twice=-9
        unlink=0
        open_missing=-2
        write_efault=-14
        brk_grew=1
        mmap_ok=1
        munmap=0
        mprotect_unmapped=-12
        sigaction=0
        segv_hits=1
        segv_addr=0x0000000000000010
        segv_code=1
        sigaction2=0
        tgkill=0
        hits=11
        query=0
        old_flags=67108868
        bad_sigsetsize=-22
        machine: aarch64
        unknown_syscall=-38

        """;

    private static readonly Dictionary<string, string> ProbeEnv = new() { ["PROBE_A"] = "hello" };

    [Test]
    public void SysProbeBehavesAsLinuxDoes()
    {
        RequireInterpreterFor(LinuxTestSupport.SysProbeElf);
        var dir = Path.Combine(Path.GetTempPath(), "a64jit-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var (status, stdout, stderr) = LinuxTestSupport.RunChildWith(ProbeEnv, "", "run", LinuxTestSupport.SysProbeElf, dir, "x");
            Assert.That(stdout, Is.EqualTo(ProbeExpected(dir)), stderr);
            Assert.That(status, Is.EqualTo(7));
            Assert.That(File.Exists(Path.Combine(dir, "sysprobe.txt")), Is.False, "the program unlinked its file");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void SysProbeMatchesQemu()
    {
        RequireInterpreterFor(LinuxTestSupport.SysProbeElf);
        var dir = Path.Combine(Path.GetTempPath(), "a64jit-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var q = LinuxTestSupport.RunQemu(ProbeEnv, "", LinuxTestSupport.SysProbeElf, dir, "x");
            if (q == null) Assert.Ignore("qemu-aarch64 is not installed");
            var (status, stdout, _) = LinuxTestSupport.RunChildWith(ProbeEnv, "", "run", LinuxTestSupport.SysProbeElf, dir, "x");
            Assert.That(stdout, Is.EqualTo(q.Value.stdout));
            Assert.That(status, Is.EqualTo(q.Value.status));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void StdinPassesThrough()
    {
        RequireInterpreterFor(LinuxTestSupport.SysProbeElf);
        var text = "line one\nline two, somewhat longer than the buffer\n";
        var (status, stdout, stderr) = LinuxTestSupport.RunChild(text, "run", LinuxTestSupport.SysProbeElf, "cat");
        Assert.That(stdout, Is.EqualTo(text), stderr);
        Assert.That(status, Is.EqualTo(0));
    }

    [TestCase("crash", 139, "before\n")]
    [TestCase("brk", 133, "")]
    public void UncaughtSignalsGiveTheShellStatus(string mode, int expected, string expectedOut)
    {
        RequireInterpreterFor(LinuxTestSupport.SysProbeElf);
        var (status, stdout, stderr) = LinuxTestSupport.RunChild("", "run", LinuxTestSupport.SysProbeElf, mode);
        Assert.That(status, Is.EqualTo(expected), stderr);
        Assert.That(stdout, Is.EqualTo(expectedOut));
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    // ------------------------------------------------------------------ libcprobe (static glibc, Tests/Linux/Programs/libcprobe.c)

    private const string LibcExpected = """
        1 234 429 643 865 
        1.0698672748 1.41421 2.718282e+00
        0003.142|ab   |ff
        fopen: No such file or directory (2)
        size=9 regular=1
        listed=1
        exists after unlink=0
        machine=aarch64
        clock=1
        big=1024
        recovered 0
        recovered 1
        got=10
        exe ends with libcprobe.elf=1

        """;

    [Test]
    public void StaticGlibcProgramRuns()
    {
        RequireInterpreterFor(LinuxTestSupport.LibcProbeElf);
        var dir = Path.Combine(Path.GetTempPath(), "a64jit-libc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var (status, stdout, stderr) = LinuxTestSupport.RunChild("", "run", LinuxTestSupport.LibcProbeElf, dir);
            Assert.That(stdout, Is.EqualTo(LibcExpected), stderr);
            Assert.That(stderr, Is.EqualTo("to stderr\n"));
            Assert.That(status, Is.EqualTo(3));
            var q = LinuxTestSupport.RunQemu(null, "", LinuxTestSupport.LibcProbeElf, dir);
            if (q != null)
            {
                Assert.That(stdout, Is.EqualTo(q.Value.stdout), "same output as qemu-aarch64");
                Assert.That(status, Is.EqualTo(q.Value.status));
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void GlibcAbortGivesStatus134AndStdinWorks()
    {
        RequireInterpreterFor(LinuxTestSupport.LibcProbeElf);
        var (status, stdout, _) = LinuxTestSupport.RunChild("", "run", LinuxTestSupport.LibcProbeElf, "abort");
        Assert.That(status, Is.EqualTo(128 + 6));
        Assert.That(stdout, Is.EqualTo("aborting\n"));
        (status, stdout, _) = LinuxTestSupport.RunChild("one\ntwo\n", "run", LinuxTestSupport.LibcProbeElf, "cat");
        Assert.That(status, Is.EqualTo(0));
        Assert.That(stdout, Is.EqualTo("> one\n> two\n"));
    }
}
