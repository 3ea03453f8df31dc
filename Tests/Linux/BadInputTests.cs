using System.Buffers.Binary;

namespace A64Jit.Tests.Linux;

/// <summary><c>a64jit run</c> on files it cannot run: one clear line, a non-zero status, never a stack trace.</summary>
[TestFixture]
public class BadInputTests
{
    private static byte[] Hello => File.ReadAllBytes(LinuxTestSupport.HelloElf);

    private static void ExpectOneLineFailure(byte[]? contents, string expectedFragment, string? path = null)
    {
        string file = path ?? LinuxTestSupport.TempFile(contents!);
        try
        {
            var (status, stdout, stderr) = LinuxTestSupport.RunInProcess("run", file);
            Assert.That(status, Is.Not.EqualTo(0));
            Assert.That(stdout, Is.Empty);
            var lines = stderr.TrimEnd('\n').Split('\n');
            Assert.That(lines, Has.Length.EqualTo(1), stderr);
            Assert.That(lines[0], Does.StartWith("a64jit: "));
            Assert.That(lines[0], Does.Contain(expectedFragment).IgnoreCase, stderr);
            Assert.That(stderr, Does.Not.Contain("   at "), "no .NET stack trace");
            Assert.That(stderr, Does.Not.Contain("Exception"));
        }
        finally
        {
            if (path == null) Directory.Delete(Path.GetDirectoryName(file)!, true);
        }
    }

    [Test] public void MissingFile() => ExpectOneLineFailure(null, "no such file", "/nonexistent/dir/prog");

    [Test] public void EmptyFile() => ExpectOneLineFailure([], "not an ELF");

    [Test] public void TextFile() => ExpectOneLineFailure("#!/bin/sh\necho hi\n"u8.ToArray(), "not an ELF");

    [Test] public void TruncatedHeader() => ExpectOneLineFailure(Hello[..40], "ELF");

    [Test]
    public void ProgramHeadersBeyondTheEnd()
    {
        var d = Hello;
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(32), 0x7fff_0000); // e_phoff far past the end
        ExpectOneLineFailure(d, "ELF");
    }

    [Test]
    public void SegmentBeyondTheEnd()
    {
        var d = Hello;
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(32));
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan((int)phoff + 32), 0x1000_0000); // p_filesz of the first segment
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan((int)phoff + 40), 0x1000_0000); // p_memsz
        ExpectOneLineFailure(d, "beyond the end");
    }

    [Test]
    public void WrongMachine()
    {
        var d = Hello;
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(18), 62); // EM_X86_64
        ExpectOneLineFailure(d, "not AArch64");
    }

    [Test]
    public void Arm32Elf()
    {
        // A minimal ELF32 header for EM_ARM, ET_EXEC.
        var d = new byte[52 + 32];
        d[0] = 0x7F; d[1] = (byte)'E'; d[2] = (byte)'L'; d[3] = (byte)'F';
        d[4] = 1; d[5] = 1; d[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(16), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(18), 40);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(24), 0x8000);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(28), 52);
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(40), 52);
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(42), 32);
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(44), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(52), 1); // PT_LOAD
        ExpectOneLineFailure(d, "32-bit");
    }

    [Test]
    public void DynamicallyLinked()
    {
        var d = Hello;
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(32));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(56));
        // Turn the last program header into a PT_INTERP.
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan((int)phoff + 56 * (phnum - 1)), 3);
        ExpectOneLineFailure(d, "dynamically linked");
    }

    [Test]
    public void NotAnExecutable()
    {
        var d = Hello;
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(16), 1); // ET_REL
        ExpectOneLineFailure(d, "not an executable");
    }

    [Test]
    public void TranslatingEnginesRunTheSampleLikeTheInterpreter()
    {
        var (interpStatus, _, interpErr) = LinuxTestSupport.RunInProcess("run", "--engine", "interp", LinuxTestSupport.HelloElf);
        Assert.That((interpStatus, interpErr), Is.EqualTo((186, "")));
        foreach (var engine in new[] { "jit", "tiered" })
        {
            var (status, _, stderr) = LinuxTestSupport.RunInProcess("run", "--engine", engine, LinuxTestSupport.HelloElf);
            Assert.That((status, stderr), Is.EqualTo((interpStatus, interpErr)), engine);
        }
    }

    [Test]
    public void UnknownEngineIsOneLine()
    {
        var (status, _, stderr) = LinuxTestSupport.RunInProcess("run", "--engine", "warp", LinuxTestSupport.HelloElf);
        Assert.That(status, Is.Not.EqualTo(0));
        Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void BadOptionsAreUsageErrors()
    {
        Assert.That(LinuxTestSupport.RunInProcess("run").status, Is.EqualTo(2));
        Assert.That(LinuxTestSupport.RunInProcess("run", "--engine", "fast", "x").stderr, Does.Contain("unknown engine"));
        Assert.That(LinuxTestSupport.RunInProcess("run", "--bogus", "x").stderr, Does.Contain("unknown option"));
    }
}
