using Nas64.Cli;

return CommandLine.Run(args);
