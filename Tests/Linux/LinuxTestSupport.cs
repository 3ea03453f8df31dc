using System.Diagnostics;
using A64Jit.Cli;

namespace A64Jit.Tests.Linux;

/// <summary>Shared helpers: the repository's samples and running the <c>a64jit</c> command.</summary>
public static class LinuxTestSupport
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

    public static string HelloElf => Path.Combine(RepoRoot, "samples", "hello.elf");

    /// <summary>The freestanding test program built from Tests/Linux/Programs/sysprobe.c.</summary>
    public static string LibcProbeElf => Path.Combine(RepoRoot, "Tests", "Linux", "Programs", "libcprobe.elf");

    public static string SysProbeElf => Path.Combine(RepoRoot, "Tests", "Linux", "Programs", "sysprobe.elf");

    /// <summary>Runs a command in-process with captured writers (guest output to host fds is not captured).</summary>
    public static (int status, string stdout, string stderr) RunInProcess(params string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int status = CommandLine.Run(args, o, e);
        return (status, o.ToString(), e.ToString());
    }

    /// <summary>Runs <c>a64jit</c> as a child process (so the guest's own stdout and exit status are observed).</summary>
    public static (int status, string stdout, string stderr) RunChild(string stdin, params string[] args) => RunChildWith(null, stdin, args);

    /// <summary>Runs a program under qemu-aarch64 (if installed) for comparison; null when qemu is not available.</summary>
    public static (int status, string stdout, string stderr)? RunQemu(IDictionary<string, string>? env, string stdin, params string[] args)
    {
        var qemu = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "qemu-aarch64")).FirstOrDefault(File.Exists);
        if (qemu == null) return null;
        var psi = new ProcessStartInfo(qemu) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(60_000)) { p.Kill(true); return null; }
        return (p.ExitCode, outTask.Result, errTask.Result);
    }

    /// <summary>Runs <c>a64jit</c> as a child process with extra environment variables.</summary>
    public static (int status, string stdout, string stderr) RunChildWith(IDictionary<string, string>? env, string stdin, params string[] args)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "a64jit.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            Assert.Fail("a64jit did not finish within 120 s");
        }
        return (p.ExitCode, outTask.Result, errTask.Result);
    }

    /// <summary>A temporary file holding <paramref name="bytes"/>; deleted by the caller.</summary>
    public static string TempFile(byte[] bytes, string name = "prog")
    {
        var dir = Path.Combine(Path.GetTempPath(), "a64jit-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
