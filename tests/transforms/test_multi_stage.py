"""multi-stage: Build in a builder stage and ship only the artifact in a small runtime stage."""

from __future__ import annotations

from fixcase import assert_noop, refused_of, result

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import check_text, fix_text
from dockfix.syntax.cst import parse


def test_multi_stage_runtime_stage_keeps_the_args_its_lines_use():
    # ENV APP_VERSION=$VERSION and EXPOSE $PORT in the new stage need the stage's ARGs
    text = ("FROM golang:1.22\nARG PORT=8080\nARG VERSION=dev\nENV APP_VERSION=$VERSION\nWORKDIR /src\nCOPY . .\n"
            "RUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app\nEXPOSE $PORT\nLABEL version=$VERSION\nCMD [\"/bin/app\"]\n")
    res = result(text, "multi-stage")
    runtime = res.output.split("FROM gcr.io/distroless/static-debian12\n", 1)[1]
    assert runtime.startswith("ARG PORT=8080\nARG VERSION=dev\nENV APP_VERSION=$VERSION\n")


def test_multi_stage_refuses_when_cmd_names_a_source_file():
    text = ("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app\n"
            "USER 1000\nCMD [\"/bin/app\", \"--templates=/src/templates\"]\n")
    res = result(text, "multi-stage")
    assert res.output == text
    assert any("/src/templates" in r for r in refused_of(res))


def test_multi_stage_refuses_a_healthcheck_tool_the_runtime_image_lacks():
    # golang:1.22 has curl, debian:bookworm-slim has not: the container would never be healthy
    text = ("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app\n"
            "HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\nCMD [\"/bin/app\"]\n")
    res = result(text, "multi-stage")
    assert res.output == text
    assert any("curl" in r for r in refused_of(res))


def test_multi_stage_is_display_only_by_default():
    text = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\nCMD [\"/bin/app\"]\n"
    res = check_text(text, None, Settings(select=("multi-stage",)))
    (f,) = [f for f in res.remaining if f.name == "multi-stage"]
    assert f.fix is not None and f.fix.applicability.label == "display-only"
    assert fix_text(text, None, Settings(select=("multi-stage",))).output == text
    out = fix_text(text, None, Settings(select=("multi-stage",), unsafe_fixes=True)).output
    doc = parse(out)
    assert len(doc.stages) == 2 and doc.stages[0].name == "build"
    assert doc.stages[1].image == "gcr.io/distroless/static-debian12"


def test_display_only_shown_by_diff(run_cli, tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_text("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\nCMD [\"/bin/app\"]\n")
    r = run_cli("--diff", "--select", "multi-stage", p)
    assert b"display-only" in r.stderr and b"+FROM gcr.io/distroless/static-debian12" in r.stderr
    assert p.read_text().count("FROM") == 1


def test_single_stage_build_is_reported_not_rewritten():
    src = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n'
    res = assert_noop(src, "multi-stage", unsafe=False)
    (f,) = res.remaining
    assert f.message.startswith("single-stage build ships its toolchain")


def test_a_multi_stage_build_is_left_alone():
    res = assert_noop('FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\n'
                      'COPY --from=build /app /app\nCMD ["/app"]\n', "multi-stage")
    assert res.remaining == []
