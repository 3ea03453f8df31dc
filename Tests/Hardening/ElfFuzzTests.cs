using System.Buffers.Binary;
using System.Diagnostics;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Linux;
using A64Jit.Tests.Linux;

namespace A64Jit.Tests.Hardening;

/// <summary>
/// ELF fuzzing: mutated copies of valid programs (truncations, bit flips, huge, overlapping or
/// out-of-range segments, bad entry points, bad program header counts and sizes, PT_INTERP,
/// empty files) go through the public load path (<see cref="LinuxProcess.Load"/>, as
/// <c>a64jit run</c> does). Each must be refused with a one-line <see cref="LoadException"/>
/// or load and run within an instruction budget to a defined end (exit, signal, budget, a
/// clear <see cref="GuestExecutionException"/>); refused ones are also given to
/// <c>a64jit run</c> in-process, which must print one line and fail with status 2.
/// </summary>
/// <remarks>
/// A64JIT_FUZZ_ELF_BINARIES sets the number of binaries (default 300), A64JIT_FUZZ_SEED the seed.
/// The guest runs with its working directory and standard streams in a temporary directory.
/// </remarks>
[TestFixture]
public unsafe class ElfFuzzTests
{
    private const int EhdrSize = 64, PhdrSize = 56;

    private sealed record Outcomes
    {
        public int Refused, Exited, Signalled, Budget, ClearErrors, CliChecked;
        public long Instructions;
    }

    [Test]
    public void MutatedProgramsAreRefusedClearlyOrRunWithinTheirBudget()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_ELF_BINARIES"), out var n) && n > 0 ? n : 300;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_SEED"), out var s) ? s : 20261125;
        var seeds = new[] { LinuxTestSupport.HelloElf, LinuxTestSupport.SysProbeElf, LinuxTestSupport.LibcProbeElf }
            .Where(File.Exists).Select(File.ReadAllBytes).ToArray();
        Assert.That(seeds, Is.Not.Empty, "samples/hello.elf ships with the repository");
        var rng = new Random(seed);
        var work = Directory.CreateTempSubdirectory("a64jit-elffuzz-").FullName;
        var file = Path.Combine(work, "prog");
        var o = new Outcomes();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        try
        {
            for (int i = 0; i < count && failures.Count < 5; i++)
            {
                // hello.elf most of the time (small, quick to run); the larger programs now and then.
                var original = seeds[rng.Next(8) == 0 ? rng.Next(seeds.Length) : 0];
                var (bytes, what) = Mutate(rng, original);
                File.WriteAllBytes(file, bytes);
                string? f = Try(file, work, what, rng, o);
                if (f != null) failures.Add($"binary {i} ({what}): {f}");
            }
        }
        finally
        {
            try { Directory.Delete(work, true); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        TestContext.Out.WriteLine($"seed {seed}: {count} mutated binaries in {clock.Elapsed.TotalSeconds:F1} s: {o.Refused} refused ({o.CliChecked} also through a64jit run), " +
                                  $"{o.Exited} exited, {o.Signalled} killed by a signal, {o.Budget} stopped at the budget, {o.ClearErrors} clear errors; {o.Instructions} guest instructions");
        Assert.That(failures, Is.Empty, () => string.Join("\n", failures));
    }

    private static string? Try(string file, string work, string what, Random rng, Outcomes o)
    {
        LinuxProcess p;
        try
        {
            p = LinuxProcess.Load(file, [file, work], ["PATH=/nonexistent"], new LinuxOptions { MemoryLimit = 1ul << 30 }); // as --memory-limit 1G
        }
        catch (LoadException ex)
        {
            o.Refused++;
            if (ex.Message.Contains('\n')) return $"load error of several lines: {ex.Message}";
            if (rng.Next(4) == 0)
            {
                o.CliChecked++;
                var (status, _, stderr) = LinuxTestSupport.RunInProcess("run", "--memory-limit", "1G", file);
                if (status != 2 || stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length != 1 || !stderr.StartsWith("a64jit: ", StringComparison.Ordinal))
                    return $"a64jit run gave status {status} and stderr '{stderr}'";
            }
            return null;
        }
        catch (Exception ex)
        {
            return $"load threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}";
        }

        using (p)
        {
            var policy = rng.Next(5) == 0 ? EnginePolicy.Tiered : EnginePolicy.Interpreter;
            using var engine = ExecutionEngines.Create(policy, p.Cpu, p.Memory);
            p.Engine = engine;
            try
            {
                Sandbox(p, work);
                var clock = Stopwatch.StartNew();
                ulong budget = 2_000_000, before = p.Cpu.State->InstructionsRetired;
                while (p.ExitStatus == null && p.Cpu.State->InstructionsRetired - before < budget && clock.Elapsed < TimeSpan.FromSeconds(30))
                    p.HandleStop(engine.Run(100_000));
                o.Instructions += (long)(p.Cpu.State->InstructionsRetired - before);
                if (p.ExitStatus == null)
                {
                    if (clock.Elapsed >= TimeSpan.FromSeconds(30)) return "no defined end within 30 s";
                    o.Budget++;
                }
                else if (p.TerminatingSignal != 0) o.Signalled++;
                else o.Exited++;
            }
            catch (GuestExecutionException ex)
            {
                o.ClearErrors++;
                if (ex.Message.Contains('\n')) return $"error of several lines: {ex.Message}";
            }
            catch (Exception ex)
            {
                return $"running threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}";
            }
        }
        return null;
    }

    /// <summary>Working directory and descriptors 0-2 of the guest moved to files in <paramref name="work"/>.</summary>
    private static void Sandbox(LinuxProcess p, string work)
    {
        var m = p.Memory;
        ulong scratch = m.FindFree(0x1000, 0x1000_0000, LinuxProcess.MmapBase) ?? throw new InvalidOperationException("no room for a scratch page");
        m.Map(scratch, 0x1000, Core.Memory.MemoryPermissions.ReadWrite);
        var saved = *p.Cpu.State;
        void Str(ulong at, string text) => m.WritePrivileged(at, System.Text.Encoding.UTF8.GetBytes(text + "\0"));
        Str(scratch, work);
        Assert.That(p.Syscalls.Call(Sys.chdir, scratch), Is.EqualTo(0));
        for (int fd = 0; fd < 3; fd++)
        {
            Str(scratch + 0x800, $"std{fd}");
            long g = p.Syscalls.Call(Sys.openat, unchecked((ulong)-100), scratch + 0x800, 0x242 /* O_RDWR|O_CREAT|O_TRUNC */, 0x180);
            Assert.That(g, Is.GreaterThanOrEqualTo(0));
            Assert.That(p.Syscalls.Call(Sys.dup3, (ulong)g, (ulong)fd, 0), Is.EqualTo(fd));
            p.Syscalls.Call(Sys.close, (ulong)g);
        }
        m.Unmap(scratch, 0x1000);
        *p.Cpu.State = saved;
    }

    // ------------------------------------------------------------------ mutations

    private static readonly ulong[] Interesting =
    [
        0, 1, 3, 0xFFF, 0x1000, 0x1001, 0x10000, 0x40_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000,
        0x55_0000_0000, 0x7FFF_FFFF_F000, 0xFFFF_FFFF_F000, 0x1_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000,
        ulong.MaxValue, ulong.MaxValue - 0xFFF, 1ul << 36, (1ul << 36) + 1, 0x7FFF_FF00_0000, 0x7F00_0000_0000,
    ];

    private static ulong Pick(Random rng) => rng.Next(3) == 0 ? (ulong)rng.NextInt64() : Interesting[rng.Next(Interesting.Length)];

    private static (byte[] Bytes, string What) Mutate(Random rng, byte[] original)
    {
        var b = (byte[])original.Clone();
        var what = new List<string>();
        int mutations = rng.Next(1, 4);
        for (int k = 0; k < mutations; k++)
        {
            int phnum = b.Length >= EhdrSize ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(56)) : 0;
            ulong phoff = b.Length >= EhdrSize ? BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(32)) : 0;
            int ph = phnum > 0 ? rng.Next(phnum) : 0;
            long phAt = (long)phoff + (long)ph * PhdrSize;
            bool phOk = phnum > 0 && phoff < (ulong)b.Length && phAt + PhdrSize <= b.Length;
            switch (rng.Next(12))
            {
                case 0:
                {
                    int len = rng.Next(4) == 0 ? rng.Next(0, Math.Min(b.Length, EhdrSize + 2 * PhdrSize)) : rng.Next(0, b.Length + 1);
                    if (rng.Next(20) == 0) len = 0;
                    Array.Resize(ref b, len);
                    what.Add($"truncated to {len}");
                    break;
                }
                case 1:
                case 2:
                {
                    if (b.Length == 0) break;
                    int flips = rng.Next(1, 17);
                    int area = rng.Next(2) == 0 ? Math.Min(b.Length, EhdrSize + 8 * PhdrSize) : b.Length;
                    for (int f = 0; f < flips; f++) { int at = rng.Next(area); b[at] ^= (byte)(1 << rng.Next(8)); }
                    what.Add($"{flips} bit flips");
                    break;
                }
                case 3:
                case 4:
                case 5:
                {
                    if (!phOk) break;
                    // p_type 0, p_flags 4, p_offset 8, p_vaddr 16, p_paddr 24, p_filesz 32, p_memsz 40, p_align 48
                    int field = rng.Next(8);
                    if (field == 0)
                    {
                        uint type = rng.Next(5) switch { 0 => 3 /* PT_INTERP */, 1 => 1, 2 => 6 /* PT_PHDR */, 3 => 0x6474E551 /* GNU_STACK */, _ => (uint)rng.Next() };
                        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan((int)phAt), type);
                        what.Add($"phdr {ph} type 0x{type:x}");
                    }
                    else if (field == 1)
                    {
                        uint flags = (uint)rng.Next(16);
                        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan((int)phAt + 4), flags);
                        what.Add($"phdr {ph} flags {flags}");
                    }
                    else
                    {
                        int off = 8 * (field - 1);
                        ulong v;
                        if (rng.Next(4) == 0 && phnum > 1)
                        {
                            // Overlap: take the field of another segment, nudged.
                            int other = rng.Next(phnum);
                            long otherAt = (long)phoff + (long)other * PhdrSize;
                            v = otherAt + PhdrSize <= b.Length ? BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)otherAt + off)) + (ulong)rng.Next(-0x2000, 0x2000) : Pick(rng);
                        }
                        else v = rng.Next(3) == 0 ? BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)phAt + off)) + (ulong)rng.Next(-0x1000, 0x1000) : Pick(rng);
                        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan((int)phAt + off), v);
                        what.Add($"phdr {ph} field +{off} = 0x{v:x}");
                    }
                    break;
                }
                case 6:
                {
                    if (b.Length < EhdrSize) break;
                    ulong entry = rng.Next(3) == 0 ? BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(24)) + (ulong)rng.Next(-64, 64) : Pick(rng);
                    BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), entry);
                    what.Add($"entry 0x{entry:x}");
                    break;
                }
                case 7:
                {
                    if (b.Length < EhdrSize) break;
                    ushort num = (ushort)(rng.Next(3) switch { 0 => 0, 1 => 0xFFFF, _ => rng.Next(0, phnum + 4) });
                    BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(56), num);
                    what.Add($"phnum {num}");
                    break;
                }
                case 8:
                {
                    if (b.Length < EhdrSize) break;
                    ushort size = (ushort)(rng.Next(4) switch { 0 => 0, 1 => 32, 2 => 64, _ => rng.Next(0, 0x10000) });
                    BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(54), size);
                    what.Add($"phentsize {size}");
                    break;
                }
                case 9:
                {
                    if (b.Length < EhdrSize) break;
                    ulong off = rng.Next(2) == 0 ? Pick(rng) : (ulong)rng.Next(0, b.Length + 64);
                    BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), off);
                    what.Add($"phoff 0x{off:x}");
                    break;
                }
                case 10:
                {
                    if (b.Length < EhdrSize) break;
                    int at = rng.Next(5) switch { 0 => 4 /* class */, 1 => 5 /* data */, 2 => 16 /* e_type */, 3 => 18 /* e_machine */, _ => rng.Next(0, EhdrSize) };
                    byte v = (byte)rng.Next(256);
                    b[at] = v;
                    what.Add($"header byte {at} = 0x{v:x2}");
                    break;
                }
                default:
                {
                    // Grow: junk appended (segments whose data moves past the old end become valid offsets).
                    int extra = rng.Next(1, 4096);
                    int old = b.Length;
                    Array.Resize(ref b, old + extra);
                    rng.NextBytes(b.AsSpan(old));
                    what.Add($"{extra} junk bytes appended");
                    break;
                }
            }
        }
        return (b, what.Count == 0 ? "unchanged" : string.Join(", ", what));
    }
}
