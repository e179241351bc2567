"""The front-end checkers from the npm registry (``make test`` installs them from package.json):
axe-core's WCAG rules, run inside a page, and the W3C Nu HTML checker (vnu-jar) under the
machine's Java. A test that needs one skips with the reason when it is missing (CI: fails)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import REPO, service_missing

NODE_MODULES = REPO / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
VNU_TIMEOUT_SECONDS = 300

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, why: n.failureSummary}))}));
}"""


def axe_source() -> str:
    """axe-core's script, to evaluate in a page."""
    if not AXE_SCRIPT.is_file():
        service_missing(f"the accessibility sweep needs axe-core at {AXE_SCRIPT} (make test installs "
                        "it with npm ci)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Any, source: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on ``page``. The script is evaluated through the
    DevTools protocol, which the page's CSP (nonce-only scripts) does not govern."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    return page.evaluate(_RUN_AXE, list(WCAG_AA_TAGS))


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    """``violations`` as lines a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"{where}: [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['url']})")
        for node in violation["nodes"]:
            why = " / ".join(line.strip() for line in (node["why"] or "").splitlines() if line.strip())
            lines.append(f"    at {node['target']}: {node['html'][:160]}\n      {why}")
    return "\n".join(lines)


def vnu_errors(files: list[Path]) -> list[dict[str, Any]]:
    """The Nu HTML checker's errors in ``files``, checked in one run of the JVM."""
    java = shutil.which("java")
    if java is None:
        service_missing("the HTML sweep needs java to run vnu.jar (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        service_missing(f"the HTML sweep needs vnu-jar at {VNU_JAR} (make test installs it with npm ci)")
    done = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
                          capture_output=True, text=True, timeout=VNU_TIMEOUT_SECONDS, check=False)
    try:
        report = json.loads(done.stderr or done.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"vnu.jar did not answer in JSON ({exc}): {done.stdout}{done.stderr}") from exc
    return [message for message in report["messages"] if message.get("type") != "info"]
