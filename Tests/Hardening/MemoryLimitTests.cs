using A64Jit.Core.Memory;
using A64Jit.Runtime.Linux;
using A64Jit.Tests.Linux;

namespace A64Jit.Tests.Hardening;

/// <summary>The guest memory limit of a Linux process: brk, mmap and mremap beyond it fail as the kernel fails them (ENOMEM, or brk unchanged).</summary>
[TestFixture]
public class MemoryLimitTests
{
    private const ulong P = GuestMemory.PageSize;
    private const ulong Limit = 64 * P;
    private const int MapPrivateAnonymous = 0x22, MapFixed = 0x10, MremapMaymove = 1;
    private const ulong ReadWrite = 3;

    private LinuxProcess _p = null!;

    [SetUp]
    public void SetUp() => _p = LinuxProcess.CreateEmpty(new LinuxOptions { MemoryLimit = Limit });

    [TearDown]
    public void TearDown() => _p.Dispose();

    private long Call(long nr, params ulong[] args) => _p.Syscalls.Call(nr, args);

    private long Mmap(ulong addr, ulong len, int flags = MapPrivateAnonymous) => Call(Sys.mmap, addr, len, ReadWrite, (ulong)flags, ulong.MaxValue, 0);

    [Test]
    public void MmapBeyondTheLimitIsEnomem()
    {
        ulong used = _p.Memory.MappedBytes; // the signal trampoline page
        Assert.That(_p.Memory.MemoryLimit, Is.EqualTo(Limit));
        Assert.That(Mmap(0, Limit), Is.EqualTo(-Errno.ENOMEM));
        Assert.That(Mmap(0, 1ul << 46), Is.EqualTo(-Errno.ENOMEM), "a huge request fails at once");
        long a = Mmap(0, Limit - used);
        Assert.That(a, Is.GreaterThan(0), "exactly up to the limit");
        Assert.That(Mmap(0, P), Is.EqualTo(-Errno.ENOMEM));
        // MAP_FIXED over pages already mapped counts only what it adds.
        Assert.That(Mmap((ulong)a, 4 * P, MapPrivateAnonymous | MapFixed), Is.EqualTo(a));
        Assert.That(Mmap((ulong)a + Limit, P, MapPrivateAnonymous | MapFixed), Is.EqualTo(-Errno.ENOMEM));
        Assert.That(Call(Sys.munmap, (ulong)a, 8 * P), Is.EqualTo(0));
        Assert.That(Mmap(0, 8 * P), Is.GreaterThan(0), "unmapping gave the room back");
        Assert.That(_p.Memory.MappedBytes, Is.EqualTo(Limit));
    }

    [Test]
    public void MremapGrowthBeyondTheLimitIsEnomem()
    {
        long a = Mmap(0, 16 * P);
        Assert.That(a, Is.GreaterThan(0));
        Assert.That(Call(Sys.mremap, (ulong)a, 16 * P, 32 * P, 0, 0), Is.EqualTo((long)a), "grows in place within the limit");
        Assert.That(Call(Sys.mremap, (ulong)a, 32 * P, Limit + P, MremapMaymove, 0), Is.EqualTo(-Errno.ENOMEM));
        Assert.That(Call(Sys.mremap, (ulong)a, 32 * P, 40 * P, MremapMaymove, 0), Is.GreaterThan(0), "8 more pages fit");
    }

    [Test]
    public void BrkBeyondTheLimitLeavesTheBreakWhereItWas()
    {
        _p.BrkStart = _p.Brk = 0x100_0000;
        long end = Call(Sys.brk, 0x100_0000 + 16 * P);
        Assert.That(end, Is.EqualTo(0x100_0000 + 16 * (long)P));
        Assert.That(Call(Sys.brk, 0x100_0000 + 2 * Limit), Is.EqualTo(end), "refused: the old break is returned");
        Assert.That(_p.Memory.IsMapped(0x100_0000 + 16 * P), Is.False);
    }

    [Test]
    public void HugeMunmapAndMprotectAreQuick()
    {
        long a = Mmap(0, 4 * P);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(Call(Sys.mprotect, P, (1ul << 47) - P, 1), Is.EqualTo(-Errno.ENOMEM), "not all mapped");
        Assert.That(Call(Sys.munmap, P, (1ul << 47) - P), Is.EqualTo(0));
        Assert.That(_p.Memory.IsMapped((ulong)a), Is.False);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void RunWithMemoryLimit()
    {
        // samples/hello.elf maps an 8 MiB stack: 1 MiB is not enough, 64 MiB is.
        var (status, _, stderr) = LinuxTestSupport.RunInProcess("run", "--memory-limit", "1M", LinuxTestSupport.HelloElf);
        Assert.That(status, Is.EqualTo(2));
        Assert.That(stderr, Does.StartWith("a64jit: ").And.Contain("limit"));
        Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        (status, _, stderr) = LinuxTestSupport.RunChild("", "run", "--memory-limit=64M", LinuxTestSupport.HelloElf);
        Assert.That(status, Is.EqualTo(186), stderr);
        foreach (var bad in new[] { "0", "12Q", "-5", "", "99999999999999999999G" })
        {
            (status, _, stderr) = LinuxTestSupport.RunInProcess("run", "--memory-limit", bad, LinuxTestSupport.HelloElf);
            Assert.That(status, Is.EqualTo(2), bad);
            Assert.That(stderr, Does.StartWith("a64jit: bad size"), bad);
        }
    }
}
