using A64Jit.Core.Memory;
using A64Jit.Runtime.Machine;

namespace A64Jit.Runtime.Kvm;

/// <summary>
/// A virtual machine in the style of a KVM VM file descriptor: guest-physical memory made
/// of slots, vCPUs, and an SMCCC filter, on an emulated (possibly asymmetric) machine.
/// Methods return 0 or a negated errno, as the KVM ioctls do.
/// </summary>
public sealed class KvmVm : IDisposable
{
    private readonly Dictionary<uint, (ulong Base, ulong Size)> _slots = new();
    private readonly List<KvmVcpu> _vcpus = new();
    private readonly List<(uint Base, uint Count, SmcccFilterAction Action)> _filter = new();
    private readonly object _lock = new();
    private bool _disposed;

    public KvmVm(MachineTopology machine, KvmVmOptions? options = null)
    {
        Machine = machine ?? throw new ArgumentNullException(nameof(machine));
        Options = options ?? new KvmVmOptions();
        if (!Enum.IsDefined(Options.Engine)) throw new ArgumentOutOfRangeException(nameof(options), Options.Engine, "unknown engine");
        Memory = new GuestMemory();
    }

    /// <summary>The options the VM was created with (the engine that runs its vCPUs).</summary>
    public KvmVmOptions Options { get; }

    /// <summary>True once <see cref="Dispose"/> ran: every call then returns -EBADF.</summary>
    public bool IsDisposed { get { lock (_lock) return _disposed; } }

    /// <summary>The emulated machine the vCPUs run on.</summary>
    public MachineTopology Machine { get; }

    /// <summary>Guest-physical memory. The VMM loads images with its privileged accessors.</summary>
    public GuestMemory Memory { get; }

    public IReadOnlyList<KvmVcpu> Vcpus { get { lock (_lock) return _vcpus.ToArray(); } }

    /// <summary>The target <see cref="KvmVcpu.Init"/> accepts (KVM_ARM_PREFERRED_TARGET).</summary>
    public uint PreferredTarget => VcpuTarget.GenericV8;

    /// <summary>
    /// KVM_SET_USER_MEMORY_REGION: backs [guestPhysAddr, +size) with zeroed RAM in slot
    /// <paramref name="slot"/>; size 0 deletes the slot. Page-aligned (else EINVAL), inside
    /// the guest-physical address space (else EINVAL), not overlapping another slot and not
    /// reusing a slot number without deleting it first (else EEXIST); deleting a slot that
    /// does not exist is EINVAL; after <see cref="Dispose"/> EBADF.
    /// </summary>
    public int SetUserMemoryRegion(uint slot, ulong guestPhysAddr, ulong size)
    {
        lock (_lock)
        {
            if (_disposed) return -Errno.EBADF;
            if (size == 0)
            {
                if (!_slots.Remove(slot, out var old)) return -Errno.EINVAL;
                Memory.Unmap(old.Base, old.Size);
                return 0;
            }
            if ((guestPhysAddr & GuestMemory.PageMask) != 0 || (size & GuestMemory.PageMask) != 0) return -Errno.EINVAL;
            if (guestPhysAddr >= Memory.AddressLimit || size > Memory.AddressLimit - guestPhysAddr) return -Errno.EINVAL;
            if (_slots.ContainsKey(slot)) return -Errno.EEXIST;
            foreach (var (b, s) in _slots.Values)
                if (guestPhysAddr < b + s && b < guestPhysAddr + size) return -Errno.EEXIST;
            Memory.Map(guestPhysAddr, size, MemoryPermissions.All);
            _slots[slot] = (guestPhysAddr, size);
            return 0;
        }
    }

    /// <summary>
    /// KVM_CREATE_VCPU: vCPU ids are 0..N-1 of the machine's core count (else EINVAL), each
    /// once (else EEXIST); the vCPU starts on core <paramref name="id"/>. EBADF after <see cref="Dispose"/>.
    /// </summary>
    public int CreateVcpu(int id, out KvmVcpu? vcpu)
    {
        vcpu = null;
        lock (_lock)
        {
            if (_disposed) return -Errno.EBADF;
            if (id < 0 || id >= Machine.CoreCount) return -Errno.EINVAL;
            if (_vcpus.Any(v => v.Id == id)) return -Errno.EEXIST;
            vcpu = new KvmVcpu(this, id);
            _vcpus.Add(vcpu);
            return 0;
        }
    }

    /// <summary>KVM_ARM_SMCCC_FILTER: what to do with calls to function IDs [base, base+count).</summary>
    public int SetSmcccFilter(uint baseFunction, uint count, SmcccFilterAction action)
    {
        if (count == 0 || baseFunction + (ulong)count > 1ul << 32) return -Errno.EINVAL;
        if (!Enum.IsDefined(action)) return -Errno.EINVAL;
        lock (_lock)
        {
            if (_disposed) return -Errno.EBADF;
            foreach (var r in _filter)
                if (baseFunction < r.Base + (ulong)r.Count && r.Base < baseFunction + (ulong)count) return -Errno.EEXIST;
            _filter.Add((baseFunction, count, action));
        }
        return 0;
    }

    internal SmcccFilterAction FilterAction(uint function)
    {
        lock (_lock)
        {
            foreach (var r in _filter)
                if (function >= r.Base && function - r.Base < r.Count) return r.Action;
        }
        return SmcccFilterAction.Handle;
    }

    internal KvmVcpu? FindByMpidr(ulong mpidr)
    {
        lock (_lock) return _vcpus.FirstOrDefault(v => (v.MpidrValue & 0xFF_00FF_FFFFul) == (mpidr & 0xFF_00FF_FFFFul));
    }

    /// <summary>
    /// Closes the VM: every vCPU is disposed (a vCPU running on another thread is kicked and
    /// waited for, so guest memory is never freed under it), then guest memory. A second
    /// call does nothing; every later call on the VM or its vCPUs returns -EBADF.
    /// </summary>
    public void Dispose()
    {
        KvmVcpu[] vcpus;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            vcpus = _vcpus.ToArray();
        }
        foreach (var v in vcpus) v.Dispose();
        Memory.Dispose();
    }
}
