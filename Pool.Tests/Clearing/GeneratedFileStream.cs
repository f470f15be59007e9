using System.Globalization;
using System.Text;

namespace Pool.Tests.Clearing;

/// <summary>A clearing file of <c>details</c> purchases generated as it is read, never held whole.</summary>
internal sealed class GeneratedFileStream(int details) : Stream
{
    private const string Pan = "4242424242424242";
    private byte[] _pending = Encoding.ASCII.GetBytes(new ClearingFileText("GENERATED").Header() + "\n");
    private int _offset;
    private int _next;
    private bool _trailerWritten;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        while (written < count)
        {
            if (_offset == _pending.Length && !Refill())
            {
                break;
            }

            var n = Math.Min(count - written, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset + written, n);
            _offset += n;
            written += n;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool Refill()
    {
        if (_next < details)
        {
            _next++;
            var arn = "7" + _next.ToString("D22", CultureInfo.InvariantCulture);
            _pending = Encoding.ASCII.GetBytes(ClearingFileText.Detail("05", Pan, 100, "A1B2C3", "432812345678", arn) + "\n");
            _offset = 0;
            return true;
        }

        if (!_trailerWritten)
        {
            _trailerWritten = true;
            _pending = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"92{details:D9}{details * 100L:D15}{0:D15}").PadRight(168) + "\n");
            _offset = 0;
            return true;
        }

        return false;
    }
}
