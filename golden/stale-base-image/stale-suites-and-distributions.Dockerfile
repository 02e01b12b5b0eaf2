# golden: --unsafe-fixes
# finding: 1:6: stale-base-image FROM debian:buster-slim: debian:buster-slim has not been rebuilt since 2024-07-01 (no security fixes); maintained: debian:trixie-slim (the suite `latest` names) [display-only]
# finding: 2:6: stale-base-image FROM ubuntu:18.04: ubuntu:18.04 has not been rebuilt since 2023-06-15 (no security fixes); maintained: ubuntu:26.04 (the line `latest` names; also ubuntu:22.04, ubuntu:24.04, ubuntu:26.10) [display-only]
# finding: 3:6: stale-base-image FROM node:18-bullseye-slim: node:18-bullseye-slim has not been rebuilt since 2025-05-28 (no security fixes); maintained: node:24-bullseye-slim (the LTS line; also node:22-bullseye-slim, node:26-bullseye-slim) [display-only]
# finding: 4:6: stale-base-image FROM python:3.7-alpine3.18: python:3.7-alpine3.18 has not been rebuilt since 2023-10-02 (no security fixes); maintained: python:3.14-alpine (the line `latest` names; also python:3.10-alpine, python:3.11-alpine, python:3.12-alpine, python:3.13-alpine) [display-only]
# finding: 5:6: stale-base-image FROM centos:7: centos:7 has not been rebuilt since 2024-07-01 (no security fixes); the centos image is no longer published at all (deprecated) (not fixed: no successor: centos is deprecated; move to the image its page recommends)
FROM debian:buster-slim AS base
FROM ubuntu:18.04 AS tools
FROM node:18-bullseye-slim AS web
FROM python:3.7-alpine3.18 AS py
FROM centos:7 AS legacy
