using System.Text.Json;

namespace Switchyard.Runtimes.Scoring;

/// <summary>The body keys that select a <see cref="ScoringFormat"/>.</summary>
internal static class FormatKeys
{
    public const string Expected = "'dataframe_split', 'dataframe_records', 'instances', 'inputs'";

    /// <summary>Compares the property's UTF-8 name, so no string is made for it.</summary>
    public static bool TryGet(JsonProperty property, out ScoringFormat format)
    {
        if (property.NameEquals("dataframe_split"u8))
        {
            format = ScoringFormat.DataframeSplit;
        }
        else if (property.NameEquals("dataframe_records"u8))
        {
            format = ScoringFormat.DataframeRecords;
        }
        else if (property.NameEquals("instances"u8))
        {
            format = ScoringFormat.Instances;
        }
        else if (property.NameEquals("inputs"u8))
        {
            format = ScoringFormat.Inputs;
        }
        else
        {
            format = default;
            return false;
        }

        return true;
    }

    public static string Name(ScoringFormat format) => format switch
    {
        ScoringFormat.DataframeSplit => "dataframe_split",
        ScoringFormat.DataframeRecords => "dataframe_records",
        ScoringFormat.Instances => "instances",
        _ => "inputs",
    };
}
