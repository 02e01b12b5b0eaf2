#!/bin/sh
set -e
mkdir -p "$HOME/.config/tool"
echo "$1" >> "$HOME/.config/tool/history"
echo "tool $1: $(wc -l < "$HOME/.config/tool/history") run(s)"
