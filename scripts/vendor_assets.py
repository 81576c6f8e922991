"""Refresh the vendored browser assets in docs/assets/vendor/ from the npm registry.

Dev tool, run by hand when a version below changes (``make vendor``): ``npm pack``
fetches each pinned package and exactly the files listed are copied, with the
package's licence. ``docs/assets/vendor/VENDORED.md`` records the same versions; a
test holds the two in step.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Final

VENDOR_DIR: Final = Path(__file__).resolve().parents[1] / "docs" / "assets" / "vendor"
#: package -> (version, {file in the package: file under VENDOR_DIR/<package>/}).
PACKAGES: Final = {
    "iframe-worker": ("1.0.4", {"shim/index.js": "shim.js", "LICENSE": "LICENSE"}),
    "tablesort": (
        "5.7.1",
        {
            "dist/tablesort.min.js": "tablesort.min.js",
            "dist/sorts/tablesort.number.min.js": "tablesort.number.min.js",
            "LICENCE": "LICENCE",
        },
    ),
}


def main() -> int:
    """Fetch every package with ``npm pack`` and copy its listed files."""
    if shutil.which("npm") is None:
        print("npm not found: install Node.js's npm (apt-get install npm).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        for package, (version, files) in PACKAGES.items():
            packed = subprocess.run(
                ["npm", "pack", "--silent", f"{package}@{version}"],
                cwd=work,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[-1]
            with tarfile.open(Path(work) / packed) as archive:
                archive.extractall(Path(work) / package, filter="data")
            for source, target in files.items():
                destination = VENDOR_DIR / package / target
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(work) / package / "package" / source, destination)
                print(f"{package}@{version}: {source} -> {destination.relative_to(VENDOR_DIR)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
