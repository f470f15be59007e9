namespace Pool.Tests.Platform;

public sealed class SolutionTests
{
    [Test]
    public void SpecExamples_AreCopiedBesideTheTests()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "SpecExamples", "clearing-small.txt");
        Assert.That(File.Exists(path), Is.True, path);
    }
}
