# shellcheck shell=bash
# What a test running the agents in the lab sources, in order: the lab,
# starting agents, assertions, packet captures. Usage from selftests/netns:
#   source "$here/../lib/agents.sh"
_agents_lib=$(dirname "${BASH_SOURCE[0]}")
source "$_agents_lib/lab.sh"
source "$_agents_lib/xmip.sh"
source "$_agents_lib/assert.sh"
source "$_agents_lib/wire.sh"
