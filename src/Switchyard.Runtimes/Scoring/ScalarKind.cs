namespace Switchyard.Runtimes.Scoring;

/// <summary>What a JSON scalar must be for a column or tensor: any number, an integer, or a boolean.</summary>
public enum ScalarKind
{
    Floating,
    Integer,
    Boolean,
}
