using A64Jit.Cli;

return CommandLine.Run(args);
