using System.Text;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Linux;

/// <summary>
/// Debian's static AArch64 busybox (package <c>busybox-static:arm64</c>, extracted by test.sh into
/// <c>~/.cache/a64jit/busybox-static-arm64</c>; <c>A64JIT_BUSYBOX</c> names another binary) runs
/// shell scripts and applets under qemu-aarch64 and under <c>a64jit run</c>: stdout, stderr, exit
/// status and the files written must be identical.
/// </summary>
/// <remarks>
/// The scripts fork, pipe, exec and wait. busybox's shell runs an applet in a child by executing
/// <c>/proc/self/exe</c>; under qemu-aarch64 that fails (the host kernel cannot execute an AArch64
/// program without binfmt_misc), and the shell then searches PATH. So both runs get a PATH holding
/// only small host scripts named after the applets, which start <c>qemu-aarch64 busybox APPLET</c>:
/// under qemu every command is still busybox's; under a64jit the exec of /proc/self/exe succeeds
/// and the PATH scripts are not used. CI runs every script in the tiered engine, the short ones
/// also in the interpreter and one in the translator; <c>A64JIT_BUSYBOX_ALL=1</c> adds more
/// scripts and runs every script in every engine.
/// </remarks>
[Category("Qemu")]
public class BusyboxTests
{
    private sealed record Script(string Name, string Text, bool Short = false, bool Extended = false);

    private static readonly Script[] Scripts =
    [
        new("pipes_and_loops", """
            for i in $(seq 1 20); do echo "item $i"; done | grep -v 3 | sort -r | head -n 5
            i=0; while [ $i -lt 6 ]; do i=$((i + 1)); printf '%d,' $i; done; echo
            echo one two three | wc -w
            seq 1 50 | while read n; do [ $((n % 7)) -eq 0 ] && echo "seven divides $n"; done
            case "abc" in a*) echo starts with a;; *) echo other;; esac
            """, Short: true),
        new("sort", """
            seq 1 300 | awk '{ print ($1 * 7919) % 1000, $1 }' > data.txt
            sort -n data.txt | head -n 3
            sort -k2,2nr data.txt | head -n 3
            sort -u -n -k1,1 data.txt | wc -l
            sort -r data.txt > sorted.txt
            printf 'pear\napple\nBanana\ncherry\napple\n' | sort -f -u
            """),
        new("hashes", """
            seq 1 5000 > nums.txt
            md5sum nums.txt
            sha256sum nums.txt
            printf 'abc' | sha256sum
            md5sum < /dev/null
            sha256sum nums.txt > sums.txt; sha256sum -c sums.txt
            """),
        new("sed_awk_grep", """
            printf 'alpha 1\nbeta 22\ngamma 333\ndelta 4444\n' > t.txt
            sed -e 's/a/A/g' -e '/beta/d' t.txt
            sed -n '2,3p' t.txt
            awk '{ total += $2; print NR ": " toupper($1) " " length($2) } END { printf "total %d avg %.2f\n", total, total / NR }' t.txt
            awk -F' ' 'BEGIN { split("x y z", a); print a[3] a[1] } $2 > 100 { print $1 }' t.txt
            grep -c a t.txt; grep -n -E '^(b|d)' t.txt; grep -v -i ALPHA t.txt | grep -o '[0-9]*'
            grep -q zeta t.txt; echo "grep status $?"
            sed -i 's/gamma/GAMMA/' t.txt; cat t.txt
            """),
        new("tr_wc_od_expr_printf", """
            echo 'Hello, World' | tr 'a-z' 'A-Z'
            echo 'hello world' | tr -d 'lo'
            echo 'aaabbbccc' | tr -s 'abc'
            printf 'one\ntwo words\n\nthree\n' | wc
            printf 'A\001\377z' | od -A d -t x1
            echo abc | od -c
            expr 7 \* 6; expr 100 / 7 % 5; expr length "hello"; expr substr "abcdef" 2 3; expr 3 \< 2
            printf '%5s|%-5s|%05d|%x|%o|%.3f|%e|%c\n' ab cd 42 255 8 3.14159 12345.678 x
            printf '%s-%s\n' a b c d
            """, Short: true),
        new("gzip_roundtrip", """
            seq 1 20000 > big.txt
            gzip -9 -c big.txt > big.txt.gz
            gunzip -c big.txt.gz | cmp - big.txt && echo identical
            wc -c < big.txt.gz
            cp big.txt copy.txt; gzip copy.txt; ls copy.txt*; gunzip copy.txt.gz; cmp copy.txt big.txt && echo round trip
            echo corrupt > bad.gz; gunzip -c bad.gz; echo "gunzip status $?"
            """),
        new("status_and_errors", """
            sh -c 'exit 3'; echo "status $?"
            cat /nonexistent/file; echo "cat status $?"
            false | true; echo "pipeline status $?"
            (trap 'echo trap ran' EXIT; exit 4); echo "subshell status $?"
            nosuchcommand 2>&1; echo "missing command $?"
            sh -c 'kill -TERM $$'; echo "killed status $?"
            exit 9
            """, Short: true),
        new("redirects_and_fds", """
            x=$(echo inner | tr a-z A-Z); echo "captured $x"
            { echo to stdout; echo to stderr >&2; } 2> err.txt
            cat err.txt; echo appended >> err.txt
            exec 3> fd3.txt; echo through three >&3; exec 3>&-
            cat fd3.txt err.txt | sort
            echo to real stderr >&2
            read line < fd3.txt; echo "read: $line"
            """, Short: true),
        // Whether ash reports "Terminated" for the killed job depends on when its SIGCHLD handler
        // runs relative to the wait (timing, under any kernel), so that part's stderr is dropped.
        new("background_jobs", """
            { sleep 5 & pid=$!; kill $pid; wait $pid; echo "sleep killed: $?"; } 2> /dev/null
            (echo from background > bg.txt) & wait; cat bg.txt
            for i in 1 2 3; do (exit $i) & done; wait; echo all waited
            yes 2> /dev/null | head -n 3
            """),
        new("files_and_dirs", """
            mkdir -p a/b/c; echo x > a/b/c/f; ln -s b/c a/link; cp -r a copy
            find . -type f | sort; ls a/link/
            mv copy/b/c/f copy/moved; rm -r copy/b; ls -R copy | sort
            touch -d '2001-02-03 04:05:06' stamp; ls -l --full-time stamp 2>/dev/null | awk '{print $6, $7}'
            du -s a > /dev/null && echo du ran
            """, Extended: true),
        new("text_applets", """
            seq 1 10 | paste -s -d+ | tee sum.txt
            printf 'b 2\na 1\nc 3\n' | sort | cut -d' ' -f2 | tr '\n' ' '; echo
            printf 'x\ny\nx\nx\n' | sort | uniq -c
            seq 1 100 | tail -n 3; seq 1 100 | head -c 20 | od -c | head -n 2
            echo 'The quick brown fox' | rev; echo 'a:b:c' | cut -d: -f2-
            seq 1 12 | xargs -n 4 echo
            printf 'hello\n' | base64; echo aGVsbG8K | base64 -d
            basename /x/y/z.txt .txt; dirname /x/y/z.txt
            """, Extended: true),
    ];

    // The test host runs its children with SIGPIPE ignored, and qemu passes that on to the guest
    // (a64jit's guest starts with the default action, as under a shell); so scripts do not show
    // what a writer to a closed pipe prints.

    private static bool All => Environment.GetEnvironmentVariable("A64JIT_BUSYBOX_ALL") == "1";

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var s in Scripts)
        {
            if (s.Extended && !All) continue;
            foreach (var engine in new[] { "tiered", "jit", "interp" })
            {
                // CI: every script in the default engine, the short ones also in the interpreter, one in the
                // translator (which translates all of busybox's code that runs, again after every exec).
                if (!All && engine == "interp" && !s.Short) continue;
                if (!All && engine == "jit" && s.Name != "pipes_and_loops") continue;
                yield return new TestCaseData(s.Name, engine).SetName($"{{m}}({s.Name},{engine})");
            }
        }
    }

    /// <summary>A script under <c>busybox sh -c</c>: qemu-aarch64 and a64jit agree on everything observable.</summary>
    [TestCaseSource(nameof(Cases))]
    public void ScriptMatchesQemu(string name, string engine)
    {
        var script = Scripts.Single(s => s.Name == name).Text.Replace("\r", "");
        Compare(engine, ["sh", "-c", script], name);
    }

    /// <summary>Applets run directly (argv[0] from the first argument), with files as input.</summary>
    [TestCase("tiered")]
    public void AppletsMatchQemu(string engine)
    {
        Compare(engine, ["seq", "-s", " ", "1", "3", "30"], "seq");
        Compare(engine, ["expr", "12345", "*", "6789"], "expr");
        Compare(engine, ["printf", "%d %s %.2f\n", "42", "x", "2.5"], "printf");
        Compare(engine, ["sh", "-c", "echo $0 $1 $#", "zero", "one"], "sh args");
    }

    /// <summary>--strace shows the process calls: the shell's fork (clone), the child's exit, the wait that reaps it and an exec.</summary>
    [Test]
    public void StraceShowsForkWaitAndExec()
    {
        var busybox = Busybox;
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int rc = A64Jit.Cli.CommandLine.Run(["run", "--strace", "--engine", "interp", busybox, "sh", "-c", "true & wait; exec cat /dev/null"], o, e);
        Assert.That(rc, Is.EqualTo(0), e.ToString());
        var lines = e.ToString().Split('\n');
        var clone = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^(\d+) clone\(.*\) = (\d+)$")).FirstOrDefault(m => m.Success);
        Assert.That(clone, Is.Not.Null, "a clone line with the child's id as its result");
        string parent = clone!.Groups[1].Value, child = clone.Groups[2].Value;
        Assert.That(child, Is.Not.EqualTo(parent));
        Assert.That(lines, Has.Some.EqualTo($"{child} exit_group(0) = ?"));
        Assert.That(lines, Has.Some.EqualTo($"{child} +++ exited with 0 +++"));
        Assert.That(lines, Has.Some.Match($@"^{parent} wait4\(.*\) = {child}$"));
        Assert.That(lines, Has.Some.Match($@"^{parent} execve\(""/proc/self/exe"","));
        Assert.That(lines, Has.Some.EqualTo("+++ exited with 0 +++"));
    }

    // ---- running ----

    private static string Busybox
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("A64JIT_BUSYBOX") is { Length: > 0 } p ? p
                : Path.Combine(Environment.GetEnvironmentVariable("A64JIT_BUSYBOX_DIR") is { Length: > 0 } d ? d
                    : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } c ? c
                        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "a64jit", "busybox-static-arm64"),
                    "bin", "busybox");
            if (!File.Exists(path)) Assert.Fail($"busybox-static:arm64 not found at {path}; ./test.sh fetches it (or set A64JIT_BUSYBOX)");
            if (!Qemu.Available) Assert.Fail("qemu-aarch64 is not installed (Debian package qemu-user); ./test.sh installs it");
            return path;
        }
    }

    private static readonly object WrapperLock = new();
    private static string? _wrappers;

    /// <summary>A directory of host scripts, one per applet, that run the applet under qemu-aarch64 (the PATH of both runs).</summary>
    private static string Wrappers(string busybox)
    {
        lock (WrapperLock)
        {
            if (_wrappers != null) return _wrappers;
            var dir = Path.Combine(Path.GetTempPath(), $"a64jit-busybox-path-{Environment.ProcessId}");
            Directory.CreateDirectory(dir);
            var qemu = ToolPaths.Find(Qemu.Tool) ?? Qemu.Tool;
            var list = HostProcess.Run(qemu, ["-cpu", Qemu.CpuModel, busybox, "--list"], dir, null, TimeSpan.FromSeconds(60));
            foreach (var applet in list.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (applet.Contains('/') || applet.Contains('\'')) continue;
                var file = Path.Combine(dir, applet);
                File.WriteAllText(file, $"#!/bin/sh\nexec '{qemu}' -cpu {Qemu.CpuModel} '{busybox}' '{applet}' \"$@\"\n");
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            return _wrappers = dir;
        }
    }

    private static void Compare(string engine, string[] args, string what)
    {
        var busybox = Busybox;
        var env = new Dictionary<string, string> { ["PATH"] = Wrappers(busybox), ["LC_ALL"] = "C", ["HOME"] = "/nonexistent" };
        var expected = InFreshDir(dir => Qemu.Run(busybox, args, dir, env, TimeSpan.FromSeconds(120)));
        Assert.That(expected.Run.TimedOut, Is.False, $"{what} timed out under qemu");
        var actual = InFreshDir(dir => A64JitCli.Run(engine, busybox, args, dir, env, TimeSpan.FromSeconds(120)));
        Assert.That(actual.Run.TimedOut, Is.False, $"{what} timed out under a64jit --engine {engine}");
        var diff = new StringBuilder();
        if (expected.Run.ExitCode != actual.Run.ExitCode) diff.Append($"\nexit status: qemu {expected.Run.ExitCode}, a64jit {actual.Run.ExitCode}");
        if (expected.Run.StdoutText != actual.Run.StdoutText) diff.Append($"\nstdout:\n--- qemu\n{expected.Run.StdoutText}\n--- a64jit\n{actual.Run.StdoutText}");
        if (expected.Run.StderrText != actual.Run.StderrText) diff.Append($"\nstderr:\n--- qemu\n{expected.Run.StderrText}\n--- a64jit\n{actual.Run.StderrText}");
        foreach (var k in expected.Files.Keys.Union(actual.Files.Keys).Order(StringComparer.Ordinal))
        {
            if (!expected.Files.TryGetValue(k, out var x)) diff.Append($"\nfile {k}: written only by a64jit");
            else if (!actual.Files.TryGetValue(k, out var y)) diff.Append($"\nfile {k}: written only by qemu");
            else if (!x.AsSpan().SequenceEqual(y)) diff.Append($"\nfile {k}: contents differ");
        }
        if (diff.Length > 0) Assert.Fail($"busybox {what}: a64jit --engine {engine} differs from qemu-aarch64:{diff}");
        Assert.That(expected.Run.Stdout.Length + expected.Run.Stderr.Length, Is.GreaterThan(0), $"{what} printed nothing");
    }

    private sealed record Outcome(GuestRun Run, SortedDictionary<string, byte[]> Files);

    private static Outcome InFreshDir(Func<string, GuestRun> run)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"a64jit-busybox-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var r = run(dir);
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var e in new DirectoryInfo(dir).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(dir, e.FullName);
                if (e.LinkTarget != null) files[rel] = Encoding.UTF8.GetBytes("symlink -> " + e.LinkTarget);
                else if (e is DirectoryInfo) files[rel + "/"] = [];
                else files[rel] = File.ReadAllBytes(e.FullName);
            }
            return new Outcome(r, files);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
