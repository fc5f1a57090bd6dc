#!/usr/bin/env python3
"""Health and write latency of a running seqlog server while hostile clients hold it.

Opens 100 connections that send a request head and a few body bytes and then stall, and 100 that request
an 8 MiB answer (export or diff) through a 4 KiB receive buffer and never read it; then times 50 health
probes and 50 single-record writes on fresh connections. Usage: hostile-clients.py PORT
"""
import http.client
import socket
import statistics
import sys
import time

PORT = int(sys.argv[1])


def timed(method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    start = time.perf_counter()
    conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status, (time.perf_counter() - start) * 1000


def summary(values):
    ordered = sorted(values)
    return "median %.2f ms, p95 %.2f ms, max %.2f ms" % (
        statistics.median(ordered), ordered[int(len(ordered) * 0.95)], ordered[-1])


record = '{"data":"' + "d" * 8000 + '"}'
status, _ = timed("POST", "/v0/topics/hostile-big", '{"records":[' + ",".join([record] * 1000) + "]}")
assert status in (200, 201), status
held = []
for _ in range(100):
    s = socket.create_connection(("127.0.0.1", PORT))
    s.sendall(b"POST /v0/topics/hostile-slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 1000\r\n\r\n{\"records\":[")
    held.append(s)
diff = b'{"from_seq":0,"limit":1000,"max_batch_bytes":8388608}'
for i in range(100):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", PORT))
    if i % 2 == 0:
        s.sendall(b"GET /v0/topics/hostile-big/records HTTP/1.1\r\nHost: x\r\n\r\n")
    else:
        s.sendall(b"POST /v0/topics/hostile-big/diff HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: " + str(len(diff)).encode() + b"\r\n\r\n" + diff)
    held.append(s)
time.sleep(1)  # let the stalled answers fill their buffers; this only sets the scene, it decides nothing
health, writes = [], []
for _ in range(50):
    status, ms = timed("GET", "/v0/health")
    assert status == 200, status
    health.append(ms)
    status, ms = timed("POST", "/v0/topics/hostile-normal", '{"records":[{"data":1}]}')
    assert status in (200, 201), status
    writes.append(ms)
print("with 100 stalled bodies and 100 clients not reading 8 MiB answers, 50 samples each:")
print("  GET /v0/health:      " + summary(health))
print("  single-record write: " + summary(writes))
for s in held:
    s.close()
