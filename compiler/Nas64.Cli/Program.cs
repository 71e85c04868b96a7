using Nas64.Cli;

// The parser and evaluator recurse once per nesting level of an expression; --limit-eval (8192) levels need more
// than the main thread's 8 MB, so the command runs on a thread with a large stack (reserved, not committed).
int status = 0;
var worker = new Thread(() => status = CommandLine.Run(args), maxStackSize: 512 * 1024 * 1024);
worker.Start();
worker.Join();
return status;
