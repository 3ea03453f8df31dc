namespace A64Jit.Runtime.Linux;

/// <summary>
/// The guest's file descriptors: each guest number names a host descriptor. Guest 0, 1 and
/// 2 start as the host's standard streams; new descriptors take the lowest free number, as
/// Linux allocates them. Host descriptors 0-2 are never closed on the host (the runtime
/// still uses them), only forgotten.
/// </summary>
public sealed class FileTable : IDisposable
{
    public const int MaxFiles = 1024;
    private readonly Dictionary<int, int> _hostOf = new();
    // The guest's FD_CLOEXEC flags (host descriptors are always close-on-exec, so that the
    // emulator's own children never inherit them).
    private readonly HashSet<int> _closeOnExec = new();

    public bool GetCloseOnExec(int guestFd) => _closeOnExec.Contains(guestFd);

    public void SetCloseOnExec(int guestFd, bool value)
    {
        if (value) _closeOnExec.Add(guestFd); else _closeOnExec.Remove(guestFd);
    }

    public FileTable(bool inheritStandard = true)
    {
        if (inheritStandard) for (int i = 0; i < 3; i++) _hostOf[i] = i;
    }

    public bool TryGetHost(int guestFd, out int hostFd) => _hostOf.TryGetValue(guestFd, out hostFd);

    public IEnumerable<int> GuestDescriptors => _hostOf.Keys;

    /// <summary>Gives <paramref name="hostFd"/> the lowest free guest number at or above <paramref name="min"/>, or -EMFILE.</summary>
    public int Add(int hostFd, int min = 0, bool closeOnExec = false)
    {
        for (int g = min; g < MaxFiles; g++)
            if (!_hostOf.ContainsKey(g))
            {
                _hostOf[g] = hostFd;
                SetCloseOnExec(g, closeOnExec);
                return g;
            }
        CloseHost(hostFd);
        return -Errno.EMFILE;
    }

    /// <summary>Installs <paramref name="hostFd"/> as guest <paramref name="guestFd"/>, closing what was there.</summary>
    public void Set(int guestFd, int hostFd, bool closeOnExec = false)
    {
        if (_hostOf.TryGetValue(guestFd, out int old)) CloseHostIfUnused(old, guestFd);
        _hostOf[guestFd] = hostFd;
        SetCloseOnExec(guestFd, closeOnExec);
    }

    /// <summary>Closes a guest descriptor: 0 or -EBADF.</summary>
    public int Close(int guestFd)
    {
        if (!_hostOf.Remove(guestFd, out int host)) return -Errno.EBADF;
        _closeOnExec.Remove(guestFd);
        return CloseHostIfUnused(host, -1);
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

    public void Dispose()
    {
        foreach (var h in _hostOf.Values.Distinct()) CloseHost(h);
        _hostOf.Clear();
    }
}
