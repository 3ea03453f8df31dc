using System.Runtime.Loader;
using System.Text.RegularExpressions;
using A64Jit.Cli;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Runtime.Linux;
using A64Jit.Tests.Linux;
using A64Jit.Translator;
using A64Jit.Translator.Emission;

namespace A64Jit.Tests.Cli;

/// <summary>
/// <c>a64jit translate</c>: the assembly it writes loads, holds one method per block, and each
/// method behaves like the DynamicMethod the translator runs for the same block (same return
/// value, registers and memory from the same starting state).
/// </summary>
[TestFixture, Category("Linux")]
public unsafe class TranslateCommandTests
{
    private static string TempDll() => Path.Combine(Path.GetTempPath(), $"a64jit-translate-{Guid.NewGuid():N}.dll");

    private static (long Blocks, long Insns, long Native, long Fallback) Summary(string stdout)
    {
        var m = Regex.Match(stdout, @": (\d+) blocks, (\d+) guest instructions \(.*\): (\d+) native, (\d+) fallback");
        Assert.That(m.Success, stdout);
        return (long.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value), long.Parse(m.Groups[4].Value));
    }

    [Test]
    public void ElfTranslationLoadsAndBehavesLikeTheDynamicMethods()
    {
        var elf = LinuxTestSupport.SysProbeElf;
        var dll = TempDll();
        var (status, stdout, stderr) = LinuxTestSupport.RunInProcess("translate", "-o", dll, elf);
        Assert.That(status, Is.EqualTo(0), stderr);
        var (blocks, insns, native, fallback) = Summary(stdout);
        Assert.That(native + fallback, Is.EqualTo(insns));
        Assert.That(blocks, Is.GreaterThan(100), "the probe's code reachable from _start");

        using var a = LinuxProcess.Load(elf, [elf], []);
        using var b = LinuxProcess.Load(elf, [elf], []);
        foreach (var page in a.Memory.MappedPages())
        {
            var buf = new byte[GuestMemory.PageSize];
            a.Memory.ReadPrivileged(page, buf);
            b.Memory.WritePrivileged(page, buf);
        }
        Assert.That(b.Cpu.Pc, Is.EqualTo(a.Cpu.Pc));
        ulong entry = a.Cpu.Pc;
        ulong window = (a.Cpu.Sp & ~0xFFFFul) - 0x10000; // 64 KiB of mapped stack below the initial frames
        var alc = new AssemblyLoadContext("translate-test", isCollectible: true);
        try
        {
            var type = alc.LoadFromAssemblyPath(dll).GetType(TranslationDump.TypeName);
            Assert.That(type, Is.Not.Null);
            var methods = type!.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Where(m => m.Name.StartsWith("Block_", StringComparison.Ordinal)).ToList();
            Assert.That(methods, Has.Count.EqualTo(blocks));
            Assert.That(methods.Select(m => m.Name), Does.Contain(TranslationDump.MethodNameOf(entry)));
            var rng = new Random(23);
            var ctxA = new BlockContext(new ExecContext(a.Cpu.State, a.Memory));
            var ctxB = new BlockContext(new ExecContext(b.Cpu.State, b.Memory));
            int compared = 0;
            foreach (var method in methods.Where((_, k) => k % 2 == 0))
            {
                ulong pc = Convert.ToUInt64(method.Name["Block_".Length..], 16);
                var guest = A64Jit.Translator.Blocks.BlockDiscovery.Discover(a.Memory, pc);
                var dynamic = BlockCompiler.Compile(guest, 0, NativeSwitches.AllNative()).Func;
                var loaded = method.CreateDelegate<BlockFunc>();
                var s = a.Cpu.State;
                for (int i = 0; i < 31; i++) s->X[i] = (i & 1) == 0 ? window + (ulong)rng.Next(0x20, 0x1E00) * 8 : (ulong)rng.NextInt64();
                s->X[31] = window + 0x8000;
                s->Nzcv = (uint)rng.Next(16) << 28;
                s->PC = pc;
                *b.Cpu.State = *s;
                ulong ra = dynamic(a.Cpu.State, ctxA), rb = loaded(b.Cpu.State, ctxB);
                Assert.That(rb, Is.EqualTo(ra), guest.Disassemble());
                Assert.That(Lockstep.CompareRegisters(b.Cpu.State, a.Cpu.State), Is.Empty, guest.Disassemble());
                var wa = new byte[0x10000];
                var wb = new byte[0x10000];
                a.Memory.ReadPrivileged(window, wa);
                b.Memory.ReadPrivileged(window, wb);
                Assert.That(wb.AsSpan().SequenceEqual(wa), guest.Disassemble());
                compared++;
            }
            Assert.That(compared, Is.GreaterThan(50));
        }
        finally
        {
            alc.Unload();
            File.Delete(dll);
        }
    }

    [Test]
    public void EveryExecutablePageIsTiledWithAll()
    {
        var dll = TempDll();
        try
        {
            var (status, stdout, stderr) = LinuxTestSupport.RunInProcess("translate", "--all", "-o", dll, LinuxTestSupport.HelloElf);
            Assert.That(status, Is.EqualTo(0), stderr);
            var (_, insns, _, _) = Summary(stdout);
            // hello.elf has one executable page; tiling decodes every word of it once.
            Assert.That(insns, Is.EqualTo(GuestMemory.PageSize / 4));
        }
        finally { File.Delete(dll); }
    }

    [Test]
    public void RawWordsAreTranslatedFromTheBase()
    {
        var raw = Path.Combine(LinuxTestSupport.RepoRoot, "samples", "hello.bin");
        var dll = TempDll();
        try
        {
            var (status, stdout, stderr) = LinuxTestSupport.RunInProcess("translate", "--base", "0x400078", "-o", dll, raw);
            Assert.That(status, Is.EqualTo(0), stderr);
            var (_, insns, _, _) = Summary(stdout);
            Assert.That(insns, Is.EqualTo(new FileInfo(raw).Length / 4), "every word of the file, once");
            var alc = new AssemblyLoadContext("translate-raw", isCollectible: true);
            try
            {
                var type = alc.LoadFromAssemblyPath(dll).GetType(TranslationDump.TypeName)!;
                Assert.That(type.GetMethod(TranslationDump.MethodNameOf(0x400078)), Is.Not.Null);
            }
            finally { alc.Unload(); }

            // A new file: the unloaded context may still map the first one until it is collected.
            (status, stdout, _) = LinuxTestSupport.RunInProcess("translate", "--base", "0x400078", "--no-native", "-o", dll + ".fallback.dll", raw);
            Assert.That(status, Is.EqualTo(0));
            var (_, insns2, native2, fallback2) = Summary(stdout);
            Assert.That((native2, fallback2), Is.EqualTo((0L, insns2)));
        }
        finally
        {
            File.Delete(dll);
            File.Delete(dll + ".fallback.dll");
        }
    }

    [Test]
    public void BadUsageAndInputFailWithStatus2()
    {
        Assert.That(LinuxTestSupport.RunInProcess("translate").status, Is.EqualTo(2));
        var (status, _, stderr) = LinuxTestSupport.RunInProcess("translate", "/nonexistent/file");
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("cannot read"));
        var odd = LinuxTestSupport.TempFile([1, 2, 3, 4, 5, 6], "odd");
        (status, _, stderr) = LinuxTestSupport.RunInProcess("translate", "-o", TempDll(), odd);
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("whole number of 4-byte words"));
        (status, _, stderr) = LinuxTestSupport.RunInProcess("translate", "--base", "0x3", odd);
        Assert.That(status, Is.EqualTo(2));
        (status, _, stderr) = LinuxTestSupport.RunInProcess("translate", "--fallback", "NOT_AN_ENCODING", odd);
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("unknown encoding"));
        (status, _, stderr) = LinuxTestSupport.RunInProcess("translate", "-o", "out.txt", odd);
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain(".dll"));
    }
}
