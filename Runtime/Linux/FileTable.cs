namespace A64Jit.Runtime.Linux;

/// <summary>
/// The guest's file descriptors: each guest number names a host descriptor. Guest 0, 1 and
/// 2 start as the host's standard streams; new descriptors take the lowest free number, as
/// Linux allocates them. Host descriptors 0-2 are never closed on the host (the runtime
/// still uses them), only forgotten. A table belongs to one guest process (its threads share
/// it); a forked child gets a copy whose entries are duplicates of the host descriptors, so
/// a pipe end is closed on the host when the last guest process holding it lets it go.
/// </summary>
public sealed class FileTable : IDisposable
{
    public const int MaxFiles = 1024;
    private readonly object _lock = new();
    private readonly Dictionary<int, int> _hostOf = new();
    // The guest's FD_CLOEXEC flags (host descriptors are always close-on-exec, so that the
    // emulator's own children never inherit them).
    private readonly HashSet<int> _closeOnExec = new();

    public bool GetCloseOnExec(int guestFd)
    {
        lock (_lock) return _closeOnExec.Contains(guestFd);
    }

    public void SetCloseOnExec(int guestFd, bool value)
    {
        lock (_lock) SetCloseOnExecLocked(guestFd, value);
    }

    private void SetCloseOnExecLocked(int guestFd, bool value)
    {
        if (value) _closeOnExec.Add(guestFd); else _closeOnExec.Remove(guestFd);
    }

    public FileTable(bool inheritStandard = true)
    {
        if (inheritStandard) for (int i = 0; i < 3; i++) _hostOf[i] = i;
    }

    public bool TryGetHost(int guestFd, out int hostFd)
    {
        lock (_lock) return _hostOf.TryGetValue(guestFd, out hostFd);
    }

    /// <summary>The open guest descriptors (a snapshot).</summary>
    public IEnumerable<int> GuestDescriptors
    {
        get { lock (_lock) return _hostOf.Keys.ToArray(); }
    }

    /// <summary>Gives <paramref name="hostFd"/> the lowest free guest number at or above <paramref name="min"/>, or -EMFILE.</summary>
    public int Add(int hostFd, int min = 0, bool closeOnExec = false)
    {
        lock (_lock)
        {
            for (int g = min; g < MaxFiles; g++)
                if (!_hostOf.ContainsKey(g))
                {
                    _hostOf[g] = hostFd;
                    SetCloseOnExecLocked(g, closeOnExec);
                    return g;
                }
        }
        CloseHost(hostFd);
        return -Errno.EMFILE;
    }

    /// <summary>Installs <paramref name="hostFd"/> as guest <paramref name="guestFd"/>, closing what was there.</summary>
    public void Set(int guestFd, int hostFd, bool closeOnExec = false)
    {
        lock (_lock)
        {
            if (_hostOf.TryGetValue(guestFd, out int old)) CloseHostIfUnused(old, guestFd);
            _hostOf[guestFd] = hostFd;
            SetCloseOnExecLocked(guestFd, closeOnExec);
        }
    }

    /// <summary>Closes a guest descriptor: 0 or -EBADF.</summary>
    public int Close(int guestFd)
    {
        lock (_lock)
        {
            if (!_hostOf.Remove(guestFd, out int host)) return -Errno.EBADF;
            _closeOnExec.Remove(guestFd);
            return CloseHostIfUnused(host, -1);
        }
    }

    private int CloseHostIfUnused(int host, int except)
    {
        foreach (var (g, h) in _hostOf) if (h == host && g != except) return 0;
        return CloseHost(host);
    }

    private static int CloseHost(int host)
    {
        if (host <= 2) return 0;
        long r = HostCalls.Call(HostCalls.close, host);
        return r < 0 ? (int)r : 0;
    }

    /// <summary>
    /// A copy for a forked child: the same guest numbers and close-on-exec flags, each over its
    /// own duplicate of the host descriptor (host 0-2 are shared as they are).
    /// </summary>
    public FileTable CloneForFork()
    {
        var copy = new FileTable(inheritStandard: false);
        lock (_lock)
        {
            var dupOf = new Dictionary<int, int>();
            foreach (var (g, h) in _hostOf)
            {
                int nh = h;
                if (h > 2 && !dupOf.TryGetValue(h, out nh))
                {
                    long r = HostCalls.Call(HostCalls.fcntl, h, 1030 /* F_DUPFD_CLOEXEC */, 3);
                    if (r < 0) continue; // out of host descriptors: the child does not get this one
                    nh = (int)r;
                    dupOf[h] = nh;
                }
                copy._hostOf[g] = nh;
                if (_closeOnExec.Contains(g)) copy._closeOnExec.Add(g);
            }
        }
        return copy;
    }

    /// <summary>Closes every descriptor marked close-on-exec (execve).</summary>
    public void CloseOnExec()
    {
        lock (_lock)
        {
            foreach (var g in _closeOnExec.ToArray())
                if (_hostOf.Remove(g, out int host)) CloseHostIfUnused(host, -1);
            _closeOnExec.Clear();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var h in _hostOf.Values.Distinct()) CloseHost(h);
            _hostOf.Clear();
            _closeOnExec.Clear();
        }
    }
}
