using A64Jit.Cli;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Cli;

/// <summary><c>a64jit disasm</c> on the bundled samples, against objdump.</summary>
[TestFixture, Category("Objdump")]
public class DisasmCommandTests
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "A64Jit.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root");
        }
    }

    private static (int status, string stdout, string stderr) Run(params string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int status = CommandLine.Run(args, o, e);
        return (status, o.ToString(), e.ToString());
    }

    private static List<uint> WordsOf(byte[] bytes)
    {
        var words = new List<uint>();
        for (int i = 0; i + 4 <= bytes.Length; i += 4) words.Add(BitConverter.ToUInt32(bytes, i));
        return words;
    }

    [Test]
    public void RawFileLinesMatchObjdump()
    {
        var path = Path.Combine(RepoRoot, "samples", "hello.bin");
        var (status, stdout, stderr) = Run("disasm", path, "--base", "0x400078");
        Assert.That(status, Is.EqualTo(0), stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var words = WordsOf(File.ReadAllBytes(path));
        var theirs = Objdump.Disassemble(words, 0x400078);
        Assert.That(lines, Has.Length.EqualTo(words.Count));
        for (int i = 0; i < words.Count; i++)
        {
            var parts = lines[i].Split('\t', 3);
            Assert.That(parts[0], Is.EqualTo($"{0x400078 + 4 * i:x}:"), "address column");
            Assert.That(parts[1], Is.EqualTo($"{words[i]:x8}"), "word column");
            Assert.That(Objdump.Normalize(parts[2]), Is.EqualTo(Objdump.Normalize(theirs[i])), $"line {i}");
        }
    }

    [Test]
    public void ElfExecutableSectionsAreDisassembledAtTheirAddresses()
    {
        var elf = Path.Combine(RepoRoot, "samples", "hello.elf");
        var raw = Path.Combine(RepoRoot, "samples", "hello.bin");
        var (status, fromElf, stderr) = Run("disasm", elf);
        Assert.That(status, Is.EqualTo(0), stderr);
        var (_, fromRaw, _) = Run("disasm", raw, "--base=0x400078");
        Assert.That(fromElf, Is.EqualTo(fromRaw));
    }

    [Test]
    public void MissingFileIsOneClearLine()
    {
        var (status, stdout, stderr) = Run("disasm", "/nonexistent/file.bin");
        Assert.That(status, Is.Not.EqualTo(0));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.StartWith("a64jit: cannot read"));
    }

    [Test]
    public void BadBaseAddressIsRejected()
    {
        var (status, _, stderr) = Run("disasm", "x", "--base", "zz");
        Assert.That(status, Is.Not.EqualTo(0));
        Assert.That(stderr, Does.Contain("bad address"));
    }

    [Test]
    public void TruncatedElfIsRejectedWithoutCrash()
    {
        var elf = File.ReadAllBytes(Path.Combine(RepoRoot, "samples", "hello.elf"));
        var path = Path.Combine(Path.GetTempPath(), $"a64jit-trunc-{Guid.NewGuid():N}.elf");
        File.WriteAllBytes(path, elf[..40]);
        try
        {
            var (status, _, stderr) = Run("disasm", path);
            Assert.That(status, Is.Not.EqualTo(0));
            Assert.That(stderr, Does.Contain("truncated"));
        }
        finally { File.Delete(path); }
    }
}
