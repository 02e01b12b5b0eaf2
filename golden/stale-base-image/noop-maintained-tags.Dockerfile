# golden: --unsafe-fixes
# findings: none
FROM python:3.13-slim-trixie AS py
FROM node:24-alpine AS web
FROM debian:bookworm-slim AS base
FROM ubuntu:24.04 AS tools
FROM golang:1.27 AS go
