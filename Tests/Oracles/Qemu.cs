using System.Diagnostics;

namespace A64Jit.Tests.Oracles;

/// <summary>What one run of a guest program produced.</summary>
/// <param name="ExitCode">The exit status; a process killed by signal N reports 128 + N (as .NET reports it on Unix).</param>
/// <param name="TimedOut">The run was killed after its time limit; the other fields then hold what was captured so far.</param>
public sealed record GuestRun(int ExitCode, byte[] Stdout, byte[] Stderr, bool TimedOut, TimeSpan Elapsed)
{
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
    public string StderrText => System.Text.Encoding.UTF8.GetString(Stderr);
}

/// <summary>
/// qemu-aarch64 (Debian package <c>qemu-user</c>, qemu 7.2) as the oracle for whole programs.
/// </summary>
/// <remarks>
/// CPU model: <c>cortex-a53</c>. A64Jit reports MIDR_EL1 = 0x410FD034 (Cortex-A53 r0p4) and, with all
/// its instructions implemented, AT_HWCAP = FP, ASIMD, AES, PMULL, SHA1, SHA2, CRC32, ATOMICS (LSE) and
/// CPUID (0x9fb). Observed in qemu 7.2,
/// <c>-cpu cortex-a53</c> gives the guest the same MIDR and AT_HWCAP 0x8fb (FP, ASIMD, AES, PMULL,
/// SHA1, SHA2, CRC32, CPUID): everything except LSE. None of qemu 7.2's models is an exact match:
/// cortex-a57/a72 have the same features as cortex-a53 but another MIDR; the first models with LSE
/// (cortex-a76, neoverse-n1: HWCAP 0x119ffb) add ARMv8.2 features A64Jit does not have (FP16,
/// DotProd, RDM, LRCPC, DCPOP), and <c>max</c> adds SVE and much more. So cortex-a53 is the closest
/// model that reports nothing A64Jit lacks. The one difference, LSE, only chooses between two
/// equivalent paths in the guest (GCC's out-of-line atomics and glibc test HWCAP_ATOMICS), so the
/// observable results of the test programs are the same.
/// </remarks>
public static class Qemu
{
    public const string Tool = "qemu-aarch64";
    public const string CpuModel = "cortex-a53";

    public static bool Available => ToolPaths.Find(Tool) != null;

    /// <summary>Runs <paramref name="program"/> under qemu-aarch64 with an empty stdin.</summary>
    public static GuestRun Run(string program, IReadOnlyList<string> args, string workDir,
                               IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var all = new List<string> { "-cpu", CpuModel, program };
        all.AddRange(args);
        return HostProcess.Run(Tool, all, workDir, env, timeout ?? TimeSpan.FromSeconds(60));
    }
}

/// <summary>Runs a guest program with the <c>a64jit run</c> command.</summary>
public static class A64JitCli
{
    /// <summary>
    /// The built CLI: the test project references it, so it is copied next to the test assembly;
    /// <c>A64JIT_CLI_DLL</c> names another build of it.
    /// </summary>
    public static string DllPath =>
        Environment.GetEnvironmentVariable("A64JIT_CLI_DLL") is { Length: > 0 } p ? p : Path.Combine(AppContext.BaseDirectory, "a64jit.dll");

    /// <summary>
    /// Runs <c>a64jit run --engine ENGINE PROGRAM ARGS...</c> as a child process (<c>dotnet a64jit.dll</c>),
    /// so the guest's writes to descriptors 1 and 2 are captured whatever way the runtime makes them.
    /// </summary>
    public static GuestRun Run(string engine, string program, IReadOnlyList<string> args, string workDir,
                               IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        if (!File.Exists(DllPath)) throw new FileNotFoundException("a64jit.dll is not next to the test assembly", DllPath);
        var all = new List<string> { DllPath, "run", "--engine", engine, program };
        all.AddRange(args);
        return HostProcess.Run(DotnetHost, all, workDir, env, timeout ?? TimeSpan.FromSeconds(300));
    }

    /// <summary>
    /// Runs the command in this process through <see cref="A64Jit.Cli.CommandLine.Run(string[], TextWriter?, TextWriter?)"/>.
    /// Only what the command writes to the given writers is captured: guest writes that the runtime sends to
    /// the host's real descriptors are not, so whole-program comparisons use <see cref="Run"/>.
    /// </summary>
    public static (int ExitCode, string Stdout, string Stderr) RunInProcess(string engine, string program, IReadOnlyList<string> args)
    {
        var all = new List<string> { "run", "--engine", engine, program };
        all.AddRange(args);
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int rc = A64Jit.Cli.CommandLine.Run([.. all], o, e);
        return (rc, o.ToString(), e.ToString());
    }

    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p && File.Exists(p) ? p : "dotnet";
}

/// <summary>Starts a host process with an empty stdin, captures stdout and stderr as bytes, enforces a time limit.</summary>
public static class HostProcess
{
    public static GuestRun Run(string fileName, IReadOnlyList<string> args, string workDir,
                               IReadOnlyDictionary<string, string>? env, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + fileName);
        p.StandardInput.Close();
        var outTask = CopyAsync(p.StandardOutput.BaseStream);
        var errTask = CopyAsync(p.StandardError.BaseStream);
        bool finished = p.WaitForExit(timeout);
        if (!finished)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
        }
        else
        {
            p.WaitForExit(); // drains the redirected streams
        }
        Task.WaitAll(outTask, errTask);
        sw.Stop();
        return new GuestRun(finished ? p.ExitCode : -1, outTask.Result, errTask.Result, !finished, sw.Elapsed);
    }

    private static async Task<byte[]> CopyAsync(Stream s)
    {
        var ms = new MemoryStream();
        await s.CopyToAsync(ms).ConfigureAwait(false);
        return ms.ToArray();
    }
}
