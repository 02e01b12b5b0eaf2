#!/bin/sh
exec setpriv --reuid=1000 --regid=1000 --init-groups "$@"
