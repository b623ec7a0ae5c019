#!/usr/bin/env python3
"""A client written the way MnemoLite's clients are: plain HTTP against /v1/events and /v1/search, MnemoLite's
paths (trailing slashes included), bodies and response fields. It must work unchanged against Mnemo.

Usage: scripts/mnemolite_client_check.py [base_url]   (default http://localhost:8001)
Exits 0 when every step behaves as MnemoLite's contract says, 1 otherwise (printing the step that failed).
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8001"


def call(method, path, body=None, expect=200):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    if status != expect:
        raise AssertionError(f"{method} {path[:120]}: expected {expect}, got {status}: {raw[:300]!r}")
    return json.loads(raw) if raw else None


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"ok  {what}")


def main():
    tag = str(uuid.uuid4())
    created = call("POST", "/v1/events/", {"content": {"text": "The cat sits on the mat"},
                                            "metadata": {"client": "mnemolite", "tag": tag}}, expect=201)
    check(set(created) >= {"id", "timestamp", "content", "metadata", "embedding", "similarity_score"},
          "create returns an EventModel")
    check(isinstance(created["embedding"], list) and len(created["embedding"]) > 0, "an embedding was generated")
    other = call("POST", "/v1/events/", {"content": {"text": "Quarterly revenue grew 5%"},
                                          "metadata": {"client": "mnemolite", "tag": tag},
                                          "timestamp": "2024-01-01T00:00:00Z"}, expect=201)
    eid = created["id"]

    got = call("GET", f"/v1/events/{eid}")
    check(got["id"] == eid and got["content"]["text"] == "The cat sits on the mat", "get by id")

    patched = call("PATCH", f"/v1/events/{eid}/metadata", {"reviewed": True})
    check(patched["metadata"] == {"client": "mnemolite", "tag": tag, "reviewed": True}, "patch merges metadata")

    filtered = call("POST", "/v1/events/filter/metadata?limit=10&offset=0", {"tag": tag, "reviewed": True})
    check([e["id"] for e in filtered] == [eid], "filter by metadata (containment)")

    q = urllib.parse.urlencode({"vector_query": "A cat is sitting on a mat", "limit": 2,
                                "filter_metadata": json.dumps({"tag": tag}), "distance_threshold": 2.0})
    page = call("GET", f"/v1/search/?{q}")
    check(page["data"][0]["id"] == eid and page["meta"]["limit"] == 2 and "total_hits" in page["meta"],
          "search by text finds the paraphrase first")
    check(isinstance(page["data"][0]["similarity_score"], float), "search results carry similarity_score")

    q = urllib.parse.urlencode({"vector_query": json.dumps(created["embedding"]), "limit": 1,
                                "filter_metadata": json.dumps({"tag": tag})})
    page = call("GET", f"/v1/search/?{q}")
    check(page["data"][0]["id"] == eid, "search by a JSON vector")

    near = call("POST", "/v1/events/search/embedding?limit=1", created["embedding"])
    # Unfiltered: an identical text stored earlier may tie, so check the score and the text, not the id.
    check(near[0]["similarity_score"] > 0.999 and near[0]["content"]["text"] == "The cat sits on the mat",
          "search/embedding returns the nearest event")

    post = call("POST", "/v1/search/", {"metadata": {"tag": tag}, "ts_start": "2023-12-31T00:00:00Z",
                                        "ts_end": "2024-01-02T00:00:00Z", "limit": 10, "offset": 0})
    check(post["total"] == 1 and post["events"][0]["id"] == other["id"], "POST search with a time range")

    bad = call("GET", "/v1/search/?filter_metadata=%7Bnot-json", expect=400)
    check(bad["status"] == 400 and bad["errors"][0]["field"] == "filter_metadata", "bad JSON filter is a 400")

    call("DELETE", f"/v1/events/{eid}", expect=204)
    call("GET", f"/v1/events/{eid}", expect=404)
    call("DELETE", f"/v1/events/{other['id']}", expect=204)
    check(True, "delete, then 404")
    print("MnemoLite client: all steps passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"FAIL {e}")
        sys.exit(1)
