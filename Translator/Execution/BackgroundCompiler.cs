using System.Diagnostics;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;

namespace A64Jit.Translator.Execution;

/// <summary>
/// Compiles hot translations on a thread of its own, so the guest keeps running (interpreted)
/// while RyuJIT works, and finds the translation in the cache once it is there.
/// </summary>
/// <remarks>
/// <para>A request (<see cref="Request"/>, on the guest's thread) reads the guest code: it calls
/// <see cref="TranslationCache.BeginTranslation"/> (the page is marked as code and its stamp
/// taken) and discovers the region, so guest memory is read only by the thread that runs the
/// guest. The compiler thread then emits IL, has RyuJIT compile it, and offers the translation
/// with <see cref="TranslationCache.TryAdd"/>, which refuses it when the page was written,
/// invalidated, flushed, unmapped or mapped again since the request; a refused translation is
/// dropped (the block stays interpreted and may be requested again). It then calls
/// <see cref="TranslationCache.EndTranslation"/>.</para>
/// <para>The queue holds at most <see cref="Capacity"/> requests (more are dropped, counted in
/// <see cref="Dropped"/>) and at most one per (PC, mode) at a time, queued or compiling.</para>
/// <para>Lifetime: <see cref="Dispose"/> waits for the compilation in progress and ends the
/// queued ones. The compiler thread never dereferences guest memory: a memory disposed
/// meanwhile makes the compilation fail (an <see cref="ObjectDisposedException"/>, counted in
/// <see cref="Failures"/>) or the translation refused (<see cref="Core.Memory.GuestMemory.HasCodeMark"/>
/// is false), never a read of freed memory.</para>
/// </remarks>
public sealed class BackgroundCompiler : IDisposable
{
    /// <summary>Time the compiler thread waits for work before it ends.</summary>
    public static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(2);

    /// <summary>Default bound of the queue.</summary>
    public const int DefaultCapacity = 64;

    /// <param name="Inner">The region's other blocks, reached by jumps inside the translation (empty for a single block).</param>
    private sealed record Job(GuestRegion Region, uint Mode, long Stamp, long DiscoverTicks, ulong[] Inner)
    {
        /// <summary>When it was queued (Stopwatch ticks).</summary>
        public readonly long Queued = Stopwatch.GetTimestamp();
        /// <summary>Requests made again while this one waited (the block kept being entered).</summary>
        public int Hits;
    }

    private readonly TranslationCache _cache;
    private readonly TranslatorOptions _options;
    private readonly TranslationStats _stats;
    private readonly object _lock = new();
    private readonly LinkedList<Job> _queue = new();
    private readonly Dictionary<(ulong Pc, uint Mode), LinkedListNode<Job>> _waiting = new();
    private readonly HashSet<(ulong Pc, uint Mode)> _pending = new();
    // Blocks inside the regions pending (count of regions holding each): not requested on their own meanwhile.
    private readonly Dictionary<(ulong Pc, uint Mode), int> _inner = new();
    private Thread? _thread;
    private bool _disposed, _paused, _compiling;
    private long _requested, _completed, _refused, _dropped, _failures, _abandoned, _deferred, _taken;
    private int _maxQueued;
    private Exception? _lastFailure;

    /// <param name="stats">Counters the compilations are added to (atomically; the engine's own, so its statistics include background work).</param>
    public BackgroundCompiler(TranslationCache cache, TranslatorOptions options, TranslationStats stats, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stats);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        _cache = cache;
        _options = options;
        _stats = stats;
        Capacity = capacity;
    }

    /// <summary>Most requests waiting at once (the one being compiled not counted).</summary>
    public int Capacity { get; }
    /// <summary>Requests accepted (queued).</summary>
    public long Requested => Interlocked.Read(ref _requested);
    /// <summary>Translations compiled and added to the cache.</summary>
    public long Completed => Interlocked.Read(ref _completed);
    /// <summary>Translations compiled but refused by the cache (their page changed meanwhile).</summary>
    public long Refused => Interlocked.Read(ref _refused);
    /// <summary>Requests dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    /// <summary>Compilations that failed (the memory or cache was disposed meanwhile, or an emission error: <see cref="LastFailure"/>).</summary>
    public long Failures => Interlocked.Read(ref _failures);
    /// <summary>Requests not queued because the block is inside a region being compiled (it would be translated twice).</summary>
    public long Deferred => Interlocked.Read(ref _deferred);
    /// <summary>Requests taken back by the engine to translate on its own thread (<see cref="TakeIfStillWaiting"/>).</summary>
    public long Taken => Interlocked.Read(ref _taken);
    /// <summary>Queued requests ended uncompiled by <see cref="Dispose"/>.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);
    public Exception? LastFailure { get { lock (_lock) return _lastFailure; } }
    /// <summary>Most requests that were waiting at once.</summary>
    public int MaxQueued { get { lock (_lock) return _maxQueued; } }
    /// <summary>Whether the compiler thread is alive (it ends after <see cref="IdleExit"/> without work).</summary>
    public bool HasThread { get { lock (_lock) return _thread != null; } }
    /// <summary>Whether a translation is being compiled now.</summary>
    public bool IsBusy { get { lock (_lock) return _compiling; } }
    /// <summary>Requests waiting now.</summary>
    public int Queued { get { lock (_lock) return _queue.Count; } }
    /// <summary>Whether a request for (pc, mode) is waiting or being compiled.</summary>
    public bool IsPending(ulong pc, uint mode) { lock (_lock) return _pending.Contains((pc, mode)); }

    /// <summary>
    /// Asks for a translation of (pc, mode); called on the thread that runs the guest (the code is
    /// read here). False when one is already pending or in the cache, the block is inside a region
    /// being compiled (the interpreter meets that region's inner blocks while it waits; translated
    /// on their own they would duplicate the region), the queue is full, the compiler is disposed
    /// or the entry cannot be fetched (nothing queued: the caller interprets).
    /// </summary>
    public bool Request(ulong pc, uint mode)
    {
        var key = (pc, mode);
        lock (_lock)
        {
            if (_disposed) return false;
            if (_pending.Contains(key))
            {
                if (_waiting.TryGetValue(key, out var w)) w.Value.Hits++;
                return false;
            }
            if (_inner.ContainsKey(key))
            {
                _deferred++;
                return false;
            }
            if (_queue.Count >= Capacity)
            {
                _dropped++;
                return false;
            }
            _pending.Add(key);
        }
        // Compiled since the caller's lookup missed (it was added before it stopped being pending).
        if (_cache.Find(pc, mode) != null)
        {
            lock (_lock) _pending.Remove(key);
            return false;
        }
        long t0 = Stopwatch.GetTimestamp();
        long stamp = _cache.BeginTranslation(pc);
        GuestRegion? region = null;
        try
        {
            var native = _options.Native;
            region = RegionDiscovery.Discover(_cache.Memory, pc, i => native[i.EncodingId] && BlockEmitter.AcceptsNative(i.EncodingId, i.Word),
                _options.MaxBlockInstructions, _options.MaxRegionInstructions, _options.MaxRegionBlocks, _options.RegionLoopsOnly);
        }
        finally
        {
            if (region == null)
            {
                lock (_lock) _pending.Remove(key);
                _cache.EndTranslation(pc);
            }
        }
        if (region == null) return false;
        ulong[] inner = [];
        if (region.Blocks.Length > 1 && BlockEmitter.HasInternalJumps(region, _options.Native))
        {
            inner = new ulong[region.Blocks.Length - 1];
            for (int i = 1; i < region.Blocks.Length; i++) inner[i - 1] = region.Blocks[i].Pc;
        }
        long ticks = Stopwatch.GetTimestamp() - t0;
        lock (_lock)
        {
            if (!_disposed)
            {
                _waiting[key] = _queue.AddLast(new Job(region, mode, stamp, ticks, inner));
                foreach (ulong b in inner)
                {
                    _inner.TryGetValue((b, mode), out int n);
                    _inner[(b, mode)] = n + 1;
                }
                _requested++;
                if (_queue.Count > _maxQueued) _maxQueued = _queue.Count;
                if (_thread == null)
                {
                    _thread = new Thread(Work) { IsBackground = true, Name = "a64jit compiler" };
                    _thread.Start();
                }
                Monitor.PulseAll(_lock);
                return true;
            }
            _pending.Remove(key);
        }
        _cache.EndTranslation(pc);
        return false;
    }

    /// <summary>Holds the queue: nothing more is compiled until <see cref="Resume"/> (the compilation in progress finishes).</summary>
    public void Pause()
    {
        lock (_lock) _paused = true;
    }

    public void Resume()
    {
        lock (_lock)
        {
            _paused = false;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Waits until nothing is queued or being compiled; false on timeout (or when paused with requests waiting).</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_lock)
        {
            while (_queue.Count > 0 || _compiling)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0) return false;
                Monitor.Wait(_lock, TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
            }
            return true;
        }
    }

    private void Work()
    {
        while (true)
        {
            Job job;
            lock (_lock)
            {
                while (!_disposed && (_paused || _queue.Count == 0))
                    if (!Monitor.Wait(_lock, IdleExit) && _queue.Count == 0)
                    {
                        // Idle: end the thread (the next request starts another), so an engine
                        // that is dropped without being disposed does not keep a thread.
                        _thread = null;
                        return;
                    }
                if (_disposed) return;
                job = _queue.First!.Value;
                _queue.RemoveFirst();
                _waiting.Remove((job.Region.Pc, job.Mode));
                _compiling = true;
            }
            try
            {
                Compile(job);
            }
            finally
            {
                lock (_lock)
                {
                    Forget(job);
                    _compiling = false;
                    Monitor.PulseAll(_lock);
                }
            }
        }
    }

    private void Forget(Job job)
    {
        _pending.Remove((job.Region.Pc, job.Mode));
        foreach (ulong b in job.Inner)
            if (_inner.TryGetValue((b, job.Mode), out int n))
            {
                if (n <= 1) _inner.Remove((b, job.Mode)); else _inner[(b, job.Mode)] = n - 1;
            }
    }

    /// <summary>
    /// Takes back a request that still waits in the queue (the compiler is busy with others, or
    /// gets no processor) after it waited <paramref name="minWait"/> and the block was requested
    /// again at least <paramref name="hits"/> times meanwhile: the caller then translates it on its
    /// own thread rather than interpret a hot block for longer. False when the request is being
    /// compiled, done, or not that hot yet.
    /// </summary>
    public bool TakeIfStillWaiting(ulong pc, uint mode, int hits, TimeSpan minWait)
    {
        Job job;
        lock (_lock)
        {
            if (!_waiting.TryGetValue((pc, mode), out var node) || node.Value.Hits < hits) return false;
            if (Stopwatch.GetElapsedTime(node.Value.Queued) < minWait) return false;
            job = node.Value;
            _queue.Remove(node);
            _waiting.Remove((pc, mode));
            Forget(job);
            _taken++;
            Monitor.PulseAll(_lock);
        }
        EndQuietly(pc);
        return true;
    }

    private void Compile(Job job)
    {
        try
        {
            // Full optimisation: compile time is off the guest's thread, so no MinOpts first tier.
            var block = BlockCompiler.Compile(job.Region, job.Mode, _options.Native, _cache.Memory, minOpts: false);
            if (_cache.TryAdd(block, job.Stamp))
            {
                Account(_stats, block, job.DiscoverTicks);
                Interlocked.Increment(ref _completed);
            }
            else
            {
                Interlocked.Increment(ref _stats.TranslationsRefused);
                Interlocked.Increment(ref _refused);
            }
        }
        catch (Exception e)
        {
            // Never let an exception end the process from this thread: the block stays interpreted.
            Interlocked.Increment(ref _failures);
            lock (_lock) _lastFailure = e;
        }
        finally
        {
            EndQuietly(job.Region.Pc);
        }
    }

    private void EndQuietly(ulong pc)
    {
        try { _cache.EndTranslation(pc); }
        catch (ObjectDisposedException) { } // the memory is gone: no mark to clear
    }

    /// <summary>Adds a translation to the counters (atomically: the engine's thread and a compiler thread may both add).</summary>
    internal static void Account(TranslationStats st, TranslatedBlock block, long discoverTicks)
    {
        Interlocked.Increment(ref st.BlocksTranslated);
        if (block.Region.Blocks.Length > 1 || block.Summary.RegionJumps > 0) Interlocked.Increment(ref st.RegionsTranslated);
        Interlocked.Add(ref st.RegionBlocksTranslated, block.Region.Blocks.Length);
        Interlocked.Add(ref st.InstructionsTranslated, block.InstructionCount);
        Interlocked.Add(ref st.NativeInstructionsTranslated, block.Summary.Native);
        Interlocked.Add(ref st.FallbackInstructionsTranslated, block.Summary.Fallback);
        Interlocked.Add(ref st.FusedCompareBranches, block.Summary.FusedBranches);
        Interlocked.Add(ref st.EmitTicks, discoverTicks + block.EmitTicks);
        Interlocked.Add(ref st.JitTicks, block.JitTicks);
    }

    /// <summary>Waits for the compilation in progress (its translation is added or refused), then ends the queued requests uncompiled.</summary>
    public void Dispose()
    {
        Thread? t;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            Monitor.PulseAll(_lock);
            t = _thread;
        }
        if (t != null && t != Thread.CurrentThread) t.Join();
        Job[] left;
        lock (_lock)
        {
            left = [.. _queue];
            _queue.Clear();
            _waiting.Clear();
            _pending.Clear();
            _inner.Clear();
        }
        Interlocked.Add(ref _abandoned, left.Length);
        foreach (var job in left) EndQuietly(job.Region.Pc);
    }
}
