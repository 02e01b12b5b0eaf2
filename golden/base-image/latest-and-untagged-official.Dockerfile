# finding: 1:6: base-image FROM python has no tag (it pulls `latest`): the build changes whenever a new version is pushed (DL3006); on 2026-08-21 the Official Images' python:latest was python:3.14 [display-only]
# finding: 2:6: base-image FROM node:latest uses the `latest` tag: the build changes whenever a new version is pushed (DL3007); on 2026-08-21 the Official Images' node:latest was node:26 [display-only]
FROM python
FROM node:latest AS web
FROM python:latest@sha256:4a6b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f AS pinned
