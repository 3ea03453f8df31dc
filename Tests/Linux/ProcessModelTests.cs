using System.Runtime.InteropServices;
using A64Jit.Core.Memory;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Linux;

/// <summary>The pieces fork is built from: copying an address space and a descriptor table.</summary>
[TestFixture]
public unsafe partial class ProcessModelTests
{
    [Test]
    public void CloneCopiesPagesPermissionsAndContents()
    {
        using var m = new GuestMemory();
        m.Map(0x10000, 0x3000, MemoryPermissions.ReadWrite);
        m.Map(0x20000, 0x1000, MemoryPermissions.ReadExecute);
        m.Map(0x40000, 0x100000, MemoryPermissions.Read); // large and untouched
        m.WriteU64Privileged(0x10008, 0x1122334455667788);
        m.WriteU64Privileged(0x12ff8, 0xAABBCCDDEEFF0011);
        m.WriteU32Privileged(0x20000, 0xD503201F);
        m.SetCodePage(0x20000, true);

        using var c = m.Clone();
        Assert.That(c.ReadU64Privileged(0x10008), Is.EqualTo(0x1122334455667788ul));
        Assert.That(c.ReadU64Privileged(0x12ff8), Is.EqualTo(0xAABBCCDDEEFF0011ul));
        Assert.That(c.ReadU32Privileged(0x20000), Is.EqualTo(0xD503201Fu));
        Assert.That(c.GetPermissions(0x11000), Is.EqualTo(MemoryPermissions.ReadWrite));
        Assert.That(c.GetPermissions(0x20000), Is.EqualTo(MemoryPermissions.ReadExecute));
        Assert.That(c.GetPermissions(0x13f000 - 0x1000), Is.EqualTo(MemoryPermissions.Read));
        Assert.That(c.IsMapped(0x13000), Is.False, "unmapped pages stay unmapped");
        Assert.That(c.IsMapped(0x140000), Is.False);
        Assert.That(c.IsCodePage(0x20000), Is.False, "code marks belong to the original's translations");
        Assert.That(c.ReadU64Privileged(0x80000), Is.EqualTo(0ul));

        // The two are independent afterwards.
        Assert.That(c.TryWrite64(0x10008, 1), Is.True);
        Assert.That(m.TryWrite64(0x12ff8, 2), Is.True);
        Assert.That(m.ReadU64Privileged(0x10008), Is.EqualTo(0x1122334455667788ul));
        Assert.That(c.ReadU64Privileged(0x12ff8), Is.EqualTo(0xAABBCCDDEEFF0011ul));
        Assert.That(c.TryWrite32(0x20000, 0), Is.False, "read-execute stays unwritable");
        m.Unmap(0x10000, 0x1000);
        Assert.That(c.ReadU64Privileged(0x10008), Is.EqualTo(1ul));
    }

    [LibraryImport("libc", EntryPoint = "pipe2")]
    private static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "read")]
    private static partial nint HostRead(int fd, byte* buf, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int HostClose(int fd);

    [Test]
    public void ForkedTableKeepsNumbersAndFlagsOverItsOwnHostDescriptors()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Linux host only");
        int* fds = stackalloc int[2];
        Assert.That(Pipe2(fds, 0x80000 /* O_CLOEXEC */), Is.EqualTo(0));
        int readEnd = fds[0];
        try
        {
            using var parent = new FileTable();
            parent.Set(5, fds[1], closeOnExec: true);
            using var child = parent.CloneForFork();
            Assert.That(child.TryGetHost(5, out int childHost), Is.True);
            Assert.That(childHost, Is.Not.EqualTo(fds[1]), "the child has its own host descriptor");
            Assert.That(child.GetCloseOnExec(5), Is.True);
            Assert.That(child.TryGetHost(1, out int h1) && h1 == 1, Is.True, "standard descriptors are shared as they are");

            // The write end stays open while either table holds it: no end-of-file yet.
            Assert.That(parent.Close(5), Is.EqualTo(0));
            byte b;
            Assert.That(Readable(readEnd), Is.False, "no end-of-file while the child still holds the write end");
            Assert.That(child.Close(5), Is.EqualTo(0));
            Assert.That(Readable(readEnd), Is.True);
            Assert.That(HostRead(readEnd, &b, 1), Is.EqualTo((nint)0), "end-of-file once both copies are closed");
        }
        finally { HostClose(readEnd); }
    }

    [Test]
    public void CloseOnExecClosesOnlyMarkedDescriptors()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Linux host only");
        int* fds = stackalloc int[2];
        Assert.That(Pipe2(fds, 0x80000), Is.EqualTo(0));
        using var t = new FileTable();
        t.Set(3, fds[0], closeOnExec: false);
        t.Set(4, fds[1], closeOnExec: true);
        t.CloseOnExec();
        Assert.That(t.TryGetHost(3, out _), Is.True);
        Assert.That(t.TryGetHost(4, out _), Is.False);
        Assert.That(t.GetCloseOnExec(4), Is.False);
    }

    [LibraryImport("libc", EntryPoint = "poll")]
    private static partial int Poll(long* fds, nuint n, int timeout);

    private static bool Readable(int fd)
    {
        long pfd = (uint)fd | (1L << 32); // POLLIN
        return Poll(&pfd, 1, 0) > 0;
    }
}
