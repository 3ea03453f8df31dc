using A64Jit.Core.Memory;

namespace A64Jit.Tests.Memory;

/// <summary>Guest memory: permissions, page crossing, faults as values, mapping changes and code-page write reports.</summary>
[TestFixture]
public unsafe class GuestMemoryTests
{
    private const ulong P = GuestMemory.PageSize;
    private const ulong Base = 0x10_0000;
    private static readonly int[] Sizes = [1, 2, 4, 8, 16];

    private GuestMemory _m = null!;

    [SetUp]
    public void SetUp() => _m = new GuestMemory();

    [TearDown]
    public void TearDown() => _m.Dispose();

    // ------------------------------------------------------------------ helpers over the typed API

    private bool TryRead(ulong a, int size, out UInt128 v)
    {
        bool ok;
        switch (size)
        {
            case 1: { ok = _m.TryRead8(a, out byte x); v = x; break; }
            case 2: { ok = _m.TryRead16(a, out ushort x); v = x; break; }
            case 4: { ok = _m.TryRead32(a, out uint x); v = x; break; }
            case 8: { ok = _m.TryRead64(a, out ulong x); v = x; break; }
            default: ok = _m.TryRead128(a, out v); break;
        }
        return ok;
    }

    private bool TryWrite(ulong a, int size, UInt128 v) => size switch
    {
        1 => _m.TryWrite8(a, (byte)v),
        2 => _m.TryWrite16(a, (ushort)v),
        4 => _m.TryWrite32(a, (uint)v),
        8 => _m.TryWrite64(a, (ulong)v),
        _ => _m.TryWrite128(a, v),
    };

    private static UInt128 Pattern(int size)
    {
        UInt128 v = 0;
        for (int i = 0; i < size; i++) v |= (UInt128)(byte)(0xA1 + i) << (8 * i);
        return v;
    }

    private byte[] Snapshot(ulong a, int n)
    {
        var b = new byte[n];
        _m.ReadPrivileged(a, b);
        return b;
    }

    // ------------------------------------------------------------------ mapping

    [Test]
    public void MappedPagesStartZeroed()
    {
        _m.Map(Base, 2 * P, MemoryPermissions.ReadWrite);
        Assert.That(Snapshot(Base, (int)(2 * P)), Is.All.EqualTo((byte)0));
        Assert.That(_m.IsMapped(Base), Is.True);
        Assert.That(_m.IsMapped(Base + 2 * P), Is.False);
        Assert.That(_m.GetPermissions(Base + P), Is.EqualTo(MemoryPermissions.ReadWrite));
        Assert.That(_m.GetPermissions(Base + 2 * P), Is.EqualTo(MemoryPermissions.None));
    }

    [Test]
    public void MapRejectsOverlapsMisalignmentAndOutOfRange()
    {
        _m.Map(Base, P, MemoryPermissions.ReadWrite);
        Assert.Throws<ArgumentException>(() => _m.Map(Base - P, 2 * P, MemoryPermissions.Read));
        Assert.That(_m.IsMapped(Base - P), Is.False, "a failed Map maps nothing");
        Assert.Throws<ArgumentException>(() => _m.Map(Base + 1, P, MemoryPermissions.Read));
        Assert.Throws<ArgumentException>(() => _m.Map(Base + P, 100, MemoryPermissions.Read));
        Assert.Throws<ArgumentException>(() => _m.Map(Base + P, 0, MemoryPermissions.Read));
        Assert.Throws<ArgumentOutOfRangeException>(() => _m.Map(_m.AddressLimit, P, MemoryPermissions.Read));
        Assert.Throws<ArgumentOutOfRangeException>(() => _m.Map(_m.AddressLimit - P, 2 * P, MemoryPermissions.Read));
    }

    [Test]
    public void UnmapRemovesPagesAndIgnoresHoles()
    {
        _m.Map(Base, 4 * P, MemoryPermissions.ReadWrite);
        Assert.That(_m.TryWrite64(Base + 3 * P, 0x1234), Is.True);
        _m.Unmap(Base + P, P);
        Assert.That(_m.IsMapped(Base + P), Is.False);
        Assert.That(_m.TryRead64(Base + P, out _), Is.False);
        Assert.That(_m.Check(Base + P, 8, MemAccess.Read).Kind, Is.EqualTo(FaultKind.Unmapped));
        Assert.That(_m.TryRead64(Base + 3 * P, out ulong v) && v == 0x1234, Is.True, "the rest of the run is untouched");
        _m.Unmap(Base, 3 * P); // includes the hole at Base + P
        Assert.That(_m.IsMapped(Base), Is.False);
        Assert.That(_m.IsMapped(Base + 3 * P), Is.True);
        _m.Unmap(Base + 3 * P, P);
        _m.Unmap(Base + 3 * P, P); // already unmapped: ignored
        // Mapping again gives fresh zeroed memory.
        _m.Map(Base, 4 * P, MemoryPermissions.ReadWrite);
        Assert.That(_m.TryRead64(Base + 3 * P, out v) && v == 0, Is.True);
    }

    [Test]
    public void ProtectChangesPermissionsOfMappedPagesOnly()
    {
        _m.Map(Base, 2 * P, MemoryPermissions.ReadWrite);
        Assert.That(_m.TryWrite32(Base + P, 7), Is.True);
        _m.Protect(Base + P, P, MemoryPermissions.Read);
        Assert.That(_m.TryWrite32(Base + P, 8), Is.False);
        Assert.That(_m.TryRead32(Base + P, out uint v) && v == 7, Is.True, "contents survive Protect");
        Assert.That(_m.TryWrite32(Base, 8), Is.True);
        Assert.Throws<ArgumentException>(() => _m.Protect(Base + P, 2 * P, MemoryPermissions.All));
        Assert.That(_m.GetPermissions(Base + P), Is.EqualTo(MemoryPermissions.Read), "a failed Protect changes nothing");
        _m.Protect(Base, 2 * P, MemoryPermissions.None);
        Assert.That(_m.IsMapped(Base), Is.True);
        Assert.That(_m.Check(Base, 1, MemAccess.Read).Kind, Is.EqualTo(FaultKind.Permission));
    }

    // ------------------------------------------------------------------ permissions

    [TestCase(MemoryPermissions.Read, true, false, false)]
    [TestCase(MemoryPermissions.Write, false, true, false)]
    [TestCase(MemoryPermissions.Execute, false, false, true)]
    [TestCase(MemoryPermissions.ReadWrite, true, true, false)]
    [TestCase(MemoryPermissions.ReadExecute, true, false, true)]
    [TestCase(MemoryPermissions.All, true, true, true)]
    [TestCase(MemoryPermissions.None, false, false, false)]
    public void PermissionsGateEveryAccess(MemoryPermissions perms, bool read, bool write, bool fetch)
    {
        _m.Map(Base, P, perms);
        _m.WriteU32Privileged(Base + 0x40, 0xD503201F);
        foreach (int size in Sizes)
        {
            Assert.That(TryRead(Base + 0x40, size, out var v), Is.EqualTo(read), $"read {size}");
            if (!read) Assert.That(v, Is.EqualTo((UInt128)0), "a failed read returns zero");
            Assert.That(TryWrite(Base + 0x80, size, Pattern(size)), Is.EqualTo(write), $"write {size}");
            var expected = new MemoryFault(FaultKind.Permission, Base + 0x80, size, MemAccess.Write);
            if (!write) Assert.That(_m.Check(Base + 0x80, size, MemAccess.Write), Is.EqualTo(expected));
        }
        Assert.That(_m.TryFetch32(Base + 0x40, out uint w), Is.EqualTo(fetch));
        if (fetch) Assert.That(w, Is.EqualTo(0xD503201Fu));
        Assert.That(_m.Check(Base + 0x40, 4, MemAccess.Fetch).IsFault, Is.EqualTo(!fetch));
        if (!write) Assert.That(Snapshot(Base + 0x80, 16), Is.All.EqualTo((byte)0), "nothing written");
    }

    [Test]
    public void PrivilegedAccessIgnoresPermissionsButNotMapping()
    {
        _m.Map(Base, P, MemoryPermissions.None);
        _m.WriteU64Privileged(Base + 8, 0x0102030405060708);
        Assert.That(_m.ReadU64Privileged(Base + 8), Is.EqualTo(0x0102030405060708ul));
        var ex = Assert.Throws<GuestMemoryException>(() => _m.ReadU32Privileged(Base + P))!;
        Assert.That(ex.Fault.Kind, Is.EqualTo(FaultKind.Unmapped));
        Assert.That(ex.Fault.Address, Is.EqualTo(Base + P));
        Assert.Throws<GuestMemoryException>(() => _m.WriteU64Privileged(Base + P - 4, 0));
        Assert.That(_m.ReadU32Privileged(Base + P - 4), Is.EqualTo(0u), "a failed privileged write writes nothing");
    }

    // ------------------------------------------------------------------ page crossing

    [Test]
    public void PageCrossingAccessesOfEverySizeAndOffset()
    {
        _m.Map(Base, 2 * P, MemoryPermissions.ReadWrite);
        foreach (int size in Sizes)
        {
            for (int before = 1; before < size; before++)
            {
                ulong a = Base + P - (ulong)before;
                var value = Pattern(size) ^ (UInt128)(byte)(before << 4);
                Assert.That(TryWrite(a, size, value), Is.True, $"write {size} at -{before}");
                Assert.That(TryRead(a, size, out var back), Is.True);
                Assert.That(back, Is.EqualTo(value), $"size {size} at -{before}");
                // Little-endian byte layout across the boundary.
                var bytes = Snapshot(a, size);
                for (int i = 0; i < size; i++) Assert.That(bytes[i], Is.EqualTo((byte)(value >> (8 * i))));
            }
        }
    }

    [Test]
    public void PageCrossingWriteIntoReadOnlyPageFaultsWithoutPartialWrite()
    {
        _m.Map(Base, P, MemoryPermissions.ReadWrite);
        _m.Map(Base + P, P, MemoryPermissions.Read);
        foreach (int size in Sizes)
            for (int before = 1; before < size; before++)
            {
                ulong a = Base + P - (ulong)before;
                Assert.That(TryWrite(a, size, UInt128.MaxValue), Is.False, $"size {size} at -{before}");
                Assert.That(_m.Check(a, size, MemAccess.Write), Is.EqualTo(new MemoryFault(FaultKind.Permission, Base + P, size, MemAccess.Write)));
                Assert.That(TryRead(a, size, out _), Is.True, "reads of both pages are allowed");
            }
        Assert.That(Snapshot(Base + P - 16, 32), Is.All.EqualTo((byte)0));
    }

    [Test]
    public void PageCrossingAccessIntoUnmappedPageFaultsAtThatPage()
    {
        _m.Map(Base, P, MemoryPermissions.ReadWrite);
        foreach (int size in Sizes)
            for (int before = 1; before < size; before++)
            {
                ulong a = Base + P - (ulong)before;
                Assert.That(TryRead(a, size, out var v), Is.False);
                Assert.That(v, Is.EqualTo((UInt128)0));
                Assert.That(TryWrite(a, size, UInt128.MaxValue), Is.False);
                Assert.That(_m.Check(a, size, MemAccess.Read), Is.EqualTo(new MemoryFault(FaultKind.Unmapped, Base + P, size, MemAccess.Read)));
            }
        Assert.That(Snapshot(Base + P - 16, 16), Is.All.EqualTo((byte)0));
        // And the other way round: starting in an unmapped page faults at the start address.
        _m.Map(Base + 3 * P, P, MemoryPermissions.ReadWrite);
        Assert.That(_m.Check(Base + 3 * P - 4, 8, MemAccess.Write), Is.EqualTo(new MemoryFault(FaultKind.Unmapped, Base + 3 * P - 4, 8, MemAccess.Write)));
        Assert.That(_m.TryWrite64(Base + 3 * P - 4, ulong.MaxValue), Is.False);
        Assert.That(_m.ReadU32Privileged(Base + 3 * P), Is.EqualTo(0u));
    }

    [Test]
    public void SpanAccessesAreAllOrNothing()
    {
        _m.Map(Base, 2 * P, MemoryPermissions.ReadWrite);
        _m.Map(Base + 2 * P, P, MemoryPermissions.Read);
        var data = Enumerable.Range(0, (int)(P + 64)).Select(i => (byte)(i + 1)).ToArray();
        Assert.That(_m.TryWrite(Base + 100, data).IsFault, Is.False);
        var back = new byte[data.Length];
        Assert.That(_m.TryRead(Base + 100, back).IsFault, Is.False);
        Assert.That(back, Is.EqualTo(data));
        // Ends in the read-only page: nothing at all is written.
        var f = _m.TryWrite(Base + 2 * P - 10, new byte[20]);
        Assert.That(f, Is.EqualTo(new MemoryFault(FaultKind.Permission, Base + 2 * P, 20, MemAccess.Write)));
        var pre = Snapshot(Base + 2 * P - 10, 10);
        Assert.That(_m.TryWrite(Base + 2 * P - 10, new byte[20]).IsFault, Is.True);
        Assert.That(Snapshot(Base + 2 * P - 10, 10), Is.EqualTo(pre));
        Assert.That(_m.TryRead(Base + 3 * P - 4, new byte[8]).Kind, Is.EqualTo(FaultKind.Unmapped));
        Assert.That(_m.TryRead(Base, Span<byte>.Empty).IsFault, Is.False);
    }

    // ------------------------------------------------------------------ faults as values

    [Test]
    public void FaultsDescribeKindAddressSizeAndAccess()
    {
        _m.Map(Base, P, MemoryPermissions.Read);
        Assert.That(_m.Check(Base + 8, 8, MemAccess.Read), Is.EqualTo(new MemoryFault(FaultKind.None, Base + 8, 8, MemAccess.Read)));
        Assert.That(_m.Check(Base + 8, 8, MemAccess.Read).IsFault, Is.False);
        Assert.That(_m.Check(Base + 8, 4, MemAccess.Write), Is.EqualTo(new MemoryFault(FaultKind.Permission, Base + 8, 4, MemAccess.Write)));
        Assert.That(_m.Check(Base + 8, 4, MemAccess.Fetch), Is.EqualTo(new MemoryFault(FaultKind.Permission, Base + 8, 4, MemAccess.Fetch)));
        Assert.That(_m.Check(0x5000, 2, MemAccess.Read), Is.EqualTo(new MemoryFault(FaultKind.Unmapped, 0x5000, 2, MemAccess.Read)));
        Assert.That(_m.Check(_m.AddressLimit, 1, MemAccess.Read).Kind, Is.EqualTo(FaultKind.AddressSize));
        Assert.That(_m.Check(0xFFFF_8000_0000_0000, 8, MemAccess.Write).Kind, Is.EqualTo(FaultKind.AddressSize));
        Assert.That(_m.Check(ulong.MaxValue - 3, 8, MemAccess.Read).Kind, Is.EqualTo(FaultKind.AddressSize), "wrapping access");
        Assert.That(_m.Check(Base, 1, MemAccess.Read).ToString(), Does.Contain("None"));
    }

    [Test]
    public void AccessesOutsideTheAddressSpaceFailWithoutTouchingHostMemory()
    {
        foreach (ulong a in new[] { _m.AddressLimit, _m.AddressLimit - 4, 0xFFFF_FFFF_FFFF_FFF0ul, ulong.MaxValue })
        {
            foreach (int size in Sizes) Assert.That(TryRead(a, size, out _), Is.False, $"read 0x{a:x}/{size}");
            foreach (int size in Sizes) Assert.That(TryWrite(a, size, 1), Is.False, $"write 0x{a:x}/{size}");
            Assert.That(_m.TryFetch32(a & ~3ul, out _), Is.False);
            Assert.That(_m.IsMapped(a), Is.False);
        }
    }

    [Test]
    public void SmallAddressSpaceHasItsOwnLimit()
    {
        using var small = new GuestMemory(32);
        Assert.That(small.AddressLimit, Is.EqualTo(1ul << 32));
        small.Map(0xFFFF_F000, P, MemoryPermissions.ReadWrite);
        Assert.That(small.TryWrite32(0xFFFF_FFFC, 1), Is.True);
        Assert.That(small.TryWrite64(0xFFFF_FFFC, 1), Is.False);
        Assert.That(small.Check(0xFFFF_FFFC, 8, MemAccess.Write).Kind, Is.EqualTo(FaultKind.AddressSize));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuestMemory(12));
    }

    // ------------------------------------------------------------------ code pages

    [Test]
    public void WritesToCodePagesAreReportedBeforeTheyHappen()
    {
        _m.Map(Base, 3 * P, MemoryPermissions.All);
        _m.TryWrite32(Base + P + 16, 0x11111111);
        _m.SetCodePage(Base + P, true);
        Assert.That(_m.IsCodePage(Base + P), Is.True);
        Assert.That(_m.IsCodePage(Base), Is.False);
        var reports = new List<(ulong page, uint seen)>();
        _m.CodeWrite += page => reports.Add((page, _m.ReadU32Privileged(Base + P + 16)));

        Assert.That(_m.TryWrite32(Base + 16, 5), Is.True);
        Assert.That(reports, Is.Empty, "not a code page");
        Assert.That(_m.TryWrite32(Base + P + 16, 0x22222222), Is.True);
        Assert.That(reports, Is.EqualTo(new[] { (Base + P, 0x11111111u) }), "reported once, before the write");
        Assert.That(_m.ReadU32Privileged(Base + P + 16), Is.EqualTo(0x22222222u));

        reports.Clear();
        Assert.That(_m.TryWrite64(Base + P - 4, 0), Is.True, "crossing into the code page");
        Assert.That(reports.Select(r => r.page), Is.EqualTo(new[] { Base + P }));

        reports.Clear();
        foreach (int size in Sizes) Assert.That(TryWrite(Base + P + 0x100, size, 1), Is.True);
        Assert.That(reports, Has.Count.EqualTo(Sizes.Length), "every size takes the reporting path");

        reports.Clear();
        _m.WritePrivileged(Base + P + 0x200, new byte[4]);
        _m.TryWrite(Base + P + 0x300, new byte[4]);
        Assert.That(reports, Has.Count.EqualTo(2), "privileged and span writes are reported too");

        reports.Clear();
        Assert.That(_m.TryRead32(Base + P + 16, out _), Is.True);
        Assert.That(_m.TryFetch32(Base + P + 16, out _), Is.True);
        Assert.That(reports, Is.Empty, "reads and fetches are not reported");

        _m.SetCodePage(Base + P, false);
        _m.TryWrite32(Base + P + 16, 3);
        Assert.That(reports, Is.Empty);
    }

    [Test]
    public void CodePageMarkSurvivesProtectAndFaultingWritesAreNotReported()
    {
        _m.Map(Base, P, MemoryPermissions.All);
        _m.SetCodePage(Base, true);
        int reports = 0;
        _m.CodeWrite += _ => reports++;
        _m.Protect(Base, P, MemoryPermissions.ReadExecute);
        Assert.That(_m.IsCodePage(Base), Is.True);
        Assert.That(_m.TryWrite32(Base, 1), Is.False);
        Assert.That(reports, Is.EqualTo(0), "a write that faults changes no code");
        _m.Protect(Base, P, MemoryPermissions.All);
        Assert.That(_m.TryWrite32(Base, 1), Is.True);
        Assert.That(reports, Is.EqualTo(1));
        _m.SetCodePage(Base + 5 * P, true); // unmapped: ignored
        Assert.That(_m.IsCodePage(Base + 5 * P), Is.False);
    }

    // ------------------------------------------------------------------ FindFree

    [Test]
    public void FindFreeReturnsTheLowestFittingGap()
    {
        Assert.That(_m.FindFree(3 * P, Base, _m.AddressLimit), Is.EqualTo(Base));
        Assert.That(_m.FindFree(1, Base + 1, _m.AddressLimit), Is.EqualTo(Base + P), "hint rounds up to a page");
        _m.Map(Base, P, MemoryPermissions.Read);
        _m.Map(Base + 3 * P, P, MemoryPermissions.Read);
        Assert.That(_m.FindFree(2 * P, Base, _m.AddressLimit), Is.EqualTo(Base + P), "2-page hole fits");
        Assert.That(_m.FindFree(3 * P, Base, _m.AddressLimit), Is.EqualTo(Base + 4 * P), "3 pages do not fit in the hole");
        Assert.That(_m.FindFree(P + 1, Base, _m.AddressLimit), Is.EqualTo(Base + P), "size rounds up to pages");
        Assert.That(_m.FindFree(3 * P, Base, Base + 7 * P), Is.EqualTo(Base + 4 * P));
        Assert.That(_m.FindFree(3 * P, Base, Base + 6 * P), Is.Null, "limit respected");
        Assert.That(_m.FindFree(P, _m.AddressLimit - P, ulong.MaxValue), Is.EqualTo(_m.AddressLimit - P));
        Assert.That(_m.FindFree(2 * P, _m.AddressLimit - P, ulong.MaxValue), Is.Null);
    }

    [Test]
    public void FindFreeAfterUnmapReusesTheRange()
    {
        _m.Map(Base, 4 * P, MemoryPermissions.Read);
        Assert.That(_m.FindFree(P, Base, Base + 4 * P), Is.Null);
        _m.Unmap(Base + P, 2 * P);
        Assert.That(_m.FindFree(2 * P, Base, Base + 4 * P), Is.EqualTo(Base + P));
    }

    [Test]
    public void DisposedMemoryRefusesUse()
    {
        var m = new GuestMemory();
        m.Map(Base, P, MemoryPermissions.Read);
        m.Dispose();
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m.Map(Base + P, P, MemoryPermissions.Read));
        Assert.Throws<ObjectDisposedException>(() => _ = m.PageTable);
    }
}
