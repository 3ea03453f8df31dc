using System.Buffers.Binary;
using System.Text;
using A64Jit.Core.Memory;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Linux;

/// <summary>Loading static programs and the initial stack a process starts with.</summary>
[TestFixture]
public unsafe class ElfLoaderTests
{
    [Test]
    public void HelloLoadsWithSegmentPermissionsAndEntry()
    {
        var data = File.ReadAllBytes(LinuxTestSupport.HelloElf);
        var elf = ElfLoader.Parse(data, "hello.elf");
        using var mem = new GuestMemory();
        var image = ElfLoader.Load(elf, mem, "hello.elf");
        Assert.That(image.Entry, Is.EqualTo(elf.Entry));
        Assert.That(image.LoadBias, Is.EqualTo(0));
        Assert.That(mem.GetPermissions(image.Entry) & MemoryPermissions.Execute, Is.EqualTo(MemoryPermissions.Execute));
        Assert.That(mem.TryFetch32(image.Entry, out uint first), Is.True);
        Assert.That(first, Is.EqualTo(0xD2800020u), "mov x0, #1");
        Assert.That(image.BrkStart % GuestMemory.PageSize, Is.EqualTo(0));
        Assert.That(image.ProgramHeaderCount, Is.EqualTo(elf.Segments.Count));
    }

    [Test]
    public void InitialStackHoldsArgcArgvEnvpAndAuxv()
    {
        var argv = new[] { "prog", "one", "two words" };
        var envp = new[] { "A=1", "HOME=/nowhere" };
        using var p = LinuxProcess.Load(LinuxTestSupport.HelloElf, argv, envp, new LinuxOptions { HwCap = LinuxProcess.AllHwCaps });
        var mem = p.Memory;
        ulong sp = p.Cpu.State->X[31];
        Assert.That(sp % 16, Is.EqualTo(0), "SP is 16-byte aligned at entry");
        Assert.That(sp, Is.LessThan(LinuxProcess.StackTop));
        Assert.That(p.Cpu.State->PC, Is.EqualTo(p.Image!.Entry));
        Assert.That(p.Cpu.State->Pstate, Is.EqualTo(0u), "EL0t, AArch64");
        Assert.That(p.Cpu.State->SctlrEl1, Is.EqualTo(0x0405_C010ul), "SA0, DZE, UCT, nTWI, nTWE, UCI as Linux sets them for EL0");
        Assert.That(p.Cpu.State->CntkctlEl1, Is.EqualTo(2ul), "EL0VCTEN");

        ulong Word(int i) => mem.ReadU64Privileged(sp + 8 * (ulong)i);
        string Str(ulong a)
        {
            var bytes = new List<byte>();
            for (; ; a++)
            {
                var b = new byte[1];
                mem.ReadPrivileged(a, b);
                if (b[0] == 0) return Encoding.UTF8.GetString(bytes.ToArray());
                bytes.Add(b[0]);
            }
        }

        Assert.That(Word(0), Is.EqualTo(3), "argc");
        for (int i = 0; i < argv.Length; i++) Assert.That(Str(Word(1 + i)), Is.EqualTo(argv[i]));
        Assert.That(Word(4), Is.EqualTo(0), "argv terminator");
        for (int i = 0; i < envp.Length; i++) Assert.That(Str(Word(5 + i)), Is.EqualTo(envp[i]));
        Assert.That(Word(7), Is.EqualTo(0), "envp terminator");

        var aux = new Dictionary<ulong, ulong>();
        for (int i = 8; ; i += 2)
        {
            ulong key = Word(i);
            if (key == Auxv.AT_NULL) break;
            aux[key] = Word(i + 1);
        }
        Assert.That(aux[Auxv.AT_PAGESZ], Is.EqualTo(4096));
        Assert.That(aux[Auxv.AT_ENTRY], Is.EqualTo(p.Image.Entry));
        Assert.That(aux[Auxv.AT_HWCAP], Is.EqualTo((ulong)LinuxProcess.AllHwCaps));
        Assert.That(aux[Auxv.AT_HWCAP] & (ulong)HwCap.CpuId, Is.Not.Zero);
        Assert.That(aux[Auxv.AT_PHNUM], Is.EqualTo((ulong)p.Image.ProgramHeaderCount));
        Assert.That(aux[Auxv.AT_PHENT], Is.EqualTo(56));
        Assert.That(mem.ReadU32Privileged(aux[Auxv.AT_PHDR]), Is.EqualTo(1u), "AT_PHDR points at the program headers (first is PT_LOAD)");
        Assert.That(Str(aux[Auxv.AT_PLATFORM]), Is.EqualTo("aarch64"));
        Assert.That(Str(aux[Auxv.AT_EXECFN]), Is.EqualTo(LinuxTestSupport.HelloElf));
        Assert.That(aux[Auxv.AT_RANDOM] % 16, Is.EqualTo(0));
        Assert.That(aux[Auxv.AT_UID], Is.EqualTo((ulong)p.Syscalls.Uid));
        Assert.That(aux[Auxv.AT_SECURE], Is.EqualTo(0));
        Assert.That(aux[Auxv.AT_MINSIGSTKSZ], Is.EqualTo(5120));

        // The 8 MiB stack is mapped read-write (not executable: hello has no executable PT_GNU_STACK).
        ulong bottom = LinuxProcess.StackTop - (8ul << 20);
        Assert.That(mem.GetPermissions(bottom), Is.EqualTo(MemoryPermissions.ReadWrite));
        Assert.That(mem.IsMapped(bottom - GuestMemory.PageSize), Is.False);
        Assert.That(mem.IsMapped(LinuxProcess.StackTop - 1), Is.True);
    }

    [Test]
    public void DefaultHwCapsFollowTheInterpreter()
    {
        var caps = LinuxProcess.ImplementedHwCaps();
        Assert.That(caps & HwCap.CpuId, Is.EqualTo(HwCap.CpuId));
        Assert.That(caps & ~LinuxProcess.AllHwCaps, Is.EqualTo(HwCap.None), "only the advertised set is ever reported");
        using var p = LinuxProcess.Load(LinuxTestSupport.HelloElf, ["hello"], [], null);
        ulong sp = p.Cpu.State->X[31];
        for (int i = 4; ; i += 2)
        {
            ulong key = p.Memory.ReadU64Privileged(sp + 8 * (ulong)i);
            if (key == Auxv.AT_HWCAP) { Assert.That(p.Memory.ReadU64Privileged(sp + 8 * (ulong)i + 8), Is.EqualTo((ulong)caps)); break; }
            Assert.That(key, Is.Not.EqualTo(Auxv.AT_NULL), "AT_HWCAP present");
        }
    }

    [Test]
    public void StaticPieIsPlacedAtTheDefaultBase()
    {
        var data = File.ReadAllBytes(LinuxTestSupport.HelloElf);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(16), 3); // ET_DYN, no PT_INTERP: static-pie
        var elf = ElfLoader.Parse(data, "pie");
        using var mem = new GuestMemory();
        var image = ElfLoader.Load(elf, mem, "pie");
        Assert.That(image.LoadBias, Is.EqualTo(ElfLoader.DefaultPieBase));
        Assert.That(image.Entry, Is.EqualTo(elf.Entry + ElfLoader.DefaultPieBase));
        Assert.That(mem.TryFetch32(image.Entry, out uint w) && w == 0xD2800020u, Is.True);
    }

    [Test]
    public void ProcSelfExeNamesTheResolvedProgram()
    {
        var dir = Path.Combine(Path.GetTempPath(), "a64jit-link-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var link = Path.Combine(dir, "hello-link");
            File.CreateSymbolicLink(link, LinuxTestSupport.HelloElf);
            using var p = LinuxProcess.Load(link, [link], []);
            Assert.That(p.ExecutablePath, Is.EqualTo(LinuxProcess.RealPath(LinuxTestSupport.HelloElf)));
            Assert.That(File.Exists(p.ExecutablePath), Is.True);
            Assert.That(new FileInfo(p.ExecutablePath).LinkTarget, Is.Null);
        }
        finally { Directory.Delete(dir, true); }
    }
}
