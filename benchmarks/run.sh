#!/usr/bin/env bash
# Whole-run benchmarks: nas64 against nasm, yasm, GNU ld, lld and mold on the shared workloads
# (../shared/bench), plus the BenchmarkDotNet inner loops. Prints markdown tables for docs/benchmarks.md.
# Needs: hyperfine, nasm, yasm, ld, ld.lld, mold, GNU time (apt-get install hyperfine nasm yasm binutils lld mold time).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench=${NAS64_BENCH_DIR:-$root/../shared/bench}
work=${NAS64_BENCH_WORK:-$(mktemp -d)}
runs=${RUNS:-10}

if [ ! -d "$bench" ]; then echo "bench: workload generators not found at $bench (set NAS64_BENCH_DIR)"; exit 1; fi

echo "## build"
dotnet publish compiler/Nas64.Cli/Nas64.Cli.csproj -c Release -r linux-x64 -p:Nas64Aot=true -o "$work/aot" >/dev/null
dotnet build compiler/Nas64.Cli/Nas64.Cli.csproj -c Release -o "$work/jit" >/dev/null
aot=$work/aot/nas64
jit=$work/jit/nas64

peak() { /usr/bin/time -f "%e s, %M KB" "$@" 2>&1 >/dev/null | tail -n 1; }

echo "## hello (samples/hello/hello.asm)"
cp samples/hello/hello.asm "$work/"
cd "$work"
hyperfine -N --warmup 3 --runs "$runs" \
  "$aot hello.asm -o hello-aot" \
  "$jit hello.asm -o hello-jit" \
  "bash -c 'nasm -f elf64 hello.asm -o hello.o && ld -o hello-ld hello.o'" \
  "$aot --version" "nasm -v" --export-markdown hello.md >/dev/null
cat hello.md
nasm -f elf64 hello.asm -o hello.o && ld -o hello-ld hello.o && ld -s -n -o hello-ld-sn hello.o
"$aot" -s hello.asm -o hello-aot-s
echo; echo "| executable | bytes |"; echo "|---|---|"
for f in hello-aot hello-aot-s hello-ld hello-ld-sn; do echo "| $f | $(stat -c %s "$f") |"; done

echo; echo "## assembler throughput (gen_asm.py, -f elf64)"
for lines in 100000; do
  python3 "$bench/gen_asm.py" --lines "$lines" -o "a$lines.asm"
  hyperfine -N --warmup 1 --runs 3 -i \
    "$aot -f elf64 a$lines.asm -o nas64.o" \
    "nasm -O1 -f elf64 a$lines.asm -o nasm-O1.o" \
    "yasm -f elf64 a$lines.asm -o yasm.o" --export-markdown "asm$lines.md" >/dev/null
  cat "asm$lines.md"
  echo; echo "peak RSS: nas64 $(peak "$aot" -f elf64 "a$lines.asm" -o nas64.o); nasm -O1 $(peak nasm -O1 -f elf64 "a$lines.asm" -o n.o); yasm $(peak yasm -f elf64 "a$lines.asm" -o y.o)"
done

echo; echo "## macro-heavy (gen_macro.py 4000)"
python3 "$bench/gen_macro.py" 4000 > macro.asm
hyperfine -N --runs 3 -i "$aot -f elf64 macro.asm -o m1.o" "nasm -f elf64 macro.asm -o m2.o" --export-markdown macro.md >/dev/null
cat macro.md

echo; echo "## linker (gen_objs.py 200 objects)"
python3 "$bench/gen_objs.py" --objs 200 --lines 5000 --out objs200 >/dev/null
objs=$(ls objs200/*.o | tr '\n' ' ')
hyperfine -N --warmup 1 --runs "$runs" -i \
  "$aot link $objs -o link-nas64" \
  "ld -static $objs -o link-ld" \
  "ld.lld -static $objs -o link-lld" \
  "mold --no-fork -static $objs -o link-mold" --export-markdown link.md >/dev/null
cat link.md

echo; echo "## inner loops (BenchmarkDotNet)"
cd "$root"
dotnet run -c Release --project benchmarks/Nas64.Benchmarks -- --filter '*' --job short
