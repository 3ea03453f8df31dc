using System.Diagnostics;
using System.Globalization;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Linux;

/// <summary>
/// Random C programs from csmith (Debian packages <c>csmith</c> and <c>libcsmith-dev</c>), built for
/// AArch64 Linux with the cross compiler and run under qemu-aarch64 and under <c>a64jit run</c> in each
/// engine: stdout (csmith's checksum of every global), stderr and the exit status must be identical.
/// </summary>
/// <remarks>
/// Each seed is built twice, <c>-O2 -static</c> and <c>-O0 -static-pie</c>, into a cache directory
/// (<c>A64JIT_CSMITH_CACHE</c> overrides its parent) keyed by the csmith version, so reruns do not
/// regenerate. CI runs the fixed list <see cref="CiSeeds"/>; <c>A64JIT_CSMITH_SEEDS=N</c> adds seeds
/// 1000 .. 1000+N-1 (<c>A64JIT_CSMITH_SEEDS=A-B</c> adds seeds A..B). A csmith program may run for a
/// very long time (an unbounded loop is legal C); an extra seed whose qemu run does not finish within
/// <see cref="QemuLimit"/> is ignored, while a seed of the fixed list must finish.
/// </remarks>
[Category("Qemu")]
[Category("Csmith")]
public class CsmithTests
{
    /// <summary>Seeds run in CI (each finishes in well under a second under qemu-aarch64 7.2 with csmith 2.3.0).</summary>
    private static readonly int[] CiSeeds = [1, 2, 3, 4, 7, 8, 21, 23, 26, 32, 35, 36];

    private static readonly string[] Variants = ["O2.static", "O0.static-pie"];
    private static readonly string[] Engines = ["interp", "tiered", "jit"];
    private static readonly TimeSpan QemuLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan A64JitLimit = TimeSpan.FromSeconds(300);

    private static IEnumerable<int> ExtraSeeds()
    {
        var v = Environment.GetEnvironmentVariable("A64JIT_CSMITH_SEEDS");
        if (string.IsNullOrWhiteSpace(v)) yield break;
        int dash = v.IndexOf('-');
        if (dash > 0)
        {
            int a = int.Parse(v[..dash], CultureInfo.InvariantCulture), b = int.Parse(v[(dash + 1)..], CultureInfo.InvariantCulture);
            for (int s = a; s <= b; s++) yield return s;
        }
        else
        {
            int n = int.Parse(v, CultureInfo.InvariantCulture);
            for (int s = 1000; s < 1000 + n; s++) yield return s;
        }
    }

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var (seed, fixedSeed) in CiSeeds.Select(s => (s, true)).Concat(ExtraSeeds().Where(s => !CiSeeds.Contains(s)).Select(s => (s, false))))
            foreach (var v in Variants)
                foreach (var e in Engines)
                    yield return new TestCaseData(seed, v, e, fixedSeed).SetName($"{{m}}(seed{seed}.{v}.{e})");
    }

    [TestCaseSource(nameof(Cases))]
    public void EngineMatchesQemu(int seed, string variant, string engine, bool fixedSeed)
    {
        var binary = Build(seed, variant);
        var expected = QemuRun(binary);
        if (expected.TimedOut)
        {
            if (fixedSeed) Assert.Fail($"seed {seed} ({variant}) did not finish within {QemuLimit.TotalSeconds} s under qemu");
            Assert.Ignore($"seed {seed} ({variant}) runs longer than {QemuLimit.TotalSeconds} s under qemu");
        }
        Assert.That(expected.StdoutText, Does.StartWith("checksum = "), $"seed {seed}: qemu output\n{expected.StdoutText}\n{expected.StderrText}");

        var dir = FreshDirectory();
        try
        {
            var actual = A64JitCli.Run(engine, binary, [], dir, timeout: A64JitLimit);
            Assert.That(actual.TimedOut, Is.False, $"seed {seed} ({variant}) timed out under a64jit --engine {engine}");
            Assert.That(actual.ExitCode, Is.EqualTo(expected.ExitCode), $"seed {seed} ({variant}) exit status; stderr:\n{actual.StderrText}");
            Assert.That(actual.StdoutText, Is.EqualTo(expected.StdoutText), $"seed {seed} ({variant}) stdout");
            Assert.That(actual.StderrText, Is.EqualTo(expected.StderrText), $"seed {seed} ({variant}) stderr");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    // ---- qemu results, computed once per binary ----

    private static readonly Dictionary<string, GuestRun> QemuResults = new();

    private static GuestRun QemuRun(string binary)
    {
        lock (QemuResults)
        {
            if (QemuResults.TryGetValue(binary, out var r)) return r;
            var dir = FreshDirectory();
            try { r = Qemu.Run(binary, [], dir, timeout: QemuLimit); }
            finally { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } }
            QemuResults[binary] = r;
            return r;
        }
    }

    private static string FreshDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"a64jit-csmith-run-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    // ---- generating and building ----

    private static readonly object BuildLock = new();
    private static string? _cacheDir;

    private static string Build(int seed, string variant)
    {
        lock (BuildLock)
        {
            var dir = CacheDir();
            var source = Path.Combine(dir, $"seed{seed}.c");
            if (!File.Exists(source))
            {
                var tmp = source + ".tmp";
                var gen = Tool("csmith", ["--seed", seed.ToString(CultureInfo.InvariantCulture), "--output", tmp], dir);
                if (gen.ExitCode != 0) Assert.Fail($"csmith --seed {seed} failed ({gen.ExitCode}): {gen.StderrText}");
                File.Move(tmp, source, overwrite: true);
            }
            var binary = Path.Combine(dir, $"seed{seed}.{variant}");
            if (!File.Exists(binary))
            {
                string[] flags = variant switch
                {
                    "O2.static" => ["-O2", "-static"],
                    "O0.static-pie" => ["-O0", "-static-pie"],
                    _ => throw new ArgumentException("unknown variant " + variant),
                };
                var tmp = binary + ".tmp";
                var cc = Tool("aarch64-linux-gnu-gcc", [.. flags, "-w", "-I" + CsmithInclude(), source, "-o", tmp], dir);
                if (cc.ExitCode != 0) Assert.Fail($"building seed {seed} ({variant}) failed ({cc.ExitCode}):\n{cc.StderrText}");
                File.Move(tmp, binary, overwrite: true);
            }
            return binary;
        }
    }

    private static string CacheDir()
    {
        if (_cacheDir != null) return _cacheDir;
        foreach (var tool in new[] { "csmith", "aarch64-linux-gnu-gcc" })
            if (ToolPaths.Find(tool) == null)
                Assert.Fail($"{tool} is not installed (Debian packages csmith, libcsmith-dev, gcc-aarch64-linux-gnu); ./test.sh installs them");
        if (!Qemu.Available) Assert.Fail("qemu-aarch64 is not installed (Debian package qemu-user); ./test.sh installs it");
        var version = Tool("csmith", ["--version"], Path.GetTempPath());
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(version.Stdout))[..12].ToLowerInvariant();
        var parent = Environment.GetEnvironmentVariable("A64JIT_CSMITH_CACHE") is { Length: > 0 } c ? c : Path.Combine(Path.GetTempPath(), "a64jit-csmith");
        _cacheDir = Path.Combine(parent, key);
        Directory.CreateDirectory(_cacheDir);
        return _cacheDir;
    }

    /// <summary>The directory holding csmith.h (libcsmith-dev installs it under /usr/include/csmith).</summary>
    private static string CsmithInclude()
    {
        foreach (var d in new[] { "/usr/include/csmith", "/usr/local/include/csmith", "/usr/include/csmith-2.3.0" })
            if (File.Exists(Path.Combine(d, "csmith.h"))) return d;
        Assert.Fail("csmith.h not found (Debian package libcsmith-dev); ./test.sh installs it");
        return "";
    }

    private static GuestRun Tool(string tool, IReadOnlyList<string> args, string workDir) =>
        HostProcess.Run(tool, args, workDir, null, TimeSpan.FromSeconds(120));
}
