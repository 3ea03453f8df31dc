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
    /// <summary>Default bound of the queue.</summary>
    public const int DefaultCapacity = 64;

    private readonly record struct Job(GuestRegion Region, uint Mode, long Stamp, long DiscoverTicks);

    private readonly TranslationCache _cache;
    private readonly TranslatorOptions _options;
    private readonly TranslationStats _stats;
    private readonly object _lock = new();
    private readonly Queue<Job> _queue = new();
    private readonly HashSet<(ulong Pc, uint Mode)> _pending = new();
    private Thread? _thread;
    private bool _disposed, _paused, _compiling;
    private long _requested, _completed, _refused, _dropped, _failures, _abandoned;
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
    /// <summary>Queued requests ended uncompiled by <see cref="Dispose"/>.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);
    public Exception? LastFailure { get { lock (_lock) return _lastFailure; } }
    /// <summary>Most requests that were waiting at once.</summary>
    public int MaxQueued { get { lock (_lock) return _maxQueued; } }
    /// <summary>Whether a translation is being compiled now.</summary>
    public bool IsBusy { get { lock (_lock) return _compiling; } }
    /// <summary>Requests waiting now.</summary>
    public int Queued { get { lock (_lock) return _queue.Count; } }
    /// <summary>Whether a request for (pc, mode) is waiting or being compiled.</summary>
    public bool IsPending(ulong pc, uint mode) { lock (_lock) return _pending.Contains((pc, mode)); }

    /// <summary>
    /// Asks for a translation of (pc, mode); called on the thread that runs the guest (the code is
    /// read here). False when one is already pending, the queue is full, the compiler is disposed
    /// or the entry cannot be fetched (nothing queued: the caller interprets).
    /// </summary>
    public bool Request(ulong pc, uint mode)
    {
        var key = (pc, mode);
        lock (_lock)
        {
            if (_disposed || _pending.Contains(key)) return false;
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
        long ticks = Stopwatch.GetTimestamp() - t0;
        lock (_lock)
        {
            if (!_disposed)
            {
                _queue.Enqueue(new Job(region, mode, stamp, ticks));
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
                while (!_disposed && (_paused || _queue.Count == 0)) Monitor.Wait(_lock);
                if (_disposed) return;
                job = _queue.Dequeue();
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
                    _pending.Remove((job.Region.Pc, job.Mode));
                    _compiling = false;
                    Monitor.PulseAll(_lock);
                }
            }
        }
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
            left = _queue.ToArray();
            _queue.Clear();
            _pending.Clear();
        }
        Interlocked.Add(ref _abandoned, left.Length);
        foreach (var job in left) EndQuietly(job.Region.Pc);
    }
}
