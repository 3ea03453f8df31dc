namespace A64Jit.Cli;

/// <summary>The <c>a64jit</c> command: one verb per job.</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: a64jit <command> [options]

        commands:
          disasm FILE [--base ADDR]   disassemble raw little-endian words or an ELF's executable sections
        """;

    public static int Run(string[] args)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.Out.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            return args[0] switch
            {
                "disasm" => DisasmCommand.Run(args.AsSpan(1)),
                _ => Fail($"unknown command '{args[0]}'\n{Usage}"),
            };
        }
        catch (UsageException ex)
        {
            return Fail(ex.Message);
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine("a64jit: " + message);
        return 2;
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

public sealed class UsageException(string message) : Exception(message);
