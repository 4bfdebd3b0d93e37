#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu). It installs the .NET 10 SDK
# from the distribution's packages and builds the grader, so that each submission only runs it. Ubuntu 24.04 and
# later have dotnet-sdk-10.0 in their archive; 22.04 has it in Canonical's dotnet/backports PPA only.
# AUTOGRADER_ROOT stands in for /autograder in tests.
set -euo pipefail
root=${AUTOGRADER_ROOT:-/autograder}
source_dir="$root/source/tcpkata"

if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  if ! apt-get install -y dotnet-sdk-10.0; then
    apt-get install -y software-properties-common
    add-apt-repository -y ppa:dotnet/backports
    apt-get update
    apt-get install -y dotnet-sdk-10.0
  fi
fi
dotnet --version

# The grader's OS sandbox (bubblewrap; util-linux brings setpriv and prlimit). Where Gradescope's container forbids
# namespaces, run_autograder grades without it and every report says so.
apt-get install -y bubblewrap util-linux || echo "bubblewrap could not be installed: submissions will be graded without the OS sandbox"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$source_dir/instructor/TcpKata.Instructor.csproj" -c Release -nologo -v:q
echo "TcpKata grader built in $source_dir/instructor/bin/Release/net10.0"
