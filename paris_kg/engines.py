"""Other SPARQL engines for compatibility checks: Virtuoso 7, an Oxigraph server, Jena ARQ.

Used by the test fixtures (``tests/test_engines.py``) and by ``bench/engines.py``, which
prints the compatibility table of the README. Everything listens on 127.0.0.1 only, on free
ports, with a scratch database in a directory the caller owns, and every process started
here is stopped by the context manager that started it.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
JENA_JARS = Path("/usr/share/java")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode} while starting")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer {url} within {seconds:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# ---------------------------------------------------------------- Virtuoso

def virtuoso_available() -> str | None:
    """None when Virtuoso can be started here, else the reason it cannot."""
    for tool in ("virtuoso-t", "isql-vt"):
        if not shutil.which(tool):
            return f"{tool} not found (Debian: apt-get install virtuoso-opensource)"
    if not VIRTUOSO_INI.is_file():
        return f"{VIRTUOSO_INI} not found (Debian package virtuoso-opensource-7)"
    return None


def virtuoso_version() -> str:
    done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True)
    out = done.stdout + done.stderr  # the Debian build prints its banner on stderr
    for line in out.splitlines():
        if line.startswith("Version "):
            return line.split()[1].split("-")[0]
    return "?"


def _virtuoso_ini(directory: Path, sql_port: int, http_port: int, load_dir: Path) -> str:
    """The packaged virtuoso.ini with our database directory, loopback ports and load dir."""
    section = ""
    out = []
    for line in VIRTUOSO_INI.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        key = stripped.split("=", 1)[0].strip() if "=" in stripped and not stripped.startswith(";") else ""
        value = stripped.split("=", 1)[1].strip() if key else ""
        if key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file"):
            line = f"{key} = {directory / Path(value.split(';')[0].strip()).name}"
        elif key == "ServerPort" and section == "[Parameters]":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and section == "[HTTPServer]":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = ., {load_dir}, /usr/share/virtuoso-opensource-7/vad"
        elif key == "CheckpointInterval":
            line = "CheckpointInterval = 0"
        out.append(line)
    return "\n".join(out) + "\n"


class Virtuoso:
    """A running scratch Virtuoso: ``sparql`` (query endpoint), ``crud`` (Graph Store), ``isql``."""

    password = "dba"  # a fresh database always starts with dba/dba; it only listens on loopback

    def __init__(self, directory: Path, sql_port: int, http_port: int, load_dir: Path):
        self.directory, self.sql_port, self.http_port, self.load_dir = directory, sql_port, http_port, load_dir
        self.base = f"http://127.0.0.1:{http_port}"
        self.sparql = self.base + "/sparql"
        self.crud = self.base + "/sparql-graph-crud"
        self.crud_auth = self.base + "/sparql-graph-crud-auth"

    def isql(self, *statements: str, timeout: float = 300) -> str:
        """Run SQL statements with isql-vt as dba; raise with Virtuoso's message on an error."""
        script = "\n".join(s.rstrip().rstrip(";") + ";" for s in statements) + "\n"
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", self.password,
                               "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT"],
                              input=script, capture_output=True, text=True, timeout=timeout)
        out = done.stdout + done.stderr
        for line in out.splitlines():
            if "*** Error" in line:
                raise RuntimeError(f"isql: {line.strip()} (in: {script.strip()[:200]})")
        return out

    def bulk_load(self, file: Path, graph: str) -> None:
        """Load one dump with Virtuoso's bulk loader (ld_dir + rdf_loader_run) into ``graph``."""
        target = self.load_dir / file.name
        shutil.copyfile(file, target)
        self.isql(f"ld_dir('{self.load_dir}', '{file.name}', '{graph}')",
                  "rdf_loader_run()", "checkpoint")
        out = self.isql(f"SELECT 'LOAD-ERROR: ' || ll_error FROM DB.DBA.load_list "
                        f"WHERE ll_file = '{target}' AND ll_error IS NOT NULL")
        for line in out.splitlines():
            if line.startswith("LOAD-ERROR: "):
                raise RuntimeError(f"bulk load of {file.name} failed: {line[12:].strip()}")

    def clear(self, graph: str) -> None:
        self.isql(f"SPARQL CLEAR GRAPH <{graph}>")

    def grant_update(self) -> None:
        """Let the anonymous SPARQL user write (the Graph Store endpoint needs SPARQL_UPDATE)."""
        self.isql("GRANT SPARQL_UPDATE TO \"SPARQL\"")

    def revoke_update(self) -> None:
        self.isql("REVOKE SPARQL_UPDATE FROM \"SPARQL\"")


@contextmanager
def virtuoso(directory: Path):
    """Start Virtuoso with a new database in ``directory``; yield a :class:`Virtuoso`."""
    directory.mkdir(parents=True, exist_ok=True)
    load_dir = directory / "load"
    load_dir.mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(_virtuoso_ini(directory, sql_port, http_port, load_dir), encoding="utf-8")
    log = open(directory / "stdout.log", "wb")
    proc = subprocess.Popen(["virtuoso-t", "+configfile", str(ini), "+foreground"], cwd=directory,
                            stdout=log, stderr=subprocess.STDOUT)
    server = Virtuoso(directory, sql_port, http_port, load_dir)
    try:
        _wait_http(server.sparql + "?query=" + urllib.parse.quote("ASK {}"), proc, 120, "virtuoso-t")
        yield server
    finally:
        _stop(proc)
        log.close()


# ---------------------------------------------------------------- Oxigraph server

def oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else None


def oxigraph_version() -> str:
    binary = oxigraph_binary()
    if not binary:
        return "?"
    out = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()
    return out[-1] if out else "?"


@contextmanager
def oxigraph_server(directory: Path, dump: Path):
    """``oxigraph load`` a dump into a new store in ``directory``, then serve it read-only."""
    binary = oxigraph_binary()
    if not binary:
        raise RuntimeError("the oxigraph binary is not installed (pip package oxigraph-server? see pyproject)")
    location = directory / "oxigraph"
    directory.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([binary, "load", "--location", str(location), "--file", str(dump)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"oxigraph load failed (exit {done.returncode}): {done.stderr.strip()[-300:]}")
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(base + "/query?query=ASK%7B%7D", proc, 60, "oxigraph serve-read-only")
        yield base + "/query"
    finally:
        _stop(proc)


# ---------------------------------------------------------------- Jena ARQ

JENA_MAIN = "arq.sparql"


def java_available() -> str | None:
    if not shutil.which("java"):
        return "java not found (Debian: apt-get install default-jre-headless)"
    if not (JENA_JARS / "jena-arq.jar").is_file():
        return "Jena not found (Debian: apt-get install libapache-jena-java)"
    return None


def jena_version() -> str:
    for jar in sorted(JENA_JARS.glob("jena-arq-*.jar")):
        return jar.stem.split("-")[-1]
    return "?"


def xerces_fix_jar(directory: Path) -> Path:
    """A small jar with the xerces message files where Jena's bundled xerces looks for them.

    Debian's jena-core (4.5.0) ships them under ``org/apache/jena/ext/xerces/`` (``impl/msg/``
    and ``impl/xpath/regex/``) while the code loads them from ``xerces/``; without them the first typed literal (a query
    with ``"1970-02-21"^^xsd:date``, ``riot --validate``) stops Java with
    ``ExceptionInInitializerError ... RuntimeException: internal error``. Built at run time in
    ``directory``, never kept in the repository.
    """
    fixed = directory / "jena-xerces-messages.jar"
    if fixed.is_file():
        return fixed
    prefix = "org/apache/jena/ext/xerces/"
    partial = directory / "jena-xerces-messages.jar.part"
    with zipfile.ZipFile(JENA_JARS / "jena-core.jar") as core, zipfile.ZipFile(partial, "w") as out:
        for name in core.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                out.writestr("xerces/" + name[len(prefix):], core.read(name))
    partial.replace(fixed)
    return fixed


def jena_classpath(directory: Path) -> str:
    """The jars ARQ needs, named one by one (``/usr/share/java/*`` pulls in two slf4j bindings)."""
    wanted = ["jena-arq", "jena-base", "jena-core", "jena-iri", "jena-cmds", "jena-dboe-base",
              "jena-dboe-index", "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction",
              "jena-tdb", "jena-tdb2", "jena-rdfconnection", "jena-shacl", "jena-shex",
              "commons-lang3", "commons-io", "commons-codec", "commons-compress", "commons-cli",
              "commons-csv", "dexx.collection", "guava", "gson", "httpclient", "httpcore",
              "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java",
              "titanium-json-ld", "jakarta.json-api", "thrift", "protobuf",
              "slf4j-api", "slf4j-nop"]
    jars = [str(xerces_fix_jar(directory))]
    for name in wanted:
        jar = JENA_JARS / f"{name}.jar"
        if jar.is_file():
            jars.append(str(jar))
    return ":".join(jars)


def jena_query(directory: Path, data: Path, query: str, graph_form: bool = False, timeout: float = 300) -> str:
    """Run ``query`` with ARQ (``arq.sparql``) over the dump ``data``; its output text.

    SPARQL Results JSON, or N-Triples when ``graph_form`` (CONSTRUCT, DESCRIBE);
    ``paris_kg.query.compare.jena_answer`` turns it into a query result.
    """
    directory.mkdir(parents=True, exist_ok=True)
    qfile = directory / "query.rq"
    qfile.write_text(query, encoding="utf-8")
    done = subprocess.run(["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", jena_classpath(directory),
                           JENA_MAIN, f"--data={data}", f"--query={qfile}",
                           "--results=" + ("ntriples" if graph_form else "json")],
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr or done.stdout).splitlines()
                 if line.strip() and not line.startswith(("\tat ", "\t..."))]
        raise RuntimeError(f"arq failed (exit {done.returncode}): {' | '.join(lines[:3])}")
    return done.stdout


def environment_summary() -> dict[str, str]:
    return {"python": sys.version.split()[0], "platform": sys.platform, "cpus": str(os.cpu_count())}

