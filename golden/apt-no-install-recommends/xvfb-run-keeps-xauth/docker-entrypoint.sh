#!/bin/sh
set -e
exec xvfb-run -a "$@"
