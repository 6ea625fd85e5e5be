using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OfferLab.Testing;

/// <summary>
/// A child process whose output is captured, which can wait for a line announcing readiness and is
/// killed with its whole tree on dispose.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];
    private readonly Lock _gate = new();
    private Task _exited = Task.CompletedTask;

    private ChildProcess(Process process) => _process = process;

    /// <summary>Process id, for tests that kill it hard.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far (stdout and stderr interleaved), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Completes once the process has exited and both streams are read to the end, so a failure message
        // built after it holds everything the process printed (the Exited event alone can come first).
        child._exited = process.WaitForExitAsync();
        return child;
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails if the process exits first or time runs out.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                var match = regex.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }

            _waiters.Add((regex, found));
        }

        var winner = await Task.WhenAny(found.Task, _exited, Task.Delay(timeout));
        if (winner == found.Task)
        {
            return await found.Task;
        }

        var why = winner == _exited ? $"exited with code {_process.ExitCode}" : $"did not print it within {timeout.TotalSeconds:0}s";
        throw new InvalidOperationException($"Waiting for /{pattern}/ from {_process.StartInfo.FileName}: it {why}. Output:\n{Output}");
    }

    /// <summary>Waits for the process to exit by itself (and its output to be read); kills it and fails after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {timeout.TotalSeconds:0}s. Output:\n{Output}");
        }
    }

    /// <summary>Kills the process tree at once, like a crash or an OOM kill (<see cref="ProcessTree.Kill"/>).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            ProcessTree.Kill(_process.Id);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var match = _waiters[i].Pattern.Match(line);
                if (match.Success)
                {
                    _waiters[i].Found.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
