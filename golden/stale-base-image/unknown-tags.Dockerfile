# finding: 1:6: stale-base-image FROM python:3.12-slimm: python:3.12-slimm is not a tag the Docker Official Images ever published (record of 2026-08-21): a typo, or a tag newer than dockfix's data; did you mean python:3.12-slim? [display-only]
# finding: 2:6: stale-base-image FROM node:not-a-real-tag-at-all: node:not-a-real-tag-at-all is not a tag the Docker Official Images ever published (record of 2026-08-21): a typo, or a tag newer than dockfix's data (not fixed: check the tag against the image's page)
FROM python:3.12-slimm AS typo
FROM node:not-a-real-tag-at-all AS bogus
