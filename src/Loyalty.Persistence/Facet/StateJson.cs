using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Loyalty.Persistence;

/// <summary>
/// A grain state's JSON as each turn ends: serialised into a buffer this thread reuses and fingerprinted there. Only
/// a write's last turn becomes text, when the write starts: a hot grain whose turns pile up behind an in-flight write
/// (a household pool: about ten per write) builds one string per write, not per turn, and the garbage collector,
/// which pauses every grain, has a third less to collect on a household checkout.
/// </summary>
internal static class StateJson<TState>
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>The state's UTF-8 JSON, valid until this thread serialises again; the same bytes as the text form.</summary>
    public static ReadOnlySpan<byte> Serialize(TState state, JsonTypeInfo<TState> info)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions(info.Options));
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, state, info);
        return buffer.WrittenSpan;
    }

    public static UInt128 Hash(ReadOnlySpan<byte> json) => XxHash128.HashToUInt128(json);

    public static UInt128 Hash(string json) => Hash(Encoding.UTF8.GetBytes(json));

    private static JsonWriterOptions WriterOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        NewLine = options.NewLine,
        MaxDepth = options.MaxDepth,
        SkipValidation = true,
    };
}

/// <summary>The newest state JSON of a write not started yet, in a pooled array it overwrites turn after turn.</summary>
internal sealed class PendingStateJson
{
    private byte[] _bytes = [];
    private int _length;

    public void Set(ReadOnlySpan<byte> json)
    {
        if (_bytes.Length < json.Length)
        {
            Return();
            _bytes = ArrayPool<byte>.Shared.Rent(json.Length);
        }
        json.CopyTo(_bytes);
        _length = json.Length;
    }

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    /// <summary>The text to write, once; the array goes back to the pool.</summary>
    public string TakeText()
    {
        var text = Encoding.UTF8.GetString(Bytes);
        Return();
        _bytes = [];
        return text;
    }

    private void Return()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
        }
    }
}
