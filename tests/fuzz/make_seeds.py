#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/). Re-run after
changing it; the files are committed so that the replay tests need no Python."""
import json
import pathlib

here = pathlib.Path(__file__).resolve().parent
events = here.parent / "data" / "events"


def write(target, name, data):
    path = here / "corpus" / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# fuzz_event: [mode] body
for f in sorted(events.glob("*.json")):
    body = f.read_bytes()
    write("fuzz_event", f.stem, b"\x00" + body)
    data = json.loads(body).get("data")
    if isinstance(data, dict):
        mode = b"\x01" if "leads" in data else b"\x03"
        write("fuzz_event", f.stem + "-data", mode + json.dumps(data).encode())
        for i, lead in enumerate(data.get("leads", [])[:2]):
            write("fuzz_event", f"{f.stem}-lead{i}", b"\x02" + json.dumps(lead).encode())
write("fuzz_event", "invalid-utf8", b'\x00{"eventId":"e\xff","eventType":"x\xc3"}')
write("fuzz_event", "counts", b'\x01{"total_leads_extracted":"12","requested_limit":1e3,'
      b'"duration_ms":-1.5,"credits_used":{"total":18446744073709551615},"leads":[1,null,{}]}')

# fuzz_http: [flags][n][n split sizes] stream
requests = {
    "get": b"GET /healthz?probe=1#top HTTP/1.1\r\nHost: a\r\n\r\n",
    "post": b"POST /webhooks/sendpilot HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
            b"Content-Type: application/json\r\n\r\nhello",
    "chunked": b"POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"4;name=value\r\nWiki\r\n5;x\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n"
               b"X-Trailer: t\r\nX-Other: u\r\n\r\n",
    "pipelined": b"GET /one HTTP/1.1\r\nHost: a\r\n\r\nPOST /two HTTP/1.1\r\nHost: a\r\n"
                 b"Content-Length: 3\r\n\r\nabcHEAD /three HTTP/1.1\r\n\r\nGET /r HTTP/1.1\r\n\r\n",
    "continue": b"POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi",
    "continue-rejected": b"POST /r HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody"
                         b"GET / HTTP/1.1\r\n\r\n",
    "http10": b"GET /old HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
    "close": b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /after HTTP/1.1\r\n\r\n",
    "absolute": b"GET http://example.com:8787/webhooks/sendpilot?a=b HTTP/1.1\r\nHost: a\r\n\r\n",
    "cl-and-te": b"POST /x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"3\r\nabc\r\n0\r\n\r\n",
    "double-cl": b"POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
    "te-gzip": b"POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "big-chunk": b"POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\nabc",
    "partial-body-error": b"POST /p HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
    "space-before-colon": b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
    "http2-preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    "upgrade": b"GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nxyz",
    "big-header": b"GET /big HTTP/1.1\r\nHost: a\r\nX-Pad: " + b"p" * 300 + b"\r\n\r\n",
    "big-body": b"POST /l HTTP/1.1\r\nContent-Length: 400\r\n\r\n" + b"b" * 400,
}
for name, raw in requests.items():
    write("fuzz_http", name, b"\x00\x00" + raw)
    write("fuzz_http", name + "-bytewise", b"\x01\x01\x00" + raw)
    write("fuzz_http", name + "-small", b"\x06\x03\x07\x00\x1f" + raw)

# fuzz_signature: [flags] header \0 body
body = (events / "message_sent.json").read_bytes()
sig = [
    (b"\x00", b"v1,t=1708456789,s=" + b"0" * 64),
    (b"\x01", b"v1,t=1708456789,s=" + b"a" * 64),
    (b"\x05", b"v1,t=1708456789,s="),
    (b"\x06", b"v1, t=1708456000 , s="),
    (b"\x05", b"v1,t=0001708456789,s="),
    (b"\x07", b"t=1708456789,s="),
    (b"\x01", b"v1,t=1708456789,t=1,s=" + b"A" * 64),
    (b"\x01", b"  "),
    (b"\x01", b"v1,t=99999999999999999999,s=" + b"f" * 64),
]
for i, (flags, header) in enumerate(sig):
    write("fuzz_signature", f"sig{i}", flags + header + b"\x00" + body)

# fuzz_csv: [options] fields \0-separated, rows \1-separated
csv = [
    b"\x00plain\x00with,comma\x00with \"quote\"\x01second\x00line\r\nbreak",
    b"\x17=SUM(A1)\x00+1\x00-x\x00@y\x00\ttab\x00\rcr\x01\x00",
    b"\x0d+1-555-123-4567\x00+49 (30) 1234.56\x00+=1\x00+",
    b"\x47" + "Zo\u00eb \u263a".encode() + b"\x00;semi\x00\"",
    b"\xff" + b"x" * 300 + b"\x00" + b"\"" * 100,
    b"\xc0a\x01b",
]
for i, data in enumerate(csv):
    write("fuzz_csv", f"csv{i}", data)
