namespace Switchyard.Runtimes.Scoring;

/// <summary>The body keys that select a <see cref="ScoringFormat"/>.</summary>
internal static class FormatKeys
{
    public const string Expected = "'dataframe_split', 'dataframe_records', 'instances', 'inputs'";

    public static bool TryGet(string key, out ScoringFormat format)
    {
        switch (key)
        {
            case "dataframe_split":
                format = ScoringFormat.DataframeSplit;
                return true;
            case "dataframe_records":
                format = ScoringFormat.DataframeRecords;
                return true;
            case "instances":
                format = ScoringFormat.Instances;
                return true;
            case "inputs":
                format = ScoringFormat.Inputs;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string Name(ScoringFormat format) => format switch
    {
        ScoringFormat.DataframeSplit => "dataframe_split",
        ScoringFormat.DataframeRecords => "dataframe_records",
        ScoringFormat.Instances => "instances",
        _ => "inputs",
    };
}
