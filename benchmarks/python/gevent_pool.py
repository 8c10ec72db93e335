"""Fetches every URL of a file with a gevent pool over one requests.Session (what grequests does).

usage: python3 gevent_pool.py URLS OUT SIZE
Writes one JSON line per URL to OUT; exits non-zero if any request failed.
"""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402

import requests  # noqa: E402
from gevent.pool import Pool  # noqa: E402


def main():
    urls_path, out_path, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(urls_path) as f:
        urls = [line.strip() for line in f if line.strip()]
    session = requests.Session()
    # as many pooled connections as greenlets, or requests drops the surplus after each use
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=size)
    session.mount("http://", adapter)
    session.mount("https://", adapter)

    def fetch(url):
        try:
            r = session.get(url, timeout=60)
            return {"url": url, "status": r.status_code, "bytes": len(r.content)}
        except Exception as e:  # one failed URL is a record, not the end of the run
            return {"url": url, "error": str(e)}

    failed = 0
    with open(out_path, "w") as out:
        for record in Pool(size).imap_unordered(fetch, urls):
            failed += record.get("status") != 200
            out.write(json.dumps(record) + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
