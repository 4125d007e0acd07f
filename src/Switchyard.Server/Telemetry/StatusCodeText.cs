using System.Globalization;

namespace Switchyard.Server.Telemetry;

/// <summary>HTTP status codes as label text, made once each, so labelling an error allocates nothing.</summary>
internal static class StatusCodeText
{
    private static readonly string[] Texts = MakeTexts();

    public static string Of(int status) =>
        (uint)status < (uint)Texts.Length ? Texts[status] : status.ToString(CultureInfo.InvariantCulture);

    private static string[] MakeTexts()
    {
        var texts = new string[600];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return texts;
    }
}
