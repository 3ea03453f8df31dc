using System.Diagnostics;
using System.Text.RegularExpressions;

namespace A64Jit.Tests.Oracles;

/// <summary>GNU objdump for AArch64 (Debian binutils-aarch64-linux-gnu) as a disassembly oracle.</summary>
public static partial class Objdump
{
    public const string Tool = "aarch64-linux-gnu-objdump";

    public static bool Available => ToolPaths.Find(Tool) != null;

    /// <summary>Disassembles <paramref name="words"/> placed at <paramref name="baseAddress"/>; one text per word (mnemonic, tab, operands).</summary>
    public static string[] Disassemble(IReadOnlyList<uint> words, ulong baseAddress = 0x10000)
    {
        var path = Path.Combine(Path.GetTempPath(), $"a64jit-objdump-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        try
        {
            using (var f = File.Create(path))
            {
                Span<byte> b = stackalloc byte[4];
                foreach (var w in words) { System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, w); f.Write(b); }
            }
            var psi = new ProcessStartInfo(Tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "-D", "-b", "binary", "-m", "aarch64", $"--adjust-vma=0x{baseAddress:x}", path }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + Tool);
            var errTask = p.StandardError.ReadToEndAsync();
            var result = new string[words.Count];
            string? line;
            var re = LineRegex();
            while ((line = p.StandardOutput.ReadLine()) != null)
            {
                var m = re.Match(line);
                if (!m.Success) continue;
                ulong addr = Convert.ToUInt64(m.Groups[1].Value, 16);
                long index = (long)(addr - baseAddress) / 4;
                if (index < 0 || index >= result.Length) continue;
                result[index] = m.Groups[3].Value.TrimEnd();
            }
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{Tool} failed: {errTask.Result}");
            for (int i = 0; i < result.Length; i++)
                if (result[i] == null) throw new InvalidOperationException($"{Tool} printed no line for word {i} (0x{words[i]:x8})");
            return result;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Collapses runs of whitespace to one space, as the comparison ignores whitespace differences.</summary>
    public static string Normalize(string text) => WhitespaceRegex().Replace(text.Trim(), " ");

    /// <summary>
    /// True when objdump did not decode the word: "; undefined", or "; NYI" ("not yet
    /// implemented", which binutils 2.40 prints for some unallocated Reserved-class words).
    /// </summary>
    public static bool IsUndefined(string objdumpText) =>
        objdumpText.Contains("; undefined", StringComparison.Ordinal) || objdumpText.Contains("; NYI", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$")]
    private static partial Regex LineRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}

public static class ToolPaths
{
    public static string? Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length == 0) continue;
            var p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>A count for a test: the CI default, or the value of <paramref name="envVar"/> when set (long runs).</summary>
    public static int Count(string envVar, int ciDefault)
    {
        var v = Environment.GetEnvironmentVariable(envVar);
        return v != null && int.TryParse(v, out int n) && n > 0 ? n : ciDefault;
    }
}
