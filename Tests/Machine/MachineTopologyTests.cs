using A64Jit.Runtime.Machine;

namespace A64Jit.Tests.Machine;

/// <summary>Rules A1 and B1–B3 of the asymmetric 32-bit design notes.</summary>
[TestFixture]
public class MachineTopologyTests
{
    [Test]
    public void A1_El0FieldIs2ForCapableAnd1ForIncapableCores()
    {
        var m = MachineTopology.Create(4, "1,3");
        Assert.That(m.Cores.Select(c => c.El0Field), Is.EqualTo(new ulong[] { 1, 2, 1, 2 }));
        Assert.That(m.NativeIdAa64Pfr0(1, 0x11), Is.EqualTo(0x12ul));
        Assert.That(m.NativeIdAa64Pfr0(0, 0x12), Is.EqualTo(0x11ul));
    }

    [Test]
    public void B1_MixedCapabilitiesMakeTheMachineAsymmetric()
    {
        Assert.That(MachineTopology.Create(4, "0-1").IsAsymmetric, Is.True);
        Assert.That(MachineTopology.Create(4, "0-3").IsAsymmetric, Is.False);
        Assert.That(MachineTopology.Create(4, "").IsAsymmetric, Is.False);
        var m = new MachineTopology([new CoreInfo(0, true, 0x410FD034), new CoreInfo(1, false, 0x410FD083)]);
        Assert.That(m.Cores[1].Midr, Is.EqualTo(0x410FD083ul), "each core keeps its own MIDR");
    }

    [TestCase(8, "0-3,6", "0-3,6")]
    [TestCase(8, "6,0,1,2,3", "0-3,6")]
    [TestCase(8, "", "")]
    [TestCase(8, "7", "7")]
    [TestCase(8, "0,2,4,6", "0,2,4,6")]
    [TestCase(8, "0-7\n", "0-7")]
    [TestCase(16, "1-2,4-5,9-15", "1-2,4-5,9-15")]
    public void B2_CapableSetIsReportedAsALinuxCpulist(int cores, string capable, string expected)
    {
        Assert.That(MachineTopology.Create(cores, capable).Aarch32El0CpuList, Is.EqualTo(expected));
    }

    [Test]
    public void B3_SanitisedEl0IsTheLowestOverAllCores()
    {
        Assert.That(MachineTopology.Create(4, "0-2").SanitisedEl0Field, Is.EqualTo(1ul));
        Assert.That(MachineTopology.Create(4, "0-3").SanitisedEl0Field, Is.EqualTo(2ul));
        Assert.That(MachineTopology.Create(4, "").SanitisedEl0Field, Is.EqualTo(1ul));
    }

    [TestCase("3-1")]
    [TestCase("a")]
    [TestCase("1,,2")]
    [TestCase("-1")]
    public void MalformedCpulistsAreRejected(string text)
    {
        Assert.Throws<FormatException>(() => CpuList.Parse(text));
    }

    [Test]
    public void CpulistNamingMissingCoreIsRejected()
    {
        Assert.Throws<ArgumentException>(() => MachineTopology.Create(4, "0-4"));
        Assert.Throws<ArgumentOutOfRangeException>(() => MachineTopology.Create(0));
    }
}
