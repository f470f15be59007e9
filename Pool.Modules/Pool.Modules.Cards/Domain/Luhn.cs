namespace Pool.Modules.Cards.Domain;

/// <summary>The Luhn (mod 10) check digit of ISO/IEC 7812-1, which every PAN ends with.</summary>
internal static class Luhn
{
    /// <summary>The check digit to append to <paramref name="payload"/> (ASCII digits, without the check digit).</summary>
    public static char CheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        // Walking from the right, the digit next to the (missing) check digit is doubled.
        var doubled = true;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var digit = payload[i] - '0';
            if (doubled)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubled = !doubled;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>Whether <paramref name="number"/> is all ASCII digits and ends with its Luhn check digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> number)
    {
        if (number.Length < 2 || number.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        return CheckDigit(number[..^1]) == number[^1];
    }
}
