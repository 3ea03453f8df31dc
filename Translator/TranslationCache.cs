using A64Jit.Core.Memory;

namespace A64Jit.Translator;

/// <summary>
/// Translations keyed by (PC, execution-state bits), with a direct-mapped jump cache in
/// front. Pages holding translated code are marked with <see cref="GuestMemory.SetCodePage"/>;
/// a write to such a page (reported through <see cref="GuestMemory.CodeWrite"/>) drops every
/// translation of that page. The number of translations is bounded: the oldest are evicted.
/// </summary>
public sealed class TranslationCache : IDisposable
{
    private readonly GuestMemory _memory;
    private readonly object _lock = new();
    private readonly Dictionary<(ulong Pc, uint Mode), TranslatedBlock> _map = new();
    private readonly Dictionary<ulong, List<TranslatedBlock>> _byPage = new();
    private readonly Queue<TranslatedBlock> _age = new();
    private readonly TranslatedBlock?[] _jump;
    private readonly int _jumpMask;
    private bool _disposed;

    public TranslationCache(GuestMemory memory, int capacity = 16384, int jumpCacheBits = 12)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        _memory = memory;
        Capacity = capacity;
        _jump = new TranslatedBlock?[1 << jumpCacheBits];
        _jumpMask = _jump.Length - 1;
        _memory.CodeWrite += OnCodeWrite;
    }

    public int Capacity { get; }
    public int Count { get { lock (_lock) return _map.Count; } }
    public long Evictions { get; private set; }
    public long PageInvalidations { get; private set; }
    public long BlocksInvalidated { get; private set; }
    public long JumpCacheHits { get; private set; }
    public long Lookups { get; private set; }

    private int Slot(ulong pc) => (int)(pc >> 2) & _jumpMask;

    /// <summary>
    /// The page still holds what was translated and may still be executed: its entry keeps the
    /// code mark (a page unmapped and mapped again, possibly with new contents, loses it) and
    /// the execute permission. Otherwise its translations are dropped.
    /// </summary>
    private unsafe bool PageStillValid(ulong pc)
    {
        ulong page = pc >> GuestMemory.PageBits;
        if (page >= _memory.PageCount) return false;
        ulong e = Volatile.Read(ref _memory.PageTable[page]);
        const ulong need = GuestMemory.EntryCode | GuestMemory.EntryExec;
        if ((e & need) == need) return true;
        InvalidatePage(pc);
        return false;
    }

    public bool TryGet(ulong pc, uint mode, out TranslatedBlock block)
    {
        Lookups++;
        if (!PageStillValid(pc)) { block = null!; return false; }
        var j = _jump[Slot(pc)];
        if (j != null && j.Pc == pc && j.Mode == mode && j.Valid)
        {
            JumpCacheHits++;
            block = j;
            return true;
        }
        lock (_lock)
        {
            if (_map.TryGetValue((pc, mode), out block!))
            {
                _jump[Slot(pc)] = block;
                return true;
            }
        }
        return false;
    }

    public void Add(TranslatedBlock block)
    {
        lock (_lock)
        {
            if (_map.TryGetValue((block.Pc, block.Mode), out var old)) Remove(old);
            while (_map.Count >= Capacity) EvictOldest();
            _map[(block.Pc, block.Mode)] = block;
            ulong page = block.Guest.Page;
            if (!_byPage.TryGetValue(page, out var list)) _byPage[page] = list = new List<TranslatedBlock>();
            list.Add(block);
            _age.Enqueue(block);
            if (_age.Count > 2 * Capacity + 16) CompactAge();
            _memory.SetCodePage(page, true);
            _jump[Slot(block.Pc)] = block;
        }
    }

    /// <summary>Drops every translation of the guest page containing <paramref name="address"/>.</summary>
    public void InvalidatePage(ulong address)
    {
        ulong page = address & ~GuestMemory.PageMask;
        lock (_lock)
        {
            if (!_byPage.TryGetValue(page, out var list)) { _memory.SetCodePage(page, false); return; }
            PageInvalidations++;
            foreach (var b in list.ToArray()) { Remove(b); BlocksInvalidated++; }
        }
    }

    /// <summary>Drops every translation.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            foreach (var b in _map.Values) b.Valid = false;
            foreach (var page in _byPage.Keys) _memory.SetCodePage(page, false);
            _map.Clear();
            _byPage.Clear();
            _age.Clear();
            Array.Clear(_jump);
        }
    }

    private void OnCodeWrite(ulong page) => InvalidatePage(page);

    private void EvictOldest()
    {
        while (_age.Count > 0)
        {
            var b = _age.Dequeue();
            if (!b.Valid) continue;
            Remove(b);
            Evictions++;
            return;
        }
    }

    private void CompactAge()
    {
        var live = _age.Where(b => b.Valid).ToArray();
        _age.Clear();
        foreach (var b in live) _age.Enqueue(b);
    }

    private void Remove(TranslatedBlock b)
    {
        b.Valid = false;
        _map.Remove((b.Pc, b.Mode));
        ulong page = b.Guest.Page;
        if (_byPage.TryGetValue(page, out var list))
        {
            list.Remove(b);
            if (list.Count == 0)
            {
                _byPage.Remove(page);
                _memory.SetCodePage(page, false);
            }
        }
        int slot = Slot(b.Pc);
        if (ReferenceEquals(_jump[slot], b)) _jump[slot] = null;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _memory.CodeWrite -= OnCodeWrite;
    }
}
