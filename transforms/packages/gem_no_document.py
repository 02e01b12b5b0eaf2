"""gem install without --no-document -> add it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_after
from dockfix.shell.tools import base, has_option

_OLD_RUBY = re.compile(r"(?i)(^|/)ruby:1\.")
# distributions whose packaged RubyGems predates --no-document (RubyGems 2.0)
_OLD_DISTRO = re.compile(r"(?i)(^|/)(debian:(squeeze|wheezy|6|7)(\b|$)|centos:[56](\b|$))")
_LAST_OLD_GEMS_UBUNTU = (14, 4)  # Ubuntu 14.04 and before (Model.ubuntu_release)


class GemNoDocument(Transform):
    name = "gem-no-document"
    shipped_stages_only = True
    code = "DF134"
    summary = "Skip RubyGems documentation: gem install --no-document"
    links = ("https://guides.rubygems.org/command-reference/#gem-install",)
    explanation = """
What: `gem install` without `--no-document` (or `-N`, `--no-rdoc`/`--no-ri`,
`--document=...`) gets `--no-document` right after `install`.

Why: by default RubyGems generates rdoc/ri documentation for every gem it
installs; nobody reads it inside an image, it slows the build and adds
megabytes to the layer. (No hadolint rule covers this; DL3028 is about
version pinning.)

Example:
    RUN gem install bundler
becomes
    RUN gem install --no-document bundler

Fix safety: safe. Only documentation is skipped. `--no-document` exists since
RubyGems 2.0 (Ruby 2.0, 2013): a stage built from an official `ruby:1.x`
image is left alone, and on distributions that packaged an older RubyGems
(Ubuntu 14.04 and before, Debian 7 and before, CentOS 5/6) the fix is unsafe.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        for ins, target, view in ctx.model.shell_runs():
            old = old_distro = None
            for cmd in view.commands():
                if base(cmd.name) != "gem" or len(cmd.argv) < 2:
                    continue
                i = next((k for k in range(1, len(cmd.argv)) if not (cmd.argv[k].value or "-").startswith("-")), None)
                if i is None or cmd.argv[i].value != "install":
                    continue
                if has_option(cmd, short="N", long=("no-document", "no-rdoc", "no-ri", "document", "rdoc", "ri", "no-doc", "doc")):
                    continue
                if old is None:
                    img = ctx.model.base_image(target.stage) if target.stage else None
                    old = bool(img and _OLD_RUBY.search(img))
                    release = ctx.model.ubuntu_release(target.stage)
                    old_distro = bool(img and _OLD_DISTRO.search(img)) or (release is not None and
                                                                            release <= _LAST_OLD_GEMS_UBUNTU)
                if old:
                    yield ctx.finding(self, (cmd.start, cmd.end), "gem install builds documentation",
                                      refused="RubyGems before 2.0 (Ruby 1.x) has no --no-document", instruction=ins)
                    continue
                edit = insert_after(cmd.argv[i], "--no-document")
                fix = Fix.unsafe(edit, message="add --no-document (this distribution's RubyGems may predate it)") \
                    if old_distro else Fix.safe(edit, message="add --no-document")
                yield ctx.finding(self, (cmd.start, cmd.end), "gem install builds documentation; add --no-document",
                                  fix=fix, instruction=ins)
