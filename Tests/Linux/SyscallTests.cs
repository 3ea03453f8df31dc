using System.Buffers.Binary;
using System.Text;
using A64Jit.Core.Memory;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Linux;

/// <summary>System calls at the handler level: registers in, X0 out, guest memory checked.</summary>
[TestFixture]
public unsafe class SyscallTests
{
    private const ulong Buf = 0x10000;       // 64 KiB read-write
    private const ulong ReadOnly = 0x30000;  // one read-only page
    private const ulong Unmapped = 0x50000;
    private const ulong AtFdCwd = unchecked((ulong)-100L);

    private LinuxProcess _p = null!;
    private string _dir = null!;
    private GuestMemory Mem => _p.Memory;

    [SetUp]
    public void SetUp()
    {
        _p = LinuxProcess.CreateEmpty(executablePath: "/opt/guest/prog");
        Mem.Map(Buf, 0x10000, MemoryPermissions.ReadWrite);
        Mem.Map(ReadOnly, 0x1000, MemoryPermissions.Read);
        _dir = Path.Combine(Path.GetTempPath(), "a64jit-sys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown()
    {
        _p.Dispose();
        Directory.Delete(_dir, true);
    }

    private long Call(long nr, params ulong[] args) => _p.Syscalls.Call(nr, args);

    private ulong Str(ulong at, string s)
    {
        Mem.WritePrivileged(at, Encoding.UTF8.GetBytes(s + "\0"));
        return at;
    }

    private byte[] Bytes(ulong at, int n)
    {
        var b = new byte[n];
        Mem.ReadPrivileged(at, b);
        return b;
    }

    private static ulong E(int errno) => unchecked((ulong)-errno);
    private static long Neg(int errno) => -errno;

    private int OpenFile(string name, int flags, int mode = 0x1A4)
    {
        long fd = Call(Sys.openat, AtFdCwd, Str(Buf + 0x8000, Path.Combine(_dir, name)), (ulong)flags, (ulong)mode);
        Assert.That(fd, Is.GreaterThanOrEqualTo(3), $"openat {name}");
        return (int)fd;
    }

    // ------------------------------------------------------------------ files

    [Test]
    public void WriteThenReadBackAFile()
    {
        int fd = OpenFile("f.txt", 0x241); // O_WRONLY|O_CREAT|O_TRUNC
        Mem.WritePrivileged(Buf, "hello, file"u8);
        Assert.That(Call(Sys.write, (ulong)fd, Buf, 11), Is.EqualTo(11));
        Assert.That(Call(Sys.close, (ulong)fd), Is.EqualTo(0));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "f.txt")), Is.EqualTo("hello, file"));

        fd = OpenFile("f.txt", 0);
        Assert.That(Call(Sys.read, (ulong)fd, Buf + 0x100, 100), Is.EqualTo(11));
        Assert.That(Encoding.UTF8.GetString(Bytes(Buf + 0x100, 11)), Is.EqualTo("hello, file"));
        Assert.That(Call(Sys.read, (ulong)fd, Buf + 0x100, 100), Is.EqualTo(0), "EOF");
        Assert.That(Call(Sys.lseek, (ulong)fd, 7, 0), Is.EqualTo(7));
        Assert.That(Call(Sys.read, (ulong)fd, Buf + 0x200, 4), Is.EqualTo(4));
        Assert.That(Encoding.UTF8.GetString(Bytes(Buf + 0x200, 4)), Is.EqualTo("file"));
        Assert.That(Call(Sys.pread64, (ulong)fd, Buf + 0x300, 5, 0), Is.EqualTo(5));
        Assert.That(Encoding.UTF8.GetString(Bytes(Buf + 0x300, 5)), Is.EqualTo("hello"));
        Assert.That(Call(Sys.pread64, (ulong)fd, Buf + 0x300, 5, unchecked((ulong)-1L)), Is.EqualTo(Neg(Errno.EINVAL)));
        Assert.That(Call(Sys.close, (ulong)fd), Is.EqualTo(0));
        Assert.That(Call(Sys.close, (ulong)fd), Is.EqualTo(Neg(Errno.EBADF)));
    }

    [Test]
    public void VectoredIo()
    {
        int fd = OpenFile("v.txt", 0x242); // O_RDWR|O_CREAT|O_TRUNC
        Mem.WritePrivileged(Buf + 0x100, "abc"u8);
        Mem.WritePrivileged(Buf + 0x200, "defgh"u8);
        Span<byte> iov = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(iov, Buf + 0x100); BinaryPrimitives.WriteUInt64LittleEndian(iov[8..], 3);
        BinaryPrimitives.WriteUInt64LittleEndian(iov[16..], Buf + 0x200); BinaryPrimitives.WriteUInt64LittleEndian(iov[24..], 5);
        Mem.WritePrivileged(Buf, iov);
        Assert.That(Call(Sys.writev, (ulong)fd, Buf, 2), Is.EqualTo(8));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "v.txt")), Is.EqualTo("abcdefgh"));
        Assert.That(Call(Sys.lseek, (ulong)fd, 0, 0), Is.EqualTo(0));
        Mem.WritePrivileged(Buf + 0x100, new byte[8]);
        Assert.That(Call(Sys.readv, (ulong)fd, Buf, 2), Is.EqualTo(8));
        Assert.That(Encoding.UTF8.GetString(Bytes(Buf + 0x100, 3)) + Encoding.UTF8.GetString(Bytes(Buf + 0x200, 5)), Is.EqualTo("abcdefgh"));
        Assert.That(Call(Sys.writev, (ulong)fd, Unmapped, 2), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.writev, (ulong)fd, Buf, 5000), Is.EqualTo(Neg(Errno.EINVAL)));
    }

    [Test]
    public void BadPointersGiveEfault()
    {
        int fd = OpenFile("e.txt", 0x242);
        Assert.That(Call(Sys.write, (ulong)fd, Unmapped, 10), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.write, (ulong)fd, Buf + 0x10000, 0x100), Is.EqualTo(Neg(Errno.EFAULT)), "starts past the end of the mapping");
        Assert.That(Call(Sys.read, (ulong)fd, ReadOnly, 10), Is.EqualTo(Neg(Errno.EFAULT)), "read into a read-only page");
        Assert.That(Call(Sys.openat, AtFdCwd, Unmapped, 0, 0), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.fstat, (ulong)fd, Unmapped), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.fstat, (ulong)fd, ReadOnly), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.clock_gettime, 1, Unmapped), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.uname, Unmapped), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.getcwd, Unmapped, 4096), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.pipe2, ReadOnly, 0), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.rt_sigaction, 10, Unmapped, 0, 8), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.getrandom, ReadOnly, 16, 0), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.nanosleep, Unmapped, 0), Is.EqualTo(Neg(Errno.EFAULT)));
        Assert.That(Call(Sys.newfstatat, AtFdCwd, Str(Buf, _dir), Unmapped, 0), Is.EqualTo(Neg(Errno.EFAULT)));
        // Nothing of a failed write reached the file.
        Assert.That(new FileInfo(Path.Combine(_dir, "e.txt")).Length, Is.EqualTo(0));
        // A buffer that runs off the end of the mapping transfers its accessible part, as the kernel does.
        Assert.That(Call(Sys.write, (ulong)fd, Buf + 0xFFF8, 0x100), Is.EqualTo(8));
        Assert.That(Call(Sys.lseek, (ulong)fd, 0, 0), Is.EqualTo(0));
        Assert.That(Call(Sys.read, (ulong)fd, Buf + 0xFFFC, 0x100), Is.EqualTo(4));
    }

    [Test]
    public void ErrnoValuesComeThrough()
    {
        Assert.That(Call(Sys.read, 77, Buf, 1), Is.EqualTo(Neg(Errno.EBADF)));
        Assert.That(Call(Sys.openat, AtFdCwd, Str(Buf, Path.Combine(_dir, "missing")), 0, 0), Is.EqualTo(Neg(Errno.ENOENT)));
        Assert.That(Call(Sys.openat, 55, Str(Buf, "relative"), 0, 0), Is.EqualTo(Neg(Errno.EBADF)), "relative path against a bad dirfd");
        Assert.That(Call(Sys.mkdirat, AtFdCwd, Str(Buf, Path.Combine(_dir, "d")), 0x1ED), Is.EqualTo(0));
        Assert.That(Directory.Exists(Path.Combine(_dir, "d")), Is.True);
        Assert.That(Call(Sys.mkdirat, AtFdCwd, Str(Buf, Path.Combine(_dir, "d")), 0x1ED), Is.EqualTo(Neg(Errno.EEXIST)));
        Assert.That(Call(Sys.unlinkat, AtFdCwd, Str(Buf, Path.Combine(_dir, "nothing")), 0), Is.EqualTo(Neg(Errno.ENOENT)));
        Assert.That(Call(Sys.unlinkat, AtFdCwd, Str(Buf, Path.Combine(_dir, "d")), 0x200 /* AT_REMOVEDIR */), Is.EqualTo(0));
        Assert.That(Call(Sys.faccessat, AtFdCwd, Str(Buf, Path.Combine(_dir, "d")), 0), Is.EqualTo(Neg(Errno.ENOENT)));
        Assert.That(Call(Sys.faccessat, AtFdCwd, Str(Buf, _dir), 0), Is.EqualTo(0));
        int fd = OpenFile("t", 0x242);
        Assert.That(Call(Sys.ioctl, (ulong)fd, 0x5401, Buf), Is.EqualTo(Neg(Errno.ENOTTY)), "TCGETS on a regular file");
        Assert.That(Call(Sys.ioctl, (ulong)fd, 0x1234, Buf), Is.EqualTo(Neg(Errno.ENOTTY)));
        Assert.That(Call(Sys.lseek, (ulong)fd, 0, 9), Is.EqualTo(Neg(Errno.EINVAL)));
        Assert.That(Call(9999), Is.EqualTo(Neg(Errno.ENOSYS)));
        Assert.That(Call(Sys.rseq, Buf, 32, 0, 0), Is.EqualTo(Neg(Errno.ENOSYS)));
        Assert.That(Call(Sys.wait4, unchecked((ulong)-1L), 0, 0, 0), Is.EqualTo(Neg(Errno.ECHILD)));
    }

    [Test]
    public void RenameAndReadlink()
    {
        int fd = OpenFile("a", 0x241);
        Call(Sys.close, (ulong)fd);
        Assert.That(Call(Sys.renameat, AtFdCwd, Str(Buf, Path.Combine(_dir, "a")), AtFdCwd, Str(Buf + 0x1000, Path.Combine(_dir, "b"))), Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(_dir, "b")), Is.True);
        File.CreateSymbolicLink(Path.Combine(_dir, "link"), "b");
        Assert.That(Call(Sys.readlinkat, AtFdCwd, Str(Buf, Path.Combine(_dir, "link")), Buf + 0x100, 100), Is.EqualTo(1));
        Assert.That(Bytes(Buf + 0x100, 1)[0], Is.EqualTo((byte)'b'));
        long n = Call(Sys.readlinkat, AtFdCwd, Str(Buf, "/proc/self/exe"), Buf + 0x100, 100);
        Assert.That(Encoding.UTF8.GetString(Bytes(Buf + 0x100, (int)n)), Is.EqualTo("/opt/guest/prog"));
        Assert.That(Call(Sys.readlinkat, AtFdCwd, Str(Buf, "/proc/self/exe"), Buf + 0x100, 4), Is.EqualTo(4), "truncated, no NUL");
        Assert.That(Call(Sys.readlinkat, AtFdCwd, Str(Buf, "/proc/self/exe"), Buf + 0x100, 0), Is.EqualTo(Neg(Errno.EINVAL)));
    }

    [Test]
    public void StatUsesTheAArch64Layout()
    {
        File.WriteAllBytes(Path.Combine(_dir, "s"), new byte[1234]);
        Assert.That(Call(Sys.newfstatat, AtFdCwd, Str(Buf, Path.Combine(_dir, "s")), Buf + 0x100, 0), Is.EqualTo(0));
        var st = Bytes(Buf + 0x100, 128);
        uint mode = BinaryPrimitives.ReadUInt32LittleEndian(st.AsSpan(16));
        Assert.That(mode & 0xF000, Is.EqualTo(0x8000u), "S_IFREG in st_mode at offset 16");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(st.AsSpan(20)), Is.EqualTo(1u), "st_nlink (32-bit) at 20");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(st.AsSpan(24)), Is.EqualTo(_p.Syscalls.Uid), "st_uid at 24");
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(st.AsSpan(48)), Is.EqualTo(1234), "st_size at 48");
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(st.AsSpan(56)), Is.GreaterThan(0), "st_blksize at 56");
        long mtime = BinaryPrimitives.ReadInt64LittleEndian(st.AsSpan(88));
        Assert.That(mtime, Is.EqualTo(new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(_dir, "s"))).ToUnixTimeSeconds()));

        int fd = OpenFile("s", 0);
        Mem.WritePrivileged(Buf + 0x200, new byte[128]);
        Assert.That(Call(Sys.fstat, (ulong)fd, Buf + 0x200), Is.EqualTo(0));
        Assert.That(Bytes(Buf + 0x200, 128), Is.EqualTo(st));

        // AT_EMPTY_PATH on a descriptor.
        Assert.That(Call(Sys.newfstatat, (ulong)fd, Str(Buf, ""), Buf + 0x300, 0x1000), Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(Bytes(Buf + 0x300 + 48, 8)), Is.EqualTo(1234));

        // statx passes the architecture-neutral layout: stx_size at 40, stx_mode at 28.
        Assert.That(Call(Sys.statx, AtFdCwd, Str(Buf, Path.Combine(_dir, "s")), 0, 0xFFF, Buf + 0x400), Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(Bytes(Buf + 0x400 + 40, 8)), Is.EqualTo(1234ul));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(Bytes(Buf + 0x400 + 28, 2)) & 0xF000, Is.EqualTo(0x8000));
    }

    [Test]
    public void DirectoryListing()
    {
        File.WriteAllText(Path.Combine(_dir, "one"), "");
        File.WriteAllText(Path.Combine(_dir, "two"), "");
        int fd = OpenFile("", 0x4000 /* O_DIRECTORY (AArch64) */);
        long n = Call(Sys.getdents64, (ulong)fd, Buf, 4096);
        Assert.That(n, Is.GreaterThan(0));
        var names = new List<string>();
        var b = Bytes(Buf, (int)n);
        for (int o = 0; o < n;)
        {
            int reclen = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o + 16));
            int end = Array.IndexOf(b, (byte)0, o + 19);
            names.Add(Encoding.UTF8.GetString(b, o + 19, end - o - 19));
            o += reclen;
        }
        Assert.That(names, Is.SupersetOf(new[] { ".", "..", "one", "two" }));
        Assert.That(Call(Sys.getdents64, (ulong)fd, Buf, 4096), Is.EqualTo(0));
    }

    [Test]
    public void CurrentDirectoryIsTheGuestsOwn()
    {
        string hostCwd = Directory.GetCurrentDirectory();
        Assert.That(Call(Sys.chdir, Str(Buf, _dir)), Is.EqualTo(0));
        Assert.That(Directory.GetCurrentDirectory(), Is.EqualTo(hostCwd), "the host's directory is unchanged");
        long n = Call(Sys.getcwd, Buf + 0x100, 4096);
        string real = new DirectoryInfo(_dir).ResolveLinkTarget(true)?.FullName ?? _dir;
        Assert.That(Encoding.UTF8.GetString(Bytes(Buf + 0x100, (int)n - 1)), Is.EqualTo(real));
        Assert.That(Call(Sys.getcwd, Buf + 0x100, 2), Is.EqualTo(Neg(Errno.ERANGE)));
        // Relative paths resolve against the guest's directory.
        File.WriteAllText(Path.Combine(_dir, "rel"), "xyz");
        long fd = Call(Sys.openat, AtFdCwd, Str(Buf, "rel"), 0, 0);
        Assert.That(fd, Is.GreaterThanOrEqualTo(3));
        Assert.That(Call(Sys.read, (ulong)fd, Buf + 0x200, 10), Is.EqualTo(3));
        Assert.That(Call(Sys.chdir, Str(Buf, "rel")), Is.EqualTo(Neg(Errno.ENOTDIR)));
        Assert.That(Call(Sys.chdir, Str(Buf, "nope")), Is.EqualTo(Neg(Errno.ENOENT)));
    }

    [Test]
    public void PipesDupAndFcntl()
    {
        Assert.That(Call(Sys.pipe2, Buf, 0), Is.EqualTo(0));
        int r = BinaryPrimitives.ReadInt32LittleEndian(Bytes(Buf, 4)), w = BinaryPrimitives.ReadInt32LittleEndian(Bytes(Buf + 4, 4));
        Assert.That((r, w), Is.EqualTo((3, 4)), "lowest free descriptors");
        Mem.WritePrivileged(Buf + 0x100, "ping"u8);
        Assert.That(Call(Sys.write, (ulong)w, Buf + 0x100, 4), Is.EqualTo(4));
        Assert.That(Call(Sys.ioctl, (ulong)r, 0x541B /* FIONREAD */, Buf + 0x200), Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(Bytes(Buf + 0x200, 4)), Is.EqualTo(4));
        long d = Call(Sys.dup, (ulong)r);
        Assert.That(d, Is.EqualTo(5));
        Assert.That(Call(Sys.dup3, (ulong)w, 9, 0), Is.EqualTo(9));
        Assert.That(Call(Sys.dup3, 9, 9, 0), Is.EqualTo(Neg(Errno.EINVAL)));
        Assert.That(Call(Sys.dup3, 42, 10, 0), Is.EqualTo(Neg(Errno.EBADF)));
        Assert.That(Call(Sys.read, (ulong)d, Buf + 0x300, 10), Is.EqualTo(4));
        Assert.That(Encoding.UTF8.GetString(Bytes(Buf + 0x300, 4)), Is.EqualTo("ping"));
        Assert.That(Call(Sys.fcntl, (ulong)w, 1030 /* F_DUPFD_CLOEXEC */, 20), Is.EqualTo(20));
        Assert.That(Call(Sys.fcntl, 20, 1 /* F_GETFD */), Is.EqualTo(1));
        Assert.That(Call(Sys.fcntl, (ulong)w, 1), Is.EqualTo(0), "pipe2 without O_CLOEXEC");
        Assert.That(Call(Sys.fcntl, (ulong)w, 2 /* F_SETFD */, 1), Is.EqualTo(0));
        Assert.That(Call(Sys.fcntl, (ulong)w, 1), Is.EqualTo(1));
        Assert.That(Call(Sys.fcntl, 9, 1), Is.EqualTo(0), "dup3 without O_CLOEXEC");
        Assert.That(Call(Sys.dup3, (ulong)w, 11, 0x80000), Is.EqualTo(11));
        Assert.That(Call(Sys.fcntl, 11, 1), Is.EqualTo(1));
        Assert.That(Call(Sys.fcntl, (ulong)r, 4 /* F_SETFL */, 0x800 /* O_NONBLOCK */), Is.EqualTo(0));
        Assert.That(Call(Sys.fcntl, (ulong)r, 3 /* F_GETFL */) & 0x800, Is.EqualTo(0x800));
        Assert.That(Call(Sys.read, (ulong)r, Buf + 0x300, 10), Is.EqualTo(Neg(Errno.EAGAIN)));
        Assert.That(Call(Sys.fcntl, 77, 3), Is.EqualTo(Neg(Errno.EBADF)));
    }

    [Test]
    public void OpenFlagsAreTranslated()
    {
        int fd = OpenFile("fl", 0x442); // O_RDWR|O_CREAT|O_APPEND
        long fl = Call(Sys.fcntl, (ulong)fd, 3);
        Assert.That(fl, Is.EqualTo(0x20000 | 0x400 | 2), "AArch64 O_LARGEFILE|O_APPEND|O_RDWR");
        // O_DIRECTORY in AArch64 numbering (0x4000) refuses a regular file.
        Assert.That(Call(Sys.openat, AtFdCwd, Str(Buf, Path.Combine(_dir, "fl")), 0x4000, 0), Is.EqualTo(Neg(Errno.ENOTDIR)));
        // O_NOFOLLOW (0x8000) refuses a symbolic link.
        File.CreateSymbolicLink(Path.Combine(_dir, "ln"), "fl");
        Assert.That(Call(Sys.openat, AtFdCwd, Str(Buf, Path.Combine(_dir, "ln")), 0x8000, 0), Is.EqualTo(Neg(Errno.ELOOP)));
    }

    // ------------------------------------------------------------------ memory

    [Test]
    public void BrkGrowsAndShrinks()
    {
        _p.BrkStart = _p.Brk = 0x100_0000;
        Assert.That(Call(Sys.brk, 0), Is.EqualTo(0x100_0000));
        Assert.That(Call(Sys.brk, 0x100_5010), Is.EqualTo(0x100_5010));
        Assert.That(Mem.GetPermissions(0x100_5000), Is.EqualTo(MemoryPermissions.ReadWrite));
        Assert.That(Mem.IsMapped(0x100_6000), Is.False);
        Assert.That(Call(Sys.brk, 0x100_1000), Is.EqualTo(0x100_1000));
        Assert.That(Mem.IsMapped(0x100_1000), Is.False);
        Assert.That(Mem.IsMapped(0x100_0000), Is.True);
        Assert.That(Call(Sys.brk, 0x10), Is.EqualTo(0x100_1000), "below the start: unchanged");
        Mem.Map(0x100_3000, 0x1000, MemoryPermissions.Read);
        Assert.That(Call(Sys.brk, 0x100_8000), Is.EqualTo(0x100_1000), "would collide with a mapping: unchanged");
    }

    [Test]
    public void AnonymousMappings()
    {
        const ulong PROT_RW = 3, MAP_PRIVATE_ANON = 0x22;
        long a = Call(Sys.mmap, 0, 0x3000, PROT_RW, MAP_PRIVATE_ANON, unchecked((ulong)-1L), 0);
        Assert.That(a, Is.GreaterThan(0));
        Assert.That(a % 4096, Is.EqualTo(0));
        Assert.That(Mem.GetPermissions((ulong)a + 0x2000), Is.EqualTo(MemoryPermissions.ReadWrite));
        Assert.That(Bytes((ulong)a, 16), Is.All.EqualTo((byte)0));
        long b = Call(Sys.mmap, 0, 100, 1, MAP_PRIVATE_ANON, unchecked((ulong)-1L), 0);
        Assert.That(b, Is.Not.EqualTo(a));
        Assert.That(Mem.GetPermissions((ulong)b), Is.EqualTo(MemoryPermissions.Read));

        Assert.That(Call(Sys.mmap, 0, 0, PROT_RW, MAP_PRIVATE_ANON, unchecked((ulong)-1L), 0), Is.EqualTo(Neg(Errno.EINVAL)), "zero length");
        Assert.That(Call(Sys.mmap, 0, 0x1000, PROT_RW, 0x20, unchecked((ulong)-1L), 0), Is.EqualTo(Neg(Errno.EINVAL)), "neither private nor shared");
        Assert.That(Call(Sys.mmap, 0, 0x1000, PROT_RW, 0x2, 99, 0), Is.EqualTo(Neg(Errno.EBADF)), "file mapping of a bad descriptor");
        Assert.That(Call(Sys.mmap, (ulong)a, 0x1000, PROT_RW, MAP_PRIVATE_ANON | 0x100000, unchecked((ulong)-1L), 0), Is.EqualTo(Neg(Errno.EEXIST)), "MAP_FIXED_NOREPLACE");
        Assert.That(Call(Sys.mmap, (ulong)a + 0x1000, 0x1000, 1, MAP_PRIVATE_ANON | 0x10, unchecked((ulong)-1L), 0), Is.EqualTo(a + 0x1000), "MAP_FIXED replaces");
        Assert.That(Mem.GetPermissions((ulong)a + 0x1000), Is.EqualTo(MemoryPermissions.Read));

        Assert.That(Call(Sys.mprotect, (ulong)a, 0x1000, 1), Is.EqualTo(0));
        Assert.That(Mem.GetPermissions((ulong)a), Is.EqualTo(MemoryPermissions.Read));
        Assert.That(Call(Sys.mprotect, Unmapped, 0x1000, 1), Is.EqualTo(Neg(Errno.ENOMEM)));
        Assert.That(Call(Sys.mprotect, (ulong)a + 1, 0x1000, 1), Is.EqualTo(Neg(Errno.EINVAL)));

        Assert.That(Call(Sys.munmap, (ulong)a, 0x3000), Is.EqualTo(0));
        Assert.That(Mem.IsMapped((ulong)a), Is.False);
        Assert.That(Call(Sys.munmap, (ulong)a + 1, 0x1000), Is.EqualTo(Neg(Errno.EINVAL)));
    }

    [Test]
    public void MremapKeepsContentsAndMadviseZeroes()
    {
        long a = Call(Sys.mmap, 0, 0x2000, 3, 0x22, unchecked((ulong)-1L), 0);
        Mem.WritePrivileged((ulong)a + 0x1FF0, "tail-of-mapping!"u8);
        // Block in-place growth so that the mapping has to move.
        Assert.That(Call(Sys.mmap, (ulong)a + 0x2000, 0x1000, 1, 0x22 | 0x10, unchecked((ulong)-1L), 0), Is.EqualTo(a + 0x2000));
        Assert.That(Call(Sys.mremap, (ulong)a, 0x2000, 0x8000, 0, 0), Is.EqualTo(Neg(Errno.ENOMEM)), "cannot grow in place without MREMAP_MAYMOVE");
        long m = Call(Sys.mremap, (ulong)a, 0x2000, 0x8000, 1, 0);
        Assert.That(m, Is.GreaterThan(0).And.Not.EqualTo(a));
        Assert.That(Encoding.UTF8.GetString(Bytes((ulong)m + 0x1FF0, 16)), Is.EqualTo("tail-of-mapping!"));
        Assert.That(Mem.IsMapped((ulong)a), Is.False);
        Assert.That(Mem.GetPermissions((ulong)m + 0x7000), Is.EqualTo(MemoryPermissions.ReadWrite));
        Assert.That(Call(Sys.mremap, (ulong)m, 0x8000, 0x1000, 0, 0), Is.EqualTo(m), "shrinks in place");
        Assert.That(Mem.IsMapped((ulong)m + 0x1000), Is.False);
        Assert.That(Call(Sys.madvise, (ulong)m, 0x1000, 4 /* MADV_DONTNEED */), Is.EqualTo(0));
        Assert.That(Bytes((ulong)m + 0xFF0, 16), Is.All.EqualTo((byte)0));
    }

    [Test]
    public void PrivateFileMapping()
    {
        var content = new byte[5000];
        for (int i = 0; i < content.Length; i++) content[i] = (byte)(i * 7);
        File.WriteAllBytes(Path.Combine(_dir, "m"), content);
        int fd = OpenFile("m", 0);
        long a = Call(Sys.mmap, 0, 0x3000, 1, 2 /* MAP_PRIVATE */, (ulong)fd, 0);
        Assert.That(a, Is.GreaterThan(0));
        Assert.That(Bytes((ulong)a, 5000), Is.EqualTo(content));
        Assert.That(Bytes((ulong)a + 5000, 100), Is.All.EqualTo((byte)0), "beyond the end of the file: zero");
        long b = Call(Sys.mmap, 0, 0x1000, 1, 2, (ulong)fd, 0x1000);
        Assert.That(Bytes((ulong)b, 16), Is.EqualTo(content[4096..4112]));
        Assert.That(Call(Sys.mmap, 0, 0x1000, 1, 2, (ulong)fd, 0x10), Is.EqualTo(Neg(Errno.EINVAL)), "unaligned offset");
    }

    // ------------------------------------------------------------------ process, time, identity

    [Test]
    public void IdentityAndSystemInformation()
    {
        Assert.That(Call(Sys.getpid), Is.EqualTo(Environment.ProcessId));
        Assert.That(Call(Sys.gettid), Is.EqualTo(Environment.ProcessId));
        Assert.That(Call(Sys.set_tid_address, Buf), Is.EqualTo(Environment.ProcessId));
        Assert.That(Call(Sys.getppid), Is.GreaterThan(0));
        Assert.That(Call(Sys.getuid), Is.EqualTo(_p.Syscalls.Uid));
        Assert.That(Call(Sys.getegid), Is.EqualTo(_p.Syscalls.Egid));
        Assert.That(Call(Sys.set_robust_list, Buf, 24), Is.EqualTo(0));
        Assert.That(Call(Sys.set_robust_list, Buf, 23), Is.EqualTo(Neg(Errno.EINVAL)));

        Assert.That(Call(Sys.uname, Buf), Is.EqualTo(0));
        string Field(int i) { var b = Bytes(Buf + 65 * (ulong)i, 65); return Encoding.ASCII.GetString(b, 0, Array.IndexOf(b, (byte)0)); }
        Assert.That(Field(0), Is.EqualTo("Linux"));
        Assert.That(Field(4), Is.EqualTo("aarch64"));
        Assert.That(Field(2), Is.Not.Empty, "release");

        Assert.That(Call(Sys.sysinfo, Buf), Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(Bytes(Buf, 8)), Is.GreaterThan(0), "uptime");

        Assert.That(Call(Sys.prlimit64, 0, 7 /* RLIMIT_NOFILE */, 0, Buf), Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(Bytes(Buf, 8)), Is.GreaterThan(0));
        Assert.That(Call(Sys.prlimit64, 1, 7, 0, Buf), Is.EqualTo(Neg(Errno.ESRCH)));
        Assert.That(Call(Sys.prlimit64, 0, 99, 0, Buf), Is.EqualTo(Neg(Errno.EINVAL)));

        Assert.That(Call(Sys.sched_getaffinity, 0, 128, Buf), Is.GreaterThan(0));
        Assert.That(Bytes(Buf, 8).Any(b => b != 0), Is.True, "at least one CPU in the mask");
        Assert.That(Call(Sys.sched_yield), Is.EqualTo(0));
        Assert.That(Call(Sys.umask, 0x12), Is.GreaterThanOrEqualTo(0));
        Assert.That(Call(Sys.umask, 0x12), Is.EqualTo(0x12));
    }

    [Test]
    public void RandomAndTime()
    {
        Assert.That(Call(Sys.getrandom, Buf, 64, 0), Is.EqualTo(64));
        Assert.That(Bytes(Buf, 64).Distinct().Count(), Is.GreaterThan(8));
        Assert.That(Call(Sys.getrandom, Buf, 64, 0x100), Is.EqualTo(Neg(Errno.EINVAL)));

        Assert.That(Call(Sys.clock_gettime, 1, Buf), Is.EqualTo(0));
        long s1 = BinaryPrimitives.ReadInt64LittleEndian(Bytes(Buf, 8)), n1 = BinaryPrimitives.ReadInt64LittleEndian(Bytes(Buf + 8, 8));
        Assert.That(n1, Is.InRange(0, 999_999_999));
        var req = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(req.AsSpan(8), 2_000_000);
        Mem.WritePrivileged(Buf + 0x200, req);
        Assert.That(Call(Sys.nanosleep, Buf + 0x200, 0), Is.EqualTo(0));
        Assert.That(Call(Sys.clock_nanosleep, 1, 0, Buf + 0x200, 0), Is.EqualTo(0));
        Assert.That(Call(Sys.clock_gettime, 1, Buf + 0x300), Is.EqualTo(0));
        long s2 = BinaryPrimitives.ReadInt64LittleEndian(Bytes(Buf + 0x300, 8)), n2 = BinaryPrimitives.ReadInt64LittleEndian(Bytes(Buf + 0x308, 8));
        Assert.That(s2 * 1_000_000_000 + n2 - (s1 * 1_000_000_000 + n1), Is.GreaterThanOrEqualTo(4_000_000));
        Assert.That(Call(Sys.clock_gettime, 99, Buf), Is.EqualTo(Neg(Errno.EINVAL)));
        Assert.That(Call(Sys.clock_getres, 1, Buf), Is.EqualTo(0));
        Assert.That(Call(Sys.clock_getres, 1, 0), Is.EqualTo(0));
        Assert.That(Call(Sys.gettimeofday, Buf, 0), Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(Bytes(Buf, 8)), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(5));
    }

    [Test]
    public void FutexOnASingleThread()
    {
        Mem.WriteU32Privileged(Buf, 5);
        Assert.That(Call(Sys.futex, Buf, 128 /* WAIT|PRIVATE */, 4, 0, 0, 0), Is.EqualTo(Neg(Errno.EAGAIN)));
        Assert.That(Call(Sys.futex, Buf, 129 /* WAKE|PRIVATE */, 1, 0, 0, 0), Is.EqualTo(0));
        Assert.That(Call(Sys.futex, Buf + 1, 1, 1, 0, 0, 0), Is.EqualTo(Neg(Errno.EINVAL)));
        Assert.That(Call(Sys.futex, Unmapped, 0, 4, 0, 0, 0), Is.EqualTo(Neg(Errno.EFAULT)));
        var ts = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(ts.AsSpan(8), 1_000_000);
        Mem.WritePrivileged(Buf + 0x10, ts);
        Assert.That(Call(Sys.futex, Buf, 0, 5, Buf + 0x10, 0, 0), Is.EqualTo(Neg(Errno.ETIMEDOUT)));
    }

    [Test]
    public void ExitGroupEndsTheProcess()
    {
        ulong pc = _p.Cpu.State->PC;
        Call(Sys.exit_group, 300);
        Assert.That(_p.ExitStatus, Is.EqualTo(300 & 0xFF));
        Assert.That(_p.Cpu.State->PC, Is.EqualTo(pc), "exit does not return");
    }

    [Test]
    public void ReturningCallsStepPastTheSvc()
    {
        _p.Cpu.State->PC = 0x4000;
        Call(Sys.getpid);
        Assert.That(_p.Cpu.State->PC, Is.EqualTo(0x4004ul));
    }

    [Test]
    public void StraceLogsCallsAndResults()
    {
        var log = new StringWriter { NewLine = "\n" };
        using var p = LinuxProcess.CreateEmpty(new LinuxOptions { Strace = log });
        p.Memory.Map(Buf, 0x1000, MemoryPermissions.ReadWrite);
        p.Syscalls.Call(Sys.close, 99);
        p.Syscalls.Call(Sys.getpid);
        p.Syscalls.Call(Sys.openat, AtFdCwd, 0x50000, 0, 0);
        p.Memory.WritePrivileged(Buf, "/nonexistent/x\0"u8);
        p.Syscalls.Call(Sys.openat, AtFdCwd, Buf, 0, 0);
        p.Syscalls.Call(Sys.exit_group, 3);
        var lines = log.ToString().TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Does.EndWith("close(99) = -1 errno=9 (EBADF)"));
        Assert.That(lines[1], Does.EndWith($"getpid() = {Environment.ProcessId}"));
        Assert.That(lines[2], Does.Contain("openat(-100,0x50000,0,0) = -1 errno=14 (EFAULT)"));
        Assert.That(lines[3], Does.Contain("openat(-100,\"/nonexistent/x\",0,0) = -1 errno=2 (ENOENT)"));
        Assert.That(lines[^1], Is.EqualTo("+++ exited with 3 +++"));
    }

    [Test]
    public void PpollReportsReadinessAndInvalidDescriptors()
    {
        Assert.That(Call(Sys.pipe2, Buf, 0), Is.EqualTo(0));
        int r = BinaryPrimitives.ReadInt32LittleEndian(Bytes(Buf, 4)), w = BinaryPrimitives.ReadInt32LittleEndian(Bytes(Buf + 4, 4));
        var fds = new byte[24];
        BinaryPrimitives.WriteInt32LittleEndian(fds, r); BinaryPrimitives.WriteInt16LittleEndian(fds.AsSpan(4), 1);      // POLLIN
        BinaryPrimitives.WriteInt32LittleEndian(fds.AsSpan(8), 77); BinaryPrimitives.WriteInt16LittleEndian(fds.AsSpan(12), 1);
        BinaryPrimitives.WriteInt32LittleEndian(fds.AsSpan(16), -1); BinaryPrimitives.WriteInt16LittleEndian(fds.AsSpan(20), 1);
        Mem.WritePrivileged(Buf + 0x100, fds);
        Mem.WritePrivileged(Buf + 0x200, new byte[16]); // zero timeout
        Assert.That(Call(Sys.ppoll, Buf + 0x100, 3, Buf + 0x200, 0, 8), Is.EqualTo(1), "only the invalid descriptor");
        Assert.That(BinaryPrimitives.ReadInt16LittleEndian(Bytes(Buf + 0x100 + 6, 2)), Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadInt16LittleEndian(Bytes(Buf + 0x100 + 14, 2)), Is.EqualTo(0x20), "POLLNVAL");
        Assert.That(BinaryPrimitives.ReadInt16LittleEndian(Bytes(Buf + 0x100 + 22, 2)), Is.EqualTo(0));
        Mem.WritePrivileged(Buf + 0x300, "x"u8);
        Assert.That(Call(Sys.write, (ulong)w, Buf + 0x300, 1), Is.EqualTo(1));
        Assert.That(Call(Sys.ppoll, Buf + 0x100, 1, Buf + 0x200, 0, 8), Is.EqualTo(1));
        Assert.That(BinaryPrimitives.ReadInt16LittleEndian(Bytes(Buf + 0x100 + 6, 2)), Is.EqualTo(1), "POLLIN");
        Assert.That(Call(Sys.ppoll, Unmapped, 1, 0, 0, 8), Is.EqualTo(Neg(Errno.EFAULT)));
    }

    [Test]
    public void ProcSelfCmdlineShowsTheGuestArguments()
    {
        using var p = LinuxProcess.Load(LinuxTestSupport.HelloElf, ["hello", "a b", "c"], []);
        p.Memory.Map(Buf, 0x1000, MemoryPermissions.ReadWrite);
        p.Memory.WritePrivileged(Buf, "/proc/self/cmdline\0"u8);
        long fd = p.Syscalls.Call(Sys.openat, AtFdCwd, Buf, 0, 0);
        Assert.That(fd, Is.GreaterThanOrEqualTo(3));
        long n = p.Syscalls.Call(Sys.read, (ulong)fd, Buf + 0x100, 100);
        var b = new byte[n];
        p.Memory.ReadPrivileged(Buf + 0x100, b);
        Assert.That(Encoding.UTF8.GetString(b), Is.EqualTo("hello\0a b\0c\0"));
    }
}
