using System.ComponentModel.DataAnnotations;
using System.Net;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Framing;

namespace Pool.Modules.Authorization.Link;

/// <summary>Section <c>AuthorizationLink</c>: where and how the ISO 8583 link is served (link spec §1, admin-api.md §4).</summary>
internal sealed class AuthorizationLinkOptions : IValidatableObject
{
    public const string Section = "AuthorizationLink";

    /// <summary>Address to bind (admin-api.md §4).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 8583;

    /// <summary>The message layout on this link: <c>pool</c> (the spec's), or another dialect table.</summary>
    public string Dialect { get; set; } = IsoDialects.PoolLinkName;

    /// <summary>The length header: 2-byte big-endian (link spec §1) or 4 ASCII digits.</summary>
    public FrameHeaderKind FrameHeader { get; set; } = FrameHeaderKind.BinaryBigEndian2;

    /// <summary>Largest frame accepted, in bytes (link spec §1 default); a larger one closes the connection.</summary>
    public int FrameBytesMax { get; set; } = LinkFrameLimits.FrameBytesMaxDefault;

    /// <summary>
    /// Requests decided but not yet answered per connection. 1024 is what the network may have
    /// outstanding (link spec §1); beyond it, Pool stops reading that connection (TCP backpressure).
    /// </summary>
    public int InFlightPerConnectionMax { get; set; } = 1024;

    /// <summary>Pool sends an 0800/301 echo on a connection idle this long, in seconds; 0 turns it off.</summary>
    public int IdleEchoSeconds { get; set; } = 60;

    /// <summary>Connections served at once; more are refused by Kestrel. The network opens 2 to 4 (link spec §1).</summary>
    public int ConnectionsMax { get; set; } = 64;

    /// <summary>Optional TLS (link spec §1): a PKCS#12 certificate file; none means plain TCP.</summary>
    public string? TlsCertificatePath { get; set; }

    public string? TlsCertificatePassword { get; set; }

    public IPEndPoint EndPoint => new(IPAddress.Parse(Address), Port);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(Address, out _))
        {
            yield return new ValidationResult("AuthorizationLink:Address must be an IP address.", [nameof(Address)]);
        }

        if (Port is < 0 or > 65535)
        {
            yield return new ValidationResult("AuthorizationLink:Port must be 0 to 65535.", [nameof(Port)]);
        }

        if (!IsoDialects.TryGet(Dialect, out _))
        {
            yield return new ValidationResult($"AuthorizationLink:Dialect '{Dialect}' is not a known dialect (pool, iso87a, iso87b).", [nameof(Dialect)]);
        }

        if (FrameHeader == FrameHeaderKind.None)
        {
            yield return new ValidationResult("AuthorizationLink:FrameHeader must be BinaryBigEndian2 or AsciiDigits4.", [nameof(FrameHeader)]);
        }
        else if (FrameBytesMax < 64 || FrameBytesMax > LinkFrameLimits.HeaderFrameBytesMax(FrameHeader))
        {
            yield return new ValidationResult($"AuthorizationLink:FrameBytesMax must be 64 to {LinkFrameLimits.HeaderFrameBytesMax(FrameHeader)}.", [nameof(FrameBytesMax)]);
        }

        if (InFlightPerConnectionMax is < 1 or > 65536)
        {
            yield return new ValidationResult("AuthorizationLink:InFlightPerConnectionMax must be 1 to 65536.", [nameof(InFlightPerConnectionMax)]);
        }

        if (IdleEchoSeconds is < 0 or > 3600)
        {
            yield return new ValidationResult("AuthorizationLink:IdleEchoSeconds must be 0 to 3600.", [nameof(IdleEchoSeconds)]);
        }

        if (ConnectionsMax is < 1 or > 10000)
        {
            yield return new ValidationResult("AuthorizationLink:ConnectionsMax must be 1 to 10000.", [nameof(ConnectionsMax)]);
        }

        if (TlsCertificatePath is { Length: > 0 } path && !File.Exists(path))
        {
            yield return new ValidationResult($"AuthorizationLink:TlsCertificatePath '{path}' does not exist.", [nameof(TlsCertificatePath)]);
        }
    }
}
