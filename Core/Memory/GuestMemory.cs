using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Buffers.Binary;

namespace A64Jit.Core.Memory;

/// <summary>
/// Guest virtual memory: 4 KiB pages with R/W/X permissions, backed by host memory.
/// </summary>
/// <remarks>
/// The software page table is one flat array of 64-bit entries indexed by guest page
/// number, reserved (not committed) in host virtual memory so that untouched parts cost
/// nothing. An entry is the host address of the page with the permission bits in its low
/// 12 bits (which a page-aligned host address leaves free), or zero when nothing is mapped.
/// A fast-path access is: index check, one load, one test of the permission bit, then the
/// host access. A write to a page marked as holding translated code fails the write test
/// (<see cref="EntryCode"/> is part of the tested mask) and goes to the slow path, which
/// reports it through <see cref="CodeWrite"/> before writing.
/// An access that faults never reaches host memory: the entry is checked first.
/// </remarks>
public sealed unsafe class GuestMemory : IDisposable
{
    public const int PageBits = 12;
    public const ulong PageSize = 1ul << PageBits;
    public const ulong PageMask = PageSize - 1;

    public const ulong EntryRead = 1;
    public const ulong EntryWrite = 2;
    public const ulong EntryExec = 4;
    /// <summary>The page holds translated code: writes take the slow path and are reported.</summary>
    public const ulong EntryCode = 8;
    public const ulong EntryFlagsMask = PageMask;

    private ulong* _table;
    // Zero once disposed, so that the fast path's bound check sends every access to the slow path, which throws.
    private ulong _pageCount;
    private readonly nuint _tableBytes;
    private readonly int _addressBits;
    private readonly bool _hostGuards;
    private readonly object _lock = new();
    // Host backing per mapped page run; freed when its last page is unmapped.
    private readonly Dictionary<ulong, HostBlock> _blockOfPage = new();
    private ulong _mappedBytes;
    private ulong _memoryLimit;
    private readonly List<string> _guardViolations = new();

    /// <summary>Host pages before and after the page table and (with host guards) around each host block.</summary>
    private const nuint GuardBytes = (nuint)PageSize;
    /// <summary>Canary bytes on each side of a host block when host guards are on.</summary>
    private const nuint CanaryBytes = (nuint)PageSize;

    private sealed class HostBlock
    {
        /// <summary>The guest pages' host memory.</summary>
        public nint Base;
        public nuint Size;
        /// <summary>The whole host allocation (guards and canaries included).</summary>
        public nint AllocationBase;
        public nuint AllocationSize;
        public bool Guarded;
        public long LivePages;
    }

    /// <summary>Raised (on the writing thread, before the write) when guest code writes to a page marked as code.</summary>
    public event Action<ulong>? CodeWrite;

    /// <summary>
    /// Raised (on the writing thread, after the write) for each page still marked as code that
    /// a write touched; with <see cref="CodeWrite"/> it brackets the write, so a translation
    /// made concurrently from the old bytes can be recognised and dropped.
    /// </summary>
    public event Action<ulong>? CodeWritten;

    /// <summary>Creates an address space of 2^addressBits bytes (default 48, as AArch64 Linux user space).</summary>
    public GuestMemory(int addressBits = 48) : this(new GuestMemoryOptions { AddressBits = addressBits }) { }

    /// <summary>Creates an address space as <paramref name="options"/> describe.</summary>
    public GuestMemory(GuestMemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int addressBits = options.AddressBits;
        if (addressBits < 20 || addressBits > 48) throw new ArgumentOutOfRangeException(nameof(options), addressBits, "address space must be 20 to 48 bits");
        _addressBits = addressBits;
        _hostGuards = options.HostGuards;
        _memoryLimit = options.MemoryLimit;
        _pageCount = 1ul << (addressBits - PageBits);
        _tableBytes = (nuint)(_pageCount * 8) + 2 * GuardBytes;
        // The table sits between two inaccessible host pages: a stray index would end the process, not read a neighbour.
        byte* reserved = (byte*)HostMemory.Reserve(_tableBytes);
        HostMemory.ProtectTail(reserved, GuardBytes, GuardBytes);
        HostMemory.ProtectTail(reserved, _tableBytes, GuardBytes);
        _table = (ulong*)(reserved + GuardBytes);
    }

    public int AddressBits => _addressBits;
    public ulong AddressLimit => 1ul << _addressBits;

    /// <summary>True once <see cref="Dispose"/> has run; every further call throws <see cref="ObjectDisposedException"/>.</summary>
    public bool IsDisposed => _table == null;

    /// <summary>Whether host blocks are surrounded by guard pages and canaries (<see cref="GuestMemoryOptions.HostGuards"/>).</summary>
    public bool HostGuards => _hostGuards;

    /// <summary>Bytes of guest memory mapped now (each mapped page counts 4 KiB).</summary>
    public ulong MappedBytes { get { lock (_lock) return _mappedBytes; } }

    /// <summary>
    /// The most guest memory that may be mapped at once; <see cref="Map"/> beyond it throws
    /// <see cref="GuestMemoryLimitException"/>. Lowering it below <see cref="MappedBytes"/>
    /// unmaps nothing: it only refuses further mappings.
    /// </summary>
    public ulong MemoryLimit
    {
        get { lock (_lock) return _memoryLimit; }
        set { lock (_lock) _memoryLimit = value; }
    }

    /// <summary>Whether <paramref name="bytes"/> more bytes could be mapped without exceeding <see cref="MemoryLimit"/>.</summary>
    public bool CanMap(ulong bytes)
    {
        lock (_lock) return _mappedBytes <= _memoryLimit && bytes <= _memoryLimit - _mappedBytes;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_table == null, this);

    /// <summary>The page table for translated code: entry = host page | permission bits.</summary>
    public ulong* PageTable
    {
        get
        {
            ObjectDisposedException.ThrowIf(_table == null, this);
            return _table;
        }
    }

    public ulong PageCount => 1ul << (_addressBits - PageBits);

    // ------------------------------------------------------------------ mapping

    /// <summary>Maps zero-filled pages. <paramref name="address"/> and <paramref name="size"/> must be page aligned and the range unmapped.</summary>
    /// <exception cref="ArgumentException">the range is unaligned, empty, overlaps a mapping, or <paramref name="perms"/> has undefined bits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">the range leaves the address space.</exception>
    /// <exception cref="GuestMemoryLimitException">the mapping would exceed <see cref="MemoryLimit"/>.</exception>
    /// <exception cref="OutOfMemoryException">the host cannot provide the memory.</exception>
    public void Map(ulong address, ulong size, MemoryPermissions perms)
    {
        CheckRange(address, size);
        CheckPerms(perms);
        lock (_lock)
        {
            ThrowIfDisposed();
            if (_mappedBytes > _memoryLimit || size > _memoryLimit - _mappedBytes)
                throw new GuestMemoryLimitException(size, _mappedBytes, _memoryLimit);
            ulong first = address >> PageBits, n = size >> PageBits;
            var mapped = MappedPagesLocked(first, n, stopAtFirst: true);
            if (mapped.Count != 0) throw new ArgumentException($"page 0x{mapped[0] << PageBits:x} is already mapped", nameof(address));
            var block = AllocateBlock((nuint)size);
            block.LivePages = (long)n;
            for (ulong i = 0; i < n; i++)
            {
                _blockOfPage[first + i] = block;
                Volatile.Write(ref _table[first + i], ((ulong)block.Base + (i << PageBits)) | PermBits(perms));
            }
            _mappedBytes += size;
        }
    }

    private HostBlock AllocateBlock(nuint size)
    {
        if (!_hostGuards)
        {
            nint b = (nint)HostMemory.Commit(size);
            return new HostBlock { Base = b, Size = size, AllocationBase = b, AllocationSize = size };
        }
        nuint margin = GuardBytes + CanaryBytes;
        if (size > nuint.MaxValue - 2 * margin) throw new OutOfMemoryException($"cannot allocate {size} bytes of guest memory");
        nuint total = size + 2 * margin;
        byte* a = (byte*)HostMemory.CommitGuarded(total, GuardBytes);
        var block = new HostBlock { Base = (nint)(a + margin), Size = size, AllocationBase = (nint)a, AllocationSize = total, Guarded = true };
        FillCanary(a + GuardBytes);
        FillCanary(a + margin + size);
        return block;
    }

    private static byte CanaryByte(nuint i) => (byte)(0xA5 ^ (i * 0x3B) ^ (i >> 8));

    private static void FillCanary(byte* p)
    {
        for (nuint i = 0; i < CanaryBytes; i++) p[i] = CanaryByte(i);
    }

    /// <summary>The first offset of the canary at <paramref name="p"/> that was changed, or -1.</summary>
    private static long FirstChangedCanaryByte(byte* p)
    {
        for (nuint i = 0; i < CanaryBytes; i++) if (p[i] != CanaryByte(i)) return (long)i;
        return -1;
    }

    private string? CheckCanaries(HostBlock b)
    {
        if (!b.Guarded) return null;
        byte* below = (byte*)b.AllocationBase + GuardBytes, above = (byte*)b.Base + b.Size;
        long k = FirstChangedCanaryByte(below);
        if (k >= 0) return $"host bytes {CanaryBytes - (nuint)k} below the host block of {b.Size} bytes at 0x{b.Base:x} were written";
        k = FirstChangedCanaryByte(above);
        if (k >= 0) return $"host bytes {k} past the end of the host block of {b.Size} bytes at 0x{b.Base:x} were written";
        return null;
    }

    private void ReleaseBlock(HostBlock b)
    {
        var problem = CheckCanaries(b);
        if (problem != null) _guardViolations.Add(problem);
        HostMemory.Release((void*)b.AllocationBase, b.AllocationSize);
    }

    /// <summary>
    /// With <see cref="GuestMemoryOptions.HostGuards"/>: checks that the canaries around every
    /// host block (live ones, and those freed so far, which were checked when freed) are
    /// intact, i.e. that no host memory next to the guest's own was ever written. Returns one
    /// line per violation; empty when none (always empty without host guards).
    /// </summary>
    public IReadOnlyList<string> VerifyHostGuards()
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var problems = new List<string>(_guardViolations);
            foreach (var b in _blockOfPage.Values.Distinct())
                if (CheckCanaries(b) is { } p) problems.Add(p);
            return problems;
        }
    }

    /// <summary>
    /// Guest page numbers in [first, first+n) that are mapped, ascending (at most one when
    /// <paramref name="stopAtFirst"/>). Scans the table for small ranges, the set of mapped
    /// pages for huge ones, so that a huge range costs no more than what is mapped.
    /// </summary>
    private List<ulong> MappedPagesLocked(ulong first, ulong n, bool stopAtFirst)
    {
        var result = new List<ulong>();
        if ((ulong)_blockOfPage.Count * 4 < n)
        {
            foreach (var p in _blockOfPage.Keys)
                if (p - first < n) result.Add(p);
            result.Sort();
            if (stopAtFirst && result.Count > 1) result.RemoveRange(1, result.Count - 1);
            return result;
        }
        for (ulong p = first; p < first + n; p++)
            if (_table[p] != 0)
            {
                result.Add(p);
                if (stopAtFirst) break;
            }
        return result;
    }

    /// <summary>The addresses of the mapped pages that intersect [address, address+size), ascending; the range is clipped to the address space.</summary>
    public IReadOnlyList<ulong> MappedPages(ulong address, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            if (size == 0 || address >= AddressLimit) return [];
            ulong end = size > AddressLimit - address ? AddressLimit : address + size;
            ulong first = address >> PageBits, last = (end - 1) >> PageBits;
            var pages = MappedPagesLocked(first, last - first + 1, stopAtFirst: false);
            for (int i = 0; i < pages.Count; i++) pages[i] <<= PageBits;
            return pages;
        }
    }

    /// <summary>Removes pages from the address space. Pages in the range that are not mapped are ignored.</summary>
    public void Unmap(ulong address, ulong size)
    {
        CheckRange(address, size);
        lock (_lock)
        {
            ThrowIfDisposed();
            ulong first = address >> PageBits, n = size >> PageBits;
            foreach (ulong p in MappedPagesLocked(first, n, stopAtFirst: false))
            {
                Volatile.Write(ref _table[p], 0);
                var block = _blockOfPage[p];
                _blockOfPage.Remove(p);
                _mappedBytes -= PageSize;
                if (--block.LivePages == 0) ReleaseBlock(block);
            }
        }
    }

    /// <summary>Changes the permissions of mapped pages; every page in the range must be mapped.</summary>
    public void Protect(ulong address, ulong size, MemoryPermissions perms)
    {
        CheckRange(address, size);
        CheckPerms(perms);
        lock (_lock)
        {
            ThrowIfDisposed();
            ulong first = address >> PageBits, n = size >> PageBits;
            for (ulong p = first; p < first + n; p++)
                if (_table[p] == 0) throw new ArgumentException($"page 0x{p << PageBits:x} is not mapped", nameof(address));
            for (ulong p = first; p < first + n; p++)
            {
                ulong e = _table[p];
                Volatile.Write(ref _table[p], (e & ~(EntryRead | EntryWrite | EntryExec)) | PermBits(perms));
            }
        }
    }

    /// <summary>The guest addresses of every mapped page, ascending (for state comparison tools and debuggers).</summary>
    public ulong[] MappedPages()
    {
        ThrowIfDisposed();
        lock (_lock)
        {
            var pages = new ulong[_blockOfPage.Count];
            int i = 0;
            foreach (var p in _blockOfPage.Keys) pages[i++] = p << PageBits;
            Array.Sort(pages);
            return pages;
        }
    }

    public bool IsMapped(ulong address)
    {
        ThrowIfDisposed();
        return address < AddressLimit && _table[address >> PageBits] != 0;
    }

    public MemoryPermissions GetPermissions(ulong address)
    {
        ThrowIfDisposed();
        if (address >= AddressLimit) return MemoryPermissions.None;
        ulong e = _table[address >> PageBits];
        return (MemoryPermissions)(e & 7);
    }

    /// <summary>Marks or unmarks a page as holding translated code.</summary>
    public void SetCodePage(ulong address, bool isCode)
    {
        if (address >= AddressLimit) return;
        ulong p = address >> PageBits;
        lock (_lock)
        {
            ThrowIfDisposed();
            ulong e = _table[p];
            if (e == 0) return;
            Volatile.Write(ref _table[p], isCode ? e | EntryCode : e & ~EntryCode);
        }
    }

    /// <summary>
    /// Whether the page holding <paramref name="address"/> is mapped and marked as code, tested
    /// under the memory's lock: false (not a fault) once the memory is disposed, so a thread other
    /// than the guest's (a background compiler) may ask at any time.
    /// </summary>
    public bool HasCodeMark(ulong address)
    {
        if (address >= AddressLimit) return false;
        lock (_lock) return _table != null && (_table[address >> PageBits] & EntryCode) != 0;
    }

    public bool IsCodePage(ulong address)
    {
        ThrowIfDisposed();
        return address < AddressLimit && (_table[address >> PageBits] & EntryCode) != 0;
    }

    /// <summary>Finds the lowest page-aligned free range of <paramref name="size"/> bytes at or above <paramref name="hint"/>, below <paramref name="limit"/>.</summary>
    public ulong? FindFree(ulong size, ulong hint, ulong limit)
    {
        ThrowIfDisposed();
        if (size == 0 || size > AddressLimit || hint >= AddressLimit) return null;
        ulong n = (size + PageMask) >> PageBits;
        ulong end = Math.Min(limit, AddressLimit) >> PageBits;
        ulong run = 0;
        for (ulong p = (hint + PageMask) >> PageBits; p < end; p++)
        {
            if (_table[p] != 0) { run = 0; continue; }
            if (++run == n) return (p + 1 - n) << PageBits;
        }
        return null;
    }

    private static ulong PermBits(MemoryPermissions perms) => (ulong)(perms & MemoryPermissions.All);

    private static void CheckPerms(MemoryPermissions perms)
    {
        if ((perms & ~MemoryPermissions.All) != 0) throw new ArgumentException($"permissions 0x{(byte)perms:x} have bits other than Read, Write and Execute", nameof(perms));
    }

    private void CheckRange(ulong address, ulong size)
    {
        if ((address & PageMask) != 0) throw new ArgumentException($"address 0x{address:x} is not page aligned", nameof(address));
        if ((size & PageMask) != 0 || size == 0) throw new ArgumentException($"size 0x{size:x} is not a non-zero multiple of the page size", nameof(size));
        if (address >= AddressLimit || size > AddressLimit - address) throw new ArgumentOutOfRangeException(nameof(address), $"range 0x{address:x}+0x{size:x} is outside the {_addressBits}-bit address space");
    }

    // ------------------------------------------------------------------ fast path

    /// <summary>Host pointer for an access of <paramref name="size"/> bytes that stays within one page and passes <paramref name="need"/>, else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* Translate(ulong address, int size, ulong need)
    {
        ulong page = address >> PageBits;
        if (page >= _pageCount || (address & PageMask) > PageSize - (ulong)size) return null;
        ulong e = _table[page];
        if ((e & need) != (need & (EntryRead | EntryWrite | EntryExec))) return null;
        return (byte*)((e & ~EntryFlagsMask) + (address & PageMask));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead8(ulong a, out byte v)
    {
        byte* p = Translate(a, 1, EntryRead);
        if (p != null) { v = *p; return true; }
        return SlowRead(a, 1, out v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead16(ulong a, out ushort v)
    {
        byte* p = Translate(a, 2, EntryRead);
        if (p != null) { v = Unsafe.ReadUnaligned<ushort>(p); return true; }
        return SlowRead(a, 2, out v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead32(ulong a, out uint v)
    {
        byte* p = Translate(a, 4, EntryRead);
        if (p != null) { v = Unsafe.ReadUnaligned<uint>(p); return true; }
        return SlowRead(a, 4, out v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead64(ulong a, out ulong v)
    {
        byte* p = Translate(a, 8, EntryRead);
        if (p != null) { v = Unsafe.ReadUnaligned<ulong>(p); return true; }
        return SlowRead(a, 8, out v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead128(ulong a, out UInt128 v)
    {
        byte* p = Translate(a, 16, EntryRead);
        if (p != null) { v = Unsafe.ReadUnaligned<UInt128>(p); return true; }
        return SlowRead(a, 16, out v);
    }

    /// <summary>Fetches an instruction word (needs execute permission).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFetch32(ulong a, out uint v)
    {
        byte* p = Translate(a, 4, EntryExec);
        if (p != null) { v = Unsafe.ReadUnaligned<uint>(p); return true; }
        v = 0;
        ThrowIfDisposed();
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite8(ulong a, byte v)
    {
        byte* p = Translate(a, 1, EntryWrite | EntryCode);
        if (p != null) { *p = v; return true; }
        return SlowWrite(a, 1, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite16(ulong a, ushort v)
    {
        byte* p = Translate(a, 2, EntryWrite | EntryCode);
        if (p != null) { Unsafe.WriteUnaligned(p, v); return true; }
        return SlowWrite(a, 2, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite32(ulong a, uint v)
    {
        byte* p = Translate(a, 4, EntryWrite | EntryCode);
        if (p != null) { Unsafe.WriteUnaligned(p, v); return true; }
        return SlowWrite(a, 4, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite64(ulong a, ulong v)
    {
        byte* p = Translate(a, 8, EntryWrite | EntryCode);
        if (p != null) { Unsafe.WriteUnaligned(p, v); return true; }
        return SlowWrite(a, 8, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite128(ulong a, UInt128 v)
    {
        byte* p = Translate(a, 16, EntryWrite | EntryCode);
        if (p != null) { Unsafe.WriteUnaligned(p, v); return true; }
        return SlowWrite(a, 16, v);
    }

    // ------------------------------------------------------------------ slow path

    /// <summary>The fault an access would raise, or a value with <see cref="FaultKind.None"/> if it would succeed.</summary>
    public MemoryFault Check(ulong address, int size, MemAccess access)
    {
        ThrowIfDisposed();
        ulong need = access switch { MemAccess.Read => EntryRead, MemAccess.Write => EntryWrite, _ => EntryExec };
        ulong last = address + (ulong)Math.Max(size, 1) - 1;
        if (last < address) last = ulong.MaxValue; // wrapped: faults at the limit below
        for (ulong a = address; ; a = (a & ~PageMask) + PageSize)
        {
            if (a >= AddressLimit) return new MemoryFault(FaultKind.AddressSize, a, size, access);
            ulong e = Volatile.Read(ref _table[a >> PageBits]);
            if (e == 0) return new MemoryFault(FaultKind.Unmapped, a, size, access);
            if ((e & need) == 0) return new MemoryFault(FaultKind.Permission, a, size, access);
            if ((a | PageMask) >= last) break;
        }
        return new MemoryFault(FaultKind.None, address, size, access);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SlowRead<T>(ulong a, int size, out T v) where T : unmanaged
    {
        v = default;
        if (Check(a, size, MemAccess.Read).IsFault) return false;
        T tmp;
        CopyOut(a, new Span<byte>(&tmp, size));
        v = tmp;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SlowWrite<T>(ulong a, int size, T v) where T : unmanaged
    {
        if (Check(a, size, MemAccess.Write).IsFault) return false;
        NotifyCodeWrites(a, (ulong)size);
        CopyIn(a, new ReadOnlySpan<byte>(&v, size));
        NotifyCodeWritten(a, (ulong)size);
        return true;
    }

    private void NotifyCodeWrites(ulong a, ulong size)
    {
        var handler = CodeWrite;
        ulong end = a + size;
        for (ulong p = a & ~PageMask; p < end; p += PageSize)
            if ((Volatile.Read(ref _table[p >> PageBits]) & EntryCode) != 0)
                handler?.Invoke(p);
    }

    private void NotifyCodeWritten(ulong a, ulong size)
    {
        var handler = CodeWritten;
        if (handler == null) return;
        ulong end = a + size;
        for (ulong p = a & ~PageMask; p < end; p += PageSize)
            if ((Volatile.Read(ref _table[p >> PageBits]) & EntryCode) != 0)
                handler(p);
    }

    // Copies assume the range was checked.
    private void CopyOut(ulong a, Span<byte> dst)
    {
        int done = 0;
        while (done < dst.Length)
        {
            ulong cur = a + (ulong)done;
            int chunk = (int)Math.Min((ulong)(dst.Length - done), PageSize - (cur & PageMask));
            byte* host = (byte*)((_table[cur >> PageBits] & ~EntryFlagsMask) + (cur & PageMask));
            new ReadOnlySpan<byte>(host, chunk).CopyTo(dst.Slice(done));
            done += chunk;
        }
    }

    private void CopyIn(ulong a, ReadOnlySpan<byte> src)
    {
        int done = 0;
        while (done < src.Length)
        {
            ulong cur = a + (ulong)done;
            int chunk = (int)Math.Min((ulong)(src.Length - done), PageSize - (cur & PageMask));
            byte* host = (byte*)((_table[cur >> PageBits] & ~EntryFlagsMask) + (cur & PageMask));
            src.Slice(done, chunk).CopyTo(new Span<byte>(host, chunk));
            done += chunk;
        }
    }

    // ------------------------------------------------------------------ spans

    /// <summary>Reads guest memory with the guest's read permission; returns the fault instead of reading partially.</summary>
    public MemoryFault TryRead(ulong address, Span<byte> destination)
    {
        if (destination.Length == 0) return default;
        var f = Check(address, destination.Length, MemAccess.Read);
        if (!f.IsFault) CopyOut(address, destination);
        return f;
    }

    /// <summary>Writes guest memory with the guest's write permission; nothing is written if any byte would fault.</summary>
    public MemoryFault TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (source.Length == 0) return default;
        var f = Check(address, source.Length, MemAccess.Write);
        if (!f.IsFault)
        {
            NotifyCodeWrites(address, (ulong)source.Length);
            CopyIn(address, source);
            NotifyCodeWritten(address, (ulong)source.Length);
        }
        return f;
    }

    /// <summary>Reads mapped memory regardless of permissions (for loaders, debuggers and tests).</summary>
    public void ReadPrivileged(ulong address, Span<byte> destination)
    {
        var f = CheckMapped(address, destination.Length, MemAccess.Read);
        if (f.IsFault) throw new GuestMemoryException(f);
        CopyOut(address, destination);
    }

    /// <summary>Writes mapped memory regardless of permissions (for loaders and tests); code-page writes are reported.</summary>
    public void WritePrivileged(ulong address, ReadOnlySpan<byte> source)
    {
        var f = CheckMapped(address, source.Length, MemAccess.Write);
        if (f.IsFault) throw new GuestMemoryException(f);
        NotifyCodeWrites(address, (ulong)source.Length);
        CopyIn(address, source);
        NotifyCodeWritten(address, (ulong)source.Length);
    }

    private MemoryFault CheckMapped(ulong address, int size, MemAccess access)
    {
        ThrowIfDisposed();
        if (size == 0) return default;
        ulong last = address + (ulong)size - 1;
        if (last < address) return new MemoryFault(FaultKind.AddressSize, address, size, access);
        for (ulong a = address; ; a = (a & ~PageMask) + PageSize)
        {
            if (a >= AddressLimit) return new MemoryFault(FaultKind.AddressSize, a, size, access);
            if (_table[a >> PageBits] == 0) return new MemoryFault(FaultKind.Unmapped, a, size, access);
            if ((a | PageMask) >= last) break;
        }
        return default;
    }

    public ulong ReadU64Privileged(ulong a) { Span<byte> b = stackalloc byte[8]; ReadPrivileged(a, b); return BinaryPrimitives.ReadUInt64LittleEndian(b); }
    public uint ReadU32Privileged(ulong a) { Span<byte> b = stackalloc byte[4]; ReadPrivileged(a, b); return BinaryPrimitives.ReadUInt32LittleEndian(b); }
    public void WriteU64Privileged(ulong a, ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); WritePrivileged(a, b); }
    public void WriteU32Privileged(ulong a, uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); WritePrivileged(a, b); }

    // ------------------------------------------------------------------ copy

    /// <summary>
    /// A new address space with the same pages, permissions and contents (a forked process's
    /// copy). Code marks are not copied. Pages that are still all zero are mapped but not
    /// copied, so untouched parts of large mappings stay uncommitted on the host.
    /// </summary>
    public GuestMemory Clone()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_table == null, this);
            var copy = new GuestMemory(new GuestMemoryOptions { AddressBits = _addressBits, HostGuards = _hostGuards, MemoryLimit = _memoryLimit });
            try
            {
                var pages = new ulong[_blockOfPage.Count];
                _blockOfPage.Keys.CopyTo(pages, 0);
                Array.Sort(pages);
                int i = 0;
                while (i < pages.Length)
                {
                    int j = i + 1;
                    while (j < pages.Length && pages[j] == pages[j - 1] + 1) j++;
                    ulong first = pages[i], n = (ulong)(j - i);
                    copy.Map(first << PageBits, n << PageBits, MemoryPermissions.None);
                    for (ulong p = first; p < first + n; p++)
                    {
                        ulong e = _table[p];
                        var src = new ReadOnlySpan<byte>((void*)(e & ~EntryFlagsMask), (int)PageSize);
                        ulong ce = copy._table[p];
                        if (src.IndexOfAnyExcept((byte)0) >= 0) src.CopyTo(new Span<byte>((void*)(ce & ~EntryFlagsMask), (int)PageSize));
                        copy._table[p] = (ce & ~EntryFlagsMask) | (e & (EntryRead | EntryWrite | EntryExec));
                    }
                    i = j;
                }
                return copy;
            }
            catch
            {
                copy.Dispose();
                throw;
            }
        }
    }

    // ------------------------------------------------------------------ lifetime

    public void Dispose()
    {
        lock (_lock)
        {
            if (_table == null) return;
            _pageCount = 0;
            foreach (var block in _blockOfPage.Values.Distinct())
                HostMemory.Release((void*)block.AllocationBase, block.AllocationSize);
            _blockOfPage.Clear();
            _mappedBytes = 0;
            HostMemory.Release((byte*)_table - GuardBytes, _tableBytes);
            _table = null;
        }
        GC.SuppressFinalize(this);
    }

    ~GuestMemory()
    {
        // Host memory is left to the process when a GuestMemory is not disposed:
        // releasing it from the finalizer could race with translated code still using it.
    }
}
