using Pool.Modules.Clearing.Format;
using Pool.Modules.Clearing.Import;

namespace Pool.Tests.Clearing;

/// <summary>The record layouts as data match clearing-file.md, and persisted enums keep their values.</summary>
[TestFixture]
public sealed class ClearingLayoutTests
{
    [Test]
    public void EveryLayout_CoversPositions1To168_WithoutGapOrOverlap()
    {
        foreach (var (name, fields) in new[] { ("header", ClearingFields.Header), ("detail", ClearingFields.Detail), ("trailer", ClearingFields.Trailer) })
        {
            var next = 1;
            foreach (var field in fields)
            {
                Assert.That(field.Position, Is.EqualTo(next), $"{name} field \"{field.Name}\"");
                next += field.Length;
            }

            Assert.That(next - 1, Is.EqualTo(ClearingLayout.RecordBytes), name);
        }
    }

    [Test]
    public void PersistedEnums_KeepTheirValues()
    {
        Assert.That(Enum.GetValues<ImportState>().Select(v => ((short)v, v.ToString())), Is.EqualTo(new[] { ((short)1, "Staged"), ((short)2, "Done") }));
        Assert.That(Enum.GetValues<DetailOutcome>().Select(v => ((short)v, v.ToString())), Is.EqualTo(new[]
        {
            ((short)1, "Matched"), ((short)2, "ForcePosted"), ((short)3, "Credit"), ((short)4, "Reversal"), ((short)5, "Exception"),
        }));
        Assert.That(Enum.GetValues<ExceptionReason>().Select(v => ((short)v, v.ToString())), Is.EqualTo(new[]
        {
            ((short)1, "UnknownCard"), ((short)2, "UnknownPresentment"), ((short)3, "PostingRefused"),
        }));
        Assert.That(Enum.GetValues<ClearingTransactionCode>().Select(v => (short)v), Is.EqualTo(new short[] { 5, 6, 7, 25, 26, 27, 90, 92 }));
        Assert.That(Enum.GetValues<Pool.Modules.Clearing.Contracts.ClearingImportOutcome>().Select(v => (int)v), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }
}
