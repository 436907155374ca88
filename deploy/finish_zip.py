"""Finish the Lambda zip with the runtime's Python (`make package` runs it through deploy/finish-zip.js).

Usage: python3.12 deploy/finish_zip.py ZIP RUNTIME   (RUNTIME as in serverless.yml, e.g. python3.12)

1. content/snapshot.bin: the content loaded and validated by the zip's own code and data (content/snapshot.py),
   with the symptom reader's data parsed, so that Lambda reads one small file instead of parsing YAML. A broken
   catalogue or symptom data fails the package here.
2. Bytecode: what `python -m compileall --invalidation-mode unchecked-hash` writes, inside the zip:
   __pycache__/NAME.cpython-312.pyc beside each module of ours (skill/, content/), loaded without reading or
   hashing the source. Lambda's /var/task is read-only, so a missing or stale .pyc would be compiled again on
   every cold start. The libraries ship as bytecode only (`compileall -b`: NAME.pyc in place of NAME.py), which
   keeps the zip well under 5 MB; tracebacks still name their files and lines, without the source text.
3. skill/coldstart.bin: the Lambda init run once from the zip, the source of every dataclass method it generates
   saved with its compiled code (skill/coldstart.py), so that the init on Lambda does not compile them again.
4. ca-hashed/: the zip's certifi roots as an OpenSSL hashed directory (skill/castore.py), which the Alexa API
   client loads lazily instead of parsing the whole bundle on the cold start's first call.
Entries keep their order, dates and modes. Run again on the same zip, it gives the same zip.
"""

from __future__ import annotations

import os
import py_compile
import subprocess
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

SNAPSHOT = "content/snapshot.bin"
CODE_CACHE = "skill/coldstart.bin"   # the dataclass methods the init compiles, compiled (skill/coldstart.py)
CA_DIR = "ca-hashed/"           # certifi's roots as an OpenSSL hashed directory (skill/castore.py)
CERTIFI_BUNDLE = "certifi/cacert.pem"
OURS = ("skill/", "content/")   # kept as source beside their bytecode; the libraries ship bytecode only


def _entry(name: str, date_time: tuple) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def main(zip_path: str, runtime: str) -> int:
    ours = f"python{sys.version_info.major}.{sys.version_info.minor}"
    if ours != runtime:
        print(f"finish_zip: this is {ours} but the runtime is {runtime}: its bytecode would not load there",
              file=sys.stderr)
        return 1
    target = Path(zip_path)
    with zipfile.ZipFile(target) as source:
        entries = [(info, source.read(info)) for info in source.infolist()
                   if info.filename not in (SNAPSHOT, CODE_CACHE) and "__pycache__/" not in info.filename
                   and not info.filename.startswith(CA_DIR)]
    tag = sys.implementation.cache_tag
    compiled = failed = 0
    rebuilt = target.with_suffix(".tmp")
    warnings.simplefilter("ignore", SyntaxWarning)  # libraries' invalid escapes, shown as they are compiled
    with tempfile.TemporaryDirectory() as work:
        unpacked = Path(work, "task")
        with zipfile.ZipFile(target) as source:
            source.extractall(unpacked)
        made = subprocess.run([sys.executable, "-c", "from content import snapshot; snapshot.write(); "
                               "from skill.domain import symptoms; symptoms.default_reader()"],
                              cwd=unpacked, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(unpacked), "PYTHONDONTWRITEBYTECODE": "1",
                                   "PYTHONHASHSEED": "0"})   # the same bytes for the same content
        if made.returncode != 0:
            print(f"finish_zip: the content in the zip does not load:\n{made.stderr}", file=sys.stderr)
            return 1
        snapshot = unpacked / SNAPSHOT
        recorded = subprocess.run([sys.executable, "-c", "from skill import coldstart; print(coldstart.write_cache())"],
                                  cwd=unpacked, capture_output=True, text=True,
                                  env={**os.environ, "PYTHONPATH": str(unpacked), "PYTHONDONTWRITEBYTECODE": "1",
                                       "PYTHONHASHSEED": "0", "SPASM_LAMBDA_DEV": "1"})
        if recorded.returncode != 0:
            print(f"finish_zip: the Lambda init does not run from the zip:\n{recorded.stderr}", file=sys.stderr)
            return 1
        hashed = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from skill import castore; "
                                 "print(castore.write_hashed_dir(Path(sys.argv[1]).read_bytes(), Path(sys.argv[2])))",
                                 str(unpacked / CERTIFI_BUNDLE), str(Path(work, CA_DIR))],
                                cwd=unpacked, capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(unpacked), "PYTHONDONTWRITEBYTECODE": "1"})
        if hashed.returncode != 0:
            print(f"finish_zip: could not write the hashed CA directory:\n{hashed.stderr}", file=sys.stderr)
            return 1
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
            newest = max(info.date_time for info, _ in entries)
            for info, data in entries:
                ours_ = info.filename.startswith(OURS)
                if not info.filename.endswith(".py"):
                    out.writestr(info, data, compresslevel=9)
                    continue
                folder, _, name = info.filename.rpartition("/")
                folder = folder + "/" if folder else ""
                pyc_name = f"{folder}__pycache__/{name[:-3]}.{tag}.pyc" if ours_ else f"{folder}{name[:-3]}.pyc"
                try:
                    py_compile.compile(str(unpacked / info.filename), cfile=str(Path(work, "out.pyc")),
                                       dfile=f"/var/task/{info.filename}", doraise=True,
                                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
                except py_compile.PyCompileError:
                    failed += 1   # a module this Python cannot compile would not import either; left as source
                    out.writestr(info, data, compresslevel=9)
                    continue
                if ours_:
                    out.writestr(info, data, compresslevel=9)
                out.writestr(_entry(pyc_name, info.date_time), Path(work, "out.pyc").read_bytes(), compresslevel=9)
                compiled += 1
            out.writestr(_entry(SNAPSHOT, newest), snapshot.read_bytes(), compresslevel=9)
            out.writestr(_entry(CODE_CACHE, newest), (unpacked / CODE_CACHE).read_bytes(), compresslevel=9)
            for root in sorted(Path(work, CA_DIR).iterdir()):
                out.writestr(_entry(CA_DIR + root.name, newest), root.read_bytes(), compresslevel=9)
    rebuilt.replace(target)
    print(f"finish_zip: content snapshot, {recorded.stdout.strip()} compiled dataclass methods of the init and "
          f"{hashed.stdout.strip()} CA roots as a hashed directory added; {compiled} modules compiled for {ours} "
          f"(unchecked-hash; libraries as bytecode only), {failed} left as source; {target.name} "
          f"{target.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
