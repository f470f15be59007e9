namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// The transaction key of spec §8: DE32 (acquirer id) + DE11 (STAN) + DE7 (MMDDhhmmss, as a number).
/// A plain struct implementing <see cref="IEquatable{T}"/> so that <see cref="Dictionary{TKey,TValue}"/>
/// compares it without boxing and without an interface call.
/// </summary>
public readonly struct TransactionKey : IEquatable<TransactionKey>
{
    public TransactionKey(long de32AcquirerId, int de11Stan, long de7TransmissionDateTime)
    {
        De32AcquirerId = de32AcquirerId;
        De11Stan = de11Stan;
        De7TransmissionDateTime = de7TransmissionDateTime;
    }

    public long De32AcquirerId { get; }

    public int De11Stan { get; }

    /// <summary>DE7 MMDDhhmmss read as a decimal number (e.g. 1124120000).</summary>
    public long De7TransmissionDateTime { get; }

    public bool IsEmpty => De32AcquirerId == 0 && De11Stan == 0 && De7TransmissionDateTime == 0;

    public bool Equals(TransactionKey other) =>
        De32AcquirerId == other.De32AcquirerId
        && De11Stan == other.De11Stan
        && De7TransmissionDateTime == other.De7TransmissionDateTime;

    public override bool Equals(object? obj) => obj is TransactionKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(De32AcquirerId, De11Stan, De7TransmissionDateTime);

    public static bool operator ==(TransactionKey left, TransactionKey right) => left.Equals(right);

    public static bool operator !=(TransactionKey left, TransactionKey right) => !left.Equals(right);

    public override string ToString() => $"{De32AcquirerId}/{De11Stan:D6}/{De7TransmissionDateTime:D10}";
}
