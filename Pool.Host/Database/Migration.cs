using System.Security.Cryptography;
using System.Text;

namespace Pool.Host.Database;

/// <summary>One SQL migration of one module: <c>Migrations/0001_name.sql</c> embedded in the module's assembly.</summary>
/// <param name="Module">The owning module (and schema).</param>
/// <param name="Id">The file name without extension, e.g. <c>0001_accounts</c>; applied in ordinal order.</param>
/// <param name="Sql">The script.</param>
public sealed record Migration(string Module, string Id, string Sql)
{
    /// <summary>SHA-256 of the script, recorded so an edited applied migration is noticed.</summary>
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    public override string ToString() => $"{Module}/{Id}";
}
