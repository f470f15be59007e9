namespace Pool.Tests.Jobs;

/// <summary>Waits for a condition with a deadline (never a bare sleep): background runs end on their own time.</summary>
public static class JobsTestWait
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up waiting for {what} after {Deadline.TotalSeconds} s.");
            }

            await Task.Delay(10);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up waiting for {what} after {Deadline.TotalSeconds} s.");
            }

            await Task.Delay(10);
        }
    }
}
