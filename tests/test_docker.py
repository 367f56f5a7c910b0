"""The Docker files describe the turnkey deployment correctly.

The Docker engine is not needed: the compose file is validated with the
client's ``config`` command (``docker compose`` or Debian's ``docker-compose``,
which the test command installs when neither is present).
"""

import shutil
import subprocess
from pathlib import Path

import yaml

DOCKER_DIR = Path(__file__).resolve().parent.parent / "docker"
COMPOSE_FILE = DOCKER_DIR / "compose.yaml"


def _compose_command():
    if shutil.which("docker"):
        probe = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False, timeout=60
        )
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_dockerfile_is_based_on_the_official_odoo_19_image():
    dockerfile = (DOCKER_DIR / "Dockerfile").read_text()
    assert "FROM odoo:19.0" in dockerfile
    assert "/mnt/extra-addons" in dockerfile


def test_compose_file_structure():
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    assert "jit=off" in services["db"]["command"], "PostgreSQL runs without JIT compilation"
    odoo = services["odoo"]
    assert odoo["build"]["dockerfile"] == "docker/Dockerfile"
    assert odoo["ports"] == ["127.0.0.1:8069:8069"], "bind to loopback only"
    assert "../addons:/mnt/extra-addons:ro" in odoo["volumes"]


def test_compose_file_validates_with_the_docker_client():
    command = _compose_command()
    assert command, "install a Docker Compose client (docker compose, or Debian's docker-compose)"
    completed = subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
