"""Builds libspx30dte_c.so with the Swift package's own build and ships it in the wheel.

The metadata lives in pyproject.toml; this file only adds the build step. The repository root
is this folder's parent (pip builds a local directory in place), or SPX30DTE_SOURCE when set.
SWIFT names the swift executable (default: `swift` on PATH).
"""
import os
import shutil
import subprocess
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

LIBRARY = "libspx30dte_c.so"


def package_root() -> Path:
    root = Path(os.environ.get("SPX30DTE_SOURCE", Path(__file__).resolve().parent.parent))
    if not (root / "Package.swift").is_file() or not (root / "CSupport" / "include" / "spx30dte.h").is_file():
        raise RuntimeError(
            f"spx30dte: {root} is not the SPX30DTE repository (no Package.swift with CSupport/include/spx30dte.h); "
            "install from python/ inside a checkout, or set SPX30DTE_SOURCE to the checkout")
    return root


class BuildWithSharedLibrary(build_py):
    """build_py that first runs `swift build -c release --product spx30dte_c` and copies the
    library next to the Python sources of the package."""

    def run(self):
        root = package_root()
        swift = os.environ.get("SWIFT", "swift")
        command = [swift, "build", "-c", "release", "--product", "spx30dte_c", "--package-path", str(root)]
        self.announce("spx30dte: " + " ".join(command), level=2)
        try:
            subprocess.run(command, check=True)
        except FileNotFoundError as error:
            raise RuntimeError(f"spx30dte: the Swift toolchain is needed to build the C core ({swift}: {error})")
        built = root / ".build" / "release" / LIBRARY
        if not built.is_file():
            raise RuntimeError(f"spx30dte: swift build finished but {built} is missing")
        super().run()
        target = Path(self.build_lib) / "spx30dte"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target / LIBRARY)


class BinaryDistribution(Distribution):
    """The wheel carries a platform library, so it must not be tagged pure Python."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithSharedLibrary}, distclass=BinaryDistribution)
