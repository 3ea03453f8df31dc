namespace A64Jit.Cli;

/// <summary>The <c>a64jit</c> command: one verb per job.</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: a64jit <command> [options]

        commands:
          disasm FILE [--base ADDR]   disassemble raw little-endian words or an ELF's executable sections
          run [--engine interp|jit|tiered] [--stats] [--strace] [--memory-limit SIZE] PROGRAM [ARGS...]
                                      run a static AArch64 Linux program
          diff [--max-instructions N] [--check-every BLOCKS] PROGRAM [ARGS...]
                                      run a program in the translator and the interpreter in lockstep;
                                      report the first divergence (status 1) or none (status 0)
          translate [--base ADDR] [--out FILE.dll] [--engine-options] INPUT
                                      translate an ELF's code (or raw words) into a .NET assembly
          vm --image FILE --load ADDR [--entry ADDR] [--memory SIZE] [--cores N] [--aarch32-el0 CPULIST] [--uart ADDR]
             [--engine interp|jit|tiered]
                                      run a raw EL1 image on the KVM-style VM API (example VMM)
        """;

    public static int Run(string[] args) => Run(args, null, null);

    /// <summary>Runs a command with the given output streams (tests pass their own).</summary>
    public static int Run(string[] args, TextWriter? stdout, TextWriter? stderr)
    {
        var ownOut = stdout == null;
        stdout ??= new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false, NewLine = "\n" };
        stderr ??= Console.Error;
        var io = new CommandIo(stdout, stderr);
        try
        {
            return Dispatch(args, io);
        }
        finally
        {
            if (ownOut) stdout.Flush();
        }
    }

    private static int Dispatch(string[] args, CommandIo io)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                io.Out.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            return args[0] switch
            {
                "disasm" => DisasmCommand.Run(args.AsSpan(1), io),
                "run" => RunCommand.Run(args.AsSpan(1), io),
                "vm" => VmCommand.Run(args.AsSpan(1), io),
                "diff" => DiffCommand.Run(args.AsSpan(1), io),
                "translate" => TranslateCommand.Run(args.AsSpan(1), io),
                _ => io.Fail($"unknown command '{args[0]}'\n{Usage}"),
            };
        }
        catch (UsageException ex)
        {
            return io.Fail(ex.Message);
        }
    }

    public static ulong ParseAddress(string text)
    {
        var t = text.Trim();
        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(t.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out ulong v)
            : ulong.TryParse(t, out v);
        if (!ok) throw new UsageException($"bad address '{text}' (use decimal or 0x-prefixed hex)");
        return v;
    }
}

/// <summary>The streams a command writes to.</summary>
public sealed record CommandIo(TextWriter Out, TextWriter Error)
{
    /// <summary>Prints one clear line on stderr and returns the failure status.</summary>
    public int Fail(string message)
    {
        Error.WriteLine("a64jit: " + message);
        return 2;
    }
}

public sealed class UsageException(string message) : Exception(message);
