# golden: --unsafe-fixes
# findings: none
FROM python:3.12-slim-bookworm
FROM node:20-alpine
FROM ubuntu:24.04
