using System.Collections;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Linux;

namespace A64Jit.Cli;

/// <summary>
/// <c>a64jit run [--engine interp|jit|tiered] [--stats] [--strace] [--memory-limit SIZE] PROGRAM [ARGS...]</c>: runs a
/// static AArch64 Linux program with the host's standard streams; the status is the guest's
/// (128+signal when a signal ended it).
/// </summary>
public static class RunCommand
{
    public const string Usage = "usage: a64jit run [--engine interp|jit|tiered] [--stats] [--strace] [--memory-limit SIZE] PROGRAM [ARGS...]";

    public static int Run(ReadOnlySpan<string> args, CommandIo io)
    {
        var policy = EnginePolicy.Tiered;
        bool stats = false, strace = false;
        ulong? memoryLimit = null;
        int i = 0;
        for (; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--") { i++; break; }
            if (!a.StartsWith("--", StringComparison.Ordinal)) break;
            if (a == "--stats") stats = true;
            else if (a == "--strace") strace = true;
            else if (a == "--engine" || a.StartsWith("--engine=", StringComparison.Ordinal))
            {
                string? name = a == "--engine" ? (i + 1 < args.Length ? args[++i] : null) : a[9..];
                if (name == null) throw new UsageException("--engine needs a value (interp, jit or tiered)");
                if (!ExecutionEngines.TryParse(name, out policy)) throw new UsageException($"unknown engine '{name}' (use interp, jit or tiered)");
            }
            else if (a == "--memory-limit" || a.StartsWith("--memory-limit=", StringComparison.Ordinal))
            {
                string? text = a == "--memory-limit" ? (i + 1 < args.Length ? args[++i] : null) : a[15..];
                if (text == null) throw new UsageException("--memory-limit needs a size (bytes, or with a K, M or G suffix)");
                memoryLimit = ParseSize(text);
            }
            else throw new UsageException($"unknown option '{a}'\n{Usage}");
        }
        if (i >= args.Length) throw new UsageException(Usage);
        string program = args[i];
        var argv = new List<string>();
        for (int k = i; k < args.Length; k++) argv.Add(args[k]);
        if (!HostSupported) return io.Fail("run needs an x86-64 Linux host");

        var envp = HostEnvironment();

        var options = new LinuxOptions { MemoryLimit = memoryLimit };
        if (strace) options.Strace = io.Error;
        LinuxProcess process;
        try { process = LinuxProcess.Load(program, argv, envp, options); }
        catch (LoadException ex) { return io.Fail(ex.Message); }

        using (process)
        {
            IExecutionEngine engine;
            try { engine = ExecutionEngines.Create(policy, process.Cpu, process.Memory); }
            catch (EngineUnavailableException ex) { return io.Fail(ex.Message); }
            using (engine)
            {
                int status;
                // Signals sent to a64jit go to the guest, as they would to the program itself.
                var registrations = new List<System.Runtime.InteropServices.PosixSignalRegistration>();
                foreach (var (host, guest) in ForwardedSignals)
                    registrations.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(host, ctx =>
                    {
                        ctx.Cancel = true;
                        process.PostHostSignal(guest);
                    }));
                try
                {
                    io.Out.Flush();
                    status = process.Run(engine);
                }
                catch (GuestExecutionException ex)
                {
                    return io.Fail(ex.Message);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    return io.Fail($"internal error at guest pc 0x{process.Cpu.Pc:x}: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
                }
                finally
                {
                    foreach (var r in registrations) r.Dispose();
                }
                if (stats) PrintStats(engine, io.Error);
                return status;
            }
        }
    }

    /// <summary>A size in bytes: decimal or 0x-hex, optionally followed by K, M or G (binary multiples); must be non-zero.</summary>
    public static ulong ParseSize(string text)
    {
        var t = text.Trim();
        ulong mult = 1;
        if (t.Length > 0 && char.ToUpperInvariant(t[^1]) is 'K' or 'M' or 'G')
        {
            mult = char.ToUpperInvariant(t[^1]) switch { 'K' => 1ul << 10, 'M' => 1ul << 20, _ => 1ul << 30 };
            t = t[..^1];
        }
        ulong v;
        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(t.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out v)
            : ulong.TryParse(t, System.Globalization.NumberStyles.None, null, out v);
        if (!ok || v == 0 || v > ulong.MaxValue / mult) throw new UsageException($"bad size '{text}' (a non-zero number of bytes, optionally with a K, M or G suffix)");
        return v * mult;
    }

    /// <summary>The environment in the host's own order (from /proc/self/environ), as the guest would inherit it.</summary>
    internal static List<string> HostEnvironment()
    {
        try
        {
            var raw = File.ReadAllBytes("/proc/self/environ");
            var list = new List<string>();
            foreach (var entry in System.Text.Encoding.UTF8.GetString(raw).Split('\0'))
                if (entry.Length > 0 && entry.Contains('=')) list.Add(entry);
            return list;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var list = new List<string>();
            foreach (DictionaryEntry e in Environment.GetEnvironmentVariables()) list.Add($"{e.Key}={e.Value}");
            return list;
        }
    }

    private static (System.Runtime.InteropServices.PosixSignal, int)[] ForwardedSignals => !OperatingSystem.IsLinux() ? [] :
    [
        (System.Runtime.InteropServices.PosixSignal.SIGINT, Sig.SIGINT),
        (System.Runtime.InteropServices.PosixSignal.SIGTERM, Sig.SIGTERM),
        (System.Runtime.InteropServices.PosixSignal.SIGHUP, Sig.SIGHUP),
        (System.Runtime.InteropServices.PosixSignal.SIGQUIT, Sig.SIGQUIT),
        (System.Runtime.InteropServices.PosixSignal.SIGWINCH, Sig.SIGWINCH),
    ];

    private static bool HostSupported =>
        OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;

    private static void PrintStats(IExecutionEngine engine, TextWriter err)
    {
        var s = engine.Statistics;
        err.WriteLine($"a64jit: engine                 {ExecutionEngines.Name(engine.Policy)}");
        err.WriteLine($"a64jit: guest instructions     {s.InstructionsExecuted}");
        err.WriteLine($"a64jit: blocks translated      {s.BlocksTranslated}");
        err.WriteLine($"a64jit: translation time       {s.TranslationTime.TotalMilliseconds:F1} ms");
        err.WriteLine($"a64jit: guest MIPS             {s.Mips:F2}");
        err.WriteLine($"a64jit: fallback rate          {s.FallbackRate * 100:F2} %");
        err.WriteLine($"a64jit: interpreter exits      {s.InterpreterExits}");
    }
}
