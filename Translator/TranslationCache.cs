using System.Collections.Concurrent;
using A64Jit.Core.Memory;

namespace A64Jit.Translator;

/// <summary>
/// Translations keyed by (PC, execution-state bits), shareable by the engines of several
/// cores on different threads. Lookups are lock-free (a concurrent dictionary, a direct-mapped
/// jump cache in front, and the page-table entry of the PC); additions, invalidation, flush
/// and eviction take one lock.
/// </summary>
/// <remarks>
/// <para>Pages holding translated code are marked with <see cref="GuestMemory.SetCodePage"/>; a
/// write to such a page (reported through <see cref="GuestMemory.CodeWrite"/> before it and
/// <see cref="GuestMemory.CodeWritten"/> after it) drops every translation of that page. A page
/// unmapped and mapped again loses its mark, and one that loses execute permission fails the
/// lookup test, so both drop their translations on the next lookup.</para>
/// <para>Concurrent translation: <see cref="BeginTranslation"/> marks the page before its code is
/// read and returns the page's invalidation stamp; <see cref="TryAdd"/> refuses a translation
/// whose page was invalidated since (a write raced with the reading of the code). The page stays
/// marked while a translation of it is in progress, so the write after the reading is reported.</para>
/// <para>Size: at most <see cref="Capacity"/> translations and <see cref="MaxInstructions"/> guest
/// instructions in them; the oldest are evicted first. A dropped translation is marked not
/// <see cref="TranslatedBlock.Valid"/> (a region running it leaves at its next internal jump)
/// and no longer referenced by the cache, so its DynamicMethod can be collected once no engine
/// holds it (every attached core is told through <see cref="BlockContext.Dropped"/> and clears its
/// own jump cache at its next dispatch).</para>
/// </remarks>
public sealed class TranslationCache : IDisposable
{
    /// <summary>Default cap on guest instructions held in translations.</summary>
    public const long DefaultMaxInstructions = 1 << 20;

    private readonly GuestMemory _memory;
    private readonly object _lock = new();
    private readonly ConcurrentDictionary<(ulong Pc, uint Mode), TranslatedBlock> _map = new();
    private readonly Dictionary<ulong, List<TranslatedBlock>> _byPage = new();
    private readonly Dictionary<ulong, long> _pageStamp = new();
    private readonly Dictionary<ulong, int> _pending = new();
    /// <summary>Per page: how often its translations were dropped because it was written (see <see cref="IsVolatile"/>).</summary>
    private readonly ConcurrentDictionary<ulong, int> _writeDrops = new();
    private readonly Queue<TranslatedBlock> _age = new();
    private readonly TranslatedBlock?[] _jump;
    private readonly int _jumpMask;
    private long _clock, _epoch, _instructions, _evictions, _pageInvalidations, _blocksInvalidated, _jumpHits, _lookups, _refused;
    private bool _disposed;
    // The cores (their contexts) told when a translation is dropped; copied on write, read under the lock.
    private WeakReference<BlockContext>[] _cores = [];

    public TranslationCache(GuestMemory memory, int capacity = 16384, int jumpCacheBits = 12, long maxInstructions = DefaultMaxInstructions)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        if (maxInstructions < 1) throw new ArgumentOutOfRangeException(nameof(maxInstructions));
        if (jumpCacheBits < 1 || jumpCacheBits > 24) throw new ArgumentOutOfRangeException(nameof(jumpCacheBits));
        _memory = memory;
        Capacity = capacity;
        MaxInstructions = maxInstructions;
        _jump = new TranslatedBlock?[1 << jumpCacheBits];
        _jumpMask = _jump.Length - 1;
        _memory.CodeWrite += OnCodeWrite;
        _memory.CodeWritten += OnCodeWrite;
    }

    public GuestMemory Memory => _memory;
    /// <summary>Maximum number of translations.</summary>
    public int Capacity { get; }
    /// <summary>Maximum number of guest instructions over all translations (the code cap).</summary>
    public long MaxInstructions { get; }
    public int Count => _map.Count;
    /// <summary>Guest instructions in the translations currently held.</summary>
    public long InstructionCount => Volatile.Read(ref _instructions);
    public long Evictions => Volatile.Read(ref _evictions);
    public long PageInvalidations => Volatile.Read(ref _pageInvalidations);
    public long BlocksInvalidated => Volatile.Read(ref _blocksInvalidated);
    public long JumpCacheHits => Volatile.Read(ref _jumpHits);
    public long Lookups => Volatile.Read(ref _lookups);
    /// <summary>Translations refused by <see cref="TryAdd"/> because their page changed while they were made.</summary>
    public long Refused => Volatile.Read(ref _refused);
    /// <summary>Changes whenever translations are dropped; engines keeping their own references compare it.</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    private int Slot(ulong pc) => (int)(pc >> 2) & _jumpMask;

    /// <summary>
    /// Makes <paramref name="core"/> look translations up in this cache (<see cref="BlockRuntime.Chain"/>)
    /// and be told of every drop through <see cref="BlockContext.Dropped"/> (weakly referenced: a
    /// core that is not detached does not stay alive because of the cache).
    /// </summary>
    public void Attach(BlockContext core)
    {
        lock (_lock)
        {
            var live = _cores.Where(w => w.TryGetTarget(out var c) && !ReferenceEquals(c, core));
            _cores = [.. live, new WeakReference<BlockContext>(core)];
            core.Cache = this;
        }
    }

    /// <summary>Undoes <see cref="Attach"/>.</summary>
    public void Detach(BlockContext core)
    {
        lock (_lock) _cores = [.. _cores.Where(w => w.TryGetTarget(out var c) && !ReferenceEquals(c, core))];
    }

    /// <summary>
    /// Tells every attached core that something was dropped. Called under the lock after the
    /// translation was marked not live and removed from the map, so a core that sees the flag
    /// and looks up again cannot find it any more.
    /// </summary>
    private void SignalDrop()
    {
        foreach (var w in _cores)
            if (w.TryGetTarget(out var c)) Volatile.Write(ref c.Dropped, 1);
    }

    /// <summary>
    /// The page still holds what was translated and may still be executed: its entry keeps the
    /// code mark (a page unmapped and mapped again, possibly with new contents, loses it) and
    /// the execute permission. Otherwise its translations are dropped.
    /// </summary>
    public unsafe bool PageStillValid(ulong pc)
    {
        ulong page = pc >> GuestMemory.PageBits;
        if (page >= _memory.PageCount) return false;
        ulong e = Volatile.Read(ref _memory.PageTable[page]);
        const ulong need = GuestMemory.EntryCode | GuestMemory.EntryExec;
        if ((e & need) == need) return true;
        DropPage(pc & ~GuestMemory.PageMask, stamp: false);
        return false;
    }

    /// <summary>Looks a translation up (counted, through the shared jump cache).</summary>
    public bool TryGet(ulong pc, uint mode, out TranslatedBlock block)
    {
        Interlocked.Increment(ref _lookups);
        if (!PageStillValid(pc)) { block = null!; return false; }
        var j = _jump[Slot(pc)];
        if (j != null && j.Pc == pc && j.Mode == mode && j.Valid)
        {
            Interlocked.Increment(ref _jumpHits);
            block = j;
            return true;
        }
        if (_map.TryGetValue((pc, mode), out block!))
        {
            _jump[Slot(pc)] = block;
            return true;
        }
        return false;
    }

    /// <summary>The live translation for (pc, mode) without the page test or counting (the caller tested the page).</summary>
    public TranslatedBlock? Find(ulong pc, uint mode) => _map.TryGetValue((pc, mode), out var b) ? b : null;

    /// <summary>
    /// Starts translating code of the page holding <paramref name="pc"/>: marks the page as code
    /// (so writes to it are reported from now on) and returns its invalidation stamp for
    /// <see cref="TryAdd"/>. Every call must be paired with <see cref="EndTranslation"/>.
    /// </summary>
    public long BeginTranslation(ulong pc)
    {
        ulong page = pc & ~GuestMemory.PageMask;
        lock (_lock)
        {
            _pending.TryGetValue(page, out int n);
            _pending[page] = n + 1;
            _memory.SetCodePage(page, true);
            return _pageStamp.TryGetValue(page, out long st) ? st : 0;
        }
    }

    /// <summary>Ends a translation started by <see cref="BeginTranslation"/> (added or not).</summary>
    public void EndTranslation(ulong pc)
    {
        ulong page = pc & ~GuestMemory.PageMask;
        lock (_lock)
        {
            if (_pending.TryGetValue(page, out int n))
            {
                if (n <= 1) _pending.Remove(page); else _pending[page] = n - 1;
            }
            if (!_byPage.ContainsKey(page) && !_pending.ContainsKey(page)) _memory.SetCodePage(page, false);
        }
    }

    /// <summary>
    /// Adds a translation made since <see cref="BeginTranslation"/> returned <paramref name="stamp"/>;
    /// false (nothing added) when its page was invalidated meanwhile. An older translation of the
    /// same key is replaced.
    /// </summary>
    public bool TryAdd(TranslatedBlock block, long stamp)
    {
        lock (_lock)
        {
            ulong page = block.Region.Page;
            // The page keeps the code mark from BeginTranslation to EndTranslation unless it was
            // unmapped (or unmapped and mapped again) meanwhile: then the code read may be gone.
            if ((_pageStamp.TryGetValue(page, out long now) && now != stamp) || !_memory.HasCodeMark(page))
            {
                // Counts toward volatility like a drop: a page written while each translation of it
                // is being made would otherwise be translated (and refused) again and again.
                _writeDrops.AddOrUpdate(page, 1, static (_, n) => n + 1);
                _refused++;
                block.Valid = false;
                return false;
            }
            // Not marked again: a mapping that replaced the page after the test must not get the mark.
            AddLocked(block, mark: false);
            return true;
        }
    }

    /// <summary>Adds a translation unconditionally (single-threaded use); an older one of the same key is replaced.</summary>
    public void Add(TranslatedBlock block)
    {
        lock (_lock) AddLocked(block);
    }

    private void AddLocked(TranslatedBlock block, bool mark = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_map.TryGetValue((block.Pc, block.Mode), out var old)) Remove(old);
        while (_map.Count > 0 && (_map.Count >= Capacity || _instructions + block.InstructionCount > MaxInstructions))
            if (!EvictOldest()) break;
        _map[(block.Pc, block.Mode)] = block;
        _instructions += block.InstructionCount;
        ulong page = block.Region.Page;
        if (!_byPage.TryGetValue(page, out var list)) _byPage[page] = list = new List<TranslatedBlock>();
        list.Add(block);
        _age.Enqueue(block);
        if (_age.Count > 2 * Capacity + 16) CompactAge();
        if (mark) _memory.SetCodePage(page, true);
        _jump[Slot(block.Pc)] = block;
    }

    /// <summary>Translations of one page dropped this many times by writes make the page volatile.</summary>
    public const int VolatileThreshold = 16;

    /// <summary>
    /// True when translations of the page holding <paramref name="pc"/> have been dropped by
    /// writes to the page (or refused, see <see cref="TryAdd"/>) at least <see cref="VolatileThreshold"/> times: code that shares its
    /// page with data the guest keeps writing (or code rewritten over and over). Engines then
    /// interpret the page instead of translating it again after every write, until
    /// <see cref="ForgetVolatility"/>.
    /// </summary>
    public bool IsVolatile(ulong pc) =>
        !_writeDrops.IsEmpty && _writeDrops.TryGetValue(pc & ~GuestMemory.PageMask, out int n) && n >= VolatileThreshold;

    /// <summary>Forgets how often pages were written, so volatile pages are translated again.</summary>
    public void ForgetVolatility() => _writeDrops.Clear();

    /// <summary>Drops every translation of the guest page containing <paramref name="address"/>.</summary>
    public void InvalidatePage(ulong address) => DropPage(address & ~GuestMemory.PageMask, stamp: true);

    /// <param name="stamp">Also refuse translations of the page in progress (its contents changed).</param>
    private void DropPage(ulong page, bool stamp)
    {
        lock (_lock)
        {
            // A page that lost its mark (unmapped, or mapped again) while a translation of it is in
            // progress: that translation read code that may be gone, so it is refused too.
            if (stamp || _pending.ContainsKey(page)) _pageStamp[page] = ++_clock;
            if (_byPage.TryGetValue(page, out var list))
            {
                if (stamp) _writeDrops.AddOrUpdate(page, 1, static (_, n) => n + 1);
                _pageInvalidations++;
                foreach (var b in list.ToArray()) { Remove(b); _blocksInvalidated++; }
            }
            if (!_byPage.ContainsKey(page) && !_pending.ContainsKey(page)) _memory.SetCodePage(page, false);
        }
    }

    /// <summary>Drops every translation.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            foreach (var b in _map.Values) b.Valid = false;
            // Translations still in progress (another thread's, or a background compiler's) are refused too.
            foreach (var page in _pending.Keys) _pageStamp[page] = ++_clock;
            foreach (var page in _byPage.Keys)
            {
                _pageStamp[page] = ++_clock;
                if (!_pending.ContainsKey(page)) _memory.SetCodePage(page, false);
            }
            _map.Clear();
            _byPage.Clear();
            _age.Clear();
            _instructions = 0;
            Array.Clear(_jump);
            Interlocked.Increment(ref _epoch);
            SignalDrop();
        }
    }

    private void OnCodeWrite(ulong page) => InvalidatePage(page);

    private bool EvictOldest()
    {
        while (_age.Count > 0)
        {
            var b = _age.Dequeue();
            if (!b.Valid || !_map.TryGetValue((b.Pc, b.Mode), out var current) || !ReferenceEquals(current, b)) continue;
            Remove(b);
            _evictions++;
            return true;
        }
        return false;
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
        if (_map.TryGetValue((b.Pc, b.Mode), out var current) && ReferenceEquals(current, b))
        {
            _map.TryRemove((b.Pc, b.Mode), out _);
            _instructions -= b.InstructionCount;
        }
        ulong page = b.Region.Page;
        if (_byPage.TryGetValue(page, out var list))
        {
            list.Remove(b);
            if (list.Count == 0)
            {
                _byPage.Remove(page);
                if (!_pending.ContainsKey(page)) _memory.SetCodePage(page, false);
            }
        }
        int slot = Slot(b.Pc);
        if (ReferenceEquals(_jump[slot], b)) _jump[slot] = null;
        Interlocked.Increment(ref _epoch);
        SignalDrop();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _memory.CodeWrite -= OnCodeWrite;
        _memory.CodeWritten -= OnCodeWrite;
    }
}
