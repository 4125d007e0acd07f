Console.WriteLine("sample model generator: not yet written");
