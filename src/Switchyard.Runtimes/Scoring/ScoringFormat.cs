namespace Switchyard.Runtimes.Scoring;

/// <summary>The four body shapes of the MLflow scoring protocol.</summary>
public enum ScoringFormat
{
    DataframeSplit,
    DataframeRecords,
    Instances,
    Inputs,
}
