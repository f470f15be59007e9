using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Pool.Modules.Access.Console;

/// <summary>
/// The data-protection key ring in <c>access.data_protection_keys</c>: every instance reads the same keys,
/// so a session cookie made by one is read by the other (the service runs two tasks). The framework calls
/// this rarely (it caches the ring for hours), and its interface is synchronous.
/// </summary>
internal sealed class DataProtectionKeyStore(NpgsqlDataSource dataSource) : IXmlRepository
{
    /// <summary>Most keys read: one is made every 90 days by default, so this is decades of them.</summary>
    private const int KeysMax = 1000;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>("SELECT xml FROM access.data_protection_keys ORDER BY id DESC LIMIT @KeysMax", new { KeysMax })
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute(
            "INSERT INTO access.data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml)",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
