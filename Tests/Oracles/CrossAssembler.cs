using System.Diagnostics;

namespace A64Jit.Tests.Oracles;

/// <summary>Assembles AArch64 guest code at test time with the GNU cross toolchain (binutils-aarch64-linux-gnu).</summary>
public static class CrossAssembler
{
    public static bool Available => ToolPaths.Find("aarch64-linux-gnu-as") != null && ToolPaths.Find("aarch64-linux-gnu-ld") != null;

    /// <summary>Assembles <paramref name="source"/> linked at <paramref name="address"/> and returns the raw image of its .text.</summary>
    public static byte[] Assemble(string source, ulong address)
    {
        var dir = Directory.CreateTempSubdirectory("a64jit-as-");
        try
        {
            var s = Path.Combine(dir.FullName, "t.s");
            File.WriteAllText(s, source.Replace("\r", "") + "\n");
            Run("aarch64-linux-gnu-as", "-o", Path.Combine(dir.FullName, "t.o"), s);
            Run("aarch64-linux-gnu-ld", "-e", "0", "-Ttext=0x" + address.ToString("x"), "-o", Path.Combine(dir.FullName, "t.elf"), Path.Combine(dir.FullName, "t.o"));
            Run("aarch64-linux-gnu-objcopy", "-O", "binary", "--only-section=.text", Path.Combine(dir.FullName, "t.elf"), Path.Combine(dir.FullName, "t.bin"));
            return File.ReadAllBytes(Path.Combine(dir.FullName, "t.bin"));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + tool);
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {err}");
    }
}
