using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Hardening;

/// <summary>
/// Misuse of the embedding API (GuestMemory, CpuContext, the engines, LinuxProcess): each
/// mistake gets a clear .NET exception, never a host crash, and leaves the object as it was.
/// The table in docs/embedding.md lists the same cases.
/// </summary>
[TestFixture]
public unsafe class ApiMisuseTests
{
    private const ulong P = GuestMemory.PageSize;

    // ------------------------------------------------------------------ GuestMemory

    [Test]
    public void BadMappingsAreArgumentErrorsAndChangeNothing()
    {
        using var m = new GuestMemory(36);
        m.Map(0x10000, 2 * P, MemoryPermissions.ReadWrite);
        m.WriteU32Privileged(0x10000, 0x12345678);

        Assert.Throws<ArgumentException>(() => m.Map(0x10001, P, MemoryPermissions.Read), "unaligned address");
        Assert.Throws<ArgumentException>(() => m.Map(0x20000, P + 1, MemoryPermissions.Read), "unaligned size");
        Assert.Throws<ArgumentException>(() => m.Map(0x20000, 0, MemoryPermissions.Read), "empty");
        Assert.Throws<ArgumentException>(() => m.Map(0xF000, 2 * P, MemoryPermissions.Read), "overlaps the start");
        Assert.Throws<ArgumentException>(() => m.Map(0x11000, P, MemoryPermissions.Read), "overlaps the end");
        Assert.Throws<ArgumentException>(() => m.Map(0x20000, P, (MemoryPermissions)0x18), "undefined permission bits");
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Map(1ul << 36, P, MemoryPermissions.Read), "beyond the address space");
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Map((1ul << 36) - P, 2 * P, MemoryPermissions.Read), "runs past the end");
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Map(ulong.MaxValue & ~(P - 1), P, MemoryPermissions.Read), "at the top of 64 bits");
        Assert.Throws<ArgumentException>(() => m.Unmap(0x10800, P), "unaligned unmap");
        Assert.Throws<ArgumentException>(() => m.Protect(0x10000, 3 * P, MemoryPermissions.Read), "protect over a hole");
        Assert.Throws<ArgumentException>(() => m.Protect(0x10000, P, (MemoryPermissions)0x80), "undefined permission bits");

        Assert.That(m.ReadU32Privileged(0x10000), Is.EqualTo(0x12345678u));
        Assert.That(m.GetPermissions(0x10000), Is.EqualTo(MemoryPermissions.ReadWrite));
        Assert.That(m.GetPermissions(0x11000), Is.EqualTo(MemoryPermissions.ReadWrite), "the failed protect changed nothing");
        Assert.That(m.IsMapped(0xF000), Is.False);
        Assert.That(m.MappedBytes, Is.EqualTo(2 * P));
    }

    [Test]
    public void ConstructorArgumentsAreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuestMemory(19).Dispose());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuestMemory(49).Dispose());
        Assert.Throws<ArgumentNullException>(() => new GuestMemory(null!).Dispose());
    }

    [Test]
    public void EveryCallAfterDisposeIsObjectDisposed()
    {
        var m = new GuestMemory(36);
        m.Map(0x10000, P, MemoryPermissions.All);
        m.Dispose();
        Assert.DoesNotThrow(m.Dispose, "double dispose is allowed");
        Assert.That(m.IsDisposed, Is.True);
        var calls = new (string, TestDelegate)[]
        {
            ("Map", () => m.Map(0x20000, P, MemoryPermissions.Read)),
            ("Unmap", () => m.Unmap(0x10000, P)),
            ("Protect", () => m.Protect(0x10000, P, MemoryPermissions.Read)),
            ("IsMapped", () => m.IsMapped(0x10000)),
            ("GetPermissions", () => m.GetPermissions(0x10000)),
            ("IsCodePage", () => m.IsCodePage(0x10000)),
            ("SetCodePage", () => m.SetCodePage(0x10000, true)),
            ("FindFree", () => m.FindFree(P, 0, 1ul << 30)),
            ("MappedPages", () => m.MappedPages(0, 1ul << 30)),
            ("PageTable", () => { _ = m.PageTable; }),
            ("TryRead8", () => m.TryRead8(0x10000, out _)),
            ("TryRead64", () => m.TryRead64(0x10ffc, out _)),
            ("TryWrite32", () => m.TryWrite32(0x10000, 1)),
            ("TryWrite128", () => m.TryWrite128(0x10008, 1)),
            ("TryFetch32", () => m.TryFetch32(0x10000, out _)),
            ("TryRead", () => m.TryRead(0x10000, new byte[8])),
            ("TryWrite", () => m.TryWrite(0x10000, new byte[8])),
            ("Check", () => m.Check(0x10000, 4, MemAccess.Read)),
            ("ReadPrivileged", () => m.ReadU64Privileged(0x10000)),
            ("WritePrivileged", () => m.WriteU32Privileged(0x10000, 1)),
            ("VerifyHostGuards", () => m.VerifyHostGuards()),
        };
        foreach (var (name, call) in calls) Assert.Throws<ObjectDisposedException>(call, name);
    }

    // ------------------------------------------------------------------ memory limit and host guards

    [Test]
    public void MappingsBeyondTheLimitAreRefusedAndUnmappingGivesRoomBack()
    {
        using var m = new GuestMemory(new GuestMemoryOptions { AddressBits = 36, MemoryLimit = 4 * P });
        m.Map(0x10000, 3 * P, MemoryPermissions.ReadWrite);
        Assert.That(m.CanMap(P), Is.True);
        Assert.That(m.CanMap(2 * P), Is.False);
        var ex = Assert.Throws<GuestMemoryLimitException>(() => m.Map(0x20000, 2 * P, MemoryPermissions.ReadWrite));
        Assert.That(ex!.Limit, Is.EqualTo(4 * P));
        Assert.That(ex, Is.InstanceOf<OutOfMemoryException>(), "code that maps OutOfMemoryException to ENOMEM does so for the limit too");
        Assert.That(m.IsMapped(0x20000), Is.False);
        Assert.That(m.MappedBytes, Is.EqualTo(3 * P));
        m.Unmap(0x11000, 2 * P);
        Assert.That(m.MappedBytes, Is.EqualTo(P));
        Assert.DoesNotThrow(() => m.Map(0x20000, 3 * P, MemoryPermissions.ReadWrite));
        m.MemoryLimit = 2 * P; // lowering it below what is mapped refuses further mappings only
        Assert.Throws<GuestMemoryLimitException>(() => m.Map(0x40000, P, MemoryPermissions.ReadWrite));
        Assert.That(m.MappedBytes, Is.EqualTo(4 * P));
    }

    [Test]
    public void HugeRangesCostWhatIsMappedNotTheirSize()
    {
        using var m = new GuestMemory();
        m.Map(0x10000, P, MemoryPermissions.ReadWrite);
        m.Map(0x7FFF_0000_0000, P, MemoryPermissions.ReadWrite);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(m.MappedPages(0, 1ul << 48), Is.EqualTo(new ulong[] { 0x10000, 0x7FFF_0000_0000 }));
        Assert.Throws<ArgumentException>(() => m.Map(0x1000, (1ul << 47) - 0x1000, MemoryPermissions.Read), "overlap found without a scan");
        m.Unmap(0x1000, (1ul << 48) - 0x1000);
        Assert.That(m.MappedBytes, Is.EqualTo(0ul));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    /// <summary>The host address of guest page <paramref name="guest"/> (from the page table entry).</summary>
    private static byte* HostOf(GuestMemory m, ulong guest) => (byte*)(m.PageTable[guest >> GuestMemory.PageBits] & ~GuestMemory.EntryFlagsMask) + (guest & GuestMemory.PageMask);

    [Test]
    public void HostGuardsReportAStrayWriteNextToTheGuestMemory()
    {
        using var m = new GuestMemory(new GuestMemoryOptions { AddressBits = 36, HostGuards = true });
        m.Map(0x10000, 2 * P, MemoryPermissions.ReadWrite);
        m.Map(0x20000, P, MemoryPermissions.ReadWrite);
        // Every guest access stays inside: the canaries are intact.
        for (ulong a = 0x10000; a < 0x12000; a += 8) Assert.That(m.TryWrite64(a, ulong.MaxValue), Is.True);
        Assert.That(m.TryWrite128(0x11FF8, 1), Is.False, "runs past the mapping");
        Assert.That(m.VerifyHostGuards(), Is.Empty);

        // A write one byte past the host block of 0x10000-0x11fff (as a buggy engine would do) is seen.
        HostOf(m, 0x11FFF)[1] ^= 0xFF;
        var problems = m.VerifyHostGuards();
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("past the end"));
        // And one byte before the other block; still reported after that block is freed.
        HostOf(m, 0x20000)[-1] ^= 0xFF;
        m.Unmap(0x20000, P);
        problems = m.VerifyHostGuards();
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems.Any(p => p.Contains("below")), Is.True);
        HostOf(m, 0x11FFF)[1] ^= 0xFF; // repaired, so that the block frees cleanly
    }

    [Test]
    public void HostGuardPagesAreInaccessible()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("reads /proc/self/maps");
        using var m = new GuestMemory(new GuestMemoryOptions { AddressBits = 36, HostGuards = true });
        m.Map(0x10000, 2 * P, MemoryPermissions.ReadWrite);
        ulong start = (ulong)HostOf(m, 0x10000), end = start + 2 * P;
        // Layout: guard, canary, the guest's pages, canary, guard.
        Assert.That(HostProtection(start - 2 * P), Is.EqualTo("---p"));
        Assert.That(HostProtection(start - P), Is.EqualTo("rw-p"));
        Assert.That(HostProtection(end), Is.EqualTo("rw-p"));
        Assert.That(HostProtection(end + P), Is.EqualTo("---p"));
    }

    private static string HostProtection(ulong address)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var parts = line.Split(' ', 3);
            var range = parts[0].Split('-');
            ulong lo = Convert.ToUInt64(range[0], 16), hi = Convert.ToUInt64(range[1], 16);
            if (address >= lo && address < hi) return parts[1];
        }
        return "unmapped";
    }

    // ------------------------------------------------------------------ CpuContext

    [Test]
    public void BadRegistersAndUseAfterDisposeOfACpuContext()
    {
        var cpu = new CpuContext();
        Assert.Throws<ArgumentOutOfRangeException>(() => cpu.GetX(31), "X31 is not a general register (use Sp)");
        Assert.Throws<ArgumentOutOfRangeException>(() => cpu.GetX(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => cpu.SetX(32, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cpu.GetV(32));
        Assert.Throws<ArgumentOutOfRangeException>(() => cpu.SetV(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cpu.Pstate = 2u << 2, "EL2");
        Assert.Throws<ArgumentOutOfRangeException>(() => cpu.Pstate = (3u << 2) | 1, "EL3h");
        Assert.That(cpu.Pstate, Is.EqualTo(0u), "unchanged by the refused writes");
        Assert.DoesNotThrow(() => cpu.Pstate = 0x10, "AArch32 user mode is a state the machine decides about when it runs");
        cpu.Dispose();
        Assert.DoesNotThrow(cpu.Dispose);
        Assert.Throws<ObjectDisposedException>(() => cpu.GetX(0));
        Assert.Throws<ObjectDisposedException>(() => cpu.Pc = 4);
        Assert.Throws<ObjectDisposedException>(() => { _ = cpu.State; });
        Assert.Throws<ObjectDisposedException>(cpu.RequestStop);
    }

    // ------------------------------------------------------------------ engines

    [Test]
    public void EngineCreationChecksItsArguments()
    {
        using var cpu = new CpuContext();
        using var m = new GuestMemory(36);
        foreach (var policy in Enum.GetValues<EnginePolicy>())
        {
            Assert.Throws<ArgumentNullException>(() => ExecutionEngines.Create(policy, null!, m), $"{policy}");
            Assert.Throws<ArgumentNullException>(() => ExecutionEngines.Create(policy, cpu, null!), $"{policy}");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => ExecutionEngines.Create((EnginePolicy)99, cpu, m));
        Assert.Throws<ArgumentException>(() => new TranslatingEngine(EnginePolicy.Interpreter, cpu, m));
        var dead = new GuestMemory(36);
        dead.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ExecutionEngines.Create(EnginePolicy.Interpreter, cpu, dead));
        Assert.Throws<ObjectDisposedException>(() => ExecutionEngines.Create(EnginePolicy.Translator, cpu, dead));
        var deadCpu = new CpuContext();
        deadCpu.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ExecutionEngines.Create(EnginePolicy.Tiered, deadCpu, m));
    }

    private static (CpuContext, GuestMemory) Loop()
    {
        var cpu = new CpuContext();
        var m = new GuestMemory(36);
        m.Map(0x10000, P, MemoryPermissions.ReadExecute);
        m.WriteU32Privileged(0x10000, 0x91000400); // add x0, x0, #1
        m.WriteU32Privileged(0x10004, 0x17FFFFFF); // b .-4
        cpu.Pc = 0x10000;
        return (cpu, m);
    }

    [TestCase(EnginePolicy.Interpreter)]
    [TestCase(EnginePolicy.Translator)]
    [TestCase(EnginePolicy.Tiered)]
    public void RunningAfterDisposeIsObjectDisposed(EnginePolicy policy)
    {
        // After the engine itself is disposed.
        var (cpu, m) = Loop();
        var engine = ExecutionEngines.Create(policy, cpu, m);
        Assert.That(engine.Run(1000), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(cpu.GetX(0), Is.EqualTo(500ul));
        engine.Dispose();
        Assert.DoesNotThrow(engine.Dispose);
        Assert.Throws<ObjectDisposedException>(() => engine.Run(10));
        Assert.That(cpu.GetX(0), Is.EqualTo(500ul));
        cpu.Dispose();
        m.Dispose();

        // After its memory is disposed (translated code must never run over a freed page table).
        (cpu, m) = Loop();
        engine = ExecutionEngines.Create(policy, cpu, m);
        engine.Run(1000);
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => engine.Run(10));
        engine.Dispose();
        cpu.Dispose();

        // After its core is disposed.
        (cpu, m) = Loop();
        engine = ExecutionEngines.Create(policy, cpu, m);
        engine.Run(1000);
        cpu.Dispose();
        Assert.Throws<ObjectDisposedException>(() => engine.Run(10));
        engine.Dispose();
        m.Dispose();
    }

    // ------------------------------------------------------------------ LinuxProcess

    [Test]
    public void LinuxProcessMisuse()
    {
        var p = LinuxProcess.CreateEmpty();
        Assert.Throws<ArgumentNullException>(() => p.Run(null!));
        using (var engine = ExecutionEngines.Create(EnginePolicy.Interpreter, p.Cpu, p.Memory))
        {
            p.Dispose();
            Assert.DoesNotThrow(p.Dispose, "double dispose is allowed");
            Assert.Throws<ObjectDisposedException>(() => p.Run(engine));
            Assert.Throws<ObjectDisposedException>(() => engine.Run(10));
        }
        Assert.Throws<LoadException>(() => LinuxProcess.Load("/nonexistent/program", ["x"], []));
    }
}
