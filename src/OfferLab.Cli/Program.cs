using System.CommandLine;

var root = new RootCommand("offerlab: declare, apply and read cross-sell offer experiments.");
return await root.Parse(args).InvokeAsync();
