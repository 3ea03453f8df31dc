using A64Jit.Runtime.Execution;

namespace A64Jit.Runtime.Kvm;

/// <summary>Options of a <see cref="KvmVm"/>, fixed when the VM is created.</summary>
public sealed class KvmVmOptions
{
    /// <summary>The engine used when none is named: <see cref="EnginePolicy.Tiered"/>.</summary>
    public const EnginePolicy DefaultEngine = EnginePolicy.Tiered;

    /// <summary>
    /// Which engine runs the vCPUs' guest code: the reference interpreter, the translator
    /// (every block translated before it first runs) or tiered (cold code interpreted, hot
    /// code translated). Every vCPU has its own translation cache. The architectural
    /// behaviour seen by the guest and the VMM is the same in all three.
    /// </summary>
    public EnginePolicy Engine { get; init; } = DefaultEngine;
}
