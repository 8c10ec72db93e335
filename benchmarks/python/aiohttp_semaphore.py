"""Fetches every URL of a file with aiohttp, one ClientSession, at most SIZE in flight (a semaphore).

usage: python3 aiohttp_semaphore.py URLS OUT SIZE
Writes one JSON line per URL to OUT; exits non-zero if any request failed.
"""
import asyncio
import json
import sys

import aiohttp


async def run(urls, out, size):
    semaphore = asyncio.Semaphore(size)
    failed = 0
    connector = aiohttp.TCPConnector(limit=size)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def fetch(url):
            async with semaphore:
                try:
                    async with session.get(url) as r:
                        body = await r.read()
                        return {"url": url, "status": r.status, "bytes": len(body)}
                except Exception as e:  # one failed URL is a record, not the end of the run
                    return {"url": url, "error": str(e)}

        for done in asyncio.as_completed([fetch(u) for u in urls]):
            record = await done
            failed += record.get("status") != 200
            out.write(json.dumps(record) + "\n")
    return failed


def main():
    urls_path, out_path, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(urls_path) as f:
        urls = [line.strip() for line in f if line.strip()]
    with open(out_path, "w") as out:
        failed = asyncio.run(run(urls, out, size))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
