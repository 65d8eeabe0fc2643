# shellcheck shell=bash
# What a test running the agents in the DSMIPv6 lab sources, in order: the
# lab and its topology, starting agents, assertions, packet captures. Usage
# from selftests/netns:
#   source "$here/../lib/agents.sh"
_agents_lib=$(dirname "${BASH_SOURCE[0]}")
source "$_agents_lib/lab.sh"
source "$_agents_lib/topo/dsmip6.sh"
source "$_agents_lib/xmip.sh"
source "$_agents_lib/assert.sh"
source "$_agents_lib/wire.sh"
