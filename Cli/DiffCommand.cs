using A64Jit.Runtime.Linux;
using A64Jit.Translator.Execution;

namespace A64Jit.Cli;

/// <summary>
/// <c>a64jit diff [--max-instructions N] [--check-every BLOCKS] PROGRAM [ARGS...]</c>: runs a static
/// AArch64 Linux program in the translator and the interpreter in lockstep (see
/// <see cref="Lockstep"/>) and reports the first divergence. Status 0 when the run ends
/// without one, 1 at a divergence, 2 on bad usage or input.
/// </summary>
public static class DiffCommand
{
    public const string Usage = "usage: a64jit diff [--max-instructions N] [--check-every BLOCKS] PROGRAM [ARGS...]";

    public static int Run(ReadOnlySpan<string> args, CommandIo io) => Run(args, io, null);

    /// <summary>As <see cref="Run(ReadOnlySpan{string}, CommandIo)"/>; <paramref name="afterBlock"/> is a test hook that may disturb the translated copy.</summary>
    internal static int Run(ReadOnlySpan<string> args, CommandIo io, Action<long, LinuxProcess>? afterBlock)
    {
        ulong max = ulong.MaxValue;
        long checkEvery = 4096;
        int i = 0;
        for (; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--") { i++; break; }
            if (!a.StartsWith("--", StringComparison.Ordinal)) break;
            if (a == "--max-instructions") max = ParseCount(a, i + 1 < args.Length ? args[++i] : null);
            else if (a.StartsWith("--max-instructions=", StringComparison.Ordinal)) max = ParseCount("--max-instructions", a[19..]);
            else if (a == "--check-every") checkEvery = (long)ParseCount(a, i + 1 < args.Length ? args[++i] : null);
            else if (a.StartsWith("--check-every=", StringComparison.Ordinal)) checkEvery = (long)ParseCount("--check-every", a[14..]);
            else throw new UsageException($"unknown option '{a}'\n{Usage}");
        }
        if (i >= args.Length) throw new UsageException(Usage);
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            return io.Fail("diff needs an x86-64 Linux host");
        string program = args[i];
        var argv = new List<string>();
        for (int k = i; k < args.Length; k++) argv.Add(args[k]);

        LinuxProcess process;
        try { process = LinuxProcess.Load(program, argv, RunCommand.HostEnvironment(), new LinuxOptions()); }
        catch (LoadException ex) { return io.Fail(ex.Message); }
        using (process)
        using (var lockstep = new Lockstep(process, new TranslatorOptions()) { FullMemoryCheckInterval = checkEvery, AfterTranslatedBlock = afterBlock })
        {
            Divergence? d;
            io.Out.Flush();
            try { d = lockstep.Run(max); }
            catch (GuestExecutionException ex) { return io.Fail(ex.Message); }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return io.Fail($"internal error at guest pc 0x{process.Cpu.Pc:x}: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            }
            var st = lockstep.TranslatorStats;
            if (d == null)
            {
                string end = lockstep.ExitStatus is int status ? $"exit status {status}" : $"stopped at the limit of {max} instructions";
                io.Out.WriteLine($"a64jit diff: no divergence: {lockstep.Instructions} instructions, {lockstep.Blocks} blocks compared, {lockstep.Stops} stops synchronised, {st.BlocksTranslated} blocks translated; {end}");
                return 0;
            }
            Report(d, lockstep, io.Out);
            return 1;
        }
    }

    private static ulong ParseCount(string option, string? text)
    {
        if (text == null) throw new UsageException($"{option} needs a value");
        if (!ulong.TryParse(text, out ulong v) || v == 0) throw new UsageException($"bad value '{text}' for {option} (a positive integer)");
        return v;
    }

    private static void Report(Divergence d, Lockstep run, TextWriter o)
    {
        o.WriteLine($"a64jit diff: divergence {d.What}; {run.Instructions} instructions in {run.Blocks} blocks compared before it");
        if (d.Block != null)
        {
            o.WriteLine($"block at 0x{d.BlockPc:x}:");
            foreach (var ins in d.Block.Instructions)
            {
                string text;
                try { text = Core.Disassembly.Disassembler.Format(ins.Word, ins.Pc); }
                catch (Exception ex) when (ex is not OutOfMemoryException) { text = $"<{ex.GetType().Name}>"; }
                o.WriteLine($"  {ins.Pc:x}:\t{ins.Word:x8}\t{text}");
            }
        }
        if (d.Registers.Count > 0)
        {
            o.WriteLine("registers (translator / interpreter):");
            foreach (var r in d.Registers) o.WriteLine($"  {r.Name,-20} {r.Translated} / {r.Interpreter}");
        }
        if (d.Memory.Count > 0)
        {
            o.WriteLine("memory (translator / interpreter):");
            foreach (var m in d.Memory) o.WriteLine($"  0x{m.Address:x}: {m.Translated} / {m.Interpreter}");
        }
    }
}
