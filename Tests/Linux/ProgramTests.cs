using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Linux;

/// <summary>
/// Whole C programs (Tests/Programs/src) built for AArch64 Linux and run under qemu-aarch64 and under
/// <c>a64jit run</c>: stdout, stderr, exit status and the files each program writes must be identical.
/// </summary>
/// <remarks>
/// The programs are built at test time with Tests/Programs/build.sh into a cache directory keyed by a
/// hash of the sources and the build script (<c>A64JIT_PROGRAMS_CACHE</c> overrides its parent folder),
/// so a second test run does not rebuild. To keep CI time reasonable CI runs two of the four variants,
/// <c>O2.static</c> and <c>O0.static-pie</c>; <c>A64JIT_PROGRAMS_ALL=1</c> runs the full matrix
/// (-O0/-O2 x -static/-static-pie). Needs <c>aarch64-linux-gnu-gcc</c> (gcc-aarch64-linux-gnu) and
/// <c>qemu-aarch64</c> (qemu-user); a missing tool fails the test with a message saying so.
/// </remarks>
[Category("Qemu")]
public class ProgramTests
{
    /// <summary>Each program, the arguments it gets ("{dir}" = a fresh directory for its files) and the exit status it must end with.</summary>
    private static readonly (string Name, string[] Args, int ExitCode)[] Programs =
    [
        ("argv_env", ["one", "two words", "", "-x=7"], 5),
        ("atomics", [], 0),
        ("bignum", [], 0),
        ("bitops", [], 0),
        ("crypto_ext", [], 0),
        ("ctype_conv", [], 0),
        ("dirs", ["{dir}"], 0),
        ("exit_codes", ["77"], 77),
        ("fenv", [], 0),
        ("fileio", ["{dir}"], 0),
        ("float_roundtrip", [], 0),
        ("hash", [], 0),
        ("hello", [], 0),
        ("int128", [], 0),
        ("intdiv", [], 0),
        ("libm", [], 0),
        ("malloc_heavy", [], 0),
        ("matrix", [], 0),
        ("memfuncs", [], 0),
        ("mmap_files", ["{dir}"], 0),
        ("printf_float", [], 0),
        ("printf_int", [], 0),
        ("processes", [], 12),
        ("qsort_bsearch", [], 0),
        ("recursion", [], 0),
        ("scanf", [], 0),
        ("setjmp", [], 0),
        ("sigsegv", [], 0),
        ("stdio_streams", [], 3),
        ("strings", [], 0),
        ("threads", [], 0),
        ("tree", [], 0),
        ("varargs", [], 0),
        ("vectors", [], 0),
    ];

    private static readonly string[] AllVariants = ["O0.static", "O2.static", "O0.static-pie", "O2.static-pie"];
    private static readonly string[] CiVariants = ["O2.static", "O0.static-pie"];

    private static string[] Variants => Environment.GetEnvironmentVariable("A64JIT_PROGRAMS_ALL") == "1" ? AllVariants : CiVariants;

    /// <summary>The environment every run gets on top of the inherited one (argv_env prints these).</summary>
    private static readonly Dictionary<string, string> GuestEnv = new()
    {
        ["A64JIT_PROG_VALUE"] = "hello world",
        ["A64JIT_PROG_OTHER"] = "2",
    };

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var v in Variants)
            foreach (var p in Programs)
                yield return new TestCaseData(p.Name, v).SetName($"{{m}}({p.Name}.{v})");
    }

    /// <summary>
    /// The oracle itself: every program, run twice under qemu, ends with its expected exit status, does
    /// not time out, and gives byte-identical stdout, stderr and files both times (the programs print no
    /// addresses, times or unseeded random values).
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void QemuRunsProgramDeterministically(string name, string variant)
    {
        var binary = Binary(name, variant);
        var (args, expectedExit) = Lookup(name);
        var first = RunInFreshDir(args, dir => Qemu.Run(binary, args.Select(a => a.Replace("{dir}", dir)).ToList(), dir, GuestEnv));
        var second = RunInFreshDir(args, dir => Qemu.Run(binary, args.Select(a => a.Replace("{dir}", dir)).ToList(), dir, GuestEnv));
        Assert.That(first.Run.TimedOut, Is.False, $"{name}.{variant} timed out under qemu");
        Assert.That(first.Run.ExitCode, Is.EqualTo(expectedExit),
            $"{name}.{variant} under qemu: exit status\nstdout:\n{first.Run.StdoutText}\nstderr:\n{first.Run.StderrText}");
        Assert.That(first.Run.Stdout.Length, Is.GreaterThan(0), $"{name}.{variant} printed nothing");
        var diff = Compare(first, second);
        if (diff != null) Assert.Fail($"{name}.{variant}: two qemu runs differ: {diff}");
    }

    /// <summary>The same program under qemu and under <c>a64jit run --engine interp</c>: identical stdout, stderr, exit status and files.</summary>
    [TestCaseSource(nameof(Cases))]
    public void InterpreterMatchesQemu(string name, string variant) => EngineMatchesQemu("interp", name, variant);

    /// <summary>The same program under qemu and under <c>a64jit run --engine tiered</c> (interpreter and IL translator together).</summary>
    [TestCaseSource(nameof(Cases))]
    public void TieredMatchesQemu(string name, string variant) => EngineMatchesQemu("tiered", name, variant);

    /// <summary>The same program under qemu and under <c>a64jit run --engine jit</c> (every block translated before it runs).</summary>
    [TestCaseSource(nameof(Cases))]
    public void TranslatorMatchesQemu(string name, string variant) => EngineMatchesQemu("jit", name, variant);

    private static void EngineMatchesQemu(string engine, string name, string variant)
    {
        var binary = Binary(name, variant);
        var (args, _) = Lookup(name);
        var expected = RunInFreshDir(args, dir => Qemu.Run(binary, args.Select(a => a.Replace("{dir}", dir)).ToList(), dir, GuestEnv));
        Assert.That(expected.Run.TimedOut, Is.False, $"{name}.{variant} timed out under qemu");
        var actual = RunInFreshDir(args, dir => A64JitCli.Run(engine, binary, args.Select(a => a.Replace("{dir}", dir)).ToList(), dir, GuestEnv));
        if (actual.Run.ExitCode != expected.Run.ExitCode && actual.Run.StderrText.Contains("unknown command 'run'", StringComparison.Ordinal))
            Assert.Fail("a64jit has no 'run' command yet");
        Assert.That(actual.Run.TimedOut, Is.False, $"{name}.{variant} timed out under a64jit --engine {engine} after {actual.Run.Elapsed}");
        var diff = Compare(expected, actual);
        if (diff != null) Assert.Fail($"{name}.{variant}: a64jit --engine {engine} differs from qemu-aarch64 -cpu {Qemu.CpuModel}: {diff}");
    }

    private static (string[] Args, int ExitCode) Lookup(string name)
    {
        foreach (var p in Programs) if (p.Name == name) return (p.Args, p.ExitCode);
        throw new ArgumentException("unknown program " + name);
    }

    // ---- running and comparing ----

    private sealed record Outcome(GuestRun Run, SortedDictionary<string, byte[]> Files);

    /// <summary>Runs with a fresh working directory (also the "{dir}" argument) and snapshots what it holds afterwards.</summary>
    private static Outcome RunInFreshDir(string[] args, Func<string, GuestRun> run)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"a64jit-prog-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var r = run(dir);
            return new Outcome(r, Snapshot(dir));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Every entry under <paramref name="root"/>: files by content, directories and symbolic links by kind and target.</summary>
    private static SortedDictionary<string, byte[]> Snapshot(string root)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var d = pending.Pop();
            foreach (var e in new DirectoryInfo(d).EnumerateFileSystemInfos())
            {
                var rel = Path.GetRelativePath(root, e.FullName);
                if (e.LinkTarget != null) result[rel] = Encoding.UTF8.GetBytes("symlink -> " + e.LinkTarget);
                else if (e is DirectoryInfo) { result[rel + "/"] = []; pending.Push(e.FullName); }
                else result[rel] = File.ReadAllBytes(e.FullName);
            }
        }
        return result;
    }

    /// <summary>Null when both outcomes agree, else a description of the first difference.</summary>
    private static string? Compare(Outcome expected, Outcome actual)
    {
        var sb = new StringBuilder();
        if (expected.Run.ExitCode != actual.Run.ExitCode)
            sb.Append($"\nexit status: expected {expected.Run.ExitCode}, got {actual.Run.ExitCode}");
        var o = FirstDifference("stdout", expected.Run.Stdout, actual.Run.Stdout);
        if (o != null) sb.Append('\n').Append(o);
        var e = FirstDifference("stderr", expected.Run.Stderr, actual.Run.Stderr);
        if (e != null) sb.Append('\n').Append(e);
        foreach (var k in expected.Files.Keys.Union(actual.Files.Keys).Order(StringComparer.Ordinal))
        {
            if (!expected.Files.TryGetValue(k, out var x)) sb.Append($"\nfile {k}: not expected, written");
            else if (!actual.Files.TryGetValue(k, out var y)) sb.Append($"\nfile {k}: expected, missing");
            else if (!x.AsSpan().SequenceEqual(y)) sb.Append('\n').Append(FirstDifference("file " + k, x, y));
        }
        if (sb.Length == 0) return null;
        if (actual.Run.Stderr.Length > 0 && (e != null || expected.Run.ExitCode != actual.Run.ExitCode))
            sb.Append("\nactual stderr:\n").Append(Tail(actual.Run.StderrText, 2000));
        return sb.ToString();
    }

    private static string? FirstDifference(string what, byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return null;
        int i = expected.AsSpan().CommonPrefixLength(actual);
        int lineStart = i;
        while (lineStart > 0 && expected[lineStart - 1] != (byte)'\n') lineStart--;
        int line = 1;
        for (int k = 0; k < lineStart; k++) if (expected[k] == (byte)'\n') line++;
        return $"{what} differs at byte {i} (line {line}; expected {expected.Length} bytes, got {actual.Length})\n" +
               $"  expected: {Excerpt(expected, lineStart)}\n  actual:   {Excerpt(actual, lineStart)}";
    }

    private static string Excerpt(byte[] b, int start)
    {
        if (start >= b.Length) return "<end>";
        int end = Array.IndexOf(b, (byte)'\n', start);
        if (end < 0 || end - start > 300) end = Math.Min(b.Length, start + 300);
        return Encoding.UTF8.GetString(b, start, end - start).Replace("\r", "\\r");
    }

    private static string Tail(string s, int n) => s.Length <= n ? s : "..." + s[^n..];

    // ---- building ----

    private static readonly object BuildLock = new();
    private static string? _buildDir;

    private static string Binary(string name, string variant)
    {
        var path = Path.Combine(BuildAll(), $"{name}.{variant}");
        Assert.That(File.Exists(path), Is.True, $"build.sh did not produce {path}");
        return path;
    }

    /// <summary>Builds every program in the variants under test, once per test run (and once per source hash on this machine).</summary>
    private static string BuildAll()
    {
        lock (BuildLock)
        {
            if (_buildDir != null) return _buildDir;
            if (ToolPaths.Find("aarch64-linux-gnu-gcc") == null)
                Assert.Fail("aarch64-linux-gnu-gcc is not installed (Debian package gcc-aarch64-linux-gnu); ./test.sh installs it");
            if (!Qemu.Available)
                Assert.Fail("qemu-aarch64 is not installed (Debian package qemu-user); ./test.sh installs it");
            var programs = ProgramsDirectory();
            var parent = Environment.GetEnvironmentVariable("A64JIT_PROGRAMS_CACHE") is { Length: > 0 } c
                ? c : Path.Combine(Path.GetTempPath(), "a64jit-programs");
            var dir = Path.Combine(parent, SourceHash(programs));
            Directory.CreateDirectory(dir);
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(programs, "build.sh"));
            psi.ArgumentList.Add(dir);
            foreach (var v in Variants) psi.ArgumentList.Add(v);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start bash");
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) Assert.Fail($"Tests/Programs/build.sh failed ({p.ExitCode}):\n{output}\n{err.Result}");
            _buildDir = dir;
            return dir;
        }
    }

    private static string ProgramsDirectory()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "Tests", "Programs");
            if (File.Exists(Path.Combine(candidate, "build.sh"))) return candidate;
        }
        throw new DirectoryNotFoundException("Tests/Programs/build.sh not found above " + AppContext.BaseDirectory);
    }

    private static string SourceHash(string programs)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.GetFiles(Path.Combine(programs, "src"), "*.c").Order(StringComparer.Ordinal).Append(Path.Combine(programs, "build.sh"));
        foreach (var f in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(f) + "\0"));
            sha.AppendData(File.ReadAllBytes(f));
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
