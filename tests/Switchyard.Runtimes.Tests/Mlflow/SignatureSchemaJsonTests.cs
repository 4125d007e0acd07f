using Switchyard.Core.Errors;
using Switchyard.Runtimes.Mlflow;

namespace Switchyard.Runtimes.Tests.Mlflow;

public sealed class SignatureSchemaJsonTests
{
    [Fact]
    public void Parse_ColumnSpecs_ReadsNameTypeAndRequired()
    {
        var fields = SignatureSchemaJson.Parse("[{\"type\": \"long\", \"name\": \"n\"}, {\"type\": \"string\", \"name\": \"s\", \"required\": false}]", "inputs");

        Assert.Equal(2, fields.Count);
        Assert.Equal(("n", "long", true), (fields[0].Name, fields[0].Type, fields[0].Required));
        Assert.Equal(("s", "string", false), (fields[1].Name, fields[1].Type, fields[1].Required));
        Assert.Null(fields[0].Shape);
    }

    [Fact]
    public void Parse_UnnamedTensorSpec_ReadsDtypeAndShape()
    {
        var field = Assert.Single(SignatureSchemaJson.Parse("[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"int64\", \"shape\": [-1, 3, 2]}}]", "outputs"));

        Assert.Null(field.Name);
        Assert.Equal("int64", field.Type);
        Assert.Equal([-1L, 3L, 2L], field.Shape!);
    }

    [Fact]
    public void Parse_TensorWithoutShape_ThrowsInvalid()
    {
        var error = Assert.Throws<ServingException>(() => SignatureSchemaJson.Parse("[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"int64\"}}]", "inputs"));

        Assert.Equal("MLmodel signature inputs are not valid: tensor entry 0 needs 'tensor-spec' with 'dtype' and 'shape'", error.Message);
    }
}
