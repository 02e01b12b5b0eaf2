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


# -- issue 15: the runtime stage carries what the program needs, or the split is refused -------------

_PY = ("FROM python:3.12-bookworm\nWORKDIR /app\n"
       "RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\n"
       "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
       'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n')


def _runtime(out: str) -> str:
    return out.split("\nFROM ", 2)[-1]


def test_multi_stage_installs_the_runtime_libraries_of_dev_packages():
    # psycopg2 built against libpq-dev needs libpq5 at run time (Debian bookworm's Depends)
    rt = _runtime(result(_PY, "multi-stage").output)
    assert rt.startswith("python:3.12-slim-bookworm\n")
    assert ("RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && "
            "rm -rf /var/lib/apt/lists/*\n") in rt
    assert "gcc" not in rt and "libpq-dev" not in rt


def test_multi_stage_refuses_dev_packages_without_known_runtime_libraries():
    assert_noop(_PY.replace("libpq-dev", "libfoo-dev"), "multi-stage", refused="libfoo-dev")
    # the table is Debian bookworm's: another (or an unnamed) release is refused
    assert_noop(_PY.replace("python:3.12-bookworm", "python:3.12"), "multi-stage", refused="bookworm")


def test_multi_stage_carries_other_packages_the_builder_installed():
    text = _PY.replace("gcc libpq-dev", "gcc ffmpeg")
    rt = _runtime(result(text, "multi-stage").output)
    assert "install -y --no-install-recommends ffmpeg &&" in rt


def test_multi_stage_carries_env_and_metadata_set_before_the_build():
    text = _PY.replace("WORKDIR /app\n", 'WORKDIR /app\nENV PYTHONUNBUFFERED=1 \\\n    APP_ENV=prod\n'
                                         'LABEL org.opencontainers.image.title=app\nEXPOSE 8000\n'
                                         'HEALTHCHECK CMD python -c "print(1)"\n')
    rt = _runtime(result(text, "multi-stage").output)
    for line in ("ENV PYTHONUNBUFFERED=1 \\\n    APP_ENV=prod\n", "LABEL org.opencontainers.image.title=app\n",
                 "EXPOSE 8000\n", 'HEALTHCHECK CMD python -c "print(1)"\n'):
        assert line in rt


def test_multi_stage_refuses_an_env_that_mixes_toolchain_and_runtime_variables():
    text = _PY.replace("WORKDIR /app\n", "WORKDIR /app\nENV PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1\n")
    assert_noop(text, "multi-stage", refused="PYTHONUNBUFFERED")


def test_multi_stage_refuses_directories_made_outside_the_copied_paths():
    text = _PY.replace("COPY requirements.txt .\n", "RUN mkdir -p /documents\nCOPY requirements.txt .\n")
    assert_noop(text, "multi-stage", refused="/documents")
    # inside the WORKDIR (copied whole) it is fine
    text2 = _PY.replace("COPY requirements.txt .\n", "RUN mkdir -p /app/uploads\nCOPY requirements.txt .\n")
    assert "COPY --from=build /app /app" in result(text2, "multi-stage").output


def test_multi_stage_refuses_an_account_the_builder_made():
    text = ("FROM golang:1.22\nRUN useradd -u 1000 app\nWORKDIR /src\nCOPY . .\n"
            "RUN CGO_ENABLED=0 go build -o /bin/app .\nUSER 1000\nCMD [\"/bin/app\"]\n")
    assert_noop(text, "multi-stage", refused="account")
    text2 = text.replace("RUN useradd -u 1000 app\n", "")
    assert "FROM gcr.io/distroless/static-debian12" in result(text2, "multi-stage").output
