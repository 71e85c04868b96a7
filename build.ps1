#!/usr/bin/env pwsh
# Build script: dotnet tool restore && dotnet pwsh ./build.ps1 <target>
#   build    Release build of everything (Toolchain.sln)
#   test     every test (the README's test command)
#   pack     NuGet packages (nas64 .NET tool, Nas64.Syscalls) into artifacts/package/release
#   publish  NativeAOT nas64 for linux-x64 into artifacts/publish/nas64
#   bench    end-to-end benchmarks against nasm/yasm/ld (hyperfine) and BenchmarkDotNet inner loops
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'pack', 'publish', 'bench')]
    [string] $Target = 'build'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Step([string] $command, [string[]] $arguments) {
    Write-Host "> $command $($arguments -join ' ')"
    & $command @arguments
    if ($LASTEXITCODE -ne 0) { throw "$command exited with $LASTEXITCODE" }
}

switch ($Target) {
    'build' { Invoke-Step dotnet @('build', 'Toolchain.sln', '-c', 'Release') }
    'test' { Invoke-Step dotnet @('test', 'Toolchain.sln') }
    'pack' {
        Invoke-Step dotnet @('pack', 'compiler/Nas64.Cli/Nas64.Cli.csproj', '-c', 'Release')
        Invoke-Step dotnet @('pack', 'runtime/Nas64.Syscalls/Nas64.Syscalls.csproj', '-c', 'Release')
    }
    'publish' {
        # Nas64Aot turns on PublishAot in the CLI project only (a global PublishAot would reach netstandard2.0 projects).
        Invoke-Step dotnet @('publish', 'compiler/Nas64.Cli/Nas64.Cli.csproj', '-c', 'Release', '-r', 'linux-x64', '-p:Nas64Aot=true', '-o', 'artifacts/publish/nas64')
        Write-Host "NativeAOT nas64: artifacts/publish/nas64/nas64"
    }
    'bench' {
        Invoke-Step bash @('benchmarks/run.sh')
    }
}
