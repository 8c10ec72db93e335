"""The grequests-style baseline for cli/bench/compare.sh.

What `grequests.map(reqs, size=64)` does, without the grequests package: a gevent pool of 64
greenlets, each doing requests.Session().get(url), one JSON line per response on stdout.
Usage: python3 grequests_style.py urls.txt [concurrency]
"""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent.pool  # noqa: E402
import requests  # noqa: E402


def main():
    path = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    with open(path) as f:
        urls = [line.strip() for line in f if line.strip()]
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=size, pool_maxsize=size)
    session.mount("http://", adapter)
    out = sys.stdout

    def fetch(i_url):
        i, url = i_url
        start = time.monotonic()
        try:
            r = session.get(url, timeout=30)
            rec = {"index": i, "url": url, "status": r.status_code, "bytes": len(r.content),
                   "elapsed_ms": round((time.monotonic() - start) * 1000, 3), "error": None}
        except Exception as e:  # the baseline records failures the way salvo does
            rec = {"index": i, "url": url, "status": None, "error": {"type": type(e).__name__, "message": str(e)}}
        return rec

    pool = gevent.pool.Pool(size)
    for rec in pool.imap_unordered(fetch, enumerate(urls)):
        out.write(json.dumps(rec) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
