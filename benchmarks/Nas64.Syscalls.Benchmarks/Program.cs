using BenchmarkDotNet.Running;
using Nas64.Syscalls.Benchmarks;

if (args.Length > 0 && args[0] == "--loop") return LoopTimer.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
