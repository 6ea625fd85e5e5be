using OfferLab.Cli;

return await CommandLine.RunAsync(args);
