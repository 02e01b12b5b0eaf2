"""Opt-in: a `scan` stage that runs Trivy over the final image's filesystem, built only with --target scan."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import DISPLAY_ONLY, UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Option, Transform
from dockfix.syntax.text import keyword_case

# The scanner image written by default.  A Trivy release tag (v0.57.1, November 2024, from
# github.com/aquasecurity/trivy/releases).  No digest is recorded here on purpose: none could be
# verified when this was written, and a made-up digest would break every build.  The digest comes
# from the registry (--pin) or from you (--option scan-image=aquasec/trivy:<version>@sha256:<digest>);
# without one the new stage is only shown.
DEFAULT_SCANNER = "aquasec/trivy:0.57.1"
SCAN_STAGE = "scan"
_SEVERITY = re.compile(r"^(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL)(,(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL))*$")
_SCANNERS = re.compile(r"(^|/)(trivy|grype|snyk|docker/scout-cli)(:|@|$)")
_NAME = re.compile(r"^[a-z][a-z0-9_.-]*$")


class ScanStage(Transform):
    name = "scan-stage"
    options = (Option("scan-image", str, DEFAULT_SCANNER, "the Trivy image (pin it: name:tag@sha256:digest)"),
               Option("scan-severity", str, "HIGH,CRITICAL", "the severities that fail the scan"))
    code = "DF331"
    summary = "Add a `scan` stage that runs Trivy over the final image (built only with --target scan)"
    hadolint = ()
    buildkit = ()
    applicability = UNSAFE
    max_applicability = UNSAFE
    default_enabled = False
    needs_network = True
    links = (
        "https://trivy.dev/latest/docs/target/rootfs/",
        "https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage",
        "https://docs.docker.com/reference/dockerfile/#run---mounttypebind",
    )
    explanation = """
What: on request (`--select scan-stage`) a stage is appended that scans the
final image's filesystem with Trivy during the build:

    FROM app                      # your final stage, named if it had no name
    ...
    # dockfix scan-stage: ...
    FROM --platform=$BUILDPLATFORM aquasec/trivy:0.57.1@sha256:<digest> AS scan
    RUN --mount=type=bind,from=app,target=/scan-root \\
        --mount=type=cache,target=/root/.cache/trivy \\
        trivy rootfs --exit-code 1 --no-progress --severity HIGH,CRITICAL /scan-root
    FROM app

The last line makes a stage that is exactly the old final image again, so a
plain `docker build .` still builds (and tags) the same image and never runs
the scan: BuildKit builds only the stages the target needs. Run the scan with
`docker build --target scan .`; it fails when HIGH or CRITICAL
vulnerabilities are found (`--option scan-severity=CRITICAL` to change). The
image is mounted read-only, nothing is copied; the vulnerability database is
cached between builds.

Why: a scan in the same Dockerfile runs wherever the image is built, on the
exact filesystem that ships, with no extra tooling.

In CI you may prefer to scan the built image instead, e.g.
`docker build -t app . && trivy image --exit-code 1 --severity HIGH,CRITICAL app`
or the aquasecurity/trivy-action GitHub Action; then this stage is not needed.

Fix safety: the scanner is pinned by digest, which dockfix never invents: it
comes from the registry with `--pin`, or from
`--option scan-image=aquasec/trivy:<version>@sha256:<digest>`. Without one
the stage is only shown (display-only). With a digest the fix is unsafe: it
needs BuildKit (the legacy builder builds every stage and does not know
`RUN --mount`), the scan downloads Trivy's database when it runs, and the
final stage gets a name (` AS app`) if it had none. Refused: Windows files,
final stages with ONBUILD (the triggers would run again in the new last
stage), FROM lines split over lines, a stage already named `scan`. Files
that already run a scanner stage are left alone.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if not doc.stages:
            return
        final = doc.stages[-1]
        ins = final.from_
        for st in doc.stages:
            img = (st.image or "").lower()
            if _SCANNERS.search(img.split("@", 1)[0]):
                return  # the file already runs a scanner stage
        msg = "the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan)"
        if doc.is_windows:
            yield ctx.finding(self, ins, msg, refused="Windows file: Trivy's Linux image cannot run in this build")
            return
        if doc.stage_named(SCAN_STAGE) is not None:
            yield ctx.finding(self, ins, msg, refused=f"a stage named `{SCAN_STAGE}` already exists")
            return
        if any(i.cmd == "ONBUILD" for st in ctx.model.chain(final) for i in st.instructions):
            yield ctx.finding(self, ins, msg, refused="the final stage has ONBUILD triggers; they would run again "
                              "in the stage that re-exports it")
            return
        if ins.is_multiline or doc.text[ins.args_end:ins.end].strip():
            yield ctx.finding(self, ins, msg, refused="the final FROM is split over lines")
            return
        last = doc.instructions[-1]
        tail = doc.text[last.lines[-1].start:last.lines[-1].end] if last.lines else ""
        if tail.rstrip().endswith(doc.escape) or doc.text.rstrip().endswith(doc.escape):
            yield ctx.finding(self, ins, msg, refused="the file ends inside a line continuation")
            return
        severity = (ctx.option(self, "scan-severity") or "HIGH,CRITICAL").strip().upper()
        if not _SEVERITY.match(severity):
            yield ctx.finding(self, ins, msg, refused=f"scan-severity {severity!r} is not a list of "
                              "UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL")
            return
        image, pinned, why = self._scanner(ctx)
        if image is None:
            yield ctx.finding(self, ins, msg, refused=why)
            return

        nl = doc.newline
        edits = []
        target = final.name
        if target is None:
            names = {st.name for st in doc.stages if st.name}
            target = next(n for n in ("app", "final", "image", "app-final") + tuple(f"app{i}" for i in range(2, 99))
                          if n not in names)
            edits.append(Edit.insert(ins.args_end, f" {keyword_case('AS', ins)} {target}"))
        elif not _NAME.match(target):
            yield ctx.finding(self, ins, msg, refused=f"the final stage name {target!r} is unusual")
            return
        kw = lambda w: keyword_case(w, ins)  # noqa: E731
        lines = [
            f"# dockfix scan-stage: vulnerability scan of the `{target}` image, built only by",
            f"# `docker build --target {SCAN_STAGE} .`; a plain build still produces `{target}` (last line).",
            f"{kw('FROM')} --platform=$BUILDPLATFORM {image} {kw('AS')} {SCAN_STAGE}",
            f"{kw('RUN')} --mount=type=bind,from={target},target=/scan-root \\",
            "    --mount=type=cache,target=/root/.cache/trivy \\",
            f"    trivy rootfs --exit-code 1 --no-progress --severity {severity} /scan-root",
            f"{kw('FROM')} {target}",
        ]
        if doc.escape != "\\":
            lines[3] = lines[3][:-1] + doc.escape
            lines[4] = lines[4][:-1] + doc.escape
        text = doc.text
        lead = "" if text.endswith(("\n", "\r")) or not text else nl
        block = lead + nl.join(lines) + nl
        if edits and edits[0].start == len(text):  # the unnamed final FROM is the file's last line
            edits = [Edit.insert(len(text), edits[0].content + block)]
        else:
            edits.append(Edit.insert(len(text), block))
        if pinned:
            fix = Fix(edits, UNSAFE, message=f"add a `{SCAN_STAGE}` stage running {image}")
        else:
            fix = Fix(edits, DISPLAY_ONLY, message=f"add a `{SCAN_STAGE}` stage ({why})")
        yield ctx.finding(self, ins, msg, fix=fix)

    def _scanner(self, ctx):
        """(image reference, pinned by digest?, reason) for the scanner; (None, _, reason) to refuse."""
        from dockfix.oci import reference as imageref

        image = (ctx.option(self, "scan-image") or DEFAULT_SCANNER).strip()
        try:
            ref = imageref.parse(image)
        except imageref.RefError as e:
            return None, False, f"scan-image: {e}"
        if "$" in image:
            return None, False, "scan-image must not contain variables"
        if ref.digest:
            return image, True, ""
        if not ctx.option(self, "pin"):
            return image, False, ("the scanner image is not pinned by digest: run with --pin or give "
                                  "--option scan-image=<image>:<tag>@sha256:<digest>")
        from dockfix.transforms.images.pin_digest import PinDigest

        from dockfix.oci.client import ResolveError

        resolver = PinDigest._resolver_for(ctx.options, ctx.shared)
        m = resolver.lookup([ref])[ref.key]
        if isinstance(m, ResolveError):
            return image, False, f"cannot pin the scanner image: {ref.domain}: {m}"
        return f"{image}@{m.digest}", True, ""
