#!/usr/bin/env bash
# The student loop's cost: edit one exercise file, then `dotnet test` at the root, against the same round on an empty
# NUnit project (one trivial test, the same NUnit packages), measured alternately in one run so that both see the same
# machine state. Prints each round and the medians.  Usage: benchmarks/loop/measure.sh [ROUNDS]   (default 6)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-6}
root=$PWD
empty=$(mktemp -d)
trap 'rm -rf "$empty"; git -C "$root" checkout -q -- exercises/06-echo-server/EchoServer.cs' EXIT

versions() { grep -oP "Include=\"$1\" Version=\"\K[^\"]+" "$root/Directory.Packages.props"; }
cat > "$empty/Empty.Tests.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><IsTestProject>true</IsTestProject></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="$(versions Microsoft.NET.Test.Sdk)" />
    <PackageReference Include="NUnit" Version="$(versions NUnit)" />
    <PackageReference Include="NUnit3TestAdapter" Version="$(versions NUnit3TestAdapter)" />
  </ItemGroup>
</Project>
CSPROJ
cat > "$empty/EmptyTests.cs" <<'CS'
namespace Empty.Tests;
public class EmptyTests { [NUnit.Framework.Test] public void Passes() => NUnit.Framework.Assert.Pass(); }
CS
(cd "$empty" && dotnet test > /dev/null 2>&1)   # warm both once
dotnet test > /dev/null 2>&1 || true

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; end=$(date +%s.%N); echo "$end - $start" | bc; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
kata=(); base=()
for i in $(seq 1 "$rounds"); do
  echo "// round $i" >> exercises/06-echo-server/EchoServer.cs
  kata+=("$(seconds dotnet test)")
  echo "// round $i" >> "$empty/EmptyTests.cs"
  base+=("$(cd "$empty" && seconds dotnet test)")
  echo "round $i: kata ${kata[-1]} s, empty NUnit project ${base[-1]} s"
done
k=$(printf '%s\n' "${kata[@]}" | median); b=$(printf '%s\n' "${base[@]}" | median)
echo "median: kata $k s, empty NUnit project $b s, ratio $(echo "scale=2; $k / $b" | bc)"
