"""Only what pyproject.toml cannot say: the wheel carries `resources/` (icons,
translations, desktop files) as `console/resources/`, where console.ui.resources looks
for them when the source checkout is not there."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install reads the checkout's resources/
            shutil.copytree(RESOURCES, Path(self.build_lib) / "console" / "resources", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
